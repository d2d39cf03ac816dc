import { ActivityKind, type Presence } from '../agent.ts';
import type { LoggedEvent } from '../events.ts';
import { PhoneStateName, QueueStateName, presenceStateOf } from './agent-state.ts';
import { CcsCallState, type CcsCallRecord } from './call-record.ts';
import { CcsPermission } from './permissions.ts';

/**
 * The events of the CCS WebSocket (`/6/v2/sock`, issue 8; `docs/ccs-events.md`): their names,
 * categories and permissions, and pure builders of their bodies from plain facts. The app layer
 * (`src/app/ccs/ws/event-mapper.ts`) only looks the facts up; every shape is decided here.
 */
export const WsEventName = {
  AgentState: 'agent.state',
  AgentPhoneState: 'agent.phone_state',
  CallCreated: 'call.created',
  CallRinging: 'call.ringing',
  CallAnswered: 'call.answered',
  CallTransferred: 'call.transferred',
  CallSuppression: 'call.suppression',
  CallEnded: 'call.ended',
  QueueCallerJoined: 'queue.caller_joined',
  QueueCallerLeft: 'queue.caller_left',
  QueueCounts: 'queue.counts',
} as const;
export type WsEventName = (typeof WsEventName)[keyof typeof WsEventName];

/** The three groups of events; a client receives a group only with its permission. */
export const WsEventCategory = { Agent: 'agent', Call: 'call', Queue: 'queue' } as const;
export type WsEventCategory = (typeof WsEventCategory)[keyof typeof WsEventCategory];

/** The category of each event (the name's prefix, spelled out so a new name must choose). */
export const CATEGORY_OF: Readonly<Record<WsEventName, WsEventCategory>> = {
  'agent.state': 'agent', 'agent.phone_state': 'agent',
  'call.created': 'call', 'call.ringing': 'call', 'call.answered': 'call', 'call.transferred': 'call', 'call.suppression': 'call', 'call.ended': 'call',
  'queue.caller_joined': 'queue', 'queue.caller_left': 'queue', 'queue.counts': 'queue',
};

/** The permission a client needs for each category (`ccs-api-overview.txt` §3: Agent / Call / Inbound Queue Events). */
export const PERMISSION_OF_CATEGORY: Readonly<Record<WsEventCategory, CcsPermission>> = {
  agent: CcsPermission.AgentEvents,
  call: CcsPermission.CallEvents,
  queue: CcsPermission.InboundQueueEvents,
};

/** An extension as the REST API names it. */
export interface ExtensionRef {
  readonly uuid: string;
  readonly extension: string;
}

/** An ACD (a queue's CCS face) as the REST API names it; a call's queue may lack the CCS face (uuid null). */
export interface AcdRef {
  readonly uuid: string | null;
  readonly name: string;
  readonly extension: string | null;
}

/** An event body before its envelope: the name and the event's own fields. */
export interface WsEventBody {
  readonly event: WsEventName;
  readonly [field: string]: unknown;
}

/** Where a logged event sits: the tenant's CCS uuid, its log seq and its time (contact-center ms). */
export interface WsEnvelope {
  readonly tenantUuid: string;
  readonly seq: number;
  readonly at: number;
}

/**
 * The bodies one logged event produced, each with `tenant_id`, `seq`, `n` (its index among them,
 * so a client filtered by permission sees gaps, never a reorder) and `at` (ISO 8601 UTC).
 * @example enveloped([agentStateEvent(ext, presence, null)], { tenantUuid: 'c255…', seq: 42, at: 0 })[0]; // { event: 'agent.state', tenant_id: 'c255…', seq: 42, n: 0, at: '1970-01-01T00:00:00.000Z', … }
 */
export function enveloped(bodies: readonly WsEventBody[], envelope: WsEnvelope): Record<string, unknown>[] {
  const at = new Date(envelope.at).toISOString();
  return bodies.map(({ event, ...fields }, n) => ({ event, tenant_id: envelope.tenantUuid, seq: envelope.seq, n, at, ...fields }));
}

/**
 * An ACD as events name it, from a queue's CCS face.
 * @example acdOf({ ccsUuid: 'az12…', name: 'Sales', extension: '701' }); // { uuid: 'az12…', name: 'Sales', extension: '701' }
 */
export function acdOf(queue: { readonly ccsUuid: string | null; readonly name: string; readonly extension: string | null }): AcdRef {
  return { uuid: queue.ccsUuid, name: queue.name, extension: queue.extension };
}

/**
 * `agent.state`: the agent's new presence as REST 4.15's `agent_state.state`.
 * @example agentStateEvent({ uuid: 'az…', extension: '101' }, { kind: 'available', reason: null }, null).agent_state; // { state: { type: 'ready', name: 'Ready' } }
 */
export function agentStateEvent(extension: ExtensionRef, presence: Presence, reasonLabel: string | null): WsEventBody {
  return { event: WsEventName.AgentState, extension, agent_state: { state: presenceStateOf(presence, reasonLabel) } };
}

/**
 * What is known about the queue of the agent's call: a queue call (its name), a direct call, or
 * unknown (a replay after the call is gone from the live registry).
 */
export type QueueCallFact = { readonly kind: 'queue'; readonly name: string } | { readonly kind: 'direct' } | { readonly kind: 'unknown' };

type PhoneStates = { readonly phone_state: { readonly state: PhoneStateName }; readonly queue_state: { readonly state: QueueStateName; readonly queue: string } };
const queueState = (state: QueueStateName, call: QueueCallFact): PhoneStates['queue_state'] => ({ state, queue: call.kind === 'queue' ? call.name : '' });

