import type { Kysely } from 'kysely';

/**
 * Outbound delivery (issue 6): destinations (webhooks; later click-to-dial callbacks) with their
 * log cursor, and each destination's durable, ordered outbox of messages.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('delivery_destinations')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('destination_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('cursor', 'bigint', (c) => c.notNull())
    .addColumn('last_message_seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_destinations_pk', ['tenant_id', 'destination_id'])
    .execute();
  await db.schema
    .createTable('delivery_outbox')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('destination_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'bigint')
    .addPrimaryKeyConstraint('delivery_outbox_pk', ['tenant_id', 'destination_id', 'seq'])
    .addForeignKeyConstraint('delivery_outbox_destination', ['tenant_id', 'destination_id'], 'delivery_destinations', ['tenant_id', 'destination_id'])
    .execute();
  await db.schema.createIndex('delivery_outbox_status').on('delivery_outbox').columns(['tenant_id', 'destination_id', 'status', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['delivery_outbox', 'delivery_destinations']) await db.schema.dropTable(table).execute();
}
