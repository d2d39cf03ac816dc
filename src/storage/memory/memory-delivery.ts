import { StaleWriteError, type DeliveryCounts, type DeliveryDestination, type NewOutboxMessage, type OutboxMessage } from '../../ports/storage.ts';
import { destinationFromRow, destinationToRow, messageFromRow, messageToRow } from '../sql/delivery-rows.ts';
import type { DeliveryOutboxTable } from '../sql/schema.ts';
import { byCodeUnit, inner, key2, type MemoryTables } from './memory-tables.ts';

/**
 * Outbound delivery in the memory store (mirroring `../sql/delivery-rows.ts`): destinations by
 * key2(tenant, id), each outbox a map seq → row in seq order (rows replaced whole).
 */

const unique = (column: string): Error => new Error(`UNIQUE constraint failed: ${column}`);

export function listDestinations(t: MemoryTables, tenantId?: string): DeliveryDestination[] {
  return [...t.destinations.values()]
    .filter((r) => tenantId === undefined || r.tenant_id === tenantId)
    .map(destinationFromRow)
    .sort((a, b) => byCodeUnit(a.tenantId, b.tenantId) || a.createdAt - b.createdAt || byCodeUnit(a.destinationId, b.destinationId));
}

export function getDestination(t: MemoryTables, tenantId: string, destinationId: string): DeliveryDestination | undefined {
  const row = t.destinations.get(key2(tenantId, destinationId));
  return row && destinationFromRow(row);
}

function outboxRows(t: MemoryTables, tenantId: string, destinationId: string): DeliveryOutboxTable[] {
  return [...(t.outbox.get(key2(tenantId, destinationId))?.values() ?? [])];
}

export function listOutbox(t: MemoryTables, tenantId: string, destinationId: string, afterSeq: number, limit: number): OutboxMessage[] {
  const rows = outboxRows(t, tenantId, destinationId).filter((r) => r.seq > afterSeq);
  return (limit < 0 ? rows : rows.slice(0, limit)).map(messageFromRow);
}

export function headOfOutbox(t: MemoryTables, tenantId: string, destinationId: string): OutboxMessage | undefined {
  const row = outboxRows(t, tenantId, destinationId).find((r) => r.status === 'pending');
  return row && messageFromRow(row);
}

export function deliveryCounts(t: MemoryTables, tenantId: string, destinationId: string): DeliveryCounts {
  const rows = outboxRows(t, tenantId, destinationId);
  const pending = rows.filter((r) => r.status === 'pending').length;
  return { pending, delivered: rows.length - pending, head: headOfOutbox(t, tenantId, destinationId) };
}

export function insertDestination(t: MemoryTables, d: DeliveryDestination): void {
  if (!t.tenants.has(d.tenantId)) throw new Error('FOREIGN KEY constraint failed');
  const key = key2(d.tenantId, d.destinationId);
  if (t.destinations.has(key)) throw unique('delivery_destinations.tenant_id, delivery_destinations.destination_id');
  t.set(t.destinations, key, destinationToRow(d));
}

export function deleteDestination(t: MemoryTables, tenantId: string, destinationId: string): boolean {
  const key = key2(tenantId, destinationId);
  for (const row of outboxRows(t, tenantId, destinationId)) t.delete(t.outboxMessageIds, row.message_id);
  t.delete(t.outbox, key);
  return t.delete(t.destinations, key);
}

export function enqueueMessages(
  t: MemoryTables, tenantId: string, destinationId: string, messages: readonly NewOutboxMessage[], fromCursor: number, toCursor: number,
): void {
  const key = key2(tenantId, destinationId);
  const row = t.destinations.get(key);
  if (!row || row.cursor !== fromCursor) throw new StaleWriteError('delivery destination', destinationId);
  const ids = new Set(messages.map((m) => m.messageId));
  if (ids.size !== messages.length || messages.some((m) => t.outboxMessageIds.has(m.messageId))) throw unique('delivery_outbox.message_id');
  const first = row.last_message_seq + 1;
  t.set(t.destinations, key, { ...row, cursor: toCursor, last_message_seq: row.last_message_seq + messages.length });
  const outbox = inner(t.outbox, key);
  messages.forEach((m, i) => {
    t.set(outbox, first + i, messageToRow(tenantId, destinationId, first + i, m));
    t.set(t.outboxMessageIds, m.messageId, true);
  });
}

/** Replaces a pending message's row with `change` applied (a delivered or missing one is left alone). */
export function updatePending(t: MemoryTables, tenantId: string, destinationId: string, seq: number, change: (r: DeliveryOutboxTable) => DeliveryOutboxTable): void {
  const outbox = t.outbox.get(key2(tenantId, destinationId));
  const row = outbox?.get(seq);
  if (!outbox || row?.status !== 'pending') return;
  t.set(outbox, seq, change(row));
}
