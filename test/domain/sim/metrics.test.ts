import { describe, expect, it } from 'vitest';
import type { ActivityKind, PresenceKind } from '../../../src/domain/agent.ts';
import type { DomainEvent, LoggedEvent } from '../../../src/domain/events.ts';
import { Metrics, type MetricsOptions } from '../../../src/domain/sim/metrics.ts';

/** A scenario start at a midnight of contact-center time (any time works; this one is not 0). */
const START = 20_000 * 86_400_000;
const MIN = 60_000;
const SEC = 1000;

/** Contact-center time `minutes` (and `seconds`) after the start. */
const t = (minutes: number, seconds = 0): number => START + minutes * MIN + seconds * SEC;

function metrics(options: Partial<MetricsOptions> = {}): Metrics {
  return new Metrics({ startAt: START, intervalSeconds: 1800, intervals: 4, serviceLevelSeconds: 20, warmupSeconds: 0, queueIds: [1, 2], ...options });
}

let seq = 0;
const logged = (at: number, event: DomainEvent): LoggedEvent => ({ tenantId: 'tenant-1', seq: ++seq, at, event });

const joined = (at: number, callerId: string, queueId = 1): LoggedEvent =>
  logged(at, { type: 'caller.joined', callerId, queueId, number: '+19000000001', dialled: '+18000000001', resumed: false, musicOnHold: null });
const bridged = (at: number, callerId: string, queueId = 1, agentId = 'a1'): LoggedEvent =>
  logged(at, { type: 'bridge.started', callerId, queueId, agentId, interactionGuid: `guid-${callerId}` });
const left = (at: number, callerId: string, cause: string, queueId = 1): LoggedEvent =>
  logged(at, { type: 'caller.left', callerId, queueId, cause, waitedMs: 0 });
const presence = (at: number, agentId: string, from: PresenceKind, to: PresenceKind): LoggedEvent =>
  logged(at, { type: 'agent.presence_changed', agentId, from: { kind: from, reason: null }, to: { kind: to, reason: null }, by: 'system' });
const activity = (at: number, agentId: string, fromActivity: ActivityKind, toActivity: ActivityKind): LoggedEvent =>
  logged(at, { type: 'agent.activity_changed', agentId, fromActivity, toActivity });

/** A caller who joins at `joinAt` and is answered at `answerAt`, leaving when the call ends. */
function answeredCall(m: Metrics, callerId: string, joinAt: number, answerAt: number, queueId = 1): void {
  m.add(joined(joinAt, callerId, queueId));
  m.add(bridged(answerAt, callerId, queueId));
  m.add(left(answerAt + 5 * MIN, callerId, 'answered', queueId));
}

function feed(m: Metrics, events: readonly LoggedEvent[]): Metrics {
  for (const e of events) m.add(e);
  return m;
}

const interval = (m: Metrics, k: number, queueId = 1) => {
  const figures = m.intervals(queueId)[k];
  if (!figures) throw new Error(`no interval ${k}`);
  return figures;
};

describe('Metrics: offered', () => {
  it('counts a caller in the interval in which it joined', () => {
    const m = feed(metrics(), [joined(t(10), 'c1'), joined(t(40), 'c2'), joined(t(45), 'c3'), joined(t(30), 'c4'), joined(t(119, 59), 'c5')]);
    expect(m.intervals(1).map((f) => f.offered)).toEqual([1, 3, 0, 1]);
    expect(m.intervals(1).map((f) => f.start)).toEqual([0, 1800, 3600, 5400]);
  });

  it('keeps queues apart and ignores queues it was not told about', () => {
    const m = feed(metrics(), [joined(t(1), 'c1', 1), joined(t(2), 'c2', 2), joined(t(3), 'c3', 2), joined(t(4), 'c4', 99)]);
    expect(interval(m, 0, 1).offered).toBe(1);
    expect(interval(m, 0, 2).offered).toBe(2);
    expect(m.intervals(99)).toEqual([]);
  });

  it('leaves out callers who join before the start or after the last interval', () => {
    const m = feed(metrics(), [joined(t(-1), 'early'), joined(t(120), 'late')]);
    expect(m.intervals(1).map((f) => f.offered)).toEqual([0, 0, 0, 0]);
  });

  it('reports nulls for an interval nobody left in', () => {
    const f = interval(metrics(), 0);
    expect(f).toEqual({ start: 0, offered: 0, answered: 0, answeredInTime: 0, abandoned: 0, timedOut: 0, serviceLevel: null, asaSeconds: null, abandonRate: null, avgWaiting: 0, maxWaiting: 0 });
  });
});

