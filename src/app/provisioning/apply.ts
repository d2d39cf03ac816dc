import type { AgentGroup } from '../../domain/agent.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { ReasonCatalogue, type StatusCodeList } from '../../domain/reason-codes.ts';
import type { StoreTx, TenantRecord } from '../../ports/storage.ts';
import { commitChange, type Core } from '../core.ts';
import { compileCheck } from '../schema-check.ts';
import { planAgents, type AgentsPlan } from './plan-agents.ts';
import { callConfigEvent, changed, checkCallReferences, planCallConfig, writeCallConfig, type CallConfigPlan } from './plan-call-config.ts';
import { SYSTEM_LIST, listFromSpec, planTenantRecord, type TenantPlan } from './plan-tenant.ts';
import { TenantDocument, type TenantSpec } from './schema.ts';
import { checkDocument } from './validate.ts';

export interface ApplyOptions {
  /** Set secrets (tokens, passwords) only when creating; the demo uses this so re-loading changes nothing. */
  secretsOnCreateOnly: boolean;
}

/** One line for a person applying a file (CLI, start-up); a generated token is shown here once. */
export function describeApplyResult(r: TenantApplyResult): string {
  const token = r.generatedActionRequestToken ? `; generated Action Request Token (shown once): ${r.generatedActionRequestToken}` : '';
  return `tenant ${r.name}: ${r.created ? 'created' : r.changed ? 'updated' : 'unchanged'}${token}`;
}

export interface TenantApplyResult {
  name: string;
  created: boolean;
  changed: boolean;
  /** Present only when Switchboard generated the token; it is not stored and can't be shown again. */
  generatedActionRequestToken?: string;
}

const checkTenantDocument = compileCheck(TenantDocument);

interface Plan {
  tenant: TenantPlan;
  lists: StatusCodeList[];
  groups: AgentGroup[];
  agents: AgentsPlan;
  calls: CallConfigPlan;
}

/**
 * Applies a tenant document: creates what is missing, updates what differs, leaves the rest.
 * Each tenant commits in one transaction with its events; applying the same document twice
 * changes nothing the second time.
 */
export async function applyDocument(core: Core, input: unknown, options: ApplyOptions): Promise<TenantApplyResult[]> {
  const doc = checkTenantDocument(input);
  checkDocument(doc, core.directory);
  const results: TenantApplyResult[] = [];
  for (const spec of doc.tenants) {
    const key = core.directory.tenantByName(spec.name)?.id ?? `new:${spec.name}`;
    results.push(await core.locks.run(key, () => applyTenant(core, spec, options)));
  }
  return results;
}

async function applyTenant(core: Core, spec: TenantSpec, options: ApplyOptions): Promise<TenantApplyResult> {
  const existing = core.directory.tenantByName(spec.name);
  const plan = await planTenant(core, spec, existing, options);
  const tenantId = existing?.id ?? (plan.tenant.insert as { id: string }).id;
  const callEvent = callConfigEvent(plan.calls);
  const events = [...catalogueEvents(plan), ...(callEvent ? [callEvent] : [])];
  const base = { name: spec.name, created: !existing, ...(plan.tenant.generatedToken && { generatedActionRequestToken: plan.tenant.generatedToken }) };
  if (plan.tenant.events.length + events.length + plan.agents.inserts.length + plan.agents.updates.length === 0) {
    return { ...base, changed: false };
  }
  await commitChange(
    core,
    tenantId,
    (inserted: Awaited<ReturnType<typeof writePlan>>) => [...plan.tenant.events, ...events, ...agentEvents(plan.agents, inserted)],
    (tx) => writePlan(tx, tenantId, plan),
    () => reloadTenant(core, tenantId),
  );
  return { ...base, changed: true };
}

