import { sql, type Kysely, type Transaction } from 'kysely';
import type { Agent, AgentGroup, AgentState } from '../../domain/agent.ts';
import type { DomainEvent, LoggedEvent } from '../../domain/events.ts';
import type { StatusCodeList } from '../../domain/reason-codes.ts';
import type { TenantFeatures } from '../../domain/tenant.ts';
import { ConflictError } from '../../domain/errors.ts';
import {
  StaleWriteError,
  type AgentProfile,
  type NewAgent,
  type NewTenant,
  type AgentCallSettings,
  type DeliveryDestination,
  type Did,
  type NewOutboxMessage,
  type StoreTx,
  type StoredTimer,
  type TenantCallDefaults,
  type TenantRecord,
} from '../../ports/storage.ts';
import type { DialPlan } from '../../domain/calls/dial-plan.ts';
import type { Queue, TransactionCodeList } from '../../domain/calls/queue.ts';
import { queueToRow } from './call-config-rows.ts';
import type { Interaction } from '../../domain/calls/interaction.ts';
import { interactionColumns } from './interaction-rows.ts';
import { queueCallerToRow } from './acd-rows.ts';
import type { QueueCaller } from '../../domain/acd/queue-caller.ts';
import type { TimeGroup } from '../../domain/acd/time-groups.ts';
import type { HotQueries } from './hot-queries.ts';
import { agentToRow, stateToColumns, tenantToRow } from './rows.ts';
import type { Database } from './schema.ts';
import { SqlReads } from './sql-reads.ts';
import * as delivery from './delivery-rows.ts';
import * as records from './record-rows.ts';

/** The largest user id ever deleted: new ids start above it. */
const USER_ID_FLOOR = 'ids.user_id.floor';

const ID_ALLOCATION_LOCK = 0x5b1d_0001;

/** The write half of the SQL store, bound to one open transaction. */
export class SqlTx extends SqlReads implements StoreTx {
  constructor(
    private readonly trx: Transaction<Database>,
    private readonly kind: 'sqlite' | 'postgres',
    private readonly hot: HotQueries,
  ) {
    super(trx as Kysely<Database>);
  }

  async insertTenant(tenant: NewTenant): Promise<TenantRecord> {
    const pbxAccountId = tenant.pbxAccountId ?? (await this.nextValue('tenants', 'pbx_account_id', 1000));
    await this.trx
      .insertInto('tenants')
      .values(tenantToRow(tenant, pbxAccountId))
      .execute();
    return { ...tenant, pbxAccountId };
  }

  async updateTenant(id: string, patch: { timezone?: string; apiUsername?: string; features?: TenantFeatures }): Promise<void> {
    const values: Partial<Database['tenants']> = {};
    if (patch.timezone !== undefined) values.timezone = patch.timezone;
    if (patch.apiUsername !== undefined) values.api_username = patch.apiUsername;
    if (patch.features !== undefined) values.feature_agent_status_api = patch.features.agentStatusApi ? 1 : 0;
    if (Object.keys(values).length === 0) return;
    await this.trx.updateTable('tenants').set(values).where('id', '=', id).execute();
  }

  async setActionTokenHash(tenantId: string, hash: string): Promise<void> {
    await this.trx.updateTable('tenants').set({ action_token_hash: hash }).where('id', '=', tenantId).execute();
  }

  async putStatusCodeList(tenantId: string, list: StatusCodeList): Promise<void> {
    await this.trx.deleteFrom('status_code_items').where('tenant_id', '=', tenantId).where('list_id', '=', list.id).execute();
    await this.trx.deleteFrom('status_code_lists').where('tenant_id', '=', tenantId).where('list_id', '=', list.id).execute();
    await this.trx.insertInto('status_code_lists').values({ tenant_id: tenantId, list_id: list.id, name: list.name }).execute();
    if (list.items.length === 0) return;
    await this.trx
      .insertInto('status_code_items')
      .values(
        list.items.map((item) => ({
          tenant_id: tenantId,
          list_id: list.id,
          item_id: item.id,
          short_code: item.shortCode,
          label: item.label,
          kind: item.kind,
        })),
      )
      .execute();
  }

