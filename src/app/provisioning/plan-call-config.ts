import type { DialPlan } from '../../domain/calls/dial-plan.ts';
import type { Queue, TransactionCodeList } from '../../domain/calls/queue.ts';
import type { CallConfigDefined } from '../../domain/events.ts';
import { DEFAULT_OVERRIDES, type AgentOverrides } from '../../domain/acd/agent-routing.ts';
import { DEFAULT_ROUTING, type Tier } from '../../domain/acd/routing.ts';
import type { TimeGroup } from '../../domain/acd/time-groups.ts';
import type { AgentCallSettings, Did, StoreReads, StoreTx, TenantCallDefaults } from '../../ports/storage.ts';
import { parseTelephonyRules } from '../../telephony/simulated/rules.ts';
import { SchemaError } from '../schema-check.ts';
import type { DialPlanSpec, QueueSpec, TransactionCodeListSpec } from './call-config-schema.ts';
import type { AgentSpec, TenantSpec } from './schema.ts';

/** What a tenant document changes in the call configuration (only what differs). */
export interface CallConfigPlan {
  queues: Queue[];
  lists: TransactionCodeList[];
  dialPlans: DialPlan[];
  channels: string[] | null;
  defaults: TenantCallDefaults | null;
  agentSettings: AgentCallSettings[];
  timeGroups: TimeGroup[];
  dids: Did[];
  /** New telephony rules (null: back to the defaults); undefined when unchanged. */
  telephony: { readonly rules: unknown } | undefined;
}

/** Deep equality of plain configuration values (same key order: both sides are built by our own mappers). */
export const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function dialPlanOf(spec: DialPlanSpec): DialPlan {
  return {
    id: spec.id, name: spec.name, countryCode: spec.countryCode, nationalNumberLengths: spec.nationalNumberLengths,
    trunkPrefix: spec.trunkPrefix ?? null, internationalPrefix: spec.internationalPrefix ?? '011',
  };
}

function listOf(spec: TransactionCodeListSpec): TransactionCodeList {
  return { id: spec.id, name: spec.name, choice: spec.choice, tenantWide: spec.tenantWide ?? false, items: spec.items.map((i) => ({ id: i.id, label: i.label })) };
}

function queueOf(tenantId: string, spec: QueueSpec): Queue {
  return {
    tenantId, id: spec.id, name: spec.name, type: spec.type, ccsUuid: spec.ccsUuid ?? null, extension: spec.extension ?? null,
    wrapUpSeconds: spec.wrapUpSeconds ?? null, transactionCodeListIds: spec.transactionCodeLists ?? [], codesRequired: spec.codesRequired ?? false,
    ...(spec.routing && { routing: { ...DEFAULT_ROUTING, ...spec.routing } }),
    ...(spec.settings && { settings: spec.settings }),
    ...(spec.tiers && {
      tiers: spec.tiers.map((t, i): Tier => ({ agentId: t.agent, mode: t.mode ?? 'Available', position: t.position ?? i + 1, level: t.level ?? 1, timeGroupId: t.timeGroup ?? null })),
    }),
  };
}

function overridesOf(spec: AgentSpec, current: AgentOverrides | undefined): AgentOverrides | undefined {
  const given = { noAnswerDelayTime: spec.noAnswerDelayTime, rejectDelayTime: spec.rejectDelayTime, busyDelayTime: spec.busyDelayTime, maxNoAnswer: spec.maxNoAnswer };
  if (Object.values(given).every((v) => v === undefined)) return current;
  const base = current ?? DEFAULT_OVERRIDES;
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, given[k as keyof typeof given] ?? v])) as unknown as AgentOverrides;
}

/** Items of `wanted` that are new or differ from the current ones with the same id. */
export function changed<T extends { id: number }>(wanted: readonly T[], current: readonly T[]): T[] {
  return wanted.filter((w) => !same(current.find((c) => c.id === w.id), w));
}

/**
 * Plans the call configuration of one tenant document against what is stored (`tenantId`
 * undefined: a new tenant). `agentIds` gives each agent spec's id, in the document's order.
 */
export async function planCallConfig(store: StoreReads, tenantId: string | undefined, newTenantId: string, spec: TenantSpec, agentIds: readonly string[]): Promise<CallConfigPlan> {
  const id = tenantId ?? newTenantId;
  const [queues, lists, plans, channels, defaults, settings, rules, groups, dids] = tenantId
    ? await Promise.all([
        store.listQueues(id), store.listTransactionCodeLists(id), store.listDialPlans(id), store.listChannels(id),
        store.getCallDefaults(id), store.listAgentCallSettings(id), store.getTelephonyRules(id), store.listTimeGroups(id), store.listDids(),
      ])
    : [[], [], [], [], { wrapUpSeconds: 0, dialPlanId: null }, [], null, [], await store.listDids()];
  const wantedDefaults = { wrapUpSeconds: spec.callDefaults?.wrapUpSeconds ?? defaults.wrapUpSeconds, dialPlanId: spec.callDefaults?.dialPlan === undefined ? defaults.dialPlanId : spec.callDefaults.dialPlan };
  const wantedChannels = spec.channels === undefined ? null : [...new Set(spec.channels)].sort();
  const agentSettings = (spec.agents ?? []).flatMap((agent, i): AgentCallSettings[] => {
    const agentId = agentIds[i] as string;
    const current: AgentCallSettings = settings.find((s) => s.agentId === agentId) ?? { agentId, callerId: null, dialPlanId: null, wrapUpSeconds: null };
    const overrides = overridesOf(agent, current.overrides);
    if (agent.callerId === undefined && agent.dialPlan === undefined && agent.wrapUpSeconds === undefined && overrides === current.overrides) return [];
    const wanted: AgentCallSettings = {
      agentId,
      callerId: agent.callerId === undefined ? current.callerId : agent.callerId,
      dialPlanId: agent.dialPlan === undefined ? current.dialPlanId : agent.dialPlan,
      wrapUpSeconds: agent.wrapUpSeconds === undefined ? current.wrapUpSeconds : agent.wrapUpSeconds,
      ...(overrides && { overrides }),
    };
    return same(wanted, current) ? [] : [wanted];
  });
  return {
    queues: changed((spec.queues ?? []).map((q) => queueOf(id, q)), queues),
    lists: changed((spec.transactionCodeLists ?? []).map(listOf), lists),
    dialPlans: changed((spec.dialPlans ?? []).map(dialPlanOf), plans),
    channels: wantedChannels && !same(wantedChannels, channels) ? wantedChannels : null,
    defaults: same(wantedDefaults, defaults) ? null : wantedDefaults,
    agentSettings,
    timeGroups: changed((spec.timeGroups ?? []).map((g): TimeGroup => ({ id: g.id, name: g.name, rules: g.rules })), groups),
    dids: (spec.dids ?? []).map((d) => ({ number: d.number, tenantId: id, queueId: d.queue })).filter((d) => !same(dids.find((x) => x.number === d.number), d)),
    telephony: spec.telephony === undefined || same(spec.telephony, rules) ? undefined : { rules: spec.telephony },
  };
}

