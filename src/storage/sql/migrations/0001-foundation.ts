import type { Kysely } from 'kysely';

/** Tenants, reason codes, agent groups, agents, the event log and settings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('ccs_uuid', 'text', (c) => c.notNull().unique())
    .addColumn('pbx_account_id', 'integer', (c) => c.notNull().unique())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('api_username', 'text', (c) => c.notNull().unique())
    .addColumn('action_token_hash', 'text', (c) => c.notNull())
    .addColumn('feature_agent_status_api', 'integer', (c) => c.notNull())
    .addColumn('last_event_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('status_code_lists')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('list_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_code_lists_pk', ['tenant_id', 'list_id'])
    .execute();

  await db.schema
    .createTable('status_code_items')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('list_id', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('short_code', 'text')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_code_items_pk', ['tenant_id', 'list_id', 'item_id'])
    .addForeignKeyConstraint('status_code_items_list_fk', ['tenant_id', 'list_id'], 'status_code_lists', ['tenant_id', 'list_id'])
    .execute();

  await db.schema
    .createTable('agent_groups')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('group_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status_code_list_ids', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_groups_pk', ['tenant_id', 'group_id'])
    .execute();

  await db.schema
    .createTable('agents')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.unique())
    .addColumn('password_hash', 'text')
    .addColumn('group_id', 'integer')
    .addColumn('presence', 'text', (c) => c.notNull())
    .addColumn('reason_list_id', 'integer')
    .addColumn('reason_item_id', 'integer')
    .addColumn('presence_since', 'bigint', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('pending_presence', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('agents_pk', ['tenant_id', 'agent_id'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['tenant_id', 'seq'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['settings', 'events', 'agents', 'agent_groups', 'status_code_items', 'status_code_lists', 'tenants']) {
    await db.schema.dropTable(table).execute();
  }
}
