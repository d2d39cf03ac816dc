import type { DialPlan } from '../../domain/calls/dial-plan.ts';
import type { Queue, TransactionCodeList } from '../../domain/calls/queue.ts';
import type { Interaction } from '../../domain/calls/interaction.ts';
import type { QueueCaller } from '../../domain/acd/queue-caller.ts';
import type { TimeGroup } from '../../domain/acd/time-groups.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { AgentCallSettings, Did, TenantCallDefaults } from '../../ports/storage.ts';
import { queueToRow } from '../sql/call-config-rows.ts';
import { LazyInteractionRow, LazyQueueCallerRow } from './lazy-rows.ts';
import type { AgentsTable, InteractionsTable, TenantsTable } from '../sql/schema.ts';
import { MemoryReads } from './memory-reads.ts';
import { inner, key2, type DocumentTable } from './memory-tables.ts';

export const unique = (column: string): Error => new Error(`UNIQUE constraint failed: ${column}`);

/**
 * The call-configuration, ACD and interaction writes of the memory store (mirroring `SqlTx`),
 * and the helpers `MemoryTx` shares. Each method checks everything that can fail before it
 * changes anything, so a refused write (caught by the caller) leaves no trace; the
 * transaction's journal undoes the rest if the callback throws.
 */
export abstract class MemoryCallWrites extends MemoryReads {
  private ended = false;

  /** Called when the transaction commits or rolls back: the tx must not be used after that. */
  end(): void {
    this.ended = true;
  }

  protected override read<T>(fn: () => T): Promise<T> {
    return super.read(() => {
      if (this.ended) throw new Error('memory store: the transaction has ended');
      return fn();
    });
  }

  putQueue(queue: Queue): Promise<void> {
    return this.read(() => {
      this.requireTenant(queue.tenantId);
      this.t.set(inner(this.t.queues, queue.tenantId), queue.id, queueToRow(queue));
    });
  }

  putTransactionCodeList(tenantId: string, list: TransactionCodeList): Promise<void> {
    return this.putDocument('transaction_code_lists', tenantId, list.id, list);
  }

  putDialPlan(tenantId: string, plan: DialPlan): Promise<void> {
    return this.putDocument('dial_plans', tenantId, plan.id, plan);
  }

  putChannels(tenantId: string, numbers: readonly string[]): Promise<void> {
    return this.read(() => {
      const numbersSet = [...new Set(numbers)];
      if (numbersSet.length > 0) this.requireTenant(tenantId);
      if (numbersSet.length === 0) this.t.delete(this.t.channels, tenantId);
      else this.t.set(this.t.channels, tenantId, numbersSet);
    });
  }

  putCallDefaults(tenantId: string, defaults: TenantCallDefaults): Promise<void> {
    return this.read(() => this.updateTenantRow(tenantId, { default_wrap_up_seconds: defaults.wrapUpSeconds, default_dial_plan_id: defaults.dialPlanId }));
  }

  putTelephonyRules(tenantId: string, rules: unknown): Promise<void> {
    return this.read(() => {
      const json = rules === null || rules === undefined ? null : JSON.stringify(rules);
      this.updateTenantRow(tenantId, { telephony_rules: json });
    });
  }

  putAgentCallSettings(tenantId: string, settings: AgentCallSettings): Promise<void> {
    return this.read(() => {
      const row = this.t.agents.get(tenantId)?.get(settings.agentId);
      if (!row) return;
      this.putAgentRow({
        ...row,
        routing: row.routing, // a getter on a state-saved row (LazyAgentRow)
        caller_id: settings.callerId, dial_plan_id: settings.dialPlanId, wrap_up_seconds: settings.wrapUpSeconds,
        routing_overrides: settings.overrides === undefined ? null : JSON.stringify(settings.overrides),
      });
    });
  }

  putTimeGroup(tenantId: string, group: TimeGroup): Promise<void> {
    return this.putDocument('time_groups', tenantId, group.id, group);
  }

  putDid(did: Did): Promise<void> {
    return this.read(() => {
      const owner = this.t.dids.get(did.number);
      if (owner && owner.tenant_id !== did.tenantId) throw new ConflictError(`number ${did.number} belongs to another tenant`);
      this.requireTenant(did.tenantId);
      this.t.set(this.t.dids, did.number, { number: did.number, tenant_id: did.tenantId, queue_id: did.queueId });
    });
  }

