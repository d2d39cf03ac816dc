import type { Agent, AgentGroup } from '../../domain/agent.ts';
import type { LoggedEvent } from '../../domain/events.ts';
import type { StatusCodeList } from '../../domain/reason-codes.ts';
import type { DialPlan } from '../../domain/calls/dial-plan.ts';
import type { Queue, TransactionCodeList } from '../../domain/calls/queue.ts';
import type { Interaction } from '../../domain/calls/interaction.ts';
import type { AgentOverrides } from '../../domain/acd/agent-routing.ts';
import type { QueueCaller } from '../../domain/acd/queue-caller.ts';
import type { TimeGroup } from '../../domain/acd/time-groups.ts';
import type {
  AgentCallSettings, DeliveryCounts, DeliveryDestination, Did, OutboxMessage, RecordPage, StoreReads, StoredRecord, StoredTimer, TenantCallDefaults,
  TenantRecord,
} from '../../ports/storage.ts';
import * as delivery from './memory-delivery.ts';
import * as records from './memory-records.ts';
import { queueCallerFromRow } from '../sql/acd-rows.ts';
import { queueFromRow } from '../sql/call-config-rows.ts';
import { interactionFromRow } from '../sql/interaction-rows.ts';
import { agentFromRow, eventFromRow, groupFromRow, itemFromRow, tenantFromRow } from '../sql/rows.ts';
import type { AgentsTable, TenantsTable } from '../sql/schema.ts';
import { byCodeUnit, key2, type DocumentTable, type MemoryTables } from './memory-tables.ts';

/** SQL LIMIT as SQLite reads it: a negative limit means none. */
const limited = <T>(rows: T[], limit: number): T[] => (limit < 0 ? rows : rows.slice(0, limit));

/**
 * The read half of the memory store, mirroring `SqlReads` (same orders, same row mappers).
 * `read` is the hook the store overrides to wait for a running transaction.
 */
export class MemoryReads implements StoreReads {
  constructor(protected readonly t: MemoryTables) {}

  protected read<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  listTenants(): Promise<TenantRecord[]> {
    return this.read(() => [...this.t.tenants.values()].sort((a, b) => byCodeUnit(a.name, b.name)).map(tenantFromRow));
  }

  getTenant(id: string): Promise<TenantRecord | undefined> {
    return this.read(() => {
      const row = this.t.tenants.get(id);
      return row && tenantFromRow(row);
    });
  }

  getTenantByName(name: string): Promise<TenantRecord | undefined> {
    return this.read(() => {
      const row = this.tenantWhere((r) => r.name === name);
      return row && tenantFromRow(row);
    });
  }

  listAgents(tenantId: string): Promise<Agent[]> {
    return this.read(() => this.agentRows(tenantId).map(agentFromRow));
  }

  getAgent(tenantId: string, agentId: string): Promise<Agent | undefined> {
    return this.read(() => {
      const row = this.t.agents.get(tenantId)?.get(agentId);
      return row && agentFromRow(row);
    });
  }

  getAgentByUsername(username: string): Promise<(Agent & { passwordHash: string | null }) | undefined> {
    return this.read(() => {
      const row = this.agentByUsername(username);
      return row && { ...agentFromRow(row), passwordHash: row.password_hash };
    });
  }

  listStatusCodeLists(tenantId: string): Promise<StatusCodeList[]> {
    return this.read(() =>
      [...(this.t.statusCodeLists.get(tenantId)?.values() ?? [])]
        .sort((a, b) => a.listId - b.listId)
        .map((list) => ({ id: list.listId, name: list.name, items: [...list.items].sort((a, b) => a.item_id - b.item_id).map(itemFromRow) })),
    );
  }

  listAgentGroups(tenantId: string): Promise<AgentGroup[]> {
    return this.read(() => [...(this.t.agentGroups.get(tenantId)?.values() ?? [])].sort((a, b) => a.group_id - b.group_id).map(groupFromRow));
  }

