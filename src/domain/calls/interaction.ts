import type { Agent, AgentState } from '../agent.ts';
import type { CallParty, ChangeSource, DomainEvent, LegSide } from '../events.ts';
import { settleAgent, type CallContext } from './agent-effects.ts';
import type { LineNumber } from './lines.ts';
import type { Queue, TransactionCode } from './queue.ts';

export const CallDirection = { Inbound: 'inbound', Outbound: 'outbound' } as const;
export type CallDirection = (typeof CallDirection)[keyof typeof CallDirection];

/** A leg is dialled (pending), rings, is answered, and ends — in that order only. */
export const LegState = { Pending: 'pending', Ringing: 'ringing', Answered: 'answered', Ended: 'ended' } as const;
export type LegState = (typeof LegState)[keyof typeof LegState];

/** Why one leg ended. */
export const LegEndCause = {
  /** This leg's party hung up. */
  Hangup: 'hangup',
  /** The other party or the system ended the call while this leg was connected. */
  Cleared: 'cleared',
  /** Stopped while ringing or before it was dialled. */
  Cancelled: 'cancelled',
  NoAnswer: 'no_answer',
  Rejected: 'rejected',
  Busy: 'busy',
  Failed: 'failed',
  /** An inbound caller's leg left this offer and stays up: back to waiting, or taken by another agent (ring-all). */
  Requeued: 'requeued',
} as const;
export type LegEndCause = (typeof LegEndCause)[keyof typeof LegEndCause];

/** Failures the telephony reports for a leg that has not been answered. */
export type LegFailure = typeof LegEndCause.NoAnswer | typeof LegEndCause.Rejected | typeof LegEndCause.Busy | typeof LegEndCause.Failed;

/**
 * Why the interaction ended: `completed` after talking, `cancelled` before, the leg that failed
 * and how, or `failed` when the platform lost the call (it was live when the server stopped).
 */
export type InteractionEndCause = 'completed' | 'cancelled' | 'failed' | `${LegSide}_${LegFailure}`;

export interface Leg {
  readonly id: string;
  readonly side: LegSide;
  readonly state: LegState;
  readonly ringingAt: number | null;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly endCause: LegEndCause | null;
}

/** A wrap-up after a queue call (`NOTES.md` §4). */
export interface PostProcessing {
  readonly startedAt: number;
  /** When the wrap-up time runs out; the caller arms a durable timer for it. */
  readonly dueAt: number;
  /** The time ran out but the queue requires codes and none are set: setting them ends it. */
  readonly awaitingCodes: boolean;
  readonly endedAt: number | null;
  readonly endedBy: ChangeSource | 'timer' | null;
}

/** A name/value pair of `extTransactionData` or `ctlUserData`, kept as given. */
export interface NameValue {
  readonly name: string;
  readonly value: string;
}

/** A call handled for one agent: the agent leg is dialled first, then the customer leg. */
export interface Interaction {
  readonly guid: string;
  readonly tenantId: string;
  readonly agentId: string;
  /** Null for a direct call. */
  readonly queueId: number | null;
  /** For an inbound queue call: the queue caller (member) this offer is for (`src/domain/acd`). */
  readonly queueCallerId?: string;
  /** How long the agent's device rings (the queue's `ring_timeout`); absent: the platform default. */
  readonly ringTimeoutMs?: number;
  readonly direction: CallDirection;
  readonly line: LineNumber;
  /** The numeric transaction number (`$transaction_id$`); storage assigns it. */
  readonly transactionNumber: number | null;
  readonly destination: string;
  readonly callerId: string | null;
  readonly agentLeg: Leg;
  readonly customerLeg: Leg;
  readonly extTransactionData: readonly NameValue[];
  readonly ctlUserData: readonly NameValue[];
  readonly transactionCodes: readonly TransactionCode[];
  /** The agent's notes on the call (the workspace); absent until written. */
  readonly notes?: string;
  /** Copied from the queue when the call is placed, so later queue edits do not change a running call. */
  readonly codesRequired: boolean;
  /** Post-processing length chosen when the call was placed; null for direct calls (no wrap-up). */
  readonly wrapUpSeconds: number | null;
  readonly createdAt: number;
  readonly bridgedAt: number | null;
  readonly endedAt: number | null;
  readonly endCause: InteractionEndCause | null;
  readonly hungUpBy: CallParty | null;
  readonly postProcessing: PostProcessing | null;
}

