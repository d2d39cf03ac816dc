import type { DeliveryDestination, RecordPage, StoredRecord } from '../../ports/storage.ts';
import { recordFromRow } from '../sql/record-rows.ts';
import type { DeliveryDestinationsTable, RecordsTable } from '../sql/schema.ts';
import { inner, key2, type MemoryTables } from './memory-tables.ts';

/**
 * Records in the memory store (mirroring `../sql/record-rows.ts`), and the deletes and patches of
 * agents, queues and destinations. Records sit by kind, then tenant, then key; the body is kept
 * as JSON text so every read gets a fresh copy, as from SQL.
 */

/**
 * UTF-8 byte order (= code point order), as SQLite's BINARY and PostgreSQL's "C" collations
 * compare: like JavaScript's `<` except that characters beyond U+FFFF (surrogate pairs) sort
 * after U+E000–U+FFFF rather than before.
 */
export function byBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return shiftSurrogates(x) - shiftSurrogates(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (U+D800–DFFF) above U+E000–FFFF, keeping both ranges in their own order. */
const shiftSurrogates = (c: number): number => (c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c);

export function getRecord<T>(t: MemoryTables, tenantId: string, kind: string, key: string): StoredRecord<T> | undefined {
  const row = t.records.get(kind)?.get(tenantId)?.get(key);
  return row && recordFromRow<T>(row);
}

export function listRecords<T>(t: MemoryTables, tenantId: string | null, kind: string, page: RecordPage = {}): StoredRecord<T>[] {
  const byTenant = t.records.get(kind);
  if (!byTenant) return [];
  const tenants = tenantId === null ? [...byTenant.keys()].sort(byBytes) : [tenantId];
  const { afterKey, limit } = page;
  const rows: RecordsTable[] = [];
  for (const tenant of tenants) {
    const keys = [...(byTenant.get(tenant)?.keys() ?? [])].filter((k) => afterKey === undefined || byBytes(k, afterKey) > 0).sort(byBytes);
    for (const k of keys) rows.push(byTenant.get(tenant)?.get(k) as RecordsTable);
  }
  // SQL LIMIT as SQLite reads it: a negative limit means none.
  return (limit === undefined || limit < 0 ? rows : rows.slice(0, limit)).map((r) => recordFromRow<T>(r));
}

export function countRecords(t: MemoryTables, tenantId: string, kind: string): number {
  return t.records.get(kind)?.get(tenantId)?.size ?? 0;
}

export function putRecord(t: MemoryTables, tenantId: string, kind: string, key: string, body: unknown): void {
  if (!t.tenants.has(tenantId)) throw new Error(`FOREIGN KEY constraint failed: tenant '${tenantId}' does not exist`);
  const row: RecordsTable = { tenant_id: tenantId, kind, record_key: key, body: JSON.stringify(body ?? null) };
  t.set(inner(inner(t.records, kind), tenantId), key, row);
}

export function deleteRecord(t: MemoryTables, tenantId: string, kind: string, key: string): boolean {
  const rows = t.records.get(kind)?.get(tenantId);
  return rows ? t.delete(rows, key) : false;
}

export function deleteRecords(t: MemoryTables, tenantId: string, kind: string): number {
  const rows = t.records.get(kind)?.get(tenantId);
  if (!rows) return 0;
  let count = 0;
  for (const key of [...rows.keys()]) if (t.delete(rows, key)) count++;
  return count;
}

/**
 * Removes an agent row (its call settings and overrides are columns of it) and its username.
 * User ids are never reused: the largest ever given stays the base of the next.
 */
export function deleteAgent(t: MemoryTables, tenantId: string, agentId: string): boolean {
  const agents = t.agents.get(tenantId);
  const row = agents?.get(agentId);
  if (!agents || !row) return false;
  if (row.username !== null) t.delete(t.usernames, row.username);
  t.delete(agents, agentId);
  // The maximum is kept: a deleted user's id is never handed out again (NOTES.md §2), as in SQL.
  return true;
}

export function deleteQueue(t: MemoryTables, tenantId: string, queueId: number): boolean {
  for (const [number, did] of [...t.dids]) if (did.tenant_id === tenantId && did.queue_id === queueId) t.delete(t.dids, number);
  const queues = t.queues.get(tenantId);
  return queues ? t.delete(queues, queueId) : false;
}

export function updateDestination(t: MemoryTables, tenantId: string, destinationId: string, patch: Partial<Pick<DeliveryDestination, 'url' | 'secret' | 'enabled'>>): void {
  const key = key2(tenantId, destinationId);
  const row = t.destinations.get(key);
  if (!row) return;
  const next: DeliveryDestinationsTable = { ...row };
  if (patch.url !== undefined) next.url = patch.url;
  if (patch.secret !== undefined) next.secret = patch.secret;
  if (patch.enabled !== undefined) next.enabled = patch.enabled ? 1 : 0;
  t.set(t.destinations, key, next);
}
