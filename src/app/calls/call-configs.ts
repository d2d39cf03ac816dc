import type { DialPlan } from '../../domain/calls/dial-plan.ts';
import type { Queue, TransactionCodeList } from '../../domain/calls/queue.ts';
import type { AgentCallSettings, StoreReads, TenantCallDefaults } from '../../ports/storage.ts';
import { parseTelephonyRules, type TelephonyRules } from '../../telephony/simulated/rules.ts';

/** One tenant's call configuration, as committed. */
export interface TenantCallConfig {
  readonly queues: ReadonlyMap<number, Queue>;
  readonly lists: readonly TransactionCodeList[];
  readonly dialPlans: ReadonlyMap<number, DialPlan>;
  readonly channels: readonly string[];
  readonly defaults: TenantCallDefaults;
  readonly agentSettings: ReadonlyMap<string, AgentCallSettings>;
  readonly telephony: TelephonyRules;
}

const EMPTY: TenantCallConfig = {
  queues: new Map(), lists: [], dialPlans: new Map(), channels: [],
  defaults: { wrapUpSeconds: 0, dialPlanId: null }, agentSettings: new Map(), telephony: {},
};

/**
 * Every tenant's call configuration (queues, code lists, dial plans, channels, defaults, agent
 * call settings, telephony rules) held in memory, so placing a call reads no table. Reloaded
 * from the store after each provisioning commit, like the rest of the directory.
 * @example const config = configs.of(tenantId); config.queues.get(598)?.wrapUpSeconds;
 */
export class CallConfigs {
  private readonly byTenant = new Map<string, TenantCallConfig>();

  of(tenantId: string): TenantCallConfig {
    return this.byTenant.get(tenantId) ?? EMPTY;
  }

  async reload(store: StoreReads, tenantId: string): Promise<void> {
    const [queues, lists, dialPlans, channels, defaults, settings, rules] = await Promise.all([
      store.listQueues(tenantId), store.listTransactionCodeLists(tenantId), store.listDialPlans(tenantId), store.listChannels(tenantId),
      store.getCallDefaults(tenantId), store.listAgentCallSettings(tenantId), store.getTelephonyRules(tenantId),
    ]);
    this.byTenant.set(tenantId, {
      queues: new Map(queues.map((q) => [q.id, q])),
      lists,
      dialPlans: new Map(dialPlans.map((p) => [p.id, p])),
      channels,
      defaults,
      agentSettings: new Map(settings.map((s) => [s.agentId, s])),
      telephony: rules === null ? {} : parseTelephonyRules(rules),
    });
  }
}
