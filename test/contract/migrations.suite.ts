import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/storage/sql/migrations/index.ts';
import type { SqlStore } from '../../src/storage/sql/sql-store.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { openSqliteStore } from '../../src/storage/sqlite.ts';
import { newAgent, newTenant } from './storage.fixtures.ts';

/** What the migrations leave behind, read with the engine's own client rather than through the store. */
interface Inspection {
  tables: string[];
  /** Kysely's record of applied migrations; a re-run would add rows or change timestamps. */
  migrations: { name: string; timestamp: string }[];
}

interface FreshDatabase {
  exists(): Promise<boolean>;
  open(): Promise<SqlStore>;
  inspect(): Promise<Inspection>;
  drop(): Promise<void>;
}

const APP_TABLES = ['agent_groups', 'agents', 'channels', 'delivery_destinations', 'delivery_outbox', 'dial_plans', 'dids', 'events', 'interactions', 'queue_callers', 'queues', 'records', 'settings', 'status_code_items', 'status_code_lists', 'tenants', 'time_groups', 'timers', 'transaction_code_lists'];
const ALL_TABLES = [...APP_TABLES, 'kysely_migration', 'kysely_migration_lock'].sort();

export function freshSqlite(): FreshDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-migrations-'));
  const path = join(dir, 'store.sqlite');
  return {
    exists: async () => existsSync(path),
    open: () => openSqliteStore(path),
    inspect: async () => {
      const db = new BetterSqlite3(path, { readonly: true });
      try {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
        const migrations = db.prepare('SELECT name, timestamp FROM kysely_migration ORDER BY name').all();
        return { tables, migrations } as Inspection;
      } finally {
        db.close();
      }
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function freshPostgres(url: string): FreshDatabase {
  const schema = `sb_test_${randomBytes(8).toString('hex')}`;
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    exists: async () => (await query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).length > 0,
    open: () => openPostgresStore(url, { schema, poolSize: 2 }),
    inspect: async () => {
      const tables = await query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema],
      );
      const migrations = await query<{ name: string; timestamp: string }>(`SELECT name, timestamp FROM ${schema}.kysely_migration ORDER BY name`);
      return { tables: tables.map((t) => t.table_name), migrations };
    },
    drop: async () => void (await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)),
  };
}

/** The migrations' suite, run per engine (`migrations.test.ts` for SQLite, `storage.postgres.test.ts` for PostgreSQL). */
export function migrationSuite(engine: string, fresh: () => FreshDatabase): void {
  describe(`migrations: ${engine}`, () => {
    let db: FreshDatabase;
    const stores: SqlStore[] = [];
    const open = async (): Promise<SqlStore> => {
      const store = await db.open();
      stores.push(store);
      return store;
    };
    const close = async (): Promise<void> => {
      for (const store of stores.splice(0)) await store.close();
    };
    beforeEach(() => {
      db = fresh();
    });
    afterEach(async () => {
      try {
        await close();
      } finally {
        await db.drop();
      }
    });

    it('create every table on a fresh database and record each migration once', async () => {
      expect(await db.exists()).toBe(false);
      await open();
      await close();
      const { tables, migrations } = await db.inspect();
      expect(tables).toStrictEqual(ALL_TABLES);
      expect(migrations.map((m) => m.name)).toStrictEqual(Object.keys(await migrationProvider.getMigrations()).sort());
    });

    it('are a no-op on a second open, which keeps the data', async () => {
      let store = await open();
      const tenant = await store.transaction((tx) => tx.insertTenant(newTenant()));
      const agent = await store.transaction((tx) => tx.insertAgent(newAgent(tenant.id, 'agA')));
      await store.transaction((tx) => tx.appendEvents(tenant.id, 1, [{ type: 'tenant.created', name: tenant.name }]));
      await close();
      const before = await db.inspect();

      store = await open();
      await store.migrate(); // and a third time, on an open store
      expect(await db.inspect()).toStrictEqual(before);
      expect(await store.listTenants()).toStrictEqual([tenant]);
      expect(await store.listAgents(tenant.id)).toStrictEqual([agent]);
      const next = await store.transaction((tx) => tx.appendEvents(tenant.id, 2, [{ type: 'tenant.credentials_rotated' }]));
      expect(next.map((e) => e.seq)).toStrictEqual([2]);
    });
  });
}
