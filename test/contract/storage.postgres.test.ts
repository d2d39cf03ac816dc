import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { storageContract } from './storage.contract.ts';
import { timersContract } from './storage-timers.contract.ts';
import { callConfigContract } from './storage-call-config.contract.ts';
import { interactionsContract } from './storage-interactions.contract.ts';
import { acdContract } from './storage-acd.contract.ts';
import { deliveryContract } from './storage-delivery.contract.ts';
import { recordsContract } from './storage-records.contract.ts';
import { freshPostgres, migrationSuite } from './migrations.suite.ts';
import { factoryOf, newAgent, newTenant, type TestDatabase } from './storage.fixtures.ts';

/**
 * CI sets TEST_DATABASE_URL to a disposable server (trust auth). A developer machine often
 * has no PostgreSQL at all, so without the variable these suites are reported as skipped
 * rather than failing; the SQLite run of the same contract still covers the shared SQL code.
 */
const url = process.env.TEST_DATABASE_URL ?? '';

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A schema of its own per database, so tests and parallel CI runs never see each other's rows. */
function postgresDatabase(): Promise<TestDatabase> {
  const schema = `sb_test_${randomBytes(8).toString('hex')}`;
  return Promise.resolve({ open: () => openPostgresStore(url, { schema }), drop: () => dropSchema(schema) });
}

describe.runIf(url !== '')('postgres', () => {
  storageContract('postgres', factoryOf(postgresDatabase));
  timersContract('postgres', factoryOf(postgresDatabase));
  callConfigContract('postgres', factoryOf(postgresDatabase));
  interactionsContract('postgres', factoryOf(postgresDatabase));
  acdContract('postgres', factoryOf(postgresDatabase));
  deliveryContract('postgres', factoryOf(postgresDatabase));
  recordsContract('postgres', factoryOf(postgresDatabase));

  describe('concurrent transactions on one tenant', () => {
    const factory = factoryOf(postgresDatabase);
    afterEach(() => factory.cleanup());
    const WRITERS = 8; // below the default pool size of 10, so all are open at once
    const batch: DomainEvent[] = [{ type: 'tenant.credentials_rotated' }, { type: 'tenant.created', name: 'x' }, { type: 'tenant.credentials_rotated' }];

    /** Resolves once `count` callers are waiting: every transaction has begun and read before any appends. */
    function barrier(count: number): () => Promise<void> {
      let arrived = 0;
      let release = (): void => {};
      const all = new Promise<void>((resolve) => (release = resolve));
      return () => {
        if (++arrived === count) release();
        return all;
      };
    }

    /** Runs WRITERS overlapping transactions that each append 3 events; those with `fails(i)` then throw. */
    async function appendConcurrently(fails: (i: number) => boolean) {
      const store = await factory.open();
      const tenant = await store.transaction((tx) => tx.insertTenant(newTenant()));
      const allStarted = barrier(WRITERS);
      const outcomes = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.getTenant(tenant.id);
            await allStarted();
            const logged = await tx.appendEvents(tenant.id, 1000 + i, batch);
            if (fails(i)) throw new Error(`writer ${i} gives up`);
            return logged;
          }),
        ),
      );
      const committed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      return { committed, stored: await store.readEvents(tenant.id, 0, 1000), rejected: outcomes.length - committed.length };
    }

    const oneToN = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

    it('numbers the events 1..N with no gaps and no duplicates', async () => {
      const { committed, stored } = await appendConcurrently(() => false);
      expect(committed).toHaveLength(WRITERS);
      expect(committed.flat().map((e) => e.seq).sort((a, b) => a - b)).toStrictEqual(oneToN(3 * WRITERS));
      // Each transaction's events are consecutive, and the log holds exactly what the writers were told.
      for (const logged of committed) expect(logged.map((e) => e.seq - (logged[0]?.seq ?? 0))).toStrictEqual([0, 1, 2]);
      expect(stored).toStrictEqual(committed.flat().sort((a, b) => a.seq - b.seq));
    });

    it('leaves no gap where an overlapping transaction rolled back', async () => {
      const { committed, stored, rejected } = await appendConcurrently((i) => i % 2 === 1);
      expect(rejected).toBe(WRITERS / 2);
      expect(stored.map((e) => e.seq)).toStrictEqual(oneToN((3 * WRITERS) / 2));
      expect(stored).toStrictEqual(committed.flat().sort((a, b) => a.seq - b.seq));
    });

    it('gives overlapping agent inserts in different tenants distinct user ids', async () => {
      const store = await factory.open();
      const tenants = await store.transaction(async (tx) => [await tx.insertTenant(newTenant()), await tx.insertTenant(newTenant())]);
      const allStarted = barrier(WRITERS);
      const agents = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.listTenants();
            await allStarted();
            return tx.insertAgent(newAgent(tenants[i % 2]?.id ?? '', `ag${i}`));
          }),
        ),
      );
      expect(new Set(agents.map((a) => a.userId)).size).toBe(WRITERS);
    });
  });
});

// The migrations' suite on PostgreSQL, here so that every PostgreSQL test runs in this one file (see migrations.test.ts).
describe.runIf(url !== '')('postgres', () => migrationSuite('postgres', () => freshPostgres(url)));

describe.runIf(url !== '')('postgres: several schemas in one database', () => {
  it('migrates a new schema while another one already holds the migration tables', async () => {
    const [a, b] = [`sb_test_${randomBytes(8).toString('hex')}`, `sb_test_${randomBytes(8).toString('hex')}`];
    try {
      const first = await openPostgresStore(url, { schema: a, poolSize: 2 });
      await first.close();
      // Kysely looked for its bookkeeping tables in every schema and took a's for b's (then failed on them).
      const second = await openPostgresStore(url, { schema: b, poolSize: 2 });
      const tenant = await second.transaction((tx) => tx.insertTenant({
        id: 't-schemas', name: 'schemas', apiUsername: 'schemas', actionTokenHash: 'f'.repeat(64), timezone: 'UTC', ccsUuid: 'c0ffee00-0000-4000-8000-000000000001', features: { agentStatusApi: true },
      }));
      expect(tenant.pbxAccountId).toBeGreaterThan(0);
      await second.close();
    } finally {
      await Promise.all([dropSchema(a), dropSchema(b)]);
    }
  });
});