/**
 * The phone and queue state an activity means (the REST 4.15 names, without durations): offered →
 * Ringing / Offered; on a queue call → Busy / Connected; on a direct call → Busy / None; both lines
 * → Busy / Connected when one is a known queue call; post-processing → Idle / Wrap Up (None after
 * a known direct call); idle → Idle / None. The queue is "" when unknown.
 * @example phoneStatesOf('offered', { kind: 'queue', name: 'Sales' }); // { phone_state: { state: 'Ringing' }, queue_state: { state: 'Offered', queue: 'Sales' } }
 */
export function phoneStatesOf(activity: ActivityKind, call: QueueCallFact): PhoneStates {
  const none = queueState(QueueStateName.None, { kind: 'direct' });
  switch (activity) {
    case ActivityKind.Offered:
      return { phone_state: { state: PhoneStateName.Ringing }, queue_state: queueState(QueueStateName.Offered, call) };
    case ActivityKind.OnQueueCall:
      return { phone_state: { state: PhoneStateName.Busy }, queue_state: queueState(QueueStateName.Connected, call) };
    case ActivityKind.OnDirectCall:
      return { phone_state: { state: PhoneStateName.Busy }, queue_state: none };
    case ActivityKind.BothLines:
      return { phone_state: { state: PhoneStateName.Busy }, queue_state: call.kind === 'queue' ? queueState(QueueStateName.Connected, call) : none };
    case ActivityKind.PostProcessing:
      return { phone_state: { state: PhoneStateName.Idle }, queue_state: call.kind === 'direct' ? none : queueState(QueueStateName.WrapUp, call) };
    default:
      return { phone_state: { state: PhoneStateName.Idle }, queue_state: none };
  }
}

/**
 * `agent.phone_state`: the agent's activity changed.
 * @example agentPhoneStateEvent(ext, 'idle', { kind: 'unknown' }).queue_state; // { state: 'None', queue: '' }
 */
export function agentPhoneStateEvent(extension: ExtensionRef, activity: ActivityKind, call: QueueCallFact): WsEventBody {
  return { event: WsEventName.AgentPhoneState, extension, ...phoneStatesOf(activity, call) };
}

/** The REST call fields every call event carries (the call as it stands in the event). */
export interface CallFacts {
  readonly callId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly callingNumber: string;
  readonly calledNumber: string;
  readonly acd: AcdRef | null;
  readonly extension: ExtensionRef | null;
}

/** The names of the call events. */
export type CallEventName = Extract<WsEventName, `call.${string}`>;

/**
 * A call event: `call_id`, `direction`, `calling_number`, `called_number`, `acd`, `extension` (as
 * in REST 4.20) and the event's own fields (`target`, `suppressed`, `end_cause`).
 * @example callEvent('call.ended', facts, { end_cause: 'completed' }); // { event: 'call.ended', call_id: '0KUGX…', …, end_cause: 'completed' }
 */
export function callEvent(name: CallEventName, facts: CallFacts, extra: Readonly<Record<string, unknown>> = {}): WsEventBody {
  return {
    event: name, call_id: facts.callId, direction: facts.direction, calling_number: facts.callingNumber,
    called_number: facts.calledNumber, acd: facts.acd, extension: facts.extension, ...extra,
  };
}

/**
 * `queue.caller_joined` / `queue.caller_left` (with `cause`): a caller entered or left an ACD.
 * @example queueCallerEvent('queue.caller_left', sales, '0KUGX…', '+16175550177', 'BREAK_OUT').cause; // 'BREAK_OUT'
 */
export function queueCallerEvent(name: 'queue.caller_joined' | 'queue.caller_left', acd: AcdRef, callId: string, callingNumber: string, cause?: string): WsEventBody {
  return { event: name, acd, call_id: callId, calling_number: callingNumber, ...(cause !== undefined && { cause }) };
}

/**
 * `queue.counts`: how many callers wait in the ACD (not yet connected to an agent).
 * @example queueCountsEvent(sales, 2); // { event: 'queue.counts', acd: sales, waiting: 2 }
 */
export function queueCountsEvent(acd: AcdRef, waiting: number): WsEventBody {
  return { event: WsEventName.QueueCounts, acd, waiting };
}

/**
 * Whether `logged` is the event that ended `call` (its record as projected now, at or after the
 * event): the first end wins in the projection, so exactly one event of a call matches — the
 * interaction's end of a placed, answered or transferred call, the queue leave of an unanswered
 * caller, or a transfer to a number after the caller left. Deterministic for a log + records.
 * @example endedBy(record, { tenantId: 't1', seq: 9, at: record.endedAt, event: interactionEnded }); // true
 */
export function endedBy(call: CcsCallRecord, logged: LoggedEvent): boolean {
  if (call.state !== CcsCallState.Ended || call.endedAt !== logged.at) return false;
  const { event } = logged;
  switch (event.type) {
    case 'interaction.ended':
      return call.interactionGuid === event.interactionGuid && call.endCause === event.cause;
    case 'caller.left':
      return call.queueCallerId === event.callerId && call.answeredAt === null && call.endCause === event.cause;
    case 'call.transferred':
      return event.interactionGuid === undefined && call.transferredTo === event.target && call.endCause === 'transferred';
    default:
      return false;
  }
}

/**
 * Whether an `interaction.bridged` of `guid` is the answer of `call`: the one source of
 * `call.answered` for inbound and placed calls alike (`bridge.started` and the customer leg's
 * answer are the same moment told again), and a call has one bridged interaction at most.
 * @example answeredBy(record, 'int-1'); // true when int-1 is the call's connected interaction
 */
export function answeredBy(call: CcsCallRecord, guid: string): boolean {
  return call.answeredAt !== null && call.interactionGuid === guid;
}
