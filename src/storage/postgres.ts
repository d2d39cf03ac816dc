import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './sql/schema.ts';
import { SqlStore } from './sql/sql-store.ts';

export interface PostgresOptions {
  /** A schema to work in (created if missing); tests give each run its own. */
  schema?: string;
  poolSize: number;
}

const DEFAULTS: PostgresOptions = { poolSize: 10 };
const INT8_OID = 20;

/** bigint columns hold epoch milliseconds and sequence numbers, well inside 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Connects to PostgreSQL and migrates the schema.
 * @example const store = await openPostgresStore('postgres://127.0.0.1:5432/test');
 */
export async function openPostgresStore(url: string, options: Partial<PostgresOptions> = {}): Promise<SqlStore> {
  const opts = { ...DEFAULTS, ...options };
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error(`invalid schema name '${opts.schema}'`);
  if (opts.schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize,
    types,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  const store = new SqlStore('postgres', new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
  await store.migrate(opts.schema);
  return store;
}
