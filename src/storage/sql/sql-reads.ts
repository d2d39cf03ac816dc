import type { Kysely } from 'kysely';
import type { Agent, AgentGroup } from '../../domain/agent.ts';
import type { LoggedEvent } from '../../domain/events.ts';
import type { StatusCodeList } from '../../domain/reason-codes.ts';
import type { DialPlan } from '../../domain/calls/dial-plan.ts';
import type { Queue, TransactionCodeList } from '../../domain/calls/queue.ts';
import type {
  AgentCallSettings, DeliveryCounts, DeliveryDestination, Did, OutboxMessage, RecordPage, StoreReads, StoredRecord, StoredTimer, TenantCallDefaults,
  TenantRecord,
} from '../../ports/storage.ts';
import * as delivery from './delivery-rows.ts';
import * as records from './record-rows.ts';
import type { AgentOverrides } from '../../domain/acd/agent-routing.ts';
import type { QueueCaller } from '../../domain/acd/queue-caller.ts';
import type { TimeGroup } from '../../domain/acd/time-groups.ts';
import { queueCallerFromRow } from './acd-rows.ts';
import { queueFromRow } from './call-config-rows.ts';
import type { Interaction } from '../../domain/calls/interaction.ts';
import { interactionFromRow } from './interaction-rows.ts';
import { agentFromRow, eventFromRow, groupFromRow, itemFromRow, tenantFromRow } from './rows.ts';
import type { Database } from './schema.ts';

/** The read half of the SQL store, usable on the pool or inside a transaction. */
export class SqlReads implements StoreReads {
  constructor(protected readonly db: Kysely<Database>) {}

