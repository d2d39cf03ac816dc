import { DEFAULT_OVERRIDES, INITIAL_ROUTING, afterBridge, afterOffer, type AgentOverrides, type AgentRouting, type OfferOutcome } from '../../domain/acd/agent-routing.ts';
import { leaveQueue } from '../../domain/acd/caller-flow.ts';
import { CallerState, type QueueCaller } from '../../domain/acd/queue-caller.ts';
import { LeaveCause } from '../../domain/acd/routing.ts';
import { PresenceKind, type Agent, type AgentState } from '../../domain/agent.ts';
import { LegEndCause, type Interaction } from '../../domain/calls/interaction.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { SYSTEM_LIST_ID } from '../../domain/reason-codes.ts';
import { applyPresence } from '../../domain/status-change.ts';
import type { StepExtension } from '../calls/call-engine.ts';
import type { AcdState } from './acd-state.ts';

/** The system reason for a break after too many missed offers (system list item 3, "missed transactions"). */
const MISSED_TRANSACTIONS = { listId: SYSTEM_LIST_ID, itemId: 3 } as const;

/** What the ACD does after a step commits. */
export interface AfterStep {
  /** Take back the caller's other ringing offers (ring-all: another agent answered; the caller left). */
  withdraw: (tenantId: string, guids: readonly string[]) => void;
  /** The caller left or was connected: its timers go. */
  forget: (caller: QueueCaller) => void;
  dispatch: (tenantId: string, queueIds: readonly number[]) => void;
  /** The agent's delay after a missed offer runs until then. */
  wakeAgentAt: (tenantId: string, agentId: string, at: number) => void;
}

export interface StepContext {
  readonly state: AcdState;
  readonly now: number;
  readonly overrides: (tenantId: string, agentId: string) => AgentOverrides | undefined;
  readonly after: AfterStep;
}

/**
 * How an inbound offer's step changes the ACD, decided with the step and committed with it
 * (`acd.md`): offered; answered (bridge start, counters, other offers withdrawn); missed (the
 * caller waits again, the agent gets its delay and maybe a break); the caller hung up
 * (abandoned); the call ended after a bridge (bridge end, talk time, the caller leaves answered).
 */
export function acdStep(ctx: StepContext, before: Interaction | null, after: Interaction, agent: Agent, agentState: AgentState): StepExtension | null {
  if (after.direction !== 'inbound' || after.queueCallerId === undefined || after.queueId === null) return null;
  const caller = ctx.state.caller(after.tenantId, after.queueCallerId);
  if (caller === undefined) return before === null ? null : offerOfCallerGone(ctx, before, after, agentState);
  if (before === null) return offered(ctx, caller, after, agentState);
  if (before.bridgedAt === null && after.bridgedAt !== null) return bridged(ctx, caller, after, agentState);
  if (before.endedAt === null && after.endedAt !== null) return ended(ctx, caller, after, agent, agentState);
  return null;
}

/**
 * An offer of a caller who has already left ends (ring-all: the caller hung up while several
 * agents rang, and the first offer to end took the caller out): the router frees the agent.
 */
function offerOfCallerGone(ctx: StepContext, before: Interaction, after: Interaction, agentState: AgentState): StepExtension | null {
  if (before.endedAt !== null || after.endedAt === null || after.bridgedAt !== null || after.queueId === null || after.queueCallerId === undefined) return null;
  ctx.state.router(after.tenantId).offerEnded(after.queueId, after.queueCallerId, after.agentId, 'cancelled', ctx.now);
  const failed: DomainEvent = { type: 'offer.failed', callerId: after.queueCallerId, queueId: after.queueId, agentId: after.agentId, cause: 'cancelled' };
  return { agentState, events: [failed] };
}

function countersChanged(agentId: string, routing: AgentRouting): DomainEvent {
  return { type: 'agent.counters_changed', agentId, callsAnswered: routing.callsAnswered, talkTimeMs: routing.talkTimeMs };
}

function write(callers: QueueCaller[]): (tx: { putQueueCaller(c: QueueCaller): Promise<void> }) => Promise<void> {
  return async (tx) => {
    for (const c of callers) await tx.putQueueCaller(c);
  };
}

function offered(ctx: StepContext, caller: QueueCaller, offer: Interaction, agentState: AgentState): StepExtension {
  const next: QueueCaller = { ...caller, state: CallerState.Offered, offers: caller.offers + 1 };
  ctx.state.putCaller(next);
  ctx.state.opened(caller.tenantId, caller.callerId, offer.guid);
  const event: DomainEvent = { type: 'agent.offered', callerId: caller.callerId, queueId: caller.queueId, agentId: offer.agentId, interactionGuid: offer.guid };
  return { agentState, events: [event], write: write([next]) };
}

