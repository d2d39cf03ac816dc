import { LeaveCause } from '../acd/routing.ts';

/**
 * A queue's day so far, as supervisors read it: callers answered (connected to an agent; within
 * the service-level threshold or not) and callers that left without an answer (abandoned: hung
 * up waiting; or timed out, exited, dropped).
 *
 * Callers moved elsewhere by the contact center (CCS `wait_redirect`, `wait_transfer`) are not
 * counted here: a redirected caller is counted by the queue it ends in, a transferred one left the
 * contact center's queues. Everything else is handled, and the service level is
 * answered-within-threshold ÷ handled (the conservative reading: a caller who gave up early
 * counts against it). A caller counts when it is answered or when it leaves unanswered, so a
 * caller still waiting counts nowhere yet.
 */
export interface QueueDayCounts {
  readonly handled: number;
  readonly answered: number;
  readonly answeredInThreshold: number;
  readonly abandoned: number;
}

export const EMPTY_DAY: QueueDayCounts = { handled: 0, answered: 0, answeredInThreshold: 0, abandoned: 0 };

/** The threshold when a queue sets none (seconds): the trade's usual 80/20 target. */
export const DEFAULT_SLA_SECONDS = 20;

const MOVED: ReadonlySet<string> = new Set([LeaveCause.Redirected, LeaveCause.Transferred]);

/**
 * Counts a caller connected to an agent after waiting `waitedMs` (null: unknown, not within).
 * @example countAnswer(EMPTY_DAY, 12_000, 20_000); // { handled: 1, answered: 1, answeredInThreshold: 1, abandoned: 0 }
 */
export function countAnswer(counts: QueueDayCounts, waitedMs: number | null, thresholdMs: number): QueueDayCounts {
  const inThreshold = waitedMs !== null && waitedMs <= thresholdMs;
  return { ...counts, handled: counts.handled + 1, answered: counts.answered + 1, answeredInThreshold: counts.answeredInThreshold + (inThreshold ? 1 : 0) };
}

/**
 * Counts a caller leaving the queue: an answered one was counted when it was connected, a moved
 * one is not counted; any other left unanswered (`BREAK_OUT`, the caller hanging up, is abandoned).
 * @example countLeave(EMPTY_DAY, 'BREAK_OUT'); // { handled: 1, answered: 0, answeredInThreshold: 0, abandoned: 1 }
 */
export function countLeave(counts: QueueDayCounts, cause: string): QueueDayCounts {
  if (cause === LeaveCause.Answered || MOVED.has(cause)) return counts;
  return { ...counts, handled: counts.handled + 1, abandoned: counts.abandoned + (cause === LeaveCause.BreakOut ? 1 : 0) };
}

/**
 * The service level, 0–1; null before the first handled caller.
 * @example serviceLevel({ handled: 4, answered: 3, answeredInThreshold: 3, abandoned: 1 }); // 0.75
 */
export function serviceLevel(counts: QueueDayCounts): number | null {
  return counts.handled === 0 ? null : counts.answeredInThreshold / counts.handled;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The local calendar date of an instant in a time zone, `YYYY-MM-DD` (sorts as it reads).
 * @example localDate(Date.UTC(2026, 10, 24, 3), 'US/Eastern'); // '2026-11-23'
 */
export function localDate(at: number, timezone: string): string {
  let format = dayFormats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timezone, format);
  }
  return format.format(at);
}
