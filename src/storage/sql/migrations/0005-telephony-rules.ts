import type { Kysely } from 'kysely';

/** The tenant's simulated-telephony rules (issue 3), a JSON document; null = the defaults. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenants').addColumn('telephony_rules', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenants').dropColumn('telephony_rules').execute();
}
