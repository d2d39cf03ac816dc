import type { CallParty, DomainEvent, LegSide } from '../events.ts';
import { settleAgent, type CallContext } from './agent-effects.ts';
import {
  LegEndCause,
  LegState,
  NO_CHANGE,
  type CallOutcome,
  type Interaction,
  type InteractionEndCause,
  type Leg,
  type LegFailure,
} from './interaction.ts';

/**
 * What the telephony (or an API request) reports about a call. Signals can arrive late,
 * twice or out of order; any that does not fit the current stage changes nothing.
 */
export type CallSignal =
  | { readonly kind: 'ringing'; readonly leg: LegSide }
  | { readonly kind: 'answered'; readonly leg: LegSide }
  | { readonly kind: 'failed'; readonly leg: LegSide; readonly cause: LegFailure }
  /** The leg hung up; `by` defaults to the leg's own party (the VCC hang-up and free-line routes pass `agent`: the agent's side ended it). */
  | { readonly kind: 'hangup'; readonly leg: LegSide; readonly by?: CallParty }
  /** End the whole interaction (VCC end call, free lines). */
  | { readonly kind: 'end'; readonly by: CallParty }
  /** The platform lost the call (it was live when the server stopped): it ends as failed. */
  | { readonly kind: 'lost' }
  /** An offer of an inbound caller is taken back (another agent answered a ring-all): the caller's leg stays up. */
  | { readonly kind: 'withdraw' };

/**
 * Applies one signal to a placed call: ringing → answered for the agent leg, then for the
 * customer leg (bridged on answer), then hang-ups and failures end the call, and a queue
 * call the agent answered goes into post-processing.
 * @example applySignal(interaction, { kind: 'answered', leg: 'agent' }, ctx); // { changed: true, … }
 */
export function applySignal(interaction: Interaction, signal: CallSignal, ctx: CallContext): CallOutcome {
  if (interaction.endedAt !== null) return NO_CHANGE;
  if (signal.kind === 'end') return endCall(interaction, ctx, { by: signal.by, failed: null });
  if (signal.kind === 'lost') return endCall(interaction, ctx, { by: 'system', failed: null, lost: true });
  if (signal.kind === 'withdraw') {
    return interaction.agentLeg.state === LegState.Answered ? NO_CHANGE : endCall(interaction, ctx, { by: 'system', failed: null, withdrawn: true });
  }
  const leg = legOf(interaction, signal.leg);
  // An outbound call dials the customer only once the agent has answered; earlier customer signals are stray.
  // An inbound caller's leg was answered by the system before the offer, so its signals always count.
  const customerNotDialled = signal.leg === 'customer' && interaction.direction === 'outbound' && interaction.agentLeg.state !== LegState.Answered;
  if (leg.state === LegState.Ended || customerNotDialled) return NO_CHANGE;
  switch (signal.kind) {
    case 'ringing':
      return leg.state === LegState.Pending ? ring(interaction, leg, ctx) : NO_CHANGE;
    case 'answered':
      return leg.state === LegState.Answered ? NO_CHANGE : answer(interaction, leg, ctx);
    case 'failed':
      return leg.state === LegState.Answered ? NO_CHANGE : endCall(interaction, ctx, { by: null, failed: { side: leg.side, cause: signal.cause } });
    case 'hangup':
      return hangUp(interaction, leg, signal.by ?? signal.leg, ctx);
  }
}

function legOf(interaction: Interaction, side: LegSide): Leg {
  return side === 'agent' ? interaction.agentLeg : interaction.customerLeg;
}

function withLeg(interaction: Interaction, leg: Leg): Interaction {
  return leg.side === 'agent' ? { ...interaction, agentLeg: leg } : { ...interaction, customerLeg: leg };
}

function ring(interaction: Interaction, leg: Leg, ctx: CallContext): CallOutcome {
  const ringing: Leg = { ...leg, state: LegState.Ringing, ringingAt: ctx.now };
  const event: DomainEvent = { type: 'leg.ringing', interactionGuid: interaction.guid, leg: leg.side, legId: leg.id };
  return settleAgent(ctx, withLeg(interaction, ringing), [event]);
}

