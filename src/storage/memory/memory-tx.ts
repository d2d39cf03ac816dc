import type { Agent, AgentGroup, AgentState } from '../../domain/agent.ts';
import type { DomainEvent, LoggedEvent } from '../../domain/events.ts';
import type { StatusCodeList } from '../../domain/reason-codes.ts';
import type { TenantFeatures } from '../../domain/tenant.ts';
import {
  StaleWriteError, type AgentProfile, type DeliveryDestination, type NewAgent, type NewOutboxMessage, type NewTenant, type StoreTx, type StoredTimer,
  type TenantRecord,
} from '../../ports/storage.ts';
import * as delivery from './memory-delivery.ts';
import * as records from './memory-records.ts';
import { agentToRow, tenantToRow } from '../sql/rows.ts';
import type { AgentsTable, TenantsTable } from '../sql/schema.ts';
import { MemoryCallWrites, unique } from './memory-call-writes.ts';
import { LazyAgentRow, LazyEventRow } from './lazy-rows.ts';
import { inner, type EventLog } from './memory-tables.ts';

/**
 * The write half of the memory store, bound to one transaction (mirroring `SqlTx`): tenants,
 * reason codes, groups, agents, events, settings and timers here; the call configuration, ACD
 * and interactions in `MemoryCallWrites`.
 */
export class MemoryTx extends MemoryCallWrites implements StoreTx {
  insertTenant(tenant: NewTenant): Promise<TenantRecord> {
    return this.read(() => {
      const t = this.t;
      const pbxAccountId = tenant.pbxAccountId ?? (t.maxIds.get('pbx_account_id') ?? 999) + 1;
      if (t.tenants.has(tenant.id)) throw unique('tenants.id');
      for (const row of t.tenants.values()) {
        if (row.name === tenant.name) throw unique('tenants.name');
        if (row.ccs_uuid === tenant.ccsUuid) throw unique('tenants.ccs_uuid');
        if (row.pbx_account_id === pbxAccountId) throw unique('tenants.pbx_account_id');
        if (row.api_username === tenant.apiUsername) throw unique('tenants.api_username');
      }
      t.set(t.tenants, tenant.id, tenantToRow(tenant, pbxAccountId));
      this.raiseMax('pbx_account_id', pbxAccountId);
      return { ...tenant, pbxAccountId };
    });
  }

  updateTenant(id: string, patch: { timezone?: string; apiUsername?: string; features?: TenantFeatures }): Promise<void> {
    return this.read(() => {
      const values: Partial<TenantsTable> = {};
      if (patch.timezone !== undefined) values.timezone = patch.timezone;
      if (patch.apiUsername !== undefined) values.api_username = patch.apiUsername;
      if (patch.features !== undefined) values.feature_agent_status_api = patch.features.agentStatusApi ? 1 : 0;
      const taken = patch.apiUsername !== undefined && this.tenantWhere((r) => r.id !== id && r.api_username === patch.apiUsername);
      if (taken && this.t.tenants.has(id)) throw unique('tenants.api_username');
      this.updateTenantRow(id, values);
    });
  }

  setActionTokenHash(tenantId: string, hash: string): Promise<void> {
    return this.read(() => this.updateTenantRow(tenantId, { action_token_hash: hash }));
  }

  putStatusCodeList(tenantId: string, list: StatusCodeList): Promise<void> {
    return this.read(() => {
      this.requireTenant(tenantId);
      const ids = new Set(list.items.map((i) => i.id));
      if (ids.size !== list.items.length) throw unique('status_code_items.tenant_id, status_code_items.list_id, status_code_items.item_id');
      const items = list.items.map((item) => ({
        tenant_id: tenantId, list_id: list.id, item_id: item.id, short_code: item.shortCode, label: item.label, kind: item.kind,
      }));
      this.t.set(inner(this.t.statusCodeLists, tenantId), list.id, { listId: list.id, name: list.name, items });
    });
  }

  putAgentGroup(group: AgentGroup): Promise<void> {
    return this.read(() => {
      const groups = this.t.agentGroups.get(group.tenantId);
      if (!groups?.has(group.id)) this.requireTenant(group.tenantId);
      const row = { tenant_id: group.tenantId, group_id: group.id, name: group.name, status_code_list_ids: JSON.stringify(group.statusCodeListIds) };
      this.t.set(inner(this.t.agentGroups, group.tenantId), group.id, row);
    });
  }

  insertAgent(agent: NewAgent): Promise<Agent> {
    return this.read(() => {
      const t = this.t;
      this.requireTenant(agent.tenantId);
      if (t.agents.get(agent.tenantId)?.has(agent.agentId)) throw unique('agents.tenant_id, agents.agent_id');
      if (agent.username !== null && t.usernames.has(agent.username)) throw unique('agents.username');
      const userId = (t.maxIds.get('user_id') ?? 0) + 1;
      t.set(inner(t.agents, agent.tenantId), agent.agentId, agentToRow(agent, userId));
      if (agent.username !== null) t.set(t.usernames, agent.username, [agent.tenantId, agent.agentId] as const);
      this.raiseMax('user_id', userId);
      const { passwordHash: _secret, ...rest } = agent;
      return { ...rest, userId, version: 1 };
    });
  }

