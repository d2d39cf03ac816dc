import { RuleViolationError } from '../errors.ts';
import { RecordingType, type CcsExtension } from './extension.ts';
import type { CcsLimits } from './tenant-profile.ts';

/** What a tenant uses of its limits and licences (`NOTES.md` §8). */
export interface CcsUsage {
  /** Extensions that are agents (`is_agent`): what Named billing counts. */
  readonly agents: number;
  /** Agents logged in now: what Concurrent billing counts. */
  readonly loggedIn: number;
  /** ACDs (queues of every type). */
  readonly queues: number;
  readonly recordedExtensions: number;
  readonly monitoredExtensions: number;
  /** Extensions with `max_chats` above 0. */
  readonly chatExtensions: number;
  readonly multimediaExtensions: number;
}

/** Extension fields the licences count. */
export type LicensedFields = Pick<CcsExtension, 'recordingType' | 'monitor' | 'maxChats' | 'multimediaEnabled'> & { readonly isAgent: boolean };

/**
 * Usage counted from a tenant's extensions.
 * @example usageOf(extensions, { loggedIn: 2, queues: 3 }).recordedExtensions
 */
export function usageOf(extensions: readonly LicensedFields[], other: { readonly loggedIn: number; readonly queues: number }): CcsUsage {
  const count = (test: (e: LicensedFields) => boolean): number => extensions.filter(test).length;
  return {
    agents: count((e) => e.isAgent), loggedIn: other.loggedIn, queues: other.queues,
    recordedExtensions: count((e) => e.recordingType !== RecordingType.None), monitoredExtensions: count((e) => e.monitor),
    chatExtensions: count((e) => e.maxChats > 0), multimediaExtensions: count((e) => e.multimediaEnabled),
  };
}

function over(limit: number | null, used: number): boolean {
  return limit !== null && used > limit;
}

/**
 * Refuses an extension change that would take the tenant over a limit (only what the change
 * adds is checked: a tenant already over a lowered limit may still reduce its use).
 * @throws RuleViolationError naming the field and the limit.
 */
export function checkExtensionChange(limits: CcsLimits, usage: CcsUsage, before: LicensedFields, after: LicensedFields): void {
  const grows = (field: string, was: boolean, now: boolean, limit: number | null, used: number, name: string): void => {
    if (!was && now && over(limit, used + 1)) throw new RuleViolationError(`${field}: the tenant's ${name} (${limit}) are all in use`, field);
  };
  if (limits.agentBilling === 'Named') grows('is_agent', before.isAgent, after.isAgent, limits.maxAgents, usage.agents, 'max_agents agent licences');
  grows('recording_type', before.recordingType !== RecordingType.None, after.recordingType !== RecordingType.None, limits.recExtnLimit, usage.recordedExtensions, 'rec_extn_limit recording extensions');
  grows('monitor', before.monitor, after.monitor, limits.monitorExtLimit, usage.monitoredExtensions, 'monitor_ext_limit monitored extensions');
  grows('max_chats', before.maxChats > 0, after.maxChats > 0, limits.chatLicenses, usage.chatExtensions, 'chat_licenses');
  grows('is_multimedia_enabled', before.multimediaEnabled, after.multimediaEnabled, limits.multimediaLicenses, usage.multimediaExtensions, 'multimedia_licenses');
}

/** @throws RuleViolationError when one more agent would exceed Concurrent billing's `max_agents`. */
export function checkLogin(limits: CcsLimits, usage: CcsUsage): void {
  if (limits.agentBilling === 'Concurrent' && over(limits.maxAgents, usage.loggedIn + 1)) {
    throw new RuleViolationError(`max_agents: ${limits.maxAgents} agents are logged in, the tenant's concurrent agent licences`, 'max_agents');
  }
}

/** @throws RuleViolationError when a Named tenant has no agent licence left for one more agent. */
export function checkNewAgent(limits: CcsLimits, usage: CcsUsage): void {
  if (limits.agentBilling === 'Named' && over(limits.maxAgents, usage.agents + 1)) {
    throw new RuleViolationError(`is_agent: the tenant's max_agents agent licences (${limits.maxAgents}) are all in use`, 'is_agent');
  }
}

/** @throws RuleViolationError when one more ACD would exceed `max_queues`. */
export function checkNewQueue(limits: CcsLimits, usage: CcsUsage): void {
  if (over(limits.maxQueues, usage.queues + 1)) throw new RuleViolationError(`max_queues: the tenant has ${usage.queues} queues, its limit is ${limits.maxQueues}`, 'max_queues');
}

/**
 * Refuses new limits below what the tenant uses now (lower the use first).
 * @throws RuleViolationError naming the field.
 */
export function checkNewLimits(limits: CcsLimits, usage: CcsUsage): void {
  const agentsUsed = limits.agentBilling === 'Named' ? usage.agents : usage.loggedIn;
  const checks: [string, number | null, number][] = [
    ['max_agents', limits.maxAgents, agentsUsed], ['max_queues', limits.maxQueues, usage.queues],
    ['rec_extn_limit', limits.recExtnLimit, usage.recordedExtensions], ['monitor_ext_limit', limits.monitorExtLimit, usage.monitoredExtensions],
    ['chat_licenses', limits.chatLicenses, usage.chatExtensions], ['multimedia_licenses', limits.multimediaLicenses, usage.multimediaExtensions],
  ];
  for (const [field, limit, used] of checks) {
    if (over(limit, used)) throw new RuleViolationError(`${field}: ${limit} is below the ${used} in use`, field);
  }
}
