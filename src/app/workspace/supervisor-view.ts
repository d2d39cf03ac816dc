import { STATUS_LABELS, visibleStatus } from '../../domain/agent-status.ts';
import { ActivityKind, PresenceKind, type Agent } from '../../domain/agent.ts';
import { CallerState } from '../../domain/acd/queue-caller.ts';
import { isLive, stageOf } from '../../domain/calls/interaction.ts';
import { QueueType, type Queue } from '../../domain/calls/queue.ts';
import { EMPTY_DAY, serviceLevel, type QueueDayCounts } from '../../domain/supervision/queue-day.ts';
import type { Platform } from '../platform.ts';
import { otherParty, reasonOption, requireTenantById, visibleSince } from './agent-view.ts';
import type { QueueDayStats } from './queue-day-stats.ts';
import type { SupervisedAgent, SupervisedQueue, SupervisorView } from './view.ts';

/**
 * The supervisor page's view of a tenant (`view.ts`): every agent's status and call, every
 * inbound queue's waiting callers, and today's service level.
 * @example const view = await supervisorView(platform, stats, tenant.id);
 */
export async function supervisorView(platform: Platform, stats: QueueDayStats, tenantId: string, viewerId: string): Promise<SupervisorView> {
  const viewer = platform.directory.requireAgent(tenantId, viewerId);
  return { ...(await tenantView(platform, stats, tenantId)), viewer: { agentId: viewer.agentId, name: viewer.name } };
}

/** The supervisor view without its viewer: the same for every supervisor of the tenant (the live pages share it). */
export async function tenantView(platform: Platform, stats: QueueDayStats, tenantId: string): Promise<Omit<SupervisorView, 'viewer'>> {
  const tenant = requireTenantById(platform, tenantId);
  const today = await stats.today(tenantId);
  const hidden = platform.pbx.profiles.nonAgents(tenantId);
  const agents = platform.directory.agentsPage(tenantId, null, Number.MAX_SAFE_INTEGER).agents.filter((a) => !hidden.has(a.agentId));
  const queues = [...platform.directory.calls.of(tenantId).queues.values()].filter((q) => q.type === QueueType.Inbound);
  return {
    kind: 'supervisor',
    now: platform.clock.now(),
    tenant: { name: tenant.name, timezone: tenant.timezone },
    agents: agents.map((a) => supervisedAgent(platform, a)).sort((a, b) => a.name.localeCompare(b.name) || a.agentId.localeCompare(b.agentId)),
    queues: queues.sort((a, b) => a.id - b.id).map((q) => supervisedQueue(platform, stats, q, agents, today.get(q.id) ?? EMPTY_DAY)),
  };
}

function supervisedAgent(platform: Platform, agent: Agent): SupervisedAgent {
  const { status, reason } = visibleStatus(agent.state);
  const config = platform.directory.calls.of(agent.tenantId);
  const calls = platform.calls.engine.registry.ofAgent(agent.tenantId, agent.agentId);
  const live = calls.filter(isLive);
  const call = live[live.length - 1];
  const label = reasonOption(platform.directory.catalogue(agent.tenantId), reason)?.label ?? null;
  return {
    agentId: agent.agentId,
    name: agent.name,
    status: { code: status, label: STATUS_LABELS[status], presence: agent.state.presence.kind, reason: label, since: visibleSince(agent, calls) },
    call: call === undefined ? null : {
      number: otherParty(call),
      queue: call.queueId === null ? null : config.queues.get(call.queueId)?.name ?? `Queue ${call.queueId}`,
      stage: stageOf(call),
      since: call.bridgedAt ?? call.createdAt,
      direction: call.direction,
    },
    joinedQueues: agent.state.routing?.joined ?? [],
  };
}

function supervisedQueue(platform: Platform, stats: QueueDayStats, queue: Queue, agents: readonly Agent[], counts: QueueDayCounts): SupervisedQueue {
  const waiting = platform.acd.state.callersOf(queue.tenantId, queue.id).filter((c) => c.state === CallerState.Waiting || c.state === CallerState.Offered);
  const tiered = new Set((queue.tiers ?? []).map((t) => t.agentId));
  const joined = agents.filter((a) => tiered.has(a.agentId) && (a.state.routing?.joined ?? []).includes(queue.id));
  const available = joined.filter((a) => a.state.presence.kind === PresenceKind.Available && a.state.activity === ActivityKind.Idle);
  return {
    id: queue.id,
    name: queue.name,
    waiting: waiting.length,
    oldestWaitingSince: waiting.length === 0 ? null : Math.min(...waiting.map((c) => c.joinedAt)),
    agentsJoined: joined.length,
    agentsAvailable: available.length,
    today: { ...counts, thresholdSeconds: stats.thresholdSeconds(queue.tenantId, queue.id), serviceLevel: serviceLevel(counts) },
  };
}
