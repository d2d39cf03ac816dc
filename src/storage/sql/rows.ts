import type { AgentRouting } from '../../domain/acd/agent-routing.ts';
import type { Selectable } from 'kysely';
import type { Agent, AgentGroup, AgentState, Presence, PresenceKind, ActivityKind } from '../../domain/agent.ts';
import type { DomainEvent, LoggedEvent } from '../../domain/events.ts';
import type { ReasonKind, StatusCodeItem } from '../../domain/reason-codes.ts';
import type { NewAgent, NewTenant, TenantRecord } from '../../ports/storage.ts';
import type { AgentsTable, AgentGroupsTable, EventsTable, StatusCodeItemsTable, TenantsTable } from './schema.ts';

/** Row ↔ domain mapping for the SQL adapters: the one place that knows both shapes. */

/** A new tenant's row: counters at zero, call defaults and telephony rules unset. */
export function tenantToRow(tenant: NewTenant, pbxAccountId: number): TenantsTable {
  return {
    id: tenant.id,
    name: tenant.name,
    ccs_uuid: tenant.ccsUuid,
    pbx_account_id: pbxAccountId,
    timezone: tenant.timezone,
    api_username: tenant.apiUsername,
    action_token_hash: tenant.actionTokenHash,
    feature_agent_status_api: tenant.features.agentStatusApi ? 1 : 0,
    last_event_seq: 0,
    default_wrap_up_seconds: 0,
    default_dial_plan_id: null,
    last_transaction_number: 0,
    telephony_rules: null,
  };
}

export function tenantFromRow(row: Selectable<TenantsTable>): TenantRecord {
  return {
    id: row.id,
    name: row.name,
    ccsUuid: row.ccs_uuid,
    pbxAccountId: Number(row.pbx_account_id),
    timezone: row.timezone,
    apiUsername: row.api_username,
    actionTokenHash: row.action_token_hash,
    features: { agentStatusApi: Number(row.feature_agent_status_api) === 1 },
  };
}

export function agentFromRow(row: Selectable<AgentsTable>): Agent {
  const reason =
    row.reason_list_id === null || row.reason_item_id === null
      ? null
      : { listId: Number(row.reason_list_id), itemId: Number(row.reason_item_id) };
  const state: AgentState = {
    presence: { kind: row.presence as PresenceKind, reason },
    presenceSince: Number(row.presence_since),
    activity: row.activity as ActivityKind,
    pendingPresence: row.pending_presence === null ? null : (JSON.parse(row.pending_presence) as Presence),
    ...(row.routing !== null && { routing: JSON.parse(row.routing) as AgentRouting }),
  };
  return {
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    userId: Number(row.user_id),
    name: row.name,
    username: row.username,
    groupId: row.group_id === null ? null : Number(row.group_id),
    state,
    version: Number(row.version),
  };
}

/** A new agent's row at version 1: call settings and routing overrides unset. */
export function agentToRow(agent: NewAgent, userId: number): AgentsTable {
  return {
    tenant_id: agent.tenantId,
    agent_id: agent.agentId,
    user_id: userId,
    name: agent.name,
    username: agent.username,
    password_hash: agent.passwordHash,
    group_id: agent.groupId,
    ...stateToColumns(agent.state),
    version: 1,
    caller_id: null,
    dial_plan_id: null,
    wrap_up_seconds: null,
    routing_overrides: null,
  };
}

/** The state columns of an agent row; `withRouting: false` leaves out `routing` (the memory store writes it lazily). */
export function stateToColumns(state: AgentState, withRouting?: true): StateColumns & { routing: string | null };
export function stateToColumns(state: AgentState, withRouting: false): StateColumns;
export function stateToColumns(state: AgentState, withRouting = true) {
  const columns: StateColumns = {
    presence: state.presence.kind,
    reason_list_id: state.presence.reason?.listId ?? null,
    reason_item_id: state.presence.reason?.itemId ?? null,
    presence_since: state.presenceSince,
    activity: state.activity,
    pending_presence: state.pendingPresence === null ? null : JSON.stringify(state.pendingPresence),
  };
  return withRouting ? { ...columns, routing: state.routing === undefined ? null : JSON.stringify(state.routing) } : columns;
}

type StateColumns = Pick<AgentsTable, 'presence' | 'reason_list_id' | 'reason_item_id' | 'presence_since' | 'activity' | 'pending_presence'>;

export function itemFromRow(row: Selectable<StatusCodeItemsTable>): StatusCodeItem {
  return {
    listId: Number(row.list_id),
    id: Number(row.item_id),
    shortCode: row.short_code,
    label: row.label,
    kind: row.kind as ReasonKind,
  };
}

export function groupFromRow(row: Selectable<AgentGroupsTable>): AgentGroup {
  return {
    tenantId: row.tenant_id,
    id: Number(row.group_id),
    name: row.name,
    statusCodeListIds: JSON.parse(row.status_code_list_ids) as number[],
  };
}

export function eventFromRow(row: Selectable<EventsTable>): LoggedEvent {
  return { tenantId: row.tenant_id, seq: Number(row.seq), at: Number(row.at), event: JSON.parse(row.data) as DomainEvent };
}
