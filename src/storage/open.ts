import type { Store } from '../ports/storage.ts';
import { openMemoryStore } from './memory/memory-store.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';

export interface OpenStoreOptions {
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  postgresSchema?: string;
}

/** The `--db` value that opens a new, empty in-memory store; an SQLite file of that name is `./memory:`. */
export const MEMORY_DB = 'memory:';

/**
 * Opens the store a `--db` setting names: a `postgres://` URL, exactly `memory:` for a new
 * in-memory store (nothing is kept after the process ends; for simulation and tests), or an
 * SQLite file path (an SQLite file literally named `memory:` is reached as `./memory:`).
 * @example await openStore('switchboard.sqlite')
 * @example await openStore('memory:')
 */
export function openStore(db: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (db === MEMORY_DB) return openMemoryStore();
  if (/^postgres(ql)?:\/\//.test(db)) {
    return openPostgresStore(db, options.postgresSchema ? { schema: options.postgresSchema } : {});
  }
  return openSqliteStore(db, options.sqliteSynchronous ? { synchronous: options.sqliteSynchronous } : {});
}