  async putAgentGroup(group: AgentGroup): Promise<void> {
    const values = { name: group.name, status_code_list_ids: JSON.stringify(group.statusCodeListIds) };
    const updated = await this.trx
      .updateTable('agent_groups')
      .set(values)
      .where('tenant_id', '=', group.tenantId)
      .where('group_id', '=', group.id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
    await this.trx.insertInto('agent_groups').values({ tenant_id: group.tenantId, group_id: group.id, ...values }).execute();
  }

  async insertAgent(agent: NewAgent): Promise<Agent> {
    const userId = await this.nextValue('agents', 'user_id', 1);
    await this.trx
      .insertInto('agents')
      .values(agentToRow(agent, userId))
      .execute();
    const { passwordHash: _secret, ...rest } = agent;
    return { ...rest, userId, version: 1 };
  }

  async updateAgentProfile(tenantId: string, agentId: string, profile: AgentProfile): Promise<void> {
    const values: Partial<Database['agents']> = { name: profile.name, username: profile.username, group_id: profile.groupId };
    if (profile.passwordHash !== undefined) values.password_hash = profile.passwordHash;
    await this.trx.updateTable('agents').set(values).where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).execute();
  }

  async saveAgentState(tenantId: string, agentId: string, state: AgentState, expectedVersion: number): Promise<number> {
    const c = stateToColumns(state);
    const result = await this.hot.saveAgentState.run(this.trx, {
      presence: c.presence, reasonList: c.reason_list_id, reasonItem: c.reason_item_id, since: c.presence_since,
      activity: c.activity, pending: c.pending_presence, routing: c.routing, version: expectedVersion + 1,
      tenant: tenantId, agent: agentId, expected: expectedVersion,
    });
    if (Number(result.numAffectedRows) !== 1) throw new StaleWriteError('agent', agentId);
    return expectedVersion + 1;
  }

  async appendEvents(tenantId: string, at: number, events: readonly DomainEvent[]): Promise<LoggedEvent[]> {
    if (events.length === 0) return [];
    // Bumping the tenant's counter row also serialises concurrent writers of one tenant (PostgreSQL row lock).
    const { rows } = await this.hot.bumpEventSeq.run<{ last_event_seq: number }>(this.trx, { count: events.length, tenant: tenantId });
    if (!rows[0]) throw new Error(`tenant '${tenantId}' does not exist`);
    const first = Number(rows[0].last_event_seq) - events.length + 1;
    const logged = events.map((event, i) => ({ tenantId, seq: first + i, at, event }));
    const values = logged.map((e) => ({ tenant_id: tenantId, seq: e.seq, at, type: e.event.type, data: JSON.stringify(e.event) }));
    const prepared = this.hot.insertEventRows(values.length);
    if (prepared) {
      const slots: Record<string, unknown> = {};
      values.forEach((row, i) => Object.entries(row).forEach(([column, value]) => (slots[`${column}${i}`] = value)));
      await prepared.run(this.trx, slots);
    } else {
      await this.trx.insertInto('events').values(values).execute();
    }
    return logged;
  }

  async setSetting(key: string, value: string): Promise<void> {
    const updated = await this.trx.updateTable('settings').set({ value }).where('key', '=', key).executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
    await this.trx.insertInto('settings').values({ key, value }).execute();
  }

  async putTimer(timer: StoredTimer): Promise<void> {
    await this.deleteTimer(timer.tenantId, timer.timerId);
    await this.trx
      .insertInto('timers')
      .values({ tenant_id: timer.tenantId, timer_id: timer.timerId, due_at: timer.dueAt, kind: timer.kind, payload: JSON.stringify(timer.payload ?? null) })
      .execute();
  }

