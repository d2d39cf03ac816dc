import { STATUS_LABELS, visibleStatus } from '../../domain/agent-status.ts';
import { ActivityKind, type Agent, type Presence } from '../../domain/agent.ts';
import { inPostProcessing, isLive, stageOf, type Interaction } from '../../domain/calls/interaction.ts';
import { QueueType, type Queue } from '../../domain/calls/queue.ts';
import { MAX_CODES_PER_INTERACTION } from '../../domain/calls/transaction-codes.ts';
import { SYSTEM_LIST_ID, type ReasonCatalogue } from '../../domain/reason-codes.ts';
import { effectivePermissions, Permission } from '../../domain/users/permissions.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { TenantRecord } from '../../ports/storage.ts';
import type { TenantCallConfig } from '../calls/call-configs.ts';
import type { Platform } from '../platform.ts';
import type { AgentView, CodeListView, LineView, PostProcessingView, QueueRef, ReasonOption, StatusView } from './view.ts';

/**
 * The agent workspace's view of one agent (`view.ts`): status, reasons, queues, lines and
 * wrap-ups, read from the committed agent and the live-call registry. Pure reads, no I/O.
 * @example const view = agentView(platform, tenant.id, 'agAQDqmvKiRbG4ekigNSmbbb');
 */
export function agentView(platform: Platform, tenantId: string, agentId: string): AgentView {
  const tenant = requireTenantById(platform, tenantId);
  const agent = platform.directory.requireAgent(tenantId, agentId);
  const config = platform.directory.calls.of(tenantId);
  const catalogue = platform.directory.catalogue(tenantId);
  const calls = platform.calls.engine.registry.ofAgent(tenantId, agentId);
  const answerable = platform.simulator() !== null;
  return {
    kind: 'agent',
    now: platform.clock.now(),
    tenant: { name: tenant.name, timezone: tenant.timezone },
    agent: { agentId, userId: agent.userId, name: agent.name, username: agent.username, supervisor: isSupervisor(platform, tenantId, agentId) },
    status: statusOf(agent, catalogue, calls),
    reasons: reasonsOf(platform, agent),
    queues: [...config.queues.values()]
      .filter((q) => q.type === QueueType.Inbound && (q.tiers ?? []).some((t) => t.agentId === agentId))
      .map((q) => ({ id: q.id, name: q.name, joined: (agent.state.routing?.joined ?? []).includes(q.id) })),
    outboundQueues: [...config.queues.values()].filter((q) => q.type === QueueType.Outbound).map(queueRef),
    lines: calls.filter(isLive).sort((a, b) => a.line - b.line).map((i) => lineOf(i, config, answerable)),
    postProcessing: calls.filter(inPostProcessing).map((i) => postProcessingOf(i, config)),
    screenPops: platform.clickToDial.screenPops.pending(tenantId, agentId).map((p) => ({ id: p.id, target: p.target, host: new URL(p.url).host })),
  };
}

/** The tenant by its internal id; a 404 when it was removed. */
export function requireTenantById(platform: Platform, tenantId: string): TenantRecord {
  const tenant = platform.directory.tenantById(tenantId);
  if (tenant === undefined) throw new NotFoundError('tenant', tenantId);
  return tenant;
}

/** Supervisors hold the PBX "Agents" permission: acting on other users (`NOTES.md` §1, PBX permission groups). */
export function isSupervisor(platform: Platform, tenantId: string, agentId: string): boolean {
  const profile = platform.pbx.profiles.of(tenantId, agentId);
  return effectivePermissions(profile.pgroup_id, profile.permissions).has(Permission.Agents);
}

/** A reason as the pages show it; null when the catalogue no longer holds it. */
export function reasonOption(catalogue: ReasonCatalogue, reason: Presence['reason']): ReasonOption | null {
  if (reason === null) return null;
  const item = catalogue.item(reason.listId, reason.itemId);
  return item ? { listId: item.listId, itemId: item.id, shortCode: item.shortCode ?? '', label: item.label, kind: item.kind } : null;
}