async function planTenant(core: Core, spec: TenantSpec, existing: TenantRecord | undefined, options: ApplyOptions): Promise<Plan> {
  const tenant = planTenantRecord(core, spec, existing, options.secretsOnCreateOnly);
  const current = existing ? core.directory.catalogue(existing.id) : new ReasonCatalogue([]);
  const wanted = [...(existing ? [] : [SYSTEM_LIST]), ...(spec.statusCodeLists ?? []).map(listFromSpec)];
  const lists = changed(wanted, current.allLists());
  const merged = new ReasonCatalogue([...current.allLists().filter((l) => !wanted.some((w) => w.id === l.id)), ...wanted]);
  const tenantId = existing?.id ?? (tenant.insert as { id: string }).id;
  const currentGroups = existing ? core.directory.groups(existing.id) : [];
  const groups = changed(
    (spec.agentGroups ?? []).map((g): AgentGroup => ({ tenantId, id: g.id, name: g.name, statusCodeListIds: g.statusCodeLists })),
    currentGroups,
  );
  const agents = await planAgents(core, existing?.id, spec.agents ?? [], merged, options.secretsOnCreateOnly, `tenants[${spec.name}]`);
  for (const insert of agents.inserts) Object.assign(insert, { tenantId });
  const stored = existing
    ? await Promise.all([core.store.listTransactionCodeLists(existing.id), core.store.listDialPlans(existing.id), core.store.listQueues(existing.id), core.store.listTimeGroups(existing.id)])
    : [[], [], [], []] as const;
  checkCallReferences(spec, `tenants[${spec.name}]`, {
    lists: new Set([...(spec.transactionCodeLists ?? []), ...stored[0]].map((l) => l.id)),
    plans: new Set([...(spec.dialPlans ?? []), ...stored[1]].map((p) => p.id)),
    queues: new Map([...stored[2], ...(spec.queues ?? [])].map((q) => [q.id, q.type])),
    timeGroups: new Set([...(spec.timeGroups ?? []), ...stored[3]].map((g) => g.id)),
    agents: new Set([...agents.agentIds, ...(existing ? core.directory.agentsPage(existing.id, null, 1_000_000).agents.map((a) => a.agentId) : [])]),
  });
  const calls = await planCallConfig(core.store, existing?.id, tenantId, spec, agents.agentIds);
  return { tenant, lists, groups, agents, calls };
}

async function writePlan(tx: StoreTx, tenantId: string, plan: Plan): Promise<{ agentId: string; userId: number; name: string }[]> {
  if (plan.tenant.insert) await tx.insertTenant(plan.tenant.insert);
  if (plan.tenant.patch) await tx.updateTenant(tenantId, plan.tenant.patch);
  if (plan.tenant.tokenHash) await tx.setActionTokenHash(tenantId, plan.tenant.tokenHash);
  for (const list of plan.lists) await tx.putStatusCodeList(tenantId, list);
  for (const group of plan.groups) await tx.putAgentGroup(group);
  const inserted = [];
  for (const agent of plan.agents.inserts) inserted.push(await tx.insertAgent(agent));
  for (const update of plan.agents.updates) await tx.updateAgentProfile(tenantId, update.agentId, update.profile);
  await writeCallConfig(tx, tenantId, plan.calls);
  return inserted;
}

function catalogueEvents(plan: Plan): DomainEvent[] {
  if (plan.lists.length === 0 && plan.groups.length === 0) return [];
  return [{ type: 'catalogue.defined', statusCodeListIds: plan.lists.map((l) => l.id), agentGroupIds: plan.groups.map((g) => g.id) }];
}

function agentEvents(plan: AgentsPlan, inserted: { agentId: string; userId: number; name: string }[]): DomainEvent[] {
  return [
    ...inserted.map((a): DomainEvent => ({ type: 'agent.created', agentId: a.agentId, userId: a.userId, name: a.name })),
    ...plan.updates.map((u): DomainEvent => ({ type: 'agent.updated', agentId: u.agentId, name: u.profile.name, groupId: u.profile.groupId })),
  ];
}

/** Refreshes one tenant in the directory from what was committed. */
export async function reloadTenant(core: Core, tenantId: string): Promise<void> {
  const { store, directory } = core;
  const record = await store.getTenant(tenantId);
  if (!record) return;
  const [lists, groups, agents] = await Promise.all([store.listStatusCodeLists(tenantId), store.listAgentGroups(tenantId), store.listAgents(tenantId)]);
  directory.putTenant(record);
  directory.putCatalogue(tenantId, lists, groups);
  for (const agent of agents) directory.putAgent(agent);
  await directory.calls.reload(store, tenantId);
}
