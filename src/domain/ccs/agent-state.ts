import { ActivityKind, PresenceKind, type Agent, type AgentState, type Presence } from '../agent.ts';
import type { Interaction } from '../calls/interaction.ts';
import { RuleViolationError } from '../errors.ts';
import type { ChangeSource } from '../events.ts';
import { ReasonKind, sameReason } from '../reason-codes.ts';
import { applyPresence, type StatusChangeOutcome } from '../status-change.ts';
import { findPresenceOption, type PresenceOption } from './presence-options.ts';

/** The names of `queue_state.state` (`ccs-api-overview.txt` 4.15; the document shows only "None"). */
export const QueueStateName = { None: 'None', Offered: 'Offered', Connected: 'Connected', WrapUp: 'Wrap Up' } as const;
export type QueueStateName = (typeof QueueStateName)[keyof typeof QueueStateName];

/** The names of `phone_state.state` (the document shows "Idle"). */
export const PhoneStateName = { Idle: 'Idle', Ringing: 'Ringing', Busy: 'Busy' } as const;
export type PhoneStateName = (typeof PhoneStateName)[keyof typeof PhoneStateName];

/** The name that makes an agent available (and logs in a signed-out agent). */
export const READY = 'Ready';

/** The 4.15 body, without `success`. */
export interface CcsAgentStateView {
  readonly queue_state: { readonly state: QueueStateName; readonly queue: string; readonly duration: string };
  readonly phone_state: { readonly state: PhoneStateName; readonly duration: string };
  readonly consecutive_missed: number;
  readonly agent_state: { readonly state: { readonly type: 'ready' | 'away' | 'sign_out'; readonly name: string }; readonly duration: string };
}

/** What the view is computed from; the app layer gathers it. */
export interface AgentStateInput {
  readonly state: AgentState;
  /** The label of the presence's reason (any list, the system's too); null when none or unknown. */
  readonly reasonLabel: string | null;
  /** The agent's interactions still up or in post-processing, with their queue's name (null: direct). */
  readonly calls: readonly { readonly interaction: Interaction; readonly queueName: string | null }[];
}

/**
 * A duration as "H:MM:SS", hours unbounded (the document shows "117:11:18"); negative is 0.
 * @example formatDuration(421_878_000); // '117:11:18'
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${Math.floor(total / 3600)}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

/**
 * A presence as `agent_state.state` (4.15; shared with the WebSocket's `agent.state`): ready, or
 * away / sign_out named by the reason's label (a fallback name when it has none).
 * @example presenceStateOf({ kind: 'logged_out', reason: null }, null); // { type: 'sign_out', name: 'Sign Out' }
 */
export function presenceStateOf(presence: Presence, reasonLabel: string | null): CcsAgentStateView['agent_state']['state'] {
  if (presence.kind === PresenceKind.Available) return { type: 'ready', name: READY };
  if (presence.kind === PresenceKind.OnBreak) return { type: 'away', name: reasonLabel ?? 'Away' };
  if (presence.kind === PresenceKind.WorkingOffline) return { type: 'away', name: reasonLabel ?? 'Working Offline' };
  return { type: 'sign_out', name: reasonLabel ?? 'Sign Out' };
}

function agentStateOf(input: AgentStateInput): CcsAgentStateView['agent_state']['state'] {
  return presenceStateOf(input.state.presence, input.reasonLabel);
}

function phoneStateOf(input: AgentStateInput): { state: PhoneStateName; since: number } {
  const live = input.calls.map((c) => c.interaction).filter((i) => i.endedAt === null);
  const answered = live.filter((i) => i.agentLeg.answeredAt !== null).map((i) => i.agentLeg.answeredAt as number);
  if (answered.length > 0) return { state: PhoneStateName.Busy, since: Math.min(...answered) };
  if (live.length > 0) return { state: PhoneStateName.Ringing, since: Math.min(...live.map((i) => i.agentLeg.ringingAt ?? i.createdAt)) };
  const ends = input.calls.flatMap((c) => (c.interaction.endedAt === null ? [] : [c.interaction.endedAt]));
  const lastBridgeEnd = input.state.routing?.lastBridgeEndAt ?? null;
  if (lastBridgeEnd !== null) ends.push(lastBridgeEnd);
  return { state: PhoneStateName.Idle, since: ends.length > 0 ? Math.max(...ends) : input.state.presenceSince };
}

