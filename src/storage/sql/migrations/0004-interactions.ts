import type { Kysely } from 'kysely';

/** Interactions (calls) as documents, with the columns the registry and lookups need. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('interactions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('guid', 'text', (c) => c.notNull())
    .addColumn('transaction_number', 'bigint', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('interactions_pk', ['tenant_id', 'guid'])
    .execute();
  await db.schema.createIndex('interactions_active').on('interactions').columns(['active', 'tenant_id']).execute();
  await db.schema.createIndex('interactions_agent').on('interactions').columns(['tenant_id', 'agent_id', 'created_at']).execute();
  await db.schema.alterTable('tenants').addColumn('last_transaction_number', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('interactions').execute();
}