  readEvents(tenantId: string, afterSeq: number, limit: number): Promise<LoggedEvent[]> {
    return this.read(() => {
      const log = this.t.events.get(tenantId);
      if (!log || Number.isNaN(afterSeq)) return [];
      // seq = base + index + 1, so the first seq above afterSeq sits at index floor(afterSeq) - base
      // (events let go of are simply not there: the read starts at the oldest kept).
      const rows = log.rows;
      const start = Math.min(rows.length, Math.max(0, Math.floor(afterSeq) - log.base));
      const end = limit < 0 ? rows.length : start + limit;
      return rows.slice(start, end).map(eventFromRow);
    });
  }

  getSetting(key: string): Promise<string | undefined> {
    return this.read(() => this.t.settings.get(key));
  }

  listTimers(): Promise<StoredTimer[]> {
    return this.read(() =>
      [...this.t.timers.values()]
        .flatMap((timers) => [...timers.values()])
        .sort((a, b) => a.due_at - b.due_at || byCodeUnit(a.tenant_id, b.tenant_id) || byCodeUnit(a.timer_id, b.timer_id))
        .map((r) => ({ tenantId: r.tenant_id, timerId: r.timer_id, dueAt: r.due_at, kind: r.kind, payload: JSON.parse(r.payload) as unknown })),
    );
  }

  listQueues(tenantId: string): Promise<Queue[]> {
    return this.read(() => [...(this.t.queues.get(tenantId)?.values() ?? [])].sort((a, b) => a.queue_id - b.queue_id).map(queueFromRow));
  }

  listTransactionCodeLists(tenantId: string): Promise<TransactionCodeList[]> {
    return this.read(() => this.documents<TransactionCodeList>('transaction_code_lists', tenantId));
  }

  listDialPlans(tenantId: string): Promise<DialPlan[]> {
    return this.read(() => this.documents<DialPlan>('dial_plans', tenantId));
  }

  listChannels(tenantId: string): Promise<string[]> {
    return this.read(() => [...(this.t.channels.get(tenantId) ?? [])].sort());
  }

  getCallDefaults(tenantId: string): Promise<TenantCallDefaults> {
    return this.read(() => {
      const row = this.t.tenants.get(tenantId);
      if (!row) throw new Error(`tenant '${tenantId}' does not exist`);
      return { wrapUpSeconds: row.default_wrap_up_seconds, dialPlanId: row.default_dial_plan_id };
    });
  }

  getTelephonyRules(tenantId: string): Promise<unknown> {
    return this.read(() => {
      const rules = this.t.tenants.get(tenantId)?.telephony_rules;
      return rules ? (JSON.parse(rules) as unknown) : null;
    });
  }

  listAgentCallSettings(tenantId: string): Promise<AgentCallSettings[]> {
    return this.read(() =>
      this.agentRows(tenantId).map((r) => ({
        agentId: r.agent_id,
        callerId: r.caller_id,
        dialPlanId: r.dial_plan_id,
        wrapUpSeconds: r.wrap_up_seconds,
        ...(r.routing_overrides !== null && { overrides: JSON.parse(r.routing_overrides) as AgentOverrides }),
      })),
    );
  }

  getInteraction(tenantId: string, guid: string): Promise<Interaction | undefined> {
    return this.read(() => {
      const row = this.t.interactions.get(tenantId)?.get(guid);
      return row && interactionFromRow(row);
    });
  }

  listActiveInteractions(): Promise<Interaction[]> {
    return this.read(() =>
      [...this.t.activeInteractions.values()].sort((a, b) => a.created_at - b.created_at || byCodeUnit(a.guid, b.guid)).map(interactionFromRow),
    );
  }

  listAgentInteractions(tenantId: string, agentId: string, limit: number): Promise<Interaction[]> {
    return this.read(() => {
      const rows = [...(this.t.agentInteractions.get(key2(tenantId, agentId))?.values() ?? [])];
      rows.sort((a, b) => b.created_at - a.created_at || b.transaction_number - a.transaction_number);
      return limited(rows, limit).map(interactionFromRow);
    });
  }

  listTimeGroups(tenantId: string): Promise<TimeGroup[]> {
    return this.read(() => this.documents<TimeGroup>('time_groups', tenantId));
  }