/** Where an interaction stands, derived from its legs so the two can never disagree. */
export const InteractionStage = {
  AgentDialling: 'agent_dialling',
  AgentRinging: 'agent_ringing',
  CustomerDialling: 'customer_dialling',
  CustomerRinging: 'customer_ringing',
  Talking: 'talking',
  PostProcessing: 'post_processing',
  Completed: 'completed',
} as const;
export type InteractionStage = (typeof InteractionStage)[keyof typeof InteractionStage];

/**
 * The stage of an interaction.
 * @example stageOf(placed.interaction); // 'agent_dialling'
 */
export function stageOf(interaction: Interaction): InteractionStage {
  if (interaction.endedAt !== null) return inPostProcessing(interaction) ? InteractionStage.PostProcessing : InteractionStage.Completed;
  const { agentLeg, customerLeg } = interaction;
  if (agentLeg.state === LegState.Pending) return InteractionStage.AgentDialling;
  if (agentLeg.state === LegState.Ringing) return InteractionStage.AgentRinging;
  if (customerLeg.state === LegState.Pending) return InteractionStage.CustomerDialling;
  if (customerLeg.state === LegState.Ringing) return InteractionStage.CustomerRinging;
  return InteractionStage.Talking;
}

/**
 * The call itself is still up (some leg may be ringing or connected).
 * @example isLive(placed.interaction); // true
 */
export function isLive(interaction: Interaction): boolean {
  return interaction.endedAt === null;
}

/**
 * A wrap-up is running for this interaction.
 * @example inPostProcessing(interaction); // true after a queue call the agent answered has ended
 */
export function inPostProcessing(interaction: Interaction): boolean {
  return interaction.postProcessing !== null && interaction.postProcessing.endedAt === null;
}

/** The result of a transition: nothing (late, duplicate or out-of-order input), or the new state and what to log. */
export type CallOutcome = { readonly changed: false } | CallChange;
export interface CallChange {
  readonly changed: true;
  readonly interaction: Interaction;
  readonly agentState: AgentState;
  readonly events: readonly DomainEvent[];
}
export const NO_CHANGE: CallOutcome = { changed: false };

/** Everything needed to create a placed call; ids, line, number and caller id are decided beforehand. */
export interface PlaceCallInput {
  readonly guid: string;
  readonly agentLegId: string;
  readonly customerLegId: string;
  readonly tenantId: string;
  readonly agent: Agent;
  readonly queue: Queue | null;
  readonly line: LineNumber;
  readonly destination: string;
  readonly callerId: string | null;
  /** From `wrapUpSeconds(agentOverride, queue, tenantDefault)`; ignored for direct calls. */
  readonly wrapUpSeconds: number;
  readonly extTransactionData?: readonly NameValue[];
  readonly ctlUserData?: readonly NameValue[];
}

function newLeg(id: string, side: LegSide): Leg {
  return { id, side, state: LegState.Pending, ringingAt: null, answeredAt: null, endedAt: null, endCause: null };
}

/** Everything needed to offer a waiting inbound caller to an agent; the caller's leg is already answered. */
export interface OfferCallInput {
  readonly guid: string;
  readonly agentLegId: string;
  readonly tenantId: string;
  readonly agent: Agent;
  readonly queue: Queue;
  readonly line: LineNumber;
  readonly caller: { readonly callerId: string; readonly legId: string; readonly number: string; readonly answeredAt: number; readonly dialled: string };
  readonly wrapUpSeconds: number;
  readonly extTransactionData?: readonly NameValue[];
  readonly ringTimeoutMs?: number;
}

/**
 * Offers a waiting inbound caller to an agent (the ACD's decision): the agent's device rings
 * (status 6); when it answers, the caller — whose leg the system answered when it joined the
 * queue — is bridged at once. A missed offer sends the caller back to its queue (its leg ends
 * `requeued` in this interaction and stays up).
 * @example offerCall({ guid, agentLegId, tenantId: 't1', agent, queue, line: 1, caller, wrapUpSeconds: 30 }, ctx)
 */
export function offerCall(input: OfferCallInput, ctx: CallContext): CallChange {
  const { caller } = input;
  const customerLeg: Leg = { ...newLeg(caller.legId, 'customer'), state: LegState.Answered, ringingAt: caller.answeredAt, answeredAt: caller.answeredAt };
  const interaction: Interaction = {
    guid: input.guid, tenantId: input.tenantId, agentId: input.agent.agentId, queueId: input.queue.id, queueCallerId: caller.callerId,
    ...(input.ringTimeoutMs !== undefined && { ringTimeoutMs: input.ringTimeoutMs }),
    direction: CallDirection.Inbound, line: input.line, transactionNumber: null, destination: caller.dialled, callerId: caller.number,
    agentLeg: newLeg(input.agentLegId, 'agent'), customerLeg,
    extTransactionData: input.extTransactionData ?? [], ctlUserData: [], transactionCodes: [],
    codesRequired: input.queue.codesRequired, wrapUpSeconds: input.wrapUpSeconds,
    createdAt: ctx.now, bridgedAt: null, endedAt: null, endCause: null, hungUpBy: null, postProcessing: null,
  };
  const created: DomainEvent = {
    type: 'interaction.created', interactionGuid: interaction.guid, agentId: interaction.agentId, queueId: interaction.queueId,
    direction: interaction.direction, line: interaction.line, destination: interaction.destination, callerId: interaction.callerId,
  };
  return settleAgent(ctx, interaction, [created]);
}

