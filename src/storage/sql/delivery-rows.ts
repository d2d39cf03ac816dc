import type { Kysely, Selectable } from 'kysely';
import { StaleWriteError, type DeliveryCounts, type DeliveryDestination, type NewOutboxMessage, type OutboxMessage } from '../../ports/storage.ts';
import type { Database, DeliveryDestinationsTable, DeliveryOutboxTable } from './schema.ts';

/** Row ↔ domain mapping and the statements of outbound delivery, shared by the SQL reads and writes. */

export function destinationToRow(d: DeliveryDestination): DeliveryDestinationsTable {
  return {
    tenant_id: d.tenantId, destination_id: d.destinationId, kind: d.kind, url: d.url, secret: d.secret,
    enabled: d.enabled ? 1 : 0, created_at: d.createdAt, cursor: d.cursor, last_message_seq: 0,
  };
}

export function destinationFromRow(r: Selectable<DeliveryDestinationsTable>): DeliveryDestination {
  return {
    tenantId: r.tenant_id, destinationId: r.destination_id, kind: r.kind, url: r.url, secret: r.secret,
    enabled: Number(r.enabled) === 1, createdAt: Number(r.created_at), cursor: Number(r.cursor),
  };
}

export function messageToRow(tenantId: string, destinationId: string, seq: number, m: NewOutboxMessage): DeliveryOutboxTable {
  return {
    tenant_id: tenantId, destination_id: destinationId, seq, message_id: m.messageId, type: m.type, body: JSON.stringify(m.body ?? null),
    created_at: m.createdAt, status: 'pending', attempts: 0, next_attempt_at: m.createdAt, last_error: null, delivered_at: null,
  };
}

export function messageFromRow(r: Selectable<DeliveryOutboxTable>): OutboxMessage {
  return {
    tenantId: r.tenant_id, destinationId: r.destination_id, seq: Number(r.seq), messageId: r.message_id, type: r.type,
    body: JSON.parse(r.body) as unknown, createdAt: Number(r.created_at), status: r.status === 'delivered' ? 'delivered' : 'pending',
    attempts: Number(r.attempts), nextAttemptAt: Number(r.next_attempt_at), lastError: r.last_error,
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
  };
}

/** Code-unit order (PostgreSQL's ORDER BY on text follows the collation). */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function listDestinations(db: Kysely<Database>, tenantId?: string): Promise<DeliveryDestination[]> {
  let query = db.selectFrom('delivery_destinations').selectAll();
  if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
  const rows = await query.execute();
  return rows
    .map(destinationFromRow)
    .sort((a, b) => byCodeUnit(a.tenantId, b.tenantId) || a.createdAt - b.createdAt || byCodeUnit(a.destinationId, b.destinationId));
}

export async function getDestination(db: Kysely<Database>, tenantId: string, destinationId: string): Promise<DeliveryDestination | undefined> {
  const row = await db.selectFrom('delivery_destinations').selectAll().where('tenant_id', '=', tenantId).where('destination_id', '=', destinationId).executeTakeFirst();
  return row && destinationFromRow(row);
}

export async function listOutbox(db: Kysely<Database>, tenantId: string, destinationId: string, afterSeq: number, limit: number): Promise<OutboxMessage[]> {
  const rows = await db
    .selectFrom('delivery_outbox')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('destination_id', '=', destinationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(messageFromRow);
}

export async function headOfOutbox(db: Kysely<Database>, tenantId: string, destinationId: string): Promise<OutboxMessage | undefined> {
  const row = await db
    .selectFrom('delivery_outbox')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('destination_id', '=', destinationId)
    .where('status', '=', 'pending')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return row && messageFromRow(row);
}

export async function deliveryCounts(db: Kysely<Database>, tenantId: string, destinationId: string): Promise<DeliveryCounts> {
  const rows = await db
    .selectFrom('delivery_outbox')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('destination_id', '=', destinationId)
    .groupBy('status')
    .execute();
  const count = (status: string): number => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { pending: count('pending'), delivered: count('delivered'), head: await headOfOutbox(db, tenantId, destinationId) };
}

export async function deleteDestination(db: Kysely<Database>, tenantId: string, destinationId: string): Promise<boolean> {
  await db.deleteFrom('delivery_outbox').where('tenant_id', '=', tenantId).where('destination_id', '=', destinationId).execute();
  const result = await db.deleteFrom('delivery_destinations').where('tenant_id', '=', tenantId).where('destination_id', '=', destinationId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function enqueueMessages(
  db: Kysely<Database>, tenantId: string, destinationId: string, messages: readonly NewOutboxMessage[], fromCursor: number, toCursor: number,
): Promise<void> {
  const moved = await db
    .updateTable('delivery_destinations')
    .set((eb) => ({ cursor: toCursor, last_message_seq: eb('last_message_seq', '+', messages.length) }))
    .where('tenant_id', '=', tenantId)
    .where('destination_id', '=', destinationId)
    .where('cursor', '=', fromCursor)
    .returning('last_message_seq')
    .executeTakeFirst();
  if (!moved) throw new StaleWriteError('delivery destination', destinationId);
  if (messages.length === 0) return;
  const first = Number(moved.last_message_seq) - messages.length + 1;
  await db.insertInto('delivery_outbox').values(messages.map((m, i) => messageToRow(tenantId, destinationId, first + i, m))).execute();
}

export async function markDelivered(db: Kysely<Database>, tenantId: string, destinationId: string, seq: number, at: number): Promise<void> {
  await db
    .updateTable('delivery_outbox')
    .set({ status: 'delivered', delivered_at: at, last_error: null })
    .where('tenant_id', '=', tenantId)
    .where('destination_id', '=', destinationId)
    .where('seq', '=', seq)
    .where('status', '=', 'pending')
    .execute();
}

export async function recordFailedAttempt(
  db: Kysely<Database>, tenantId: string, destinationId: string, seq: number, error: string, nextAttemptAt: number,
): Promise<void> {
  await db
    .updateTable('delivery_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, next_attempt_at: nextAttemptAt }))
    .where('tenant_id', '=', tenantId)
    .where('destination_id', '=', destinationId)
    .where('seq', '=', seq)
    .where('status', '=', 'pending')
    .execute();
}