function queueStateOf(input: AgentStateInput, now: number): CcsAgentStateView['queue_state'] {
  const queued = input.calls.filter((c) => c.queueName !== null);
  const state = (name: QueueStateName, call: (typeof queued)[number], since: number) => ({ state: name, queue: call.queueName ?? '', duration: formatDuration(now - since) });
  const connected = queued.find((c) => c.interaction.endedAt === null && c.interaction.agentLeg.answeredAt !== null);
  if (connected) return state(QueueStateName.Connected, connected, connected.interaction.agentLeg.answeredAt ?? now);
  const offered = queued.find((c) => c.interaction.endedAt === null);
  if (offered) return state(QueueStateName.Offered, offered, offered.interaction.agentLeg.ringingAt ?? offered.interaction.createdAt);
  const wrapUp = queued.find((c) => c.interaction.postProcessing !== null && c.interaction.postProcessing.endedAt === null);
  if (wrapUp) return state(QueueStateName.WrapUp, wrapUp, wrapUp.interaction.postProcessing?.startedAt ?? now);
  return { state: QueueStateName.None, queue: '', duration: '0' };
}

/**
 * The CCS agent state (4.15, `NOTES.md` §3): the presence as `agent_state` (ready / away + the
 * option / sign_out), the device as `phone_state`, the queue call as `queue_state`, and the
 * consecutive missed offers. Durations run to `now`.
 * @example agentStateView({ state, reasonLabel: null, calls: [] }, now).agent_state.state; // { type: 'ready', name: 'Ready' }
 */
export function agentStateView(input: AgentStateInput, now: number): CcsAgentStateView {
  const phone = phoneStateOf(input);
  return {
    queue_state: queueStateOf(input, now),
    phone_state: { state: phone.state, duration: formatDuration(now - phone.since) },
    consecutive_missed: input.state.routing?.noAnswerCount ?? 0,
    agent_state: { state: agentStateOf(input), duration: formatDuration(now - input.state.presenceSince) },
  };
}

const PRESENCE_FOR_KIND: Record<ReasonKind, PresenceKind> = {
  [ReasonKind.Break]: PresenceKind.OnBreak,
  [ReasonKind.Offline]: PresenceKind.WorkingOffline,
  [ReasonKind.SignOut]: PresenceKind.LoggedOut,
};

/**
 * The presence an `updateAgentState` name asks for: "Ready" (any case) is available; otherwise a
 * presence option the agent may use (`usable`), else one of the tenant's it may not (`tenant`).
 * @throws RuleViolationError naming `name` when it is neither.
 * @example targetPresence('Lunch Break', usable, all); // { kind: 'on_break', reason: { listId: 802, itemId: 1801 } }
 */
export function targetPresence(name: string, usable: readonly PresenceOption[], tenant: readonly PresenceOption[]): Presence {
  if (name.trim().toLowerCase() === READY.toLowerCase()) return { kind: PresenceKind.Available, reason: null };
  const option = findPresenceOption(usable, name);
  if (option) return { kind: PRESENCE_FOR_KIND[option.kind], reason: { listId: option.listId, itemId: option.itemId } };
  if (findPresenceOption(tenant, name)) throw new RuleViolationError(`name: '${name}' is a presence option the agent's group may not use`, 'name');
  throw new RuleViolationError(`name: '${name}' is not Ready or a presence option of this tenant`, 'name');
}

const SIGNED_OUT: readonly PresenceKind[] = [PresenceKind.NeverLoggedIn, PresenceKind.LoggedOut];

/**
 * Decides a CCS presence change (`NOTES.md` §3): the same presence again changes nothing; a
 * signed-out agent signs in only with "Ready"; during a call or its post-processing the change is
 * accepted and applied when they end; otherwise it applies now.
 * @throws RuleViolationError naming `name` when a signed-out agent asks for an away option (as VCC
 *   refuses 1 → 3: signing in is a choice of its own).
 * @example decideCcsPresence(agent, { kind: 'available', reason: null }, now, 'ccs').changed; // true
 */
export function decideCcsPresence(agent: Agent, target: Presence, now: number, by: ChangeSource): StatusChangeOutcome {
  const { state } = agent;
  const current = state.pendingPresence ?? state.presence;
  if (current.kind === target.kind && sameReason(current.reason, target.reason)) return { changed: false };
  const signedOut = SIGNED_OUT.includes(state.presence.kind);
  if (signedOut && (target.kind === PresenceKind.OnBreak || target.kind === PresenceKind.WorkingOffline)) {
    throw new RuleViolationError(`name: the agent is signed out; sign in with 'Ready' before choosing an away option`, 'name');
  }
  if (state.activity !== ActivityKind.Idle) {
    return { changed: true, state: { ...state, pendingPresence: target }, events: [{ type: 'agent.presence_change_deferred', agentId: agent.agentId, requested: target, by }] };
  }
  return applyPresence(agent, target, now, by);
}