/**
 * When the status the pages show began: the presence's change while idle; during a call, the
 * newest call's ring or connection; during post-processing, the wrap-up's start.
 */
export function visibleSince(agent: Agent, calls: readonly Interaction[]): number {
  const { activity } = agent.state;
  if (activity === ActivityKind.Idle) return agent.state.presenceSince;
  if (activity === ActivityKind.PostProcessing) {
    const wrapUps = calls.filter(inPostProcessing).map((i) => i.postProcessing?.startedAt ?? i.endedAt ?? i.createdAt);
    if (wrapUps.length > 0) return Math.max(...wrapUps);
  }
  const live = calls.filter(isLive).map((i) => i.bridgedAt ?? i.createdAt);
  return live.length > 0 ? Math.max(...live) : agent.state.presenceSince;
}

function statusOf(agent: Agent, catalogue: ReasonCatalogue, calls: readonly Interaction[]): StatusView {
  const { status, reason } = visibleStatus(agent.state);
  const pending = agent.state.pendingPresence;
  return {
    code: status,
    label: STATUS_LABELS[status],
    presence: agent.state.presence.kind,
    reason: reasonOption(catalogue, reason),
    since: visibleSince(agent, calls),
    pending: pending === null ? null : { presence: pending.kind, reason: reasonOption(catalogue, pending.reason) },
  };
}

/** The items of the agent's group's lists, in list order; the system list is the system's own. */
function reasonsOf(platform: Platform, agent: Agent): ReasonOption[] {
  const { catalogue, listIds } = platform.directory.allowedReasons(agent);
  return [...listIds]
    .filter((id) => id !== SYSTEM_LIST_ID)
    .flatMap((id) => catalogue.list(id)?.items ?? [])
    .map((item) => ({ listId: item.listId, itemId: item.id, shortCode: item.shortCode ?? '', label: item.label, kind: item.kind }));
}

function queueRef(queue: Queue): QueueRef {
  return { id: queue.id, name: queue.name };
}

function queueOf(interaction: Interaction, config: TenantCallConfig): QueueRef | null {
  if (interaction.queueId === null) return null;
  const queue = config.queues.get(interaction.queueId);
  return { id: interaction.queueId, name: queue?.name ?? `Queue ${interaction.queueId}` };
}

/** The other party: who called (inbound), or who was dialled (outbound). */
export function otherParty(interaction: Interaction): string {
  return interaction.direction === 'inbound' ? interaction.callerId ?? '' : interaction.destination;
}

function lineOf(interaction: Interaction, config: TenantCallConfig, simulated: boolean): LineView {
  const stage = stageOf(interaction);
  return {
    line: interaction.line,
    interactionGuid: interaction.guid,
    direction: interaction.direction,
    queue: queueOf(interaction, config),
    number: otherParty(interaction),
    stage,
    startedAt: interaction.createdAt,
    connectedAt: interaction.bridgedAt,
    data: interaction.extTransactionData,
    // A real phone is answered on the phone; the simulated one is answered from the page.
    answerable: simulated && stage === 'agent_ringing',
  };
}

function postProcessingOf(interaction: Interaction, config: TenantCallConfig): PostProcessingView {
  const queue = interaction.queueId === null ? undefined : config.queues.get(interaction.queueId);
  const usable = config.lists.filter((l) => l.tenantWide || (queue?.transactionCodeListIds ?? []).includes(l.id));
  return {
    interactionGuid: interaction.guid,
    queue: queueOf(interaction, config),
    number: otherParty(interaction),
    startedAt: interaction.postProcessing?.startedAt ?? interaction.endedAt ?? interaction.createdAt,
    dueAt: interaction.postProcessing?.dueAt ?? 0,
    codesRequired: interaction.codesRequired,
    codeLists: usable.map((l): CodeListView => ({ id: l.id, name: l.name, choice: l.choice, items: l.items })),
    selected: interaction.transactionCodes,
    maxCodes: MAX_CODES_PER_INTERACTION,
    notes: interaction.notes ?? '',
  };
}