  updateAgentProfile(tenantId: string, agentId: string, profile: AgentProfile): Promise<void> {
    return this.read(() => {
      const t = this.t;
      const row = t.agents.get(tenantId)?.get(agentId);
      if (!row) return;
      const owner = profile.username === null ? undefined : t.usernames.get(profile.username);
      if (owner && (owner[0] !== tenantId || owner[1] !== agentId)) throw unique('agents.username');
      const next: AgentsTable = { ...row, routing: row.routing, name: profile.name, username: profile.username, group_id: profile.groupId };
      if (profile.passwordHash !== undefined) next.password_hash = profile.passwordHash;
      if (row.username !== null) t.delete(t.usernames, row.username);
      if (profile.username !== null) t.set(t.usernames, profile.username, [tenantId, agentId] as const);
      this.putAgentRow(next);
    });
  }

  saveAgentState(tenantId: string, agentId: string, state: AgentState, expectedVersion: number): Promise<number> {
    return this.read(() => {
      const row = this.t.agents.get(tenantId)?.get(agentId);
      if (!row || row.version !== expectedVersion) throw new StaleWriteError('agent', agentId);
      this.putAgentRow(new LazyAgentRow(row, state, expectedVersion + 1));
      return expectedVersion + 1;
    });
  }

  appendEvents(tenantId: string, at: number, events: readonly DomainEvent[]): Promise<LoggedEvent[]> {
    return this.read(() => {
      if (events.length === 0) return [];
      if (!this.t.tenants.has(tenantId)) throw new Error(`tenant '${tenantId}' does not exist`);
      const log = eventLog(this.t.events, tenantId);
      const first = log.base + log.rows.length + 1;
      const logged = events.map((event, i) => ({ tenantId, seq: first + i, at, event }));
      this.t.append(log.rows, logged.map((e) => new LazyEventRow(tenantId, e.seq, at, e.event)));
      return logged;
    });
  }

  setSetting(key: string, value: string): Promise<void> {
    return this.read(() => this.t.set(this.t.settings, key, value));
  }

  putTimer(timer: StoredTimer): Promise<void> {
    return this.read(() => {
      this.requireTenant(timer.tenantId);
      const row = { tenant_id: timer.tenantId, timer_id: timer.timerId, due_at: timer.dueAt, kind: timer.kind, payload: JSON.stringify(timer.payload ?? null) };
      this.t.set(inner(this.t.timers, timer.tenantId), timer.timerId, row);
    });
  }

  deleteTimer(tenantId: string, timerId: string): Promise<boolean> {
    return this.read(() => {
      const timers = this.t.timers.get(tenantId);
      return timers ? this.t.delete(timers, timerId) : false;
    });
  }

  insertDestination(destination: DeliveryDestination): Promise<void> {
    return this.read(() => delivery.insertDestination(this.t, destination));
  }

  deleteDestination(tenantId: string, destinationId: string): Promise<boolean> {
    return this.read(() => delivery.deleteDestination(this.t, tenantId, destinationId));
  }

  enqueueMessages(tenantId: string, destinationId: string, messages: readonly NewOutboxMessage[], fromCursor: number, toCursor: number): Promise<void> {
    return this.read(() => delivery.enqueueMessages(this.t, tenantId, destinationId, messages, fromCursor, toCursor));
  }

  markDelivered(tenantId: string, destinationId: string, seq: number, at: number): Promise<void> {
    return this.read(() => delivery.updatePending(this.t, tenantId, destinationId, seq, (r) => ({ ...r, status: 'delivered', delivered_at: at, last_error: null })));
  }

  recordFailedAttempt(tenantId: string, destinationId: string, seq: number, error: string, nextAttemptAt: number): Promise<void> {
    return this.read(() =>
      delivery.updatePending(this.t, tenantId, destinationId, seq, (r) => ({ ...r, attempts: r.attempts + 1, last_error: error, next_attempt_at: nextAttemptAt })),
    );
  }

  updateDestination(tenantId: string, destinationId: string, patch: { readonly url?: string; readonly secret?: string; readonly enabled?: boolean }): Promise<void> {
    return this.read(() => records.updateDestination(this.t, tenantId, destinationId, patch));
  }

  putRecord(tenantId: string, kind: string, key: string, body: unknown): Promise<void> {
    return this.read(() => records.putRecord(this.t, tenantId, kind, key, body));
  }

  deleteRecord(tenantId: string, kind: string, key: string): Promise<boolean> {
    return this.read(() => records.deleteRecord(this.t, tenantId, kind, key));
  }

  deleteRecords(tenantId: string, kind: string): Promise<number> {
    return this.read(() => records.deleteRecords(this.t, tenantId, kind));
  }

  deleteAgent(tenantId: string, agentId: string): Promise<boolean> {
    return this.read(() => records.deleteAgent(this.t, tenantId, agentId));
  }

  deleteQueue(tenantId: string, queueId: number): Promise<boolean> {
    return this.read(() => records.deleteQueue(this.t, tenantId, queueId));
  }

  private raiseMax(column: 'pbx_account_id' | 'user_id', value: number): void {
    if (value > (this.t.maxIds.get(column) ?? -Infinity)) this.t.set(this.t.maxIds, column, value);
  }
}

/** The event log of a tenant, created empty if missing (an empty log needs no undo). */
function eventLog(outer: Map<string, EventLog>, key: string): EventLog {
  let log = outer.get(key);
  if (!log) {
    log = { base: 0, rows: [] };
    outer.set(key, log);
  }
  return log;
}