/**
 * Creates a call placed for an agent (VCC place call): the agent's device is dialled first.
 * The agent's activity becomes offered (queue call) or on_direct_call / both_lines.
 * @example placeCall({ guid, agentLegId, customerLegId, tenantId: 't1', agent, queue: null, line: 1, destination: '+16175551984', callerId: null, wrapUpSeconds: 0 }, ctx)
 */
export function placeCall(input: PlaceCallInput, ctx: CallContext): CallChange {
  const interaction: Interaction = {
    guid: input.guid, tenantId: input.tenantId, agentId: input.agent.agentId,
    queueId: input.queue?.id ?? null, direction: CallDirection.Outbound, line: input.line, transactionNumber: null,
    destination: input.destination, callerId: input.callerId,
    agentLeg: newLeg(input.agentLegId, 'agent'), customerLeg: newLeg(input.customerLegId, 'customer'),
    extTransactionData: input.extTransactionData ?? [], ctlUserData: input.ctlUserData ?? [], transactionCodes: [],
    codesRequired: input.queue?.codesRequired ?? false, wrapUpSeconds: input.queue === null ? null : input.wrapUpSeconds,
    createdAt: ctx.now, bridgedAt: null, endedAt: null, endCause: null, hungUpBy: null, postProcessing: null,
  };
  const created: DomainEvent = {
    type: 'interaction.created', interactionGuid: interaction.guid, agentId: interaction.agentId, queueId: interaction.queueId,
    direction: interaction.direction, line: interaction.line, destination: interaction.destination, callerId: interaction.callerId,
  };
  return settleAgent(ctx, interaction, [created]);
}

/** Everything needed to put a caller through to an agent's extension (CCS `wait_transfer`); the caller's leg is up. */
export interface TransferCallInput {
  readonly guid: string;
  readonly agentLegId: string;
  readonly tenantId: string;
  readonly agent: Agent;
  readonly line: LineNumber;
  readonly caller: { readonly legId: string; readonly number: string; readonly answeredAt: number };
  /** The extension dialled (shown as the interaction's destination). */
  readonly extension: string;
  readonly ringTimeoutMs?: number;
}

/**
 * A caller transferred to an agent's extension: a direct inbound call (no queue, no wrap-up) —
 * the agent's device rings (status 10 on the VCC API, not 6: it is not a queue offer) and, when it
 * answers, the caller's already answered leg is bridged. An unanswered device ends the call.
 * @example transferCall({ guid, agentLegId, tenantId: 't1', agent, line: 1, caller, extension: '102' }, ctx)
 */
export function transferCall(input: TransferCallInput, ctx: CallContext): CallChange {
  const { caller } = input;
  const customerLeg: Leg = { ...newLeg(caller.legId, 'customer'), state: LegState.Answered, ringingAt: caller.answeredAt, answeredAt: caller.answeredAt };
  const interaction: Interaction = {
    guid: input.guid, tenantId: input.tenantId, agentId: input.agent.agentId, queueId: null,
    ...(input.ringTimeoutMs !== undefined && { ringTimeoutMs: input.ringTimeoutMs }),
    direction: CallDirection.Inbound, line: input.line, transactionNumber: null, destination: input.extension, callerId: caller.number,
    agentLeg: newLeg(input.agentLegId, 'agent'), customerLeg, extTransactionData: [], ctlUserData: [], transactionCodes: [],
    codesRequired: false, wrapUpSeconds: null, createdAt: ctx.now, bridgedAt: null, endedAt: null, endCause: null, hungUpBy: null, postProcessing: null,
  };
  const created: DomainEvent = {
    type: 'interaction.created', interactionGuid: interaction.guid, agentId: interaction.agentId, queueId: null,
    direction: interaction.direction, line: interaction.line, destination: interaction.destination, callerId: interaction.callerId,
  };
  return settleAgent(ctx, interaction, [created]);
}
