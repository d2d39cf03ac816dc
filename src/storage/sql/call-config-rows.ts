import type { QueueRouting, Tier } from '../../domain/acd/routing.ts';
import type { Selectable } from 'kysely';
import type { Queue, QueueSettings, QueueType } from '../../domain/calls/queue.ts';
import type { QueuesTable } from './schema.ts';

/** Queue row ↔ domain: the one place that knows both shapes. */
export function queueFromRow(row: Selectable<QueuesTable>): Queue {
  return {
    tenantId: row.tenant_id,
    id: Number(row.queue_id),
    name: row.name,
    type: row.type as QueueType,
    ccsUuid: row.ccs_uuid,
    extension: row.extension,
    wrapUpSeconds: row.wrap_up_seconds === null ? null : Number(row.wrap_up_seconds),
    transactionCodeListIds: JSON.parse(row.transaction_code_list_ids) as number[],
    codesRequired: Number(row.codes_required) === 1,
    ...(row.routing !== null && { routing: JSON.parse(row.routing) as QueueRouting }),
    ...(row.tiers !== null && { tiers: JSON.parse(row.tiers) as Tier[] }),
    ...(row.settings !== null && { settings: JSON.parse(row.settings) as QueueSettings }),
  };
}

export function queueToRow(queue: Queue): Selectable<QueuesTable> {
  return {
    tenant_id: queue.tenantId,
    queue_id: queue.id,
    name: queue.name,
    type: queue.type,
    ccs_uuid: queue.ccsUuid,
    extension: queue.extension,
    wrap_up_seconds: queue.wrapUpSeconds,
    codes_required: queue.codesRequired ? 1 : 0,
    transaction_code_list_ids: JSON.stringify(queue.transactionCodeListIds),
    routing: queue.routing === undefined ? null : JSON.stringify(queue.routing),
    tiers: queue.tiers === undefined ? null : JSON.stringify(queue.tiers),
    settings: queue.settings === undefined ? null : JSON.stringify(queue.settings),
  };
}
