import type { DialPlan } from '../../domain/calls/dial-plan.ts';
import type { Queue, TransactionCodeList } from '../../domain/calls/queue.ts';
import type { CallConfigDefined } from '../../domain/events.ts';
import type { AgentCallSettings, StoreReads, StoreTx, TenantCallDefaults } from '../../ports/storage.ts';
import { parseTelephonyRules } from '../../telephony/simulated/rules.ts';
import { SchemaError } from '../schema-check.ts';
import type { DialPlanSpec, QueueSpec, TransactionCodeListSpec } from './call-config-schema.ts';
import type { TenantSpec } from './schema.ts';

/** What a tenant document changes in the call configuration (only what differs). */
export interface CallConfigPlan {
  queues: Queue[];
  lists: TransactionCodeList[];
  dialPlans: DialPlan[];
  channels: string[] | null;
  defaults: TenantCallDefaults | null;
  agentSettings: AgentCallSettings[];
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
  };
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
  const [queues, lists, plans, channels, defaults, settings, rules] = tenantId
    ? await Promise.all([
        store.listQueues(id), store.listTransactionCodeLists(id), store.listDialPlans(id), store.listChannels(id),
        store.getCallDefaults(id), store.listAgentCallSettings(id), store.getTelephonyRules(id),
      ])
    : [[], [], [], [], { wrapUpSeconds: 0, dialPlanId: null }, [], null];
  const wantedDefaults = { wrapUpSeconds: spec.callDefaults?.wrapUpSeconds ?? defaults.wrapUpSeconds, dialPlanId: spec.callDefaults?.dialPlan === undefined ? defaults.dialPlanId : spec.callDefaults.dialPlan };
  const wantedChannels = spec.channels === undefined ? null : [...new Set(spec.channels)].sort();
  const agentSettings = (spec.agents ?? []).flatMap((agent, i): AgentCallSettings[] => {
    if (agent.callerId === undefined && agent.dialPlan === undefined && agent.wrapUpSeconds === undefined) return [];
    const agentId = agentIds[i] as string;
    const current = settings.find((s) => s.agentId === agentId) ?? { agentId, callerId: null, dialPlanId: null, wrapUpSeconds: null };
    const wanted = {
      agentId,
      callerId: agent.callerId === undefined ? current.callerId : agent.callerId,
      dialPlanId: agent.dialPlan === undefined ? current.dialPlanId : agent.dialPlan,
      wrapUpSeconds: agent.wrapUpSeconds === undefined ? current.wrapUpSeconds : agent.wrapUpSeconds,
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
    telephony: spec.telephony === undefined || same(spec.telephony, rules) ? undefined : { rules: spec.telephony },
  };
}

/** Checks the document's references to code lists and dial plans (errors name the field). */
export function checkCallReferences(spec: TenantSpec, at: string, known: { lists: Set<number>; plans: Set<number> }): void {
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
  return plan.queues.length + plan.lists.length + plan.dialPlans.length + plan.agentSettings.length === 0 && !plan.channels && !plan.defaults && !plan.telephony;
}

export function callConfigEvent(plan: CallConfigPlan): CallConfigDefined | null {
  if (isEmpty(plan)) return null;
  return {
    type: 'call_config.defined', queueIds: plan.queues.map((q) => q.id), transactionCodeListIds: plan.lists.map((l) => l.id),
    dialPlanIds: plan.dialPlans.map((d) => d.id), channelsChanged: plan.channels !== null, defaultsChanged: plan.defaults !== null,
    agentIds: plan.agentSettings.map((s) => s.agentId), telephonyChanged: plan.telephony !== undefined,
  };
}

/** Writes the plan; agent settings after the agents exist. */
export async function writeCallConfig(tx: StoreTx, tenantId: string, plan: CallConfigPlan): Promise<void> {
  for (const list of plan.lists) await tx.putTransactionCodeList(tenantId, list);
  for (const dialPlan of plan.dialPlans) await tx.putDialPlan(tenantId, dialPlan);
  for (const queue of plan.queues) await tx.putQueue(queue);
  if (plan.channels) await tx.putChannels(tenantId, plan.channels);
  if (plan.defaults) await tx.putCallDefaults(tenantId, plan.defaults);
  for (const settings of plan.agentSettings) await tx.putAgentCallSettings(tenantId, settings);
  if (plan.telephony) await tx.putTelephonyRules(tenantId, plan.telephony.rules);
}
