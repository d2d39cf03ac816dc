import { MemoryDatabase, openMemoryStore } from '../../src/storage/memory/memory-store.ts';
import { storageContract } from './storage.contract.ts';
import { timersContract } from './storage-timers.contract.ts';
import { callConfigContract } from './storage-call-config.contract.ts';
import { interactionsContract } from './storage-interactions.contract.ts';
import { acdContract } from './storage-acd.contract.ts';
import { deliveryContract } from './storage-delivery.contract.ts';
import { recordsContract } from './storage-records.contract.ts';
import { factoryOf, type TestDatabase } from './storage.fixtures.ts';

/** A fresh in-memory database; reopening opens a new store over the same tables, as a restart would over a file. */
function memoryDatabase(): Promise<TestDatabase> {
  const database = new MemoryDatabase();
  return Promise.resolve({ open: () => openMemoryStore(database), drop: async () => {} });
}

storageContract('memory', factoryOf(memoryDatabase));
timersContract('memory', factoryOf(memoryDatabase));
callConfigContract('memory', factoryOf(memoryDatabase));
interactionsContract('memory', factoryOf(memoryDatabase));
acdContract('memory', factoryOf(memoryDatabase));
deliveryContract('memory', factoryOf(memoryDatabase));
recordsContract('memory', factoryOf(memoryDatabase));