describe('Metrics: service level, abandonment and ASA', () => {
  it('counts a caller answered after 15 s in time at SL 20 s, one answered after 25 s not', () => {
    const m = metrics();
    answeredCall(m, 'fast', t(1), t(1, 15));
    answeredCall(m, 'slow', t(2), t(2, 25));
    const f = interval(m, 0);
    expect(f).toMatchObject({ offered: 2, answered: 2, answeredInTime: 1, abandoned: 0, timedOut: 0, serviceLevel: 0.5, abandonRate: 0 });
  });

  it('counts a caller answered after exactly the service-level time in time', () => {
    const m = metrics();
    answeredCall(m, 'edge', t(1), t(1, 20));
    expect(interval(m, 0)).toMatchObject({ answeredInTime: 1, serviceLevel: 1 });
  });

  it('counts an abandoned caller in the service-level denominator and the abandon rate, not in ASA', () => {
    const m = metrics();
    answeredCall(m, 'fast', t(1), t(1, 15));
    answeredCall(m, 'slow', t(2), t(2, 25));
    m.add(joined(t(3), 'gone'));
    m.add(left(t(4), 'gone', 'BREAK_OUT'));
    const f = interval(m, 0);
    expect(f).toMatchObject({ offered: 3, answered: 2, answeredInTime: 1, abandoned: 1, timedOut: 0 });
    expect(f.serviceLevel).toBeCloseTo(1 / 3, 12);
    expect(f.abandonRate).toBeCloseTo(1 / 3, 12);
    expect(f.asaSeconds).toBeCloseTo(20, 12); // (15 + 25) / 2: the 60 s the abandoned caller waited is not in it
  });

  it('counts a queue timeout as timed out, not abandoned (still in the service-level denominator)', () => {
    const m = metrics();
    answeredCall(m, 'fast', t(1), t(1, 10));
    m.add(joined(t(3), 'timeout'));
    m.add(left(t(8), 'timeout', 'TIMEOUT'));
    expect(interval(m, 0)).toMatchObject({ answered: 1, abandoned: 0, timedOut: 1, serviceLevel: 0.5, abandonRate: 0, asaSeconds: 10 });
  });

  it('computes ASA over answered callers only', () => {
    const m = metrics();
    answeredCall(m, 'c1', t(0), t(0, 10));
    answeredCall(m, 'c2', t(5), t(5, 50));
    answeredCall(m, 'c3', t(9), t(10, 0));
    m.add(joined(t(11), 'c4'));
    m.add(left(t(21), 'c4', 'BREAK_OUT'));
    expect(interval(m, 0).asaSeconds).toBeCloseTo((10 + 50 + 60) / 3, 12);
  });

  it('counts a caller in the interval it joined even when answered in the next', () => {
    const m = metrics();
    answeredCall(m, 'straddle', t(29, 50), t(30, 10));
    expect(interval(m, 0)).toMatchObject({ offered: 1, answered: 1, answeredInTime: 1, asaSeconds: 20, serviceLevel: 1 });
    expect(interval(m, 1)).toMatchObject({ offered: 0, answered: 0, serviceLevel: null, asaSeconds: null });
  });

  it('ends the wait at the bridge: the caller leaving after its call changes nothing', () => {
    const m = metrics();
    m.add(joined(t(1), 'c1'));
    m.add(bridged(t(1, 5), 'c1'));
    m.add(bridged(t(1, 30), 'c1')); // a second bridge (e.g. a transfer) is not a second answer
    m.add(left(t(9), 'c1', 'answered'));
    expect(interval(m, 0)).toMatchObject({ answered: 1, abandoned: 0, timedOut: 0, asaSeconds: 5 });
  });

  it('ignores a bridge or a leave for a caller it never saw join', () => {
    const m = metrics();
    m.add(bridged(t(1), 'ghost'));
    m.add(left(t(2), 'ghost', 'BREAK_OUT'));
    expect(interval(m, 0)).toMatchObject({ offered: 0, answered: 0, abandoned: 0 });
    expect(m.callerOutcomes(1).count).toBe(0);
  });
});

