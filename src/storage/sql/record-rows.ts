import type { Kysely, Selectable } from 'kysely';
import type { DeliveryDestination, RecordPage, StoredRecord } from '../../ports/storage.ts';
import type { Database, RecordsTable } from './schema.ts';

/**
 * Records, and the deletes and patches of rows other files map (agents, queues, destinations),
 * shared by the SQL reads and writes. Keys order by bytes on both engines: the key columns are
 * `COLLATE "C"` on PostgreSQL (migration 0008) and SQLite's BINARY collation is the default.
 */

export function recordFromRow<T>(r: Selectable<RecordsTable>): StoredRecord<T> {
  return { tenantId: r.tenant_id, kind: r.kind, key: r.record_key, body: JSON.parse(r.body) as T };
}

export async function getRecord<T>(db: Kysely<Database>, tenantId: string, kind: string, key: string): Promise<StoredRecord<T> | undefined> {
  const row = await db
    .selectFrom('records')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('record_key', '=', key)
    .executeTakeFirst();
  return row && recordFromRow<T>(row);
}

export async function listRecords<T>(db: Kysely<Database>, tenantId: string | null, kind: string, page: RecordPage = {}): Promise<StoredRecord<T>[]> {
  let query = db.selectFrom('records').selectAll().where('kind', '=', kind);
  if (tenantId !== null) query = query.where('tenant_id', '=', tenantId);
  if (page.afterKey !== undefined) query = query.where('record_key', '>', page.afterKey);
  query = query.orderBy('tenant_id').orderBy('record_key');
  if (page.limit !== undefined) query = query.limit(page.limit);
  const rows = await query.execute();
  return rows.map((r) => recordFromRow<T>(r));
}

export async function countRecords(db: Kysely<Database>, tenantId: string, kind: string): Promise<number> {
  const row = await db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function putRecord(db: Kysely<Database>, tenantId: string, kind: string, key: string, body: unknown): Promise<void> {
  const json = JSON.stringify(body ?? null);
  await db
    .insertInto('records')
    .values({ tenant_id: tenantId, kind, record_key: key, body: json })
    .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'record_key']).doUpdateSet({ body: json }))
    .execute();
}

export async function deleteRecord(db: Kysely<Database>, tenantId: string, kind: string, key: string): Promise<boolean> {
  const result = await db
    .deleteFrom('records')
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('record_key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteRecords(db: Kysely<Database>, tenantId: string, kind: string): Promise<number> {
  const result = await db.deleteFrom('records').where('tenant_id', '=', tenantId).where('kind', '=', kind).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The agent's call settings and routing overrides are columns of its row, so they go with it. */
export async function deleteAgent(db: Kysely<Database>, tenantId: string, agentId: string): Promise<boolean> {
  const result = await db.deleteFrom('agents').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteQueue(db: Kysely<Database>, tenantId: string, queueId: number): Promise<boolean> {
  await db.deleteFrom('dids').where('tenant_id', '=', tenantId).where('queue_id', '=', queueId).execute();
  const result = await db.deleteFrom('queues').where('tenant_id', '=', tenantId).where('queue_id', '=', queueId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function updateDestination(
  db: Kysely<Database>, tenantId: string, destinationId: string, patch: Partial<Pick<DeliveryDestination, 'url' | 'secret' | 'enabled'>>,
): Promise<void> {
  const values: Partial<Database['delivery_destinations']> = {};
  if (patch.url !== undefined) values.url = patch.url;
  if (patch.secret !== undefined) values.secret = patch.secret;
  if (patch.enabled !== undefined) values.enabled = patch.enabled ? 1 : 0;
  if (Object.keys(values).length === 0) return;
  await db.updateTable('delivery_destinations').set(values).where('tenant_id', '=', tenantId).where('destination_id', '=', destinationId).execute();
}
