import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/storage/sqlite.ts';
import { storageContract } from './storage.contract.ts';
import { timersContract } from './storage-timers.contract.ts';
import { callConfigContract } from './storage-call-config.contract.ts';
import { interactionsContract } from './storage-interactions.contract.ts';
import { acdContract } from './storage-acd.contract.ts';
import { deliveryContract } from './storage-delivery.contract.ts';
import { recordsContract } from './storage-records.contract.ts';
import { factoryOf, type TestDatabase } from './storage.fixtures.ts';

/** A fresh SQLite file in its own temp directory; no `synchronous` means the adapter's default (NORMAL). */
function sqliteDatabase(synchronous?: 'FULL'): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-contract-'));
  const path = join(dir, 'store.sqlite');
  return Promise.resolve({
    open: () => openSqliteStore(path, synchronous ? { synchronous } : {}),
    // The WAL and shm files live beside the database, so the whole directory goes.
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  });
}

storageContract('sqlite (synchronous NORMAL)', factoryOf(() => sqliteDatabase()));
storageContract('sqlite (synchronous FULL)', factoryOf(() => sqliteDatabase('FULL')));
timersContract('sqlite', factoryOf(() => sqliteDatabase()));
callConfigContract('sqlite', factoryOf(() => sqliteDatabase()));
interactionsContract('sqlite', factoryOf(() => sqliteDatabase()));
acdContract('sqlite', factoryOf(() => sqliteDatabase()));
deliveryContract('sqlite', factoryOf(() => sqliteDatabase()));
recordsContract('sqlite', factoryOf(() => sqliteDatabase()));
