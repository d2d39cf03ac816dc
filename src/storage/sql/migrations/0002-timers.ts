import type { Kysely } from 'kysely';

/** Durable timers: each belongs to a tenant's state and is written in the same transaction as it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('timers')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('timer_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('timers_pk', ['tenant_id', 'timer_id'])
    .execute();
  await db.schema.createIndex('timers_due').on('timers').columns(['due_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('timers').execute();
}