function bridged(ctx: StepContext, caller: QueueCaller, call: Interaction, agentState: AgentState): StepExtension {
  const routing = afterOffer(agentState.routing ?? INITIAL_ROUTING, 'answered', DEFAULT_OVERRIDES, ctx.now).routing;
  const next: QueueCaller = { ...caller, state: CallerState.Connected, agentId: call.agentId };
  ctx.state.putCaller(next);
  ctx.state.router(call.tenantId).offerEnded(caller.queueId, caller.callerId, call.agentId, 'answered', ctx.now);
  const others = ctx.state.interactions(caller.tenantId, caller.callerId).filter((g) => g !== call.guid);
  const events: DomainEvent[] = [
    { type: 'bridge.started', callerId: caller.callerId, queueId: caller.queueId, agentId: call.agentId, interactionGuid: call.guid, waitedMs: ctx.now - caller.joinedAt },
    countersChanged(call.agentId, routing),
  ];
  return {
    agentState: { ...agentState, routing }, events, write: write([next]),
    after: () => {
      ctx.after.forget(next);
      ctx.after.withdraw(caller.tenantId, others);
    },
  };
}

function ended(ctx: StepContext, caller: QueueCaller, call: Interaction, agent: Agent, agentState: AgentState): StepExtension {
  ctx.state.closed(caller.tenantId, caller.callerId, call.guid);
  const router = ctx.state.router(call.tenantId);
  if (call.bridgedAt !== null) {
    const routing = afterBridge(agentState.routing ?? INITIAL_ROUTING, (call.endedAt ?? ctx.now) - call.bridgedAt, ctx.now);
    const left = leaveQueue(caller, LeaveCause.Answered, ctx.now);
    const events: DomainEvent[] = [
      { type: 'bridge.ended', callerId: caller.callerId, queueId: caller.queueId, agentId: call.agentId, interactionGuid: call.guid, talkMs: ctx.now - call.bridgedAt },
      countersChanged(call.agentId, routing),
    ];
    if (left) ctx.state.putCaller(left.caller);
    return { agentState: { ...agentState, routing }, events: left ? [...events, left.event] : events, write: write(left ? [left.caller] : []) };
  }
  if (call.customerLeg.endCause === LegEndCause.Requeued) return missed(ctx, caller, call, agent, agentState);
  // The caller hung up (or the system ended the call) while an agent was ringing.
  router.offerEnded(caller.queueId, caller.callerId, call.agentId, 'cancelled', ctx.now);
  const cause = call.hungUpBy === 'customer' ? LeaveCause.BreakOut : LeaveCause.None;
  const failed: DomainEvent = { type: 'offer.failed', callerId: caller.callerId, queueId: caller.queueId, agentId: call.agentId, cause: 'cancelled' };
  const left = leaveQueue(caller, cause, ctx.now);
  if (!left) return { agentState, events: [failed] };
  ctx.state.putCaller(left.caller);
  router.removeCaller(caller.queueId, caller.callerId);
  const others = ctx.state.interactions(caller.tenantId, caller.callerId);
  return {
    agentState, events: [failed, left.event], write: write([left.caller]),
    after: () => {
      ctx.after.forget(left.caller);
      ctx.after.withdraw(caller.tenantId, others);
    },
  };
}

const OUTCOME: Partial<Record<string, OfferOutcome>> = { no_answer: 'no_answer', rejected: 'rejected', busy: 'busy', failed: 'failed', cancelled: 'cancelled' };

function missed(ctx: StepContext, caller: QueueCaller, call: Interaction, agent: Agent, agentState: AgentState): StepExtension {
  const outcome = OUTCOME[call.agentLeg.endCause ?? ''] ?? 'failed';
  const overrides = ctx.overrides(call.tenantId, call.agentId) ?? DEFAULT_OVERRIDES;
  const result = afterOffer(agentState.routing ?? INITIAL_ROUTING, outcome, overrides, ctx.now);
  let next: AgentState = { ...agentState, routing: result.routing };
  const events: DomainEvent[] = [{ type: 'offer.failed', callerId: caller.callerId, queueId: caller.queueId, agentId: call.agentId, cause: outcome }];
  if (result.maxNoAnswerReached) {
    events.push({ type: 'agent.max_no_answer', agentId: call.agentId, count: result.routing.noAnswerCount });
    // Only an agent still available goes on break: a logout, break or offline the agent asked for while ringing stands.
    const onBreak = applyPresence({ ...agent, state: next }, { kind: PresenceKind.OnBreak, reason: MISSED_TRANSACTIONS }, ctx.now, 'system');
    if (onBreak.changed && next.presence.kind === PresenceKind.Available) {
      next = onBreak.state;
      events.push(...onBreak.events);
    }
  }
  ctx.state.router(call.tenantId).offerEnded(caller.queueId, caller.callerId, call.agentId, outcome === 'cancelled' ? 'cancelled' : 'missed', ctx.now);
  const stillRinging = ctx.state.interactions(caller.tenantId, caller.callerId).length > 0;
  const waiting: QueueCaller = caller.state === CallerState.Offered && !stillRinging ? { ...caller, state: CallerState.Waiting } : caller;
  ctx.state.putCaller(waiting);
  const readyAt = result.routing.readyAt;
  return {
    agentState: next, events, write: write([waiting]),
    after: () => {
      if (readyAt !== null && readyAt > ctx.now) ctx.after.wakeAgentAt(call.tenantId, call.agentId, readyAt);
      ctx.after.dispatch(call.tenantId, [caller.queueId]);
    },
  };
}
