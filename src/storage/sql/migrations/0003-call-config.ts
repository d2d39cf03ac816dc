import type { Kysely } from 'kysely';

/**
 * What calls need (issue 3): queues (first part), transaction code lists, dial plans, the
 * tenant's channel numbers, and per-agent / per-tenant call defaults. Dial plans and code
 * lists are stored as JSON documents: they are read whole and change rarely.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('queues')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('queue_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('ccs_uuid', 'text')
    .addColumn('extension', 'text')
    .addColumn('wrap_up_seconds', 'integer')
    .addColumn('codes_required', 'integer', (c) => c.notNull())
    .addColumn('transaction_code_list_ids', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('queues_pk', ['tenant_id', 'queue_id'])
    .execute();
  for (const table of ['transaction_code_lists', 'dial_plans'] as const) {
    await db.schema
      .createTable(table)
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('id', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['tenant_id', 'id'])
      .execute();
  }
  await db.schema
    .createTable('channels')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channels_pk', ['tenant_id', 'number'])
    .execute();
  await db.schema.alterTable('tenants').addColumn('default_wrap_up_seconds', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('tenants').addColumn('default_dial_plan_id', 'integer').execute();
  await db.schema.alterTable('agents').addColumn('caller_id', 'text').execute();
  await db.schema.alterTable('agents').addColumn('dial_plan_id', 'integer').execute();
  await db.schema.alterTable('agents').addColumn('wrap_up_seconds', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['channels', 'dial_plans', 'transaction_code_lists', 'queues']) await db.schema.dropTable(table).execute();
}