/** A missed ringing signal is tolerated: an answer from `pending` counts (telephony may skip ringing). */
function answer(interaction: Interaction, leg: Leg, ctx: CallContext): CallOutcome {
  const answered: Leg = { ...leg, state: LegState.Answered, ringingAt: leg.ringingAt ?? ctx.now, answeredAt: ctx.now };
  const events: DomainEvent[] = [{ type: 'leg.answered', interactionGuid: interaction.guid, leg: leg.side, legId: leg.id }];
  let next = withLeg(interaction, answered);
  // Bridged when both ends are up: the customer answering an outbound call, or the agent taking an inbound caller.
  if (next.agentLeg.state === LegState.Answered && next.customerLeg.state === LegState.Answered) {
    next = { ...next, bridgedAt: ctx.now };
    events.push({ type: 'interaction.bridged', interactionGuid: interaction.guid });
  }
  return settleAgent(ctx, next, events);
}

/** Hanging up a leg that has not been answered is refusing the call; a connected leg ends the call for both. */
function hangUp(interaction: Interaction, leg: Leg, by: CallParty, ctx: CallContext): CallOutcome {
  if (leg.state !== LegState.Answered) {
    return endCall(interaction, ctx, { by, failed: { side: leg.side, cause: LegEndCause.Rejected } });
  }
  return endCall(interaction, ctx, { by, failed: null });
}

interface Ending {
  /** Who hung up; null when the call failed on its own. */
  readonly by: CallParty | null;
  /** The leg whose failure ends the call, if that is why. */
  readonly failed: { readonly side: LegSide; readonly cause: LegFailure } | null;
  /** The platform lost the call: every leg still up ends as failed. */
  readonly lost?: boolean;
  /** An inbound offer taken back: the agent's leg is cancelled, the caller's leg leaves this offer. */
  readonly withdrawn?: boolean;
}

function endCall(interaction: Interaction, ctx: CallContext, ending: Ending): CallOutcome {
  const events: DomainEvent[] = [];
  const close = (leg: Leg): Leg => {
    const closed = closeLeg(leg, legCause(leg, ending, interaction), ctx.now);
    // Every leg the telephony was asked to dial gets its end logged, even one that failed before ringing
    // (busy, unreachable): the agent's leg is dialled at once, the customer's once the agent has answered.
    const dialled = leg.state !== LegState.Pending || leg.side === 'agent' || interaction.agentLeg.answeredAt !== null;
    if (dialled) {
      events.push({ type: 'leg.ended', interactionGuid: interaction.guid, leg: leg.side, legId: leg.id, cause: closed.endCause ?? '', hungUpBy: ending.by });
    }
    return closed;
  };
  const cause: InteractionEndCause = ending.lost === true ? 'failed' : ending.failed !== null
    ? `${ending.failed.side}_${ending.failed.cause}`
    : interaction.bridgedAt !== null ? 'completed' : 'cancelled';
  let next: Interaction = {
    ...interaction, agentLeg: close(interaction.agentLeg), customerLeg: close(interaction.customerLeg),
    endedAt: ctx.now, endCause: cause, hungUpBy: ending.by,
  };
  events.push({ type: 'interaction.ended', interactionGuid: next.guid, agentId: next.agentId, cause, hungUpBy: ending.by });
  // Post-processing follows a queue call the agent took part in; an offer the agent never answered leaves nothing to wrap up.
  if (next.queueId !== null && next.wrapUpSeconds !== null && interaction.agentLeg.answeredAt !== null) {
    const dueAt = ctx.now + next.wrapUpSeconds * 1000;
    next = { ...next, postProcessing: { startedAt: ctx.now, dueAt, awaitingCodes: false, endedAt: null, endedBy: null } };
    events.push({ type: 'post_processing.started', interactionGuid: next.guid, agentId: next.agentId, dueAt });
  }
  return settleAgent(ctx, next, events);
}

function legCause(leg: Leg, ending: Ending, interaction: Interaction): LegEndCause {
  if (ending.lost === true) return LegEndCause.Failed;
  // A missed offer of an inbound caller: the caller goes back to its queue, its leg stays up.
  if (interaction.direction === 'inbound' && leg.side === 'customer' && (ending.failed?.side === 'agent' || ending.withdrawn === true)) return LegEndCause.Requeued;
  if (ending.failed !== null && ending.failed.side === leg.side) return ending.failed.cause;
  if (leg.state !== LegState.Answered) return LegEndCause.Cancelled;
  return ending.by === leg.side ? LegEndCause.Hangup : LegEndCause.Cleared;
}

function closeLeg(leg: Leg, cause: LegEndCause, now: number): Leg {
  return { ...leg, state: LegState.Ended, endedAt: now, endCause: cause };
}
