import type { DomainEvent, LoggedEvent } from '../events.ts';
import { CcsCallState, type CcsCallRecord } from './call-record.ts';
import { ccsCallId } from './stable-ids.ts';

/**
 * The CCS call projection (`NOTES.md` §2, §8): how each logged event changes the CCS view of one
 * call. Pure — the projector (`src/app/ccs/calls.ts`) finds the record an event concerns through
 * lookup keys (`callRefOf`), applies `projectCall`, and stores the result with any new keys.
 *
 * An inbound queue call logs (ACD, `src/app/acd`): `caller.joined` → per offer `interaction.created`
 * (inbound, no caller id: ignored) + `agent.offered` → `leg.*` → `interaction.bridged` +
 * `bridge.started` → … `interaction.ended` + `bridge.ended` + `caller.left` (answered); a missed
 * offer logs `offer.failed` and the caller waits again; a caller hanging up while waiting or
 * ringing logs `caller.left` (BREAK_OUT). A placed call logs `interaction.created` (outbound) →
 * `leg.*` (agent first, then customer) → `interaction.bridged` → `interaction.ended`.
 */

/** Lookup key of a queue caller (`c:<callerId>`) → its call id. */
export const callerRef = (callerId: string): string => `c:${callerId}`;
/** Lookup key of an interaction (`g:<guid>`) → its call id. */
export const interactionRef = (guid: string): string => `g:${guid}`;

/** Which call an event concerns: a lookup key, a call id, a new call, or none (not a call event). */
export type CallTarget =
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'call'; readonly callId: string }
  | { readonly kind: 'new' };

/** What projecting one event gives: the record as it is now and lookup keys that now lead to it. */
export interface CallProjection {
  readonly record: CcsCallRecord;
  readonly refs: readonly string[];
}

/** What the projection may know beyond the event: a placed call's calling number is the agent's extension. */
export interface ProjectionContext {
  readonly extensionOf: (agentId: string) => string | null;
}

/** Queue leave causes that do not end the call: it goes on elsewhere (CCS `wait_redirect` / `wait_transfer`). */
const MOVED = /REDIRECT|TRANSFER/i;

/**
 * The call an event concerns, or null when the event is not about a CCS call.
 * @example callRefOf({ type: 'agent.offered', callerId: 'qc1', queueId: 600, agentId: 'ag1', interactionGuid: 'int-1' }); // { kind: 'ref', ref: 'c:qc1' }
 */
export function callRefOf(event: DomainEvent): CallTarget | null {
  switch (event.type) {
    case 'caller.joined':
      return event.redirectedFrom === undefined ? { kind: 'new' } : { kind: 'ref', ref: callerRef(event.redirectedFrom) };
    case 'interaction.created':
      return event.direction === 'outbound' ? { kind: 'new' } : null;
    case 'agent.offered':
    case 'bridge.started':
    case 'offer.failed':
    case 'caller.left':
    case 'call.transferred':
      return { kind: 'ref', ref: callerRef(event.callerId) };
    case 'leg.ringing':
    case 'leg.answered':
    case 'leg.ended':
    case 'interaction.bridged':
    case 'interaction.ended':
    case 'call.recording_changed':
      return { kind: 'ref', ref: interactionRef(event.interactionGuid) };
    case 'call.suppression_changed':
      return { kind: 'call', callId: event.callId };
    default:
      return null;
  }
}

/**
 * The next state of the call `current` (undefined: none found for the event's target) after
 * `logged`; null when the event changes nothing.
 * @example projectCall(undefined, { tenantId: 't1', seq: 7, at: 1633591341000, event: joined }, ctx)?.record.state; // 'progress'
 */
