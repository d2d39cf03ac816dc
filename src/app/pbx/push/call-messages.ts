import type { Interaction, Leg } from '../../../domain/calls/interaction.ts';
import type { BridgeStarted, CallerJoined, CallerLeft, LegAnswered, LegEnded, LegRinging, LoggedEvent } from '../../../domain/events.ts';
import type { MappedMessage, MapperContext } from '../../delivery/mappers.ts';
import { callData, hangupCause, NO_PARTY, type CallEnding, type CallFacts, type CallParty, type LegTimes } from './call-fields.ts';
import { PbxEvent, pushMessage } from './messages.ts';

/** What the call mapper looks up besides the interaction: the agent's PBX user id and the device they are checked in with. */
export interface CallLookups {
  readonly accountId: number;
  party(agentId: string): Promise<CallParty>;
}

type LegEvent = LegRinging | LegAnswered | LegEnded;
const LEG_EVENTS: Readonly<Record<LegEvent['type'], PbxEvent>> = {
  'leg.ringing': PbxEvent.CallRing,
  'leg.answered': PbxEvent.CallAnswer,
  'leg.ended': PbxEvent.CallEnd,
};

/** An inbound caller's leg rings and is answered when it joins the queue (`caller.joined`), not in the offers. */
function inboundCaller(interaction: Interaction): boolean {
  return interaction.direction === 'inbound';
}

/** The facts of an interaction's call, the same for both legs. */
function factsOf(interaction: Interaction, agent: CallParty): CallFacts {
  const data = interaction.extTransactionData;
  if (inboundCaller(interaction)) {
    return {
      type: interaction.queueId !== null ? 'queue' : 'inbound', callId: interaction.customerLeg.id, dstNum: interaction.destination,
      src: NO_PARTY, dst: agent, cidNum: interaction.callerId, external: interaction.callerId, queueId: interaction.queueId, data,
    };
  }
  return {
    type: 'outbound', callId: interaction.agentLeg.id, dstNum: interaction.destination, src: agent, dst: NO_PARTY,
    cidNum: interaction.callerId, external: interaction.destination, queueId: interaction.queueId, data,
  };
}

/** When each leg started: the agent's at once; a placed call's customer leg once the agent answered; a caller's when the system answered it. */
function timesOf(interaction: Interaction, leg: Leg): LegTimes {
  const start = leg.side === 'agent'
    ? interaction.createdAt
    : inboundCaller(interaction) ? (leg.answeredAt ?? interaction.createdAt) : (interaction.agentLeg.answeredAt ?? interaction.createdAt);
  return { start, ringingAt: leg.ringingAt, answeredAt: leg.answeredAt, endedAt: leg.endedAt };
}

/** Queue wait of an inbound queue call at `at`: from the system's answer to the bridge. */
function ccWaitOf(interaction: Interaction, at: number): number {
  if (!inboundCaller(interaction) || interaction.customerLeg.answeredAt === null) return 0;
  const bridged = interaction.bridgedAt !== null && interaction.bridgedAt <= at ? interaction.bridgedAt : at;
  return bridged - interaction.customerLeg.answeredAt;
}

/**
 * `call:ring`, `call:answer`, `call:end` of one interaction leg. An inbound caller's leg is
 * reported by its queue events, except its end after a bridge (it ends with this call); a leg
 * that only leaves a missed offer (`requeued`) has not ended.
 * @example await legMessages(logged, ctx, lookups) // [{ type: 'call:ring', body: { event: 'call:ring', account_id: 1001, ts, data: { id, call_id, … } } }]
 */
export async function legMessages(logged: LoggedEvent<LegEvent>, ctx: MapperContext, lookups: CallLookups): Promise<MappedMessage[]> {
  const e = logged.event;
  const interaction = await ctx.store.getInteraction(logged.tenantId, e.interactionGuid);
  if (!interaction) return [];
  const leg = e.leg === 'agent' ? interaction.agentLeg : interaction.customerLeg;
  if (leg.side === 'customer' && inboundCaller(interaction)) {
    const endsWithCall = e.type === 'leg.ended' && e.cause !== 'requeued' && interaction.bridgedAt !== null;
    if (!endsWithCall) return [];
  }
  if (e.type === 'leg.ended' && e.cause === 'requeued') return [];
  const ending: CallEnding | null = e.type === 'leg.ended' ? { hangupCause: hangupCause(e.cause), canceled: null } : null;
  const facts = factsOf(interaction, await lookups.party(interaction.agentId));
  const data = callData(leg.id, facts, timesOf(interaction, leg), logged.at, ccWaitOf(interaction, logged.at), ending);
  return [pushMessage(LEG_EVENTS[e.type], lookups.accountId, logged.at, data)];
}