describe('Metrics: callers waiting', () => {
  it('averages the number waiting over time and keeps the maximum, across an interval boundary', () => {
    const m = metrics({ intervals: 3 });
    m.add(joined(t(10), 'a')); // waits 10 → 35
    m.add(joined(t(20), 'b')); // waits 20 → 50
    m.add(bridged(t(35), 'a'));
    m.add(bridged(t(50), 'b'));
    m.finish(t(90));
    // Interval 0: 1 caller for 10 min, 2 for 10 min → 30 caller-minutes over 30 minutes.
    expect(interval(m, 0).avgWaiting).toBeCloseTo(1, 12);
    expect(interval(m, 0).maxWaiting).toBe(2);
    // Interval 1: 2 callers for 5 min, then 1 for 15 min → 25 caller-minutes.
    expect(interval(m, 1).avgWaiting).toBeCloseTo(25 / 30, 12);
    expect(interval(m, 1).maxWaiting).toBe(2);
    // Interval 2: nobody.
    expect(interval(m, 2)).toMatchObject({ avgWaiting: 0, maxWaiting: 0 });
  });

  it('counts a caller still waiting at the end up to finish()', () => {
    const m = metrics({ intervals: 2 });
    m.add(joined(t(15), 'stuck'));
    m.finish(t(60));
    expect(interval(m, 0)).toMatchObject({ avgWaiting: 0.5, maxWaiting: 1 });
    expect(interval(m, 1)).toMatchObject({ avgWaiting: 1, maxWaiting: 1 });
  });

  it('counts a caller who joins and is answered in the same millisecond in the maximum', () => {
    const m = metrics({ intervals: 1 });
    m.add(joined(t(5), 'instant'));
    m.add(bridged(t(5), 'instant'));
    m.finish(t(30));
    expect(interval(m, 0)).toMatchObject({ avgWaiting: 0, maxWaiting: 1 });
  });
});

describe('Metrics: occupancy', () => {
  it('is busy time over staffed time: available for 30 minutes, busy for 15 → 0.5', () => {
    const m = metrics({ intervals: 2 });
    m.setAgent('a1', START, { staffed: true, busy: false });
    m.add(activity(t(5), 'a1', 'idle', 'offered'));
    m.add(activity(t(6), 'a1', 'offered', 'on_queue_call'));
    m.add(activity(t(15), 'a1', 'on_queue_call', 'post_processing'));
    m.add(activity(t(20), 'a1', 'post_processing', 'idle'));
    m.finish(t(60));
    expect(m.occupancy()).toEqual([0.5, 0]);
    expect(m.totalOccupancy()).toBeCloseTo(0.25, 12);
  });

  it('counts staffed time from presence changes, and null where nobody was staffed', () => {
    const m = metrics({ intervals: 3 });
    m.setAgent('a1', t(-10), { staffed: true, busy: false }); // available since before the start
    m.setAgent('a2', t(-10), { staffed: false, busy: false });
    m.add(activity(t(0), 'a1', 'idle', 'on_queue_call'));
    m.add(activity(t(10), 'a1', 'on_queue_call', 'idle'));
    m.add(presence(t(40), 'a1', 'available', 'logged_out'));
    m.add(presence(t(45), 'a2', 'logged_out', 'available'));
    m.add(activity(t(50), 'a2', 'idle', 'on_queue_call'));
    m.add(activity(t(55), 'a2', 'on_queue_call', 'idle'));
    m.add(presence(t(60), 'a2', 'available', 'on_break'));
    m.finish(t(90));
    const [first, second, third] = m.occupancy();
    expect(first).toBeCloseTo(10 / 30, 12); // a1 only, busy 10 of 30 minutes
    expect(second).toBeCloseTo(5 / 25, 12); // a1 staffed 10 min + a2 15 min, a2 busy 5
    expect(third).toBeNull(); // a1 logged out, a2 on break
    expect(m.totalOccupancy()).toBeCloseTo(15 / 55, 12);
  });

  it('counts a busy agent as staffed whatever its presence', () => {
    const m = metrics({ intervals: 1 });
    m.setAgent('a1', START, { staffed: true, busy: false });
    m.add(activity(t(0), 'a1', 'idle', 'on_queue_call'));
    m.add(presence(t(10), 'a1', 'available', 'on_break')); // e.g. put on break during the call
    m.add(activity(t(20), 'a1', 'on_queue_call', 'idle'));
    m.finish(t(30));
    expect(m.occupancy()[0]).toBeCloseTo(20 / 20, 12);
  });

  it('has no occupancy when no agent was staffed', () => {
    const m = metrics({ intervals: 2 });
    m.finish(t(60));
    expect(m.occupancy()).toEqual([null, null]);
    expect(m.totalOccupancy()).toBeNull();
  });
});

