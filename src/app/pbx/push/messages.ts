import { ActivityKind, PresenceKind, type Presence } from '../../../domain/agent.ts';
import type { MappedMessage } from '../../delivery/mappers.ts';

/**
 * The PBX push events (`pbx-callcenter-api.md`, Events; `NOTES.md` §6; `docs/pbx-events.md`):
 * every message is one JSON object `{event, account_id, ts, data}` — the event name, the
 * account, the event time (epoch seconds, contact-center time) and the documented fields.
 */
export const PbxEvent = {
  CheckIn: 'agent:checkin',
  CheckOut: 'agent:checkout',
  QueueJoin: 'queue:join',
  QueueLeave: 'queue:leave',
  Status: 'agent:status',
  CallRing: 'call:ring',
  CallAnswer: 'call:answer',
  CallEnd: 'call:end',
  CallStart: 'call:start',
} as const;
export type PbxEvent = (typeof PbxEvent)[keyof typeof PbxEvent];

/** A push message's body. */
export interface PbxPushBody<D = Record<string, unknown>> {
  readonly event: PbxEvent;
  readonly account_id: number;
  /** Epoch seconds of the change (contact-center time). */
  readonly ts: number;
  readonly data: D;
}

/**
 * One push message (the delivery message type is the event name).
 * @example pushMessage('agent:checkout', 1001, 1767600000000, { user_id: 7 }) // { type: 'agent:checkout', body: { event: 'agent:checkout', account_id: 1001, ts: 1767600000, data: { user_id: 7 } } }
 */
export function pushMessage(event: PbxEvent, accountId: number, atMs: number, data: Record<string, unknown>): MappedMessage {
  const body: PbxPushBody = { event, account_id: accountId, ts: epochSeconds(atMs), data };
  return { type: event, body };
}

/** @example epochSeconds(1767600000999) // 1767600000 */
export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

const CHECKED_IN: ReadonlySet<string> = new Set([PresenceKind.Available, PresenceKind.OnBreak, PresenceKind.WorkingOffline]);

/** Whether a presence is "checked in" for the PBX (`NOTES.md` §3): available, on break or working offline. */
export function checkedIn(presence: Presence): boolean {
  return CHECKED_IN.has(presence.kind);
}

/**
 * `activity_id` of `agent:status`: 0 not checked in; checked in: 1 Calls (idle, waiting for
 * calls), 2 a queue call is ringing the agent, 3 on a call (queue, direct or both lines),
 * 4 wrap-up (post-processing).
 */
export const ACTIVITY_IDS: Readonly<Record<ActivityKind, number>> = {
  [ActivityKind.Idle]: 1,
  [ActivityKind.Offered]: 2,
  [ActivityKind.OnQueueCall]: 3,
  [ActivityKind.OnDirectCall]: 3,
  [ActivityKind.BothLines]: 3,
  [ActivityKind.PostProcessing]: 4,
};

/**
 * The documented fields of `agent:status` for a presence and activity.
 * @example agentStatusData(7, { kind: 'on_break', reason: { listId: 801, itemId: 1725 } }, 'idle') // { user_id: 7, activity_id: 1, pause_id: 1725, in_calls: 1 }
 */
export function agentStatusData(userId: number, presence: Presence, activity: ActivityKind): Record<string, unknown> {
  const inCalls = checkedIn(presence);
  const paused = presence.kind === PresenceKind.OnBreak || presence.kind === PresenceKind.WorkingOffline;
  return {
    user_id: userId,
    activity_id: inCalls ? ACTIVITY_IDS[activity] : 0,
    pause_id: paused ? (presence.reason?.itemId ?? 0) : 0,
    in_calls: inCalls ? 1 : 0,
  };
}
