import { restartCounters } from './acd/agent-routing.ts';
import { ActivityKind, PresenceKind, type Agent, type AgentState, type Presence } from './agent.ts';
import {
  AgentStatus,
  SETTABLE_STATUSES,
  STATUS_LABELS,
  isAgentStatus,
  isTransitionAllowed,
  presenceStatus,
} from './agent-status.ts';
import { RuleViolationError, TransitionNotAllowedError } from './errors.ts';
import type { ChangeSource, DomainEvent } from './events.ts';
import {
  ReasonKind,
  SYSTEM_LIST_ID,
  sameReason,
  type ReasonCatalogue,
  type ReasonRef,
  type StatusCodeItem,
} from './reason-codes.ts';

/** A request to set an agent's status, in VCC terms. */
export interface StatusChangeRequest {
  readonly status: number;
  readonly reason: { readonly listId: number; readonly itemId: number; readonly shortCode?: string } | null;
}

/** The reason codes an agent may use: the catalogue and the lists of the agent's group. */
export interface AllowedReasons {
  readonly catalogue: ReasonCatalogue;
  readonly listIds: ReadonlySet<number>;
}

export type StatusChangeOutcome =
  | { readonly changed: false }
  | { readonly changed: true; readonly state: AgentState; readonly events: readonly DomainEvent[] };

const KIND_FOR_PRESENCE: Partial<Record<PresenceKind, ReasonKind>> = {
  on_break: ReasonKind.Break,
  working_offline: ReasonKind.Offline,
  logged_out: ReasonKind.SignOut,
};

/** Which status a reason's kind implies, for bulk entries that omit `agent-status`. */
export function statusForReasonKind(kind: ReasonKind): AgentStatus {
  if (kind === ReasonKind.Break) return AgentStatus.OnBreak;
  if (kind === ReasonKind.Offline) return AgentStatus.WorkOffline;
  return AgentStatus.LoggedOut;
}

/** Finds the item a request names and checks the agent may use it. */
export function resolveReason(
  reason: NonNullable<StatusChangeRequest['reason']>,
  allowed: AllowedReasons,
): StatusCodeItem {
  if (reason.listId === SYSTEM_LIST_ID) {
    throw new RuleViolationError('status-code-list-id -1 is the system list; its reasons are set by the system only', 'status-code-list-id');
  }
  const list = allowed.catalogue.list(reason.listId);
  if (!list) throw new RuleViolationError(`status-code-list-id ${reason.listId} does not exist`, 'status-code-list-id');
  if (!allowed.listIds.has(reason.listId)) {
    throw new RuleViolationError(`status-code-list-id ${reason.listId} is not assigned to the agent's group`, 'status-code-list-id');
  }
  const item = allowed.catalogue.item(reason.listId, reason.itemId);
  if (!item) {
    throw new RuleViolationError(`status-code-item-id ${reason.itemId} is not in status code list ${reason.listId}`, 'status-code-item-id');
  }
  if (reason.shortCode !== undefined && reason.shortCode !== item.shortCode) {
    throw new RuleViolationError(
      `status-code-item-short-code '${reason.shortCode}' does not match item ${item.id} ('${item.shortCode ?? ''}')`,
      'status-code-item-short-code',
    );
  }
  return item;
}

function targetPresence(request: StatusChangeRequest, allowed: AllowedReasons): Presence {
  if (!isAgentStatus(request.status)) {
    throw new RuleViolationError(`agent-status ${request.status} is not a status value (0-11)`, 'agent-status');
  }
  const kind = SETTABLE_STATUSES.get(request.status);
  if (kind === undefined) {
    throw new RuleViolationError(
      `agent-status ${request.status} (${STATUS_LABELS[request.status]}) cannot be set through the API; settable: 1, 3, 4, 5`,
      'agent-status',
    );
  }
  const expectedKind = KIND_FOR_PRESENCE[kind];
  if (!request.reason) {
    if (kind === PresenceKind.OnBreak || kind === PresenceKind.WorkingOffline) {
      throw new RuleViolationError(`agent-status ${request.status} requires status-code-list-id and status-code-item-id`, 'status-code-list-id');
    }
    return { kind, reason: null };
  }
  const item = resolveReason(request.reason, allowed);
  if (expectedKind === undefined) return { kind, reason: null }; // available: a valid reason is accepted and not kept
  if (item.kind !== expectedKind) {
    throw new RuleViolationError(
      `status code ${item.listId}/${item.id} ('${item.shortCode ?? item.label}') is a ${item.kind} reason and cannot explain agent-status ${request.status}`,
      'status-code-item-id',
    );
  }
  const ref: ReasonRef = { listId: item.listId, itemId: item.id };
  return { kind, reason: ref };
}

/**
 * Decides a status change for one agent (`NOTES.md` §3). Pure: the caller persists the
 * new state and the events in one transaction.
 * @example decideStatusChange(agent, { status: 3, reason: { listId: 801, itemId: 1725 } }, allowed, now, 'vcc')
 */
export function decideStatusChange(
  agent: Agent,
  request: StatusChangeRequest,
  allowed: AllowedReasons,
  now: number,
  by: ChangeSource,
): StatusChangeOutcome {
  const target = targetPresence(request, allowed);
  const from = presenceStatus(agent.state.presence);
  const to = request.status as AgentStatus;
  if (!isTransitionAllowed(from, to)) {
    throw new TransitionNotAllowedError(from, to, transitionRefusal(from, to));
  }
  const current = agent.state.pendingPresence ?? agent.state.presence;
  // Re-sending the same status is a no-op (examples can be re-run); a reason-less 1 or 4 keeps the current reason.
  const sameKind = current.kind === target.kind;
  if (sameKind && (request.reason === null || sameReason(current.reason, target.reason))) return { changed: false };
  if (agent.state.activity !== ActivityKind.Idle) {
    const state: AgentState = { ...agent.state, pendingPresence: target };
    return { changed: true, state, events: [{ type: 'agent.presence_change_deferred', agentId: agent.agentId, requested: target, by }] };
  }
  return applyPresence(agent, target, now, by);
}

/** Sets the presence now (also used when a deferred change takes effect). */
export function applyPresence(agent: Agent, target: Presence, now: number, by: ChangeSource): StatusChangeOutcome {
  const current = agent.state.presence;
  if (current.kind === target.kind && sameReason(current.reason, target.reason) && agent.state.pendingPresence === null) {
    return { changed: false };
  }
  let state: AgentState = { ...agent.state, presence: target, presenceSince: now, pendingPresence: null };
  // Routing counters restart when the agent becomes available after being unavailable (NOTES.md §3).
  const routing = agent.state.routing;
  if (routing && target.kind === PresenceKind.Available && current.kind !== PresenceKind.Available) state = { ...state, routing: restartCounters(routing) };
  const event: DomainEvent = { type: 'agent.presence_changed', agentId: agent.agentId, from: agent.state.presence, to: target, by, activity: agent.state.activity };
  return { changed: true, state, events: [event] };
}

function transitionRefusal(from: AgentStatus, to: AgentStatus): string {
  const base = `agent-status cannot change from ${from} (${STATUS_LABELS[from]}) to ${to} (${STATUS_LABELS[to]}) through the API`;
  if (from === AgentStatus.Unknown || from === AgentStatus.LoggedOut) {
    return `${base}: the agent is not logged in, and logging in is the agent's own act`;
  }
  return base;
}
