import type { Agent } from '../../domain/agent.ts';
import { agentStateView, decideCcsPresence, targetPresence, type CcsAgentStateView } from '../../domain/ccs/agent-state.ts';
import { presenceOptionsOf, type PresenceOption } from '../../domain/ccs/presence-options.ts';
import { RuleViolationError } from '../../domain/errors.ts';
import type { TenantRecord } from '../../ports/storage.ts';
import type { Platform } from '../platform.ts';

/** Options per catalogue: a catalogue is replaced whole when its lists change, so it is the cache key (no uuid hashing per request). */
const optionsByCatalogue = new WeakMap<object, PresenceOption[]>();

/**
 * The tenant's presence options (`ccs-api-overview.txt` 4.7): every reason of its catalogue
 * except the system list's.
 * @example presenceOptions(platform, tenant).map((o) => o.name); // ['Lunch Break', 'Coffee Break', …]
 */
export function presenceOptions(platform: Platform, tenant: TenantRecord): PresenceOption[] {
  const catalogue = platform.directory.catalogue(tenant.id);
  let options = optionsByCatalogue.get(catalogue);
  if (!options) optionsByCatalogue.set(catalogue, (options = presenceOptionsOf(tenant.ccsUuid, catalogue.allLists())));
  return options;
}

/** The options an agent may choose: those of its group's lists. */
function usableOptions(platform: Platform, tenant: TenantRecord, agent: Agent): PresenceOption[] {
  const allowed = platform.directory.allowedReasons(agent);
  return presenceOptions(platform, tenant).filter((option) => allowed.listIds.has(option.listId));
}

/**
 * The user behind an extension, if it is a call-center agent (the PBX profile's `is_agent`).
 * @throws RuleViolationError naming `extension` otherwise.
 */
export function requireCcsAgent(platform: Platform, tenantId: string, agentId: string, extension: string): Agent {
  const agent = platform.agentWriter.current(tenantId, agentId);
  if (!platform.pbx.profiles.of(tenantId, agentId).is_agent) {
    throw new RuleViolationError(`extension: extension ${extension} is not an agent (is_agent is false)`, 'extension');
  }
  return agent;
}

/**
 * The 4.15 view of an agent now: its newest decided state, its live calls from the call engine,
 * and the label of its presence's reason.
 */
export function readAgentState(platform: Platform, tenant: TenantRecord, agent: Agent): CcsAgentStateView {
  const reason = agent.state.presence.reason;
  const item = reason === null ? undefined : platform.directory.catalogue(tenant.id).item(reason.listId, reason.itemId);
  const queues = platform.directory.calls.of(tenant.id).queues;
  const calls = platform.calls.engine.registry.ofAgent(tenant.id, agent.agentId).map((interaction) => ({
    interaction,
    queueName: interaction.queueId === null ? null : (queues.get(interaction.queueId)?.name ?? String(interaction.queueId)),
  }));
  return agentStateView({ state: agent.state, reasonLabel: item?.label ?? null, calls }, platform.clock.now());
}

/**
 * `updateAgentState` (4.16–4.18, `NOTES.md` §3): "Ready" makes the agent available (signing it in
 * when signed out: the CCS login, subject to Concurrent licences); an option's name puts it on a
 * break, working offline or signed out with that reason. During a call the change waits for the
 * call and its post-processing to end. Decided on the newest state and staged synchronously, so
 * it never interleaves with another decision about the agent.
 * @returns whether anything changed (the same state again is a success that changes nothing).
 * @throws RuleViolationError naming `name` for an unknown or unusable name.
 */
export async function updateAgentState(platform: Platform, tenant: TenantRecord, agentId: string, extension: string, name: string): Promise<boolean> {
  const agent = requireCcsAgent(platform, tenant.id, agentId, extension);
  const target = targetPresence(name, usableOptions(platform, tenant, agent), presenceOptions(platform, tenant));
  const outcome = decideCcsPresence(agent, target, platform.clock.now(), 'ccs');
  if (!outcome.changed) return false;
  const change = platform.agentWriter.stage(agent, outcome.state, { events: outcome.events, write: async () => undefined });
  await platform.committer.submit(tenant.id, change);
  return true;
}
