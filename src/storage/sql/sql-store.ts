import { Migrator, type Kysely } from 'kysely';
import type { Store, StoreTx } from '../../ports/storage.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { SqlReads } from './sql-reads.ts';
import { SqlTx } from './sql-tx.ts';
import { HotQueries } from './hot-queries.ts';

/** A Store over any Kysely dialect; the SQLite and PostgreSQL adapters differ only in how they connect. */
export class SqlStore extends SqlReads implements Store {
  private readonly hot = new HotQueries();

  constructor(
    readonly kind: 'sqlite' | 'postgres',
    private readonly kdb: Kysely<Database>,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    super(kdb);
  }

  /**
   * Brings the schema to the newest version; safe to run on every start. `schema` names where the
   * migration bookkeeping lives when it isn't the default: Kysely otherwise looks for its tables in
   * every schema of the database, and takes another schema's for ours (several Switchboards, or
   * parallel test runs, on one PostgreSQL database).
   */
  async migrate(schema?: string): Promise<void> {
    const migrator = new Migrator({ db: this.kdb, provider: migrationProvider, ...(schema !== undefined && { migrationTableSchema: schema }) });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) {
      throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
    }
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.kdb.transaction().execute((trx) => fn(new SqlTx(trx, this.kind, this.hot)));
  }

  async close(): Promise<void> {
    await this.kdb.destroy();
    await this.onClose();
  }
}
