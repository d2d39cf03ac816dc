import type { Kysely } from 'kysely';

/**
 * The ACD (issue 4): agents' routing state and overrides, queue routing settings and tiers,
 * time groups, the tenant numbers (DIDs) that lead to queues, and queue callers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agents').addColumn('routing', 'text').execute();
  await db.schema.alterTable('agents').addColumn('routing_overrides', 'text').execute();
  await db.schema.alterTable('queues').addColumn('routing', 'text').execute();
  await db.schema.alterTable('queues').addColumn('tiers', 'text').execute();
  await db.schema.alterTable('queues').addColumn('settings', 'text').execute();
  await db.schema
    .createTable('time_groups')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('time_groups_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createTable('dids')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('queue_id', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('queue_callers')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('caller_id', 'text', (c) => c.notNull())
    .addColumn('queue_id', 'integer', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_callers_pk', ['tenant_id', 'caller_id'])
    .execute();
  await db.schema.createIndex('queue_callers_active').on('queue_callers').columns(['active', 'tenant_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['queue_callers', 'dids', 'time_groups']) await db.schema.dropTable(table).execute();
}