describe('Metrics: warm-up', () => {
  it('leaves the warm-up intervals out of total()', () => {
    const m = metrics({ warmupSeconds: 1800 });
    answeredCall(m, 'warm', t(5), t(6)); // 60 s: not in time
    answeredCall(m, 'c1', t(31), t(31, 10));
    answeredCall(m, 'c2', t(65), t(65, 30));
    m.add(joined(t(70), 'c3'));
    m.add(left(t(71), 'c3', 'BREAK_OUT'));
    m.finish(t(120));
    const total = m.total(1);
    expect(total).toMatchObject({ start: 1800, offered: 3, answered: 2, answeredInTime: 1, abandoned: 1, timedOut: 0 });
    expect(total.serviceLevel).toBeCloseTo(1 / 3, 12);
    expect(total.asaSeconds).toBeCloseTo(20, 12);
    expect(total.maxWaiting).toBe(1);
    // 10 s + 30 s + 60 s of waiting over the 90 minutes after the warm-up.
    expect(total.avgWaiting).toBeCloseTo(100 / 5400, 12);
  });

  it('sums every interval when there is no warm-up', () => {
    const m = metrics();
    answeredCall(m, 'c1', t(5), t(5, 1));
    answeredCall(m, 'c2', t(95), t(95, 1));
    expect(m.total(1)).toMatchObject({ start: 0, offered: 2, answered: 2, answeredInTime: 2 });
  });

  it('leaves the warm-up intervals out of totalOccupancy()', () => {
    const m = metrics({ warmupSeconds: 1800, intervals: 2 });
    m.setAgent('a1', START, { staffed: true, busy: true }); // busy all through the warm-up
    m.add(activity(t(30), 'a1', 'on_queue_call', 'idle'));
    m.finish(t(60));
    expect(m.occupancy()).toEqual([1, 0]);
    expect(m.totalOccupancy()).toBe(0);
  });

  it('keeps outcomes only of callers who joined after the warm-up, in the order their waits ended', () => {
    const m = metrics({ warmupSeconds: 1800 });
    m.add(joined(t(10), 'warm'));
    m.add(joined(t(30), 'b')); // joins exactly when the warm-up ends: kept
    m.add(joined(t(31), 'c'));
    m.add(bridged(t(35), 'warm')); // answered after the warm-up, but joined in it: left out
    m.add(left(t(32), 'c', 'BREAK_OUT'));
    m.add(bridged(t(40), 'b'));
    const outcomes = m.callerOutcomes(1);
    expect(outcomes.count).toBe(2);
    expect([0, 1].map((i) => [outcomes.joinedAt(i), outcomes.wait(i), outcomes.answered(i)])).toEqual([
      [31 * 60, 60, false],
      [30 * 60, 600, true],
    ]);
  });

  it('holds many outcomes (its columns grow)', () => {
    const m = metrics({ intervals: 1, intervalSeconds: 86_400 });
    for (let i = 0; i < 2500; i++) {
      m.add(joined(START + i * SEC, `c${i}`));
      m.add(i % 3 === 0 ? left(START + i * SEC + 7 * SEC, `c${i}`, 'BREAK_OUT') : bridged(START + i * SEC + 3 * SEC, `c${i}`));
    }
    const outcomes = m.callerOutcomes(1);
    expect(outcomes.count).toBe(2500);
    for (const i of [0, 1, 1023, 1024, 2047, 2048, 2499]) {
      const k = outcomes.joinedAt(i); // the order waits ended; look the caller up by its join time
      const caller = Math.round(k);
      expect(outcomes.answered(i)).toBe(caller % 3 !== 0);
      expect(outcomes.wait(i)).toBe(caller % 3 === 0 ? 7 : 3);
    }
    expect(m.callerOutcomes(2).count).toBe(0);
  });
});