/**
 * `call:start` (queue calls only): the inbound queue caller is bridged to an agent; sent for the
 * agent's leg (its `call_id` is the caller's leg, `dst_user_id` the agent).
 * @example await callStartMessages(logged, ctx, lookups) // [{ type: 'call:start', … }]
 */
export async function callStartMessages(logged: LoggedEvent<BridgeStarted>, ctx: MapperContext, lookups: CallLookups): Promise<MappedMessage[]> {
  const interaction = await ctx.store.getInteraction(logged.tenantId, logged.event.interactionGuid);
  if (!interaction) return [];
  const facts = factsOf(interaction, await lookups.party(interaction.agentId));
  const data = callData(interaction.agentLeg.id, facts, timesOf(interaction, interaction.agentLeg), logged.at, ccWaitOf(interaction, logged.at), null);
  return [pushMessage(PbxEvent.CallStart, lookups.accountId, logged.at, data)];
}

/** How much earlier than its commit a caller's leave may have been decided (the look-up of older events). */
const LEFT_MARGIN_MS = 60_000;

function callerFacts(legId: string, queueId: number, number: string | null, dialled: string | null): CallFacts {
  return { type: 'queue', callId: legId, dstNum: dialled, src: NO_PARTY, dst: NO_PARTY, cidNum: number, external: number, queueId, data: [] };
}

/**
 * An inbound caller joins a queue: its leg rang and the system answered it (`call:ring`, `call:answer`).
 * @example callerJoinedMessages(logged, 1001) // [call:ring, call:answer] for the caller's leg
 */
export function callerJoinedMessages(logged: LoggedEvent<CallerJoined>, accountId: number): MappedMessage[] {
  const e = logged.event;
  if (e.legId === undefined) return []; // logged before the leg was recorded with the event
  const facts = callerFacts(e.legId, e.queueId, e.number, e.dialled);
  const times: LegTimes = { start: logged.at, ringingAt: logged.at, answeredAt: logged.at, endedAt: null };
  return [PbxEvent.CallRing, PbxEvent.CallAnswer].map((event) => pushMessage(event, accountId, logged.at, callData(e.legId as string, facts, times, logged.at, 0, null)));
}

/**
 * An inbound caller leaves its queue unanswered: `call:end` of its leg with `canceled` = the
 * leave cause (`NONE`, `TIMEOUT`, `NO_AGENT_TIMEOUT`, `BREAK_OUT`, `EXIT_WITH_KEY`). An answered
 * caller's leg ends later, with its call.
 * @example await callerLeftMessages(logged, ctx, 1001) // [call:end] with canceled 'BREAK_OUT'
 */
export async function callerLeftMessages(logged: LoggedEvent<CallerLeft>, ctx: MapperContext, accountId: number): Promise<MappedMessage[]> {
  const e = logged.event;
  if (e.cause === 'answered' || e.legId === undefined) return [];
  // The event carries the caller's numbers and answer time; only events logged before it did need the caller's record,
  // which left at or before the commit (`at` is the commit's time, later than the decision's under load: the margin).
  const caller = e.answeredAt !== undefined ? undefined
    : (await ctx.store.listQueueCallersLeftSince(logged.at - e.waitedMs - LEFT_MARGIN_MS)).find((c) => c.tenantId === logged.tenantId && c.callerId === e.callerId);
  const facts = callerFacts(e.legId, e.queueId, e.number ?? caller?.number ?? null, e.dialled ?? caller?.dialled ?? null);
  const start = e.answeredAt ?? caller?.answeredAt ?? logged.at - e.waitedMs;
  const times: LegTimes = { start, ringingAt: start, answeredAt: start, endedAt: logged.at };
  return [pushMessage(PbxEvent.CallEnd, accountId, logged.at, callData(e.legId, facts, times, logged.at, e.waitedMs, { hangupCause: 'NORMAL_CLEARING', canceled: e.cause }))];
}