export function projectCall(current: CcsCallRecord | undefined, logged: LoggedEvent, ctx: ProjectionContext): CallProjection | null {
  const { event } = logged;
  if (event.type === 'caller.joined') return joined(current, logged, event);
  if (event.type === 'interaction.created') return event.direction === 'outbound' ? placed(logged, event, ctx) : null;
  if (current === undefined) return null;
  const next = update(current, logged.at, event);
  if (next === null) return null;
  const guid = event.type === 'agent.offered' || event.type === 'bridge.started' || event.type === 'call.transferred' ? event.interactionGuid : undefined;
  const refs = guid === undefined ? [] : [interactionRef(guid)];
  return { record: next, refs };
}

type Joined = Extract<DomainEvent, { type: 'caller.joined' }>;
type Created = Extract<DomainEvent, { type: 'interaction.created' }>;

/** A caller joins a queue: a new inbound call, or (redirected) the same call waiting in another queue. */
function joined(current: CcsCallRecord | undefined, logged: LoggedEvent, event: Joined): CallProjection {
  if (current !== undefined && current.state !== CcsCallState.Ended) {
    const moved: CcsCallRecord = {
      ...current, queueCallerId: event.callerId, queueId: event.queueId, waiting: true,
      interactionGuid: null, agentId: null, customerLegId: event.legId ?? current.customerLegId,
    };
    return { record: moved, refs: [callerRef(event.callerId)] };
  }
  const record: CcsCallRecord = {
    callId: ccsCallId(logged.at, event.callerId), tenantId: logged.tenantId, direction: 'inbound', state: CcsCallState.Progress,
    queueCallerId: event.callerId, interactionGuid: null, customerLegId: event.legId ?? null, agentLegId: null,
    callingNumber: event.number, calledNumber: event.dialled, queueId: event.queueId, agentId: null, waiting: true,
    startedAt: logged.at, answeredAt: null, endedAt: null, endCause: null, recording: false, suppressed: [], transferredTo: null,
  };
  return { record, refs: [callerRef(event.callerId)] };
}

/** A call placed for an agent (CCS dial, VCC place call, PBX originate): the agent's device rings first. */
function placed(logged: LoggedEvent, event: Created, ctx: ProjectionContext): CallProjection {
  const record: CcsCallRecord = {
    callId: ccsCallId(logged.at, event.interactionGuid), tenantId: logged.tenantId, direction: 'outbound', state: CcsCallState.Progress,
    queueCallerId: null, interactionGuid: event.interactionGuid, customerLegId: null, agentLegId: null,
    callingNumber: ctx.extensionOf(event.agentId) ?? event.callerId ?? '', calledNumber: event.destination, queueId: event.queueId,
    agentId: event.agentId, waiting: false, startedAt: logged.at, answeredAt: null, endedAt: null, endCause: null,
    recording: false, suppressed: [], transferredTo: null,
  };
  return { record, refs: [interactionRef(event.interactionGuid)] };
}

function answered(call: CcsCallRecord, at: number): CcsCallRecord {
  if (call.state !== CcsCallState.Progress) return call;
  return { ...call, state: CcsCallState.Answered, answeredAt: at, waiting: false };
}

function ended(call: CcsCallRecord, at: number, cause: string): CcsCallRecord {
  if (call.state === CcsCallState.Ended) return call;
  const suppressed = call.suppressed.map((span) => (span.end === null ? { ...span, end: at } : span));
  return { ...call, state: CcsCallState.Ended, endedAt: at, endCause: cause, waiting: false, recording: false, suppressed };
}

/** Events about an existing call; null when nothing changes. */
function update(call: CcsCallRecord, at: number, event: DomainEvent): CcsCallRecord | null {
  switch (event.type) {
    case 'agent.offered':
      return call.state === CcsCallState.Progress ? { ...call, interactionGuid: event.interactionGuid, agentId: event.agentId } : null;
    case 'offer.failed':
      // The caller waits again; with ring-all another offer may still ring (then the record keeps that one).
      // A transferred call's offers are over (a late one must not take its interaction away).
      return call.state === CcsCallState.Progress && call.agentId === event.agentId && call.transferredTo === null
        ? { ...call, interactionGuid: null, agentId: null, agentLegId: null } : null;
    case 'bridge.started':
      return { ...answered(call, at), interactionGuid: event.interactionGuid, agentId: event.agentId };
    case 'caller.left':
      return callerLeft(call, at, event.cause);
    case 'call.transferred':
      return transferred(call, at, event);
    default:
      return legOrInteraction(call, at, event);
  }
}