  async listTenants(): Promise<TenantRecord[]> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('name').execute();
    return rows.map(tenantFromRow);
  }

  async getTenant(id: string): Promise<TenantRecord | undefined> {
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && tenantFromRow(row);
  }

  async getTenantByName(name: string): Promise<TenantRecord | undefined> {
    const row = await this.db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst();
    return row && tenantFromRow(row);
  }

  async listAgents(tenantId: string): Promise<Agent[]> {
    const rows = await this.db.selectFrom('agents').selectAll().where('tenant_id', '=', tenantId).orderBy('agent_id').execute();
    // Re-sorted by code unit: PostgreSQL's ORDER BY follows the database collation (e.g. en-US puts 'aga' before 'agB').
    return rows.map(agentFromRow).sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
  }

  async getAgent(tenantId: string, agentId: string): Promise<Agent | undefined> {
    const row = await this.db
      .selectFrom('agents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .executeTakeFirst();
    return row && agentFromRow(row);
  }

  async getAgentByUsername(username: string): Promise<(Agent & { passwordHash: string | null }) | undefined> {
    const row = await this.db.selectFrom('agents').selectAll().where('username', '=', username).executeTakeFirst();
    return row && { ...agentFromRow(row), passwordHash: row.password_hash };
  }

  async listStatusCodeLists(tenantId: string): Promise<StatusCodeList[]> {
    const lists = await this.db.selectFrom('status_code_lists').selectAll().where('tenant_id', '=', tenantId).orderBy('list_id').execute();
    const items = await this.db
      .selectFrom('status_code_items')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('list_id')
      .orderBy('item_id')
      .execute();
    return lists.map((list) => ({
      id: Number(list.list_id),
      name: list.name,
      items: items.filter((i) => Number(i.list_id) === Number(list.list_id)).map(itemFromRow),
    }));
  }

  async listAgentGroups(tenantId: string): Promise<AgentGroup[]> {
    const rows = await this.db.selectFrom('agent_groups').selectAll().where('tenant_id', '=', tenantId).orderBy('group_id').execute();
    return rows.map(groupFromRow);
  }

  async readEvents(tenantId: string, afterSeq: number, limit: number): Promise<LoggedEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(eventFromRow);
  }

  async lastEventSeq(tenantId: string): Promise<number> {
    const row = await this.db.selectFrom('tenants').select('last_event_seq').where('id', '=', tenantId).executeTakeFirst();
    return row ? Number(row.last_event_seq) : 0;
  }

  async getSetting(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async listTimers(): Promise<StoredTimer[]> {
    const rows = await this.db.selectFrom('timers').selectAll().orderBy('due_at').orderBy('tenant_id').orderBy('timer_id').execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, timerId: r.timer_id, dueAt: Number(r.due_at), kind: r.kind, payload: JSON.parse(r.payload) as unknown }));
  }

  async listQueues(tenantId: string): Promise<Queue[]> {
    const rows = await this.db.selectFrom('queues').selectAll().where('tenant_id', '=', tenantId).orderBy('queue_id').execute();
    return rows.map(queueFromRow);
  }

  async listTransactionCodeLists(tenantId: string): Promise<TransactionCodeList[]> {
    return this.documents<TransactionCodeList>('transaction_code_lists', tenantId);
  }

  async listDialPlans(tenantId: string): Promise<DialPlan[]> {
    return this.documents<DialPlan>('dial_plans', tenantId);
  }

  async listChannels(tenantId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('channels').select('number').where('tenant_id', '=', tenantId).execute();
    return rows.map((r) => r.number).sort();
  }

  async getCallDefaults(tenantId: string): Promise<TenantCallDefaults> {
    const row = await this.db.selectFrom('tenants').select(['default_wrap_up_seconds', 'default_dial_plan_id']).where('id', '=', tenantId).executeTakeFirstOrThrow();
    return { wrapUpSeconds: Number(row.default_wrap_up_seconds), dialPlanId: row.default_dial_plan_id === null ? null : Number(row.default_dial_plan_id) };
  }

  async getTelephonyRules(tenantId: string): Promise<unknown> {
    const row = await this.db.selectFrom('tenants').select('telephony_rules').where('id', '=', tenantId).executeTakeFirst();
    return row?.telephony_rules ? (JSON.parse(row.telephony_rules) as unknown) : null;
  }

  async listAgentCallSettings(tenantId: string): Promise<AgentCallSettings[]> {
    const rows = await this.db
      .selectFrom('agents')
      .select(['agent_id', 'caller_id', 'dial_plan_id', 'wrap_up_seconds', 'routing_overrides'])
      .where('tenant_id', '=', tenantId)
      .execute();
    return rows
      .map((r) => ({
        agentId: r.agent_id,
        callerId: r.caller_id,
        dialPlanId: r.dial_plan_id === null ? null : Number(r.dial_plan_id),
        wrapUpSeconds: r.wrap_up_seconds === null ? null : Number(r.wrap_up_seconds),
        ...(r.routing_overrides !== null && { overrides: JSON.parse(r.routing_overrides) as AgentOverrides }),
      }))
      .sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
  }

  async getInteraction(tenantId: string, guid: string): Promise<Interaction | undefined> {
    const row = await this.db.selectFrom('interactions').selectAll().where('tenant_id', '=', tenantId).where('guid', '=', guid).executeTakeFirst();
    return row && interactionFromRow(row);
  }

  async listActiveInteractions(): Promise<Interaction[]> {
    const rows = await this.db.selectFrom('interactions').selectAll().where('active', '=', 1).orderBy('created_at').orderBy('guid').execute();
    return rows.map(interactionFromRow);
  }

  async listAgentInteractions(tenantId: string, agentId: string, limit: number): Promise<Interaction[]> {
    const rows = await this.db
      .selectFrom('interactions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .orderBy('created_at', 'desc')
      .orderBy('transaction_number', 'desc')
      .limit(limit)
      .execute();
    return rows.map(interactionFromRow);
  }

  async listTimeGroups(tenantId: string): Promise<TimeGroup[]> {
    return this.documents<TimeGroup>('time_groups', tenantId);
  }

  async listDids(tenantId?: string): Promise<Did[]> {
    let query = this.db.selectFrom('dids').selectAll().orderBy('number');
    if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
    const rows = await query.execute();
    return rows.map((r) => ({ number: r.number, tenantId: r.tenant_id, queueId: Number(r.queue_id) }));
  }

  async listOpenQueueCallers(): Promise<QueueCaller[]> {
    const rows = await this.db.selectFrom('queue_callers').selectAll().where('active', '=', 1).orderBy('updated_at').execute();
    return rows.map(queueCallerFromRow).sort((a, b) => a.seq - b.seq);
  }

  async listQueueCallersLeftSince(since: number): Promise<QueueCaller[]> {
    const rows = await this.db.selectFrom('queue_callers').selectAll().where('active', '=', 0).where('updated_at', '>=', since).orderBy('updated_at').execute();
    return rows.map(queueCallerFromRow);
  }

  listDestinations(tenantId?: string): Promise<DeliveryDestination[]> {
    return delivery.listDestinations(this.db, tenantId);
  }

  getDestination(tenantId: string, destinationId: string): Promise<DeliveryDestination | undefined> {
    return delivery.getDestination(this.db, tenantId, destinationId);
  }

  listOutbox(tenantId: string, destinationId: string, afterSeq: number, limit: number): Promise<OutboxMessage[]> {
    return delivery.listOutbox(this.db, tenantId, destinationId, afterSeq, limit);
  }

  headOfOutbox(tenantId: string, destinationId: string): Promise<OutboxMessage | undefined> {
    return delivery.headOfOutbox(this.db, tenantId, destinationId);
  }

  deliveryCounts(tenantId: string, destinationId: string): Promise<DeliveryCounts> {
    return delivery.deliveryCounts(this.db, tenantId, destinationId);
  }

  getRecord<T = unknown>(tenantId: string, kind: string, key: string): Promise<StoredRecord<T> | undefined> {
    return records.getRecord<T>(this.db, tenantId, kind, key);
  }

  listRecords<T = unknown>(tenantId: string | null, kind: string, page?: RecordPage): Promise<StoredRecord<T>[]> {
    return records.listRecords<T>(this.db, tenantId, kind, page);
  }

  countRecords(tenantId: string, kind: string): Promise<number> {
    return records.countRecords(this.db, tenantId, kind);
  }

  private async documents<T>(table: 'transaction_code_lists' | 'dial_plans' | 'time_groups', tenantId: string): Promise<T[]> {
    const rows = await this.db.selectFrom(table).select('data').where('tenant_id', '=', tenantId).orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.data) as T);
  }
}
