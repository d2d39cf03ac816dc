import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Records (issue 7): a tenant's records of kinds without a table of their own (PBX users'
 * profiles, devices, phone lists and leads, API keys, sessions), a JSON body under a key unique
 * per tenant and kind. Listing is in key order, by bytes: SQLite's default (BINARY) collation
 * compares the UTF-8 bytes, and on PostgreSQL the key columns are `COLLATE "C"` so that the
 * primary key's index, ORDER BY and the paging comparison agree with it whatever the database's
 * collation is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bytewise = db.getExecutor().adapter instanceof PostgresAdapter ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('records')
    .addColumn('tenant_id', bytewise, (c) => c.notNull().references('tenants.id'))
    .addColumn('kind', bytewise, (c) => c.notNull())
    .addColumn('record_key', bytewise, (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('records_pk', ['tenant_id', 'kind', 'record_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('records').execute();
}