/** Checks the document's references to code lists and dial plans (errors name the field). */
export function checkCallReferences(spec: TenantSpec, at: string, known: { lists: Set<number>; plans: Set<number>; queues: Map<number, string>; timeGroups: Set<number>; agents: Set<string> }): void {
  (spec.dids ?? []).forEach((did, d) => {
    const type = known.queues.get(did.queue);
    if (type === undefined) throw new SchemaError(`${at}.dids[${d}].queue`, `queue ${did.queue} does not exist`);
    if (type !== 'inbound') throw new SchemaError(`${at}.dids[${d}].queue`, `queue ${did.queue} is an ${type} queue; a number leads to an inbound queue`);
  });
  (spec.queues ?? []).forEach((queue, q) =>
    (queue.tiers ?? []).forEach((tier, t) => {
      if (!known.agents.has(tier.agent)) throw new SchemaError(`${at}.queues[${q}].tiers[${t}].agent`, `agent ${tier.agent} does not exist`);
      if (tier.timeGroup != null && !known.timeGroups.has(tier.timeGroup)) throw new SchemaError(`${at}.queues[${q}].tiers[${t}].timeGroup`, `time group ${tier.timeGroup} does not exist`);
    }),
  );
  (spec.queues ?? []).forEach((queue, q) =>
    (queue.transactionCodeLists ?? []).forEach((listId, k) => {
      if (!known.lists.has(listId)) throw new SchemaError(`${at}.queues[${q}].transactionCodeLists[${k}]`, `transaction code list ${listId} does not exist`);
    }),
  );
  if (spec.telephony) {
    try {
      parseTelephonyRules(spec.telephony);
    } catch (error) {
      throw new SchemaError(`${at}.telephony`, error instanceof Error ? error.message : String(error));
    }
  }
  const plan = spec.callDefaults?.dialPlan;
  if (plan !== undefined && plan !== null && !known.plans.has(plan)) throw new SchemaError(`${at}.callDefaults.dialPlan`, `dial plan ${plan} does not exist`);
  (spec.agents ?? []).forEach((agent, a) => {
    if (agent.dialPlan !== undefined && agent.dialPlan !== null && !known.plans.has(agent.dialPlan)) {
      throw new SchemaError(`${at}.agents[${a}].dialPlan`, `dial plan ${agent.dialPlan} does not exist`);
    }
  });
}

export function isEmpty(plan: CallConfigPlan): boolean {
  const lists = plan.queues.length + plan.lists.length + plan.dialPlans.length + plan.agentSettings.length + plan.timeGroups.length + plan.dids.length;
  return lists === 0 && !plan.channels && !plan.defaults && !plan.telephony;
}

export function callConfigEvent(plan: CallConfigPlan): CallConfigDefined | null {
  if (isEmpty(plan)) return null;
  return {
    type: 'call_config.defined', queueIds: plan.queues.map((q) => q.id), transactionCodeListIds: plan.lists.map((l) => l.id),
    dialPlanIds: plan.dialPlans.map((d) => d.id), channelsChanged: plan.channels !== null, defaultsChanged: plan.defaults !== null,
    agentIds: plan.agentSettings.map((s) => s.agentId), telephonyChanged: plan.telephony !== undefined,
    timeGroupIds: plan.timeGroups.map((g) => g.id), dids: plan.dids.map((d) => d.number),
  };
}

/** Writes the plan; agent settings after the agents exist. */
export async function writeCallConfig(tx: StoreTx, tenantId: string, plan: CallConfigPlan): Promise<void> {
  for (const list of plan.lists) await tx.putTransactionCodeList(tenantId, list);
  for (const dialPlan of plan.dialPlans) await tx.putDialPlan(tenantId, dialPlan);
  for (const group of plan.timeGroups) await tx.putTimeGroup(tenantId, group);
  for (const did of plan.dids) await tx.putDid(did);
  for (const queue of plan.queues) await tx.putQueue(queue);
  if (plan.channels) await tx.putChannels(tenantId, plan.channels);
  if (plan.defaults) await tx.putCallDefaults(tenantId, plan.defaults);
  for (const settings of plan.agentSettings) await tx.putAgentCallSettings(tenantId, settings);
  if (plan.telephony) await tx.putTelephonyRules(tenantId, plan.telephony.rules);
}
