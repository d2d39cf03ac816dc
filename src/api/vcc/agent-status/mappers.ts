import type { Agent } from '../../../domain/agent.ts';
import { AgentStatus, visibleStatus } from '../../../domain/agent-status.ts';
import type { ReasonCatalogue } from '../../../domain/reason-codes.ts';
import { statusForReasonKind, type StatusChangeRequest } from '../../../domain/status-change.ts';
import { SchemaError } from '../../../app/schema-check.ts';
import type { AgentStatusRecord, BulkEntry, SetStatusBody } from './schemas.ts';

/** Domain ↔ wire for the VCC agent-status resource: the one place that knows both shapes. */

const WITH_SUB_STATUS: ReadonlySet<number> = new Set([AgentStatus.OnBreak, AgentStatus.WorkOffline]);

export function toAgentStatusRecord(agent: Agent, catalogue: ReasonCatalogue): AgentStatusRecord {
  const { status, reason } = visibleStatus(agent.state);
  // Built in the documented key order: agent-id, agent-status, reason fields, name, sub-status.
  const record: AgentStatusRecord = { 'agent-id': agent.agentId, 'agent-status': status } as AgentStatusRecord;
  if (reason) {
    record['status-code-list-id'] = reason.listId;
    record['status-code-item-id'] = reason.itemId;
    const shortCode = catalogue.item(reason.listId, reason.itemId)?.shortCode;
    if (shortCode) record['status-code-item-short-code'] = shortCode;
  }
  record.name = agent.name;
  if (WITH_SUB_STATUS.has(status)) record['agent-sub-status'] = 'none';
  return record;
}

type ReasonFields = Pick<SetStatusBody, 'status-code-list-id' | 'status-code-item-id' | 'status-code-item-short-code'>;

function reasonFrom(body: ReasonFields, at: string): StatusChangeRequest['reason'] {
  const listId = body['status-code-list-id'];
  const itemId = body['status-code-item-id'];
  const shortCode = body['status-code-item-short-code'];
  if (listId === undefined && itemId === undefined) {
    if (shortCode !== undefined) throw new SchemaError(`${at}status-code-list-id`, 'is required with status-code-item-short-code');
    return null;
  }
  if (listId === undefined) throw new SchemaError(`${at}status-code-list-id`, 'is required with status-code-item-id');
  if (itemId === undefined) throw new SchemaError(`${at}status-code-item-id`, 'is required with status-code-list-id');
  return { listId, itemId, ...(shortCode !== undefined && { shortCode }) };
}

export function fromSetStatusBody(body: SetStatusBody): StatusChangeRequest {
  return { status: body['agent-status'], reason: reasonFrom(body, '') };
}

/** A bulk entry; without `agent-status`, the reason's kind decides it. */
export function fromBulkEntry(entry: BulkEntry, catalogue: ReasonCatalogue, at: string): StatusChangeRequest {
  const reason = reasonFrom(entry, at);
  if (entry['agent-status'] !== undefined) return { status: entry['agent-status'], reason };
  const item = reason && catalogue.item(reason.listId, reason.itemId);
  if (!item) throw new SchemaError(`${at}status-code-item-id`, 'must name an existing status code when agent-status is omitted');
  return { status: statusForReasonKind(item.kind), reason };
}
