import type { CallerJoined, CallerLeft } from '../events.ts';
import { CallerState, type QueueCaller } from './queue-caller.ts';
import type { LeaveCause } from './routing.ts';

export type JoinInput = Pick<QueueCaller, 'callerId' | 'tenantId' | 'queueId' | 'legId' | 'number' | 'dialled' | 'answeredAt' | 'seq' | 'data'> & {
  /** An abandoned place the caller may take back (`abandoned_resume_allowed`), if any. */
  readonly resume: QueueCaller | null;
};

/**
 * A caller joins a queue: a new place, or the abandoned one it resumes (original join time and
 * base score, `acd.md`).
 * @example joinQueue({ callerId: 'qc1', tenantId: 't', queueId: 600, legId: 'l1', number: '+15550100', dialled: '+15550000', answeredAt: 0, seq: 1, resume: null }, 0)
 */
export function joinQueue(input: JoinInput, now: number, musicOnHold: number | null = null): { caller: QueueCaller; event: CallerJoined } {
  const { resume } = input;
  const caller: QueueCaller = {
    callerId: input.callerId, tenantId: input.tenantId, queueId: input.queueId, legId: input.legId, number: input.number,
    dialled: input.dialled, answeredAt: input.answeredAt, joinedAt: resume?.joinedAt ?? now, baseScore: resume?.baseScore ?? 0,
    seq: input.seq, state: CallerState.Waiting, agentId: null, offers: 0, resumed: resume !== null, leftAt: null, cause: null,
    ...(input.data !== undefined && input.data.length > 0 && { data: input.data }),
  };
  const event: CallerJoined = { type: 'caller.joined', callerId: caller.callerId, queueId: caller.queueId, number: caller.number, dialled: caller.dialled, resumed: caller.resumed, legId: caller.legId, musicOnHold };
  return { caller, event };
}

/**
 * The caller leaves its queue with a cause; once left, it never leaves again (null).
 * @example leaveQueue(caller, 'BREAK_OUT', now)?.event.cause; // 'BREAK_OUT'
 */
export function leaveQueue(caller: QueueCaller, cause: LeaveCause, now: number): { caller: QueueCaller; event: CallerLeft } | null {
  if (caller.state === CallerState.Left) return null;
  const left: QueueCaller = { ...caller, state: CallerState.Left, leftAt: now, cause };
  return {
    caller: left,
    event: { type: 'caller.left', callerId: caller.callerId, queueId: caller.queueId, cause, waitedMs: now - caller.joinedAt, legId: caller.legId, number: caller.number, dialled: caller.dialled, answeredAt: caller.answeredAt },
  };
}

/**
 * Whether an abandoned place can be taken back now by a caller calling the same queue again.
 * @example resumable(abandoned, { discardAbandonedAfter: 60, abandonedResumeAllowed: true }, now);
 */
export function resumable(abandoned: QueueCaller, rules: { readonly discardAbandonedAfter: number; readonly abandonedResumeAllowed: boolean }, now: number): boolean {
  if (!rules.abandonedResumeAllowed || abandoned.cause !== 'BREAK_OUT' || abandoned.leftAt === null) return false;
  return now - abandoned.leftAt <= rules.discardAbandonedAfter * 1000;
}
