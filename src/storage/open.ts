import type { Store } from '../ports/storage.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';

export interface OpenStoreOptions {
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  postgresSchema?: string;
}

/**
 * Opens the store a `--db` setting names: a `postgres://` URL, or an SQLite file path.
 * @example await openStore('switchboard.sqlite')
 */
export function openStore(db: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(db)) {
    return openPostgresStore(db, options.postgresSchema ? { schema: options.postgresSchema } : {});
  }
  return openSqliteStore(db, options.sqliteSynchronous ? { synchronous: options.sqliteSynchronous } : {});
}
