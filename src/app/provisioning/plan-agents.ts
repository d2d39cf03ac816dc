import { INITIAL_ROUTING, withJoined } from '../../domain/acd/agent-routing.ts';
import { INITIAL_STATE, PresenceKind, type Agent, type AgentState, type Presence } from '../../domain/agent.ts';
import { ConflictError } from '../../domain/errors.ts';
import { newAgentId } from '../../domain/ids.ts';
import { ReasonKind, type ReasonCatalogue } from '../../domain/reason-codes.ts';
import type { AgentProfile, NewAgent, Store } from '../../ports/storage.ts';
import { SchemaError } from '../schema-check.ts';
import { hashPassword, verifyPassword } from '../security.ts';
import type { Core } from '../core.ts';
import type { AgentSpec, PresenceSpec } from './schema.ts';

export interface AgentsPlan {
  inserts: NewAgent[];
  updates: { agentId: string; profile: AgentProfile }[];
  /** The agent id of each spec, in the document's order (new ones included). */
  agentIds: string[];
}

const REASON_KIND_OF: Partial<Record<Presence['kind'], ReasonKind>> = {
  on_break: ReasonKind.Break,
  working_offline: ReasonKind.Offline,
  logged_out: ReasonKind.SignOut,
};

/** The presence a new agent starts in; a reason must exist and fit the presence. */
function withInitialQueues(state: AgentState, queues: readonly number[] | undefined): AgentState {
  return queues === undefined ? state : { ...state, routing: withJoined(INITIAL_ROUTING, queues) };
}

export function initialState(spec: PresenceSpec | undefined, catalogue: ReasonCatalogue, now: number, at: string): AgentState {
  if (!spec) return { ...INITIAL_STATE, presenceSince: now };
  const expected = REASON_KIND_OF[spec.kind];
  if (spec.reason && expected === undefined) throw new SchemaError(`${at}.reason`, `a ${spec.kind} presence has no reason`);
  if (!spec.reason && (spec.kind === PresenceKind.OnBreak || spec.kind === PresenceKind.WorkingOffline)) {
    throw new SchemaError(`${at}.reason`, `a ${spec.kind} presence needs a reason`);
  }
  let reason = null;
  if (spec.reason) {
    const item = catalogue.item(spec.reason.statusCodeListId, spec.reason.statusCodeItemId);
    if (!item) throw new SchemaError(`${at}.reason`, `status code ${spec.reason.statusCodeListId}/${spec.reason.statusCodeItemId} does not exist`);
    if (item.kind !== expected) throw new SchemaError(`${at}.reason`, `status code ${item.listId}/${item.id} is a ${item.kind} reason`);
    reason = { listId: item.listId, itemId: item.id };
  }
  return { ...INITIAL_STATE, presence: { kind: spec.kind, reason }, presenceSince: now };
}

function findExisting(core: Core, tenantId: string | undefined, spec: AgentSpec): Agent | undefined {
  if (tenantId === undefined) return undefined;
  if (spec.agentId !== undefined) return core.directory.agent(tenantId, spec.agentId);
  return spec.username === undefined ? undefined : core.directory.agentByUsername(tenantId, spec.username);
}

async function checkUsernameFree(store: Store, username: string | undefined, tenantId: string | undefined, agentId: string | undefined, at: string) {
  if (username === undefined) return;
  const owner = await store.getAgentByUsername(username);
  if (owner && !(owner.tenantId === tenantId && owner.agentId === agentId)) {
    throw new ConflictError(`${at}.username '${username}' is already taken`);
  }
}

/** New agents to insert and existing ones whose profile differs. */
export async function planAgents(
  core: Core,
  tenantId: string | undefined,
  specs: readonly AgentSpec[],
  catalogue: ReasonCatalogue,
  secretsOnCreateOnly: boolean,
  at: string,
): Promise<AgentsPlan> {
  const plan: AgentsPlan = { inserts: [], updates: [], agentIds: [] };
  for (const [i, spec] of specs.entries()) {
    const path = `${at}.agents[${i}]`;
    const existing = findExisting(core, tenantId, spec);
    await checkUsernameFree(core.store, spec.username, tenantId, existing?.agentId, path);
    if (!existing) {
      const agentId = spec.agentId ?? newAgentId(core.random);
      plan.agentIds.push(agentId);
      plan.inserts.push({
        tenantId: tenantId ?? '',
        agentId,
        name: spec.name,
        username: spec.username ?? null,
        passwordHash: spec.password === undefined ? null : await hashPassword(spec.password),
        groupId: spec.group ?? null,
        state: withInitialQueues(initialState(spec.initialPresence, catalogue, core.clock.now(), `${path}.initialPresence`), spec.initialQueues),
      });
      continue;
    }
    plan.agentIds.push(existing.agentId);
    const profile = await changedProfile(core.store, existing, spec, secretsOnCreateOnly);
    if (profile) plan.updates.push({ agentId: existing.agentId, profile });
  }
  return plan;
}

async function changedProfile(store: Store, agent: Agent, spec: AgentSpec, secretsOnCreateOnly: boolean): Promise<AgentProfile | null> {
  const profile = { name: spec.name, username: spec.username ?? agent.username, groupId: spec.group === undefined ? agent.groupId : spec.group };
  let passwordHash: string | undefined;
  if (spec.password !== undefined && !secretsOnCreateOnly) {
    const stored = agent.username === null ? undefined : (await store.getAgentByUsername(agent.username))?.passwordHash;
    if (!stored || !(await verifyPassword(spec.password, stored))) passwordHash = await hashPassword(spec.password);
  }
  const same = profile.name === agent.name && profile.username === agent.username && profile.groupId === agent.groupId;
  if (same && passwordHash === undefined) return null;
  return passwordHash === undefined ? profile : { ...profile, passwordHash };
}