/**
 * A waiting caller leaves its queue. Answered: the interaction's end tells the rest. Moved by a
 * redirect or transfer: the call goes on (a join or `call.transferred` explains it). Otherwise
 * (hung up, timeout, lost in a restart) the call ends with the queue's cause.
 */
function callerLeft(call: CcsCallRecord, at: number, cause: string): CcsCallRecord | null {
  if (call.state !== CcsCallState.Progress) return null;
  if (call.transferredTo !== null && call.interactionGuid === null) return ended(call, at, cause);
  if (MOVED.test(cause)) return { ...call, waiting: false };
  if (cause === 'answered') return null;
  return ended(call, at, cause);
}

/**
 * `wait_transfer`: the caller goes to `target`. To an agent's extension the call goes on as that
 * agent's interaction (its steps answer and end it); to a number it ends for the contact center
 * when the caller has left the queue.
 */
function transferred(call: CcsCallRecord, at: number, event: Extract<DomainEvent, { type: 'call.transferred' }>): CcsCallRecord | null {
  if (call.state !== CcsCallState.Progress) return null;
  const next: CcsCallRecord = { ...call, transferredTo: event.target, waiting: false };
  if (event.interactionGuid !== undefined) return { ...next, interactionGuid: event.interactionGuid, agentId: event.agentId ?? null, agentLegId: null };
  const left = !call.waiting; // the queue leave was logged first
  return left ? ended(next, at, 'transferred') : next;
}

/** Legs and interaction steps (guid keys); an inbound call's missed offers don't end it. */
function legOrInteraction(call: CcsCallRecord, at: number, event: DomainEvent): CcsCallRecord | null {
  const own = 'interactionGuid' in event && event.interactionGuid === call.interactionGuid;
  switch (event.type) {
    case 'leg.ringing':
    case 'leg.answered': {
      if (!own) return null;
      const withLeg = event.leg === 'agent' ? { ...call, agentLegId: event.legId } : { ...call, customerLegId: event.legId };
      return event.type === 'leg.answered' && event.leg === 'customer' && call.direction === 'outbound' ? answered(withLeg, at) : withLeg;
    }
    case 'interaction.bridged':
      return own ? answered(call, at) : null;
    case 'interaction.ended':
      if (!own) return null;
      // An inbound offer that ends unanswered leaves the caller waiting; a transferred call's interaction is the call's last.
      return call.direction === 'outbound' || call.state === CcsCallState.Answered || call.transferredTo !== null ? ended(call, at, event.cause) : null;
    case 'call.recording_changed':
      return own && call.state !== CcsCallState.Ended ? { ...call, recording: event.recording } : null;
    case 'call.suppression_changed':
      return suppression(call, at, event.suppressed);
    default:
      return null;
  }
}

/** Opens or closes a suppressed span; asking for the state it is already in changes nothing. */
function suppression(call: CcsCallRecord, at: number, suppressed: boolean): CcsCallRecord | null {
  const open = call.suppressed.at(-1)?.end === null;
  if (suppressed === open || call.state === CcsCallState.Ended) return null;
  const spans = suppressed
    ? [...call.suppressed, { start: at, end: null }]
    : call.suppressed.map((span) => (span.end === null ? { ...span, end: at } : span));
  return { ...call, suppressed: spans };
}

/**
 * Whether a call is suppressed now (its last span is open).
 * @example isSuppressed({ ...record, suppressed: [{ start: 1, end: null }] }); // true
 */
export function isSuppressed(call: CcsCallRecord): boolean {
  return call.suppressed.at(-1)?.end === null;
}