  deleteDid(tenantId: string, number: string): Promise<void> {
    return this.read(() => {
      if (this.t.dids.get(number)?.tenant_id === tenantId) this.t.delete(this.t.dids, number);
    });
  }

  putQueueCaller(caller: QueueCaller): Promise<void> {
    return this.read(() => {
      this.requireTenant(caller.tenantId);
      const row = new LazyQueueCallerRow(caller);
      const key = key2(row.tenant_id, row.caller_id);
      this.t.delete(this.t.openCallers, key);
      this.t.delete(this.t.leftCallers, key);
      if (row.active === 1 || this.t.retention.keepHistory) this.t.set(row.active === 1 ? this.t.openCallers : this.t.leftCallers, key, row);
    });
  }

  insertInteraction(interaction: Interaction): Promise<number> {
    return this.read(() => {
      const tenant = this.t.tenants.get(interaction.tenantId);
      if (!tenant) throw new Error(`tenant '${interaction.tenantId}' does not exist`);
      if (this.t.interactions.get(interaction.tenantId)?.has(interaction.guid)) throw unique('interactions.tenant_id, interactions.guid');
      const transactionNumber = tenant.last_transaction_number + 1;
      this.t.set(this.t.tenants, tenant.id, { ...tenant, last_transaction_number: transactionNumber });
      this.putInteractionRow(new LazyInteractionRow(interaction.tenantId, interaction.guid, transactionNumber, { ...interaction, transactionNumber }));
      return transactionNumber;
    });
  }

  saveInteraction(interaction: Interaction): Promise<void> {
    return this.read(() => {
      const row = this.t.interactions.get(interaction.tenantId)?.get(interaction.guid);
      if (!row) throw new Error(`interaction '${interaction.guid}' is not stored`);
      this.putInteractionRow(new LazyInteractionRow(row.tenant_id, row.guid, row.transaction_number, interaction), row);
    });
  }

  private putInteractionRow(row: InteractionsTable, previous?: InteractionsTable): void {
    const t = this.t;
    const key = key2(row.tenant_id, row.guid);
    if (previous && previous.agent_id !== row.agent_id) {
      const old = t.agentInteractions.get(key2(previous.tenant_id, previous.agent_id));
      if (old) t.delete(old, row.guid);
    }
    if (row.active === 0 && !t.retention.keepHistory) {
      // Not keeping history: a completed interaction is let go (its events tell what happened).
      const byAgent = t.agentInteractions.get(key2(row.tenant_id, row.agent_id));
      if (byAgent) t.delete(byAgent, row.guid);
      const byTenant = t.interactions.get(row.tenant_id);
      if (byTenant) t.delete(byTenant, row.guid);
      t.delete(t.activeInteractions, key);
      return;
    }
    t.set(inner(t.interactions, row.tenant_id), row.guid, row);
    t.set(inner(t.agentInteractions, key2(row.tenant_id, row.agent_id)), row.guid, row);
    if (row.active === 1) t.set(t.activeInteractions, key, row);
    else t.delete(t.activeInteractions, key);
  }

  private putDocument(table: DocumentTable, tenantId: string, id: number, doc: unknown): Promise<void> {
    return this.read(() => {
      this.requireTenant(tenantId);
      this.t.set(inner(this.t.documents[table], tenantId), id, JSON.stringify(doc));
    });
  }

  protected putAgentRow(row: AgentsTable): void {
    this.t.set(inner(this.t.agents, row.tenant_id), row.agent_id, row);
  }

  /** An UPDATE of the tenant row: no row, no change. */
  protected updateTenantRow(id: string, values: Partial<TenantsTable>): void {
    const row = this.t.tenants.get(id);
    if (!row || Object.keys(values).length === 0) return;
    this.t.set(this.t.tenants, id, { ...row, ...values });
  }

  /** The foreign key every tenant-owned table has on tenants.id. */
  protected requireTenant(tenantId: string): void {
    if (!this.t.tenants.has(tenantId)) throw new Error(`FOREIGN KEY constraint failed: tenant '${tenantId}' does not exist`);
  }

}
