import type { Selectable } from 'kysely';
import type { QueueCaller } from '../../domain/acd/queue-caller.ts';
import type { QueueCallersTable } from './schema.ts';

/** Queue caller row ↔ domain: the document plus the columns lookups need. */
export function queueCallerFromRow(row: Selectable<QueueCallersTable>): QueueCaller {
  return JSON.parse(row.data) as QueueCaller;
}

export function queueCallerToRow(caller: QueueCaller): QueueCallersTable {
  return {
    tenant_id: caller.tenantId,
    caller_id: caller.callerId,
    queue_id: caller.queueId,
    number: caller.number,
    active: caller.state === 'left' ? 0 : 1,
    updated_at: caller.leftAt ?? caller.joinedAt,
    data: JSON.stringify(caller),
  };
}
