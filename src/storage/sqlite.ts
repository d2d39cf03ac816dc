import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './sql/schema.ts';
import { SqlStore } from './sql/sql-store.ts';

export interface SqliteOptions {
  /** `NORMAL` survives a killed process (`NOTES.md` §11); `FULL` also survives power loss. */
  synchronous: 'NORMAL' | 'FULL';
}

const DEFAULTS: SqliteOptions = { synchronous: 'NORMAL' };

/**
 * Opens (creating if needed) an SQLite database in WAL mode and migrates it.
 * @example const store = await openSqliteStore('switchboard.sqlite');
 */
export async function openSqliteStore(path: string, options: Partial<SqliteOptions> = {}): Promise<SqlStore> {
  const opts = { ...DEFAULTS, ...options };
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${opts.synchronous}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const store = new SqlStore('sqlite', new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }));
  await store.migrate();
  return store;
}

/**
 * Kysely prepares every query afresh; preparing is a large share of a short query's cost
 * in better-sqlite3, so statements are cached by SQL text. Safe because Kysely runs one
 * query at a time on its single SQLite connection.
 */
function withStatementCache(sqlite: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') {
        return (sql: string) => {
          let stmt = cache.get(sql);
          if (!stmt) {
            stmt = prepare(sql);
            if (cache.size < 2000) cache.set(sql, stmt);
          }
          return stmt;
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
