import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/storage/postgres.ts';

const url = process.env.TEST_DATABASE_URL ?? '';

async function dropSchemas(...schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

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
      await dropSchemas(a, b);
    }
  });
});