  listDids(tenantId?: string): Promise<Did[]> {
    return this.read(() =>
      [...this.t.dids.values()]
        .filter((r) => tenantId === undefined || r.tenant_id === tenantId)
        .sort((a, b) => byCodeUnit(a.number, b.number))
        .map((r) => ({ number: r.number, tenantId: r.tenant_id, queueId: r.queue_id })),
    );
  }

  /** Ordered by seq (then updated_at, tenant and caller id, where SQL leaves ties unordered). */
  listOpenQueueCallers(): Promise<QueueCaller[]> {
    return this.read(() =>
      [...this.t.openCallers.values()]
        .map((row) => ({ row, caller: queueCallerFromRow(row) }))
        .sort((a, b) => a.caller.seq - b.caller.seq || a.row.updated_at - b.row.updated_at || byCodeUnit(a.row.tenant_id, b.row.tenant_id) || byCodeUnit(a.row.caller_id, b.row.caller_id))
        .map((c) => c.caller),
    );
  }

  /** Ordered by the time they left (then tenant and caller id, where SQL leaves ties unordered). */
  listQueueCallersLeftSince(since: number): Promise<QueueCaller[]> {
    return this.read(() =>
      [...this.t.leftCallers.values()]
        .filter((r) => r.updated_at >= since)
        .sort((a, b) => a.updated_at - b.updated_at || byCodeUnit(a.tenant_id, b.tenant_id) || byCodeUnit(a.caller_id, b.caller_id))
        .map(queueCallerFromRow),
    );
  }

  protected tenantWhere(match: (row: TenantsTable) => boolean): TenantsTable | undefined {
    for (const row of this.t.tenants.values()) if (match(row)) return row;
    return undefined;
  }

  protected agentByUsername(username: string): AgentsTable | undefined {
    const owner = this.t.usernames.get(username);
    if (owner === undefined) return undefined;
    const [tenantId, agentId] = owner;
    return this.t.agents.get(tenantId)?.get(agentId);
  }

  private agentRows(tenantId: string): AgentsTable[] {
    return [...(this.t.agents.get(tenantId)?.values() ?? [])].sort((a, b) => byCodeUnit(a.agent_id, b.agent_id));
  }

  private documents<T>(table: DocumentTable, tenantId: string): T[] {
    return [...(this.t.documents[table].get(tenantId)?.entries() ?? [])].sort(([a], [b]) => a - b).map(([, data]) => JSON.parse(data) as T);
  }

  lastEventSeq(tenantId: string): Promise<number> {
    return this.read(() => {
      const log = this.t.events.get(tenantId);
      return log ? log.base + log.rows.length : 0;
    });
  }

  listDestinations(tenantId?: string): Promise<DeliveryDestination[]> {
    return this.read(() => delivery.listDestinations(this.t, tenantId));
  }

  getDestination(tenantId: string, destinationId: string): Promise<DeliveryDestination | undefined> {
    return this.read(() => delivery.getDestination(this.t, tenantId, destinationId));
  }

  listOutbox(tenantId: string, destinationId: string, afterSeq: number, limit: number): Promise<OutboxMessage[]> {
    return this.read(() => delivery.listOutbox(this.t, tenantId, destinationId, afterSeq, limit));
  }

  headOfOutbox(tenantId: string, destinationId: string): Promise<OutboxMessage | undefined> {
    return this.read(() => delivery.headOfOutbox(this.t, tenantId, destinationId));
  }

  deliveryCounts(tenantId: string, destinationId: string): Promise<DeliveryCounts> {
    return this.read(() => delivery.deliveryCounts(this.t, tenantId, destinationId));
  }

  getRecord<T = unknown>(tenantId: string, kind: string, key: string): Promise<StoredRecord<T> | undefined> {
    return this.read(() => records.getRecord<T>(this.t, tenantId, kind, key));
  }

  listRecords<T = unknown>(tenantId: string | null, kind: string, page?: RecordPage): Promise<StoredRecord<T>[]> {
    return this.read(() => records.listRecords<T>(this.t, tenantId, kind, page));
  }

  countRecords(tenantId: string, kind: string): Promise<number> {
    return this.read(() => records.countRecords(this.t, tenantId, kind));
  }
}