  async deleteTimer(tenantId: string, timerId: string): Promise<boolean> {
    const result = await this.trx.deleteFrom('timers').where('tenant_id', '=', tenantId).where('timer_id', '=', timerId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async putQueue(queue: Queue): Promise<void> {
    await this.trx.deleteFrom('queues').where('tenant_id', '=', queue.tenantId).where('queue_id', '=', queue.id).execute();
    await this.trx.insertInto('queues').values(queueToRow(queue)).execute();
  }

  putTransactionCodeList(tenantId: string, list: TransactionCodeList): Promise<void> {
    return this.putDocument('transaction_code_lists', tenantId, list.id, list);
  }

  putDialPlan(tenantId: string, plan: DialPlan): Promise<void> {
    return this.putDocument('dial_plans', tenantId, plan.id, plan);
  }

  async putChannels(tenantId: string, numbers: readonly string[]): Promise<void> {
    await this.trx.deleteFrom('channels').where('tenant_id', '=', tenantId).execute();
    const unique = [...new Set(numbers)];
    if (unique.length > 0) await this.trx.insertInto('channels').values(unique.map((number) => ({ tenant_id: tenantId, number }))).execute();
  }

  async putCallDefaults(tenantId: string, defaults: TenantCallDefaults): Promise<void> {
    await this.trx
      .updateTable('tenants')
      .set({ default_wrap_up_seconds: defaults.wrapUpSeconds, default_dial_plan_id: defaults.dialPlanId })
      .where('id', '=', tenantId)
      .execute();
  }

  async putTelephonyRules(tenantId: string, rules: unknown): Promise<void> {
    const json = rules === null || rules === undefined ? null : JSON.stringify(rules);
    await this.trx.updateTable('tenants').set({ telephony_rules: json }).where('id', '=', tenantId).execute();
  }

  async putAgentCallSettings(tenantId: string, settings: AgentCallSettings): Promise<void> {
    await this.trx
      .updateTable('agents')
      .set({
        caller_id: settings.callerId, dial_plan_id: settings.dialPlanId, wrap_up_seconds: settings.wrapUpSeconds,
        routing_overrides: settings.overrides === undefined ? null : JSON.stringify(settings.overrides),
      })
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', settings.agentId)
      .execute();
  }

  putTimeGroup(tenantId: string, group: TimeGroup): Promise<void> {
    return this.putDocument('time_groups', tenantId, group.id, group);
  }

  async putDid(did: Did): Promise<void> {
    const owner = await this.trx.selectFrom('dids').select('tenant_id').where('number', '=', did.number).executeTakeFirst();
    if (owner && owner.tenant_id !== did.tenantId) throw new ConflictError(`number ${did.number} belongs to another tenant`);
    await this.trx.deleteFrom('dids').where('number', '=', did.number).execute();
    await this.trx.insertInto('dids').values({ number: did.number, tenant_id: did.tenantId, queue_id: did.queueId }).execute();
  }

  async deleteDid(tenantId: string, number: string): Promise<void> {
    await this.trx.deleteFrom('dids').where('number', '=', number).where('tenant_id', '=', tenantId).execute();
  }

  async putQueueCaller(caller: QueueCaller): Promise<void> {
    const row = queueCallerToRow(caller);
    await this.trx.deleteFrom('queue_callers').where('tenant_id', '=', row.tenant_id).where('caller_id', '=', row.caller_id).execute();
    await this.trx.insertInto('queue_callers').values(row).execute();
  }

  async insertInteraction(interaction: Interaction): Promise<number> {
    const row = await this.trx
      .updateTable('tenants')
      .set((eb) => ({ last_transaction_number: eb('last_transaction_number', '+', 1) }))
      .where('id', '=', interaction.tenantId)
      .returning('last_transaction_number')
      .executeTakeFirstOrThrow();
    const transactionNumber = Number(row.last_transaction_number);
    await this.trx
      .insertInto('interactions')
      .values({ tenant_id: interaction.tenantId, guid: interaction.guid, transaction_number: transactionNumber, ...interactionColumns({ ...interaction, transactionNumber }) })
      .execute();
    return transactionNumber;
  }

  async saveInteraction(interaction: Interaction): Promise<void> {
    const result = await this.trx
      .updateTable('interactions')
      .set(interactionColumns(interaction))
      .where('tenant_id', '=', interaction.tenantId)
      .where('guid', '=', interaction.guid)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new Error(`interaction '${interaction.guid}' is not stored`);
  }

  async insertDestination(destination: DeliveryDestination): Promise<void> {
    await this.trx.insertInto('delivery_destinations').values(delivery.destinationToRow(destination)).execute();
  }

  deleteDestination(tenantId: string, destinationId: string): Promise<boolean> {
    return delivery.deleteDestination(this.trx, tenantId, destinationId);
  }

  enqueueMessages(tenantId: string, destinationId: string, messages: readonly NewOutboxMessage[], fromCursor: number, toCursor: number): Promise<void> {
    return delivery.enqueueMessages(this.trx, tenantId, destinationId, messages, fromCursor, toCursor);
  }

  markDelivered(tenantId: string, destinationId: string, seq: number, at: number): Promise<void> {
    return delivery.markDelivered(this.trx, tenantId, destinationId, seq, at);
  }

  recordFailedAttempt(tenantId: string, destinationId: string, seq: number, error: string, nextAttemptAt: number): Promise<void> {
    return delivery.recordFailedAttempt(this.trx, tenantId, destinationId, seq, error, nextAttemptAt);
  }

  updateDestination(tenantId: string, destinationId: string, patch: { readonly url?: string; readonly secret?: string; readonly enabled?: boolean }): Promise<void> {
    return records.updateDestination(this.trx, tenantId, destinationId, patch);
  }

  putRecord(tenantId: string, kind: string, key: string, body: unknown): Promise<void> {
    return records.putRecord(this.trx, tenantId, kind, key, body);
  }

  deleteRecord(tenantId: string, kind: string, key: string): Promise<boolean> {
    return records.deleteRecord(this.trx, tenantId, kind, key);
  }

  deleteRecords(tenantId: string, kind: string): Promise<number> {
    return records.deleteRecords(this.trx, tenantId, kind);
  }

  async deleteAgent(tenantId: string, agentId: string): Promise<boolean> {
    const row = await this.trx.selectFrom('agents').select('user_id').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).executeTakeFirst();
    // A deleted user's id is never handed out again (NOTES.md §2: ids are assigned once).
    if (row) await this.setSetting(USER_ID_FLOOR, String(Math.max(Number(row.user_id), Number((await this.getSetting(USER_ID_FLOOR)) ?? 0))));
    return records.deleteAgent(this.trx, tenantId, agentId);
  }

  deleteQueue(tenantId: string, queueId: number): Promise<boolean> {
    return records.deleteQueue(this.trx, tenantId, queueId);
  }

  private async putDocument(table: 'transaction_code_lists' | 'dial_plans' | 'time_groups', tenantId: string, id: number, doc: unknown): Promise<void> {
    await this.trx.deleteFrom(table).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    await this.trx.insertInto(table).values({ tenant_id: tenantId, id, data: JSON.stringify(doc) }).execute();
  }

  /** The next free integer id (platform-wide, as PBX ids are). */
  private async nextValue(table: 'tenants' | 'agents', column: 'pbx_account_id' | 'user_id', start: number): Promise<number> {
    // PostgreSQL transactions overlap: a transaction-scoped advisory lock makes max+1 safe until commit.
    // (SQLite has one writer at a time already.)
    if (this.kind === 'postgres') await sql`SELECT pg_advisory_xact_lock(${ID_ALLOCATION_LOCK})`.execute(this.trx);
    const row = await this.trx
      .selectFrom(table)
      .select((eb) => eb.fn.max(column as 'user_id').as('max'))
      .executeTakeFirst();
    const max = row?.max;
    const floor = column === 'user_id' ? Number((await this.getSetting(USER_ID_FLOOR)) ?? 0) : 0;
    if (max === null || max === undefined) return floor > 0 ? floor + 1 : start;
    return Math.max(Number(max), floor) + 1;
  }
}
