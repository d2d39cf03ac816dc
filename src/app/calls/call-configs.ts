import type { DialPlan } from '../../domain/calls/dial-plan.ts';
import type { Queue, TransactionCodeList } from '../../domain/calls/queue.ts';
import type { TimeGroup } from '../../domain/acd/time-groups.ts';
import type { AgentCallSettings, Did, StoreReads, TenantCallDefaults } from '../../ports/storage.ts';
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
  readonly timeGroups: ReadonlyMap<number, TimeGroup>;
  /** The tenant's numbers (DIDs) and their queues. */
  readonly dids: readonly Did[];
}

const EMPTY: TenantCallConfig = {
  queues: new Map(), lists: [], dialPlans: new Map(), channels: [],
  defaults: { wrapUpSeconds: 0, dialPlanId: null }, agentSettings: new Map(), telephony: {}, timeGroups: new Map(), dids: [],
};

/**
 * Every tenant's call configuration (queues, code lists, dial plans, channels, defaults, agent
 * call settings, telephony rules) held in memory, so placing a call reads no table. Reloaded
 * from the store after each provisioning commit, like the rest of the directory.
 * @example const config = configs.of(tenantId); config.queues.get(598)?.wrapUpSeconds;
 */
export class CallConfigs {
  private readonly byTenant = new Map<string, TenantCallConfig>();
  /** Every tenant number, platform-wide. */
  private readonly didIndex = new Map<string, Did>();

  of(tenantId: string): TenantCallConfig {
    return this.byTenant.get(tenantId) ?? EMPTY;
  }

  /** The tenant and queue a number leads to. */
  did(number: string): Did | undefined {
    return this.didIndex.get(number);
  }

  async reload(store: StoreReads, tenantId: string): Promise<void> {
    const [queues, lists, dialPlans, channels, defaults, settings, rules, timeGroups, dids] = await Promise.all([
      store.listQueues(tenantId), store.listTransactionCodeLists(tenantId), store.listDialPlans(tenantId), store.listChannels(tenantId),
      store.getCallDefaults(tenantId), store.listAgentCallSettings(tenantId), store.getTelephonyRules(tenantId), store.listTimeGroups(tenantId),
      store.listDids(tenantId),
    ]);
    for (const [number, did] of this.didIndex) if (did.tenantId === tenantId) this.didIndex.delete(number);
    for (const did of dids) this.didIndex.set(did.number, did);
    this.byTenant.set(tenantId, {
      queues: new Map(queues.map((q) => [q.id, q])),
      lists,
      dialPlans: new Map(dialPlans.map((p) => [p.id, p])),
      channels,
      defaults,
      agentSettings: new Map(settings.map((s) => [s.agentId, s])),
      telephony: rules === null ? {} : parseTelephonyRules(rules),
      timeGroups: new Map(timeGroups.map((g) => [g.id, g])),
      dids,
    });
  }
}
