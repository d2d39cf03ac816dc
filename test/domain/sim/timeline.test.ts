import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/app/sim/scenario-file.ts';
import { scenarioStreams } from '../../../src/app/sim/streams.ts';
import { seededRandom, type RandomSource } from '../../../src/domain/ports.ts';
import type { Scenario } from '../../../src/domain/sim/scenario.ts';
import { shiftActions, SimStream, timeline, type ArrivalAction, type SimAction, type StreamFactory } from '../../../src/domain/sim/timeline.ts';
import { expectedArrivals } from '../../../src/domain/sim/traffic.ts';

/*
 * Scenarios come from parseScenario (the file format) and streams from scenarioStreams, as in a
 * real run. Statistical checks use fixed seeds, with tolerances of about 4 standard errors.
 */

const HOUR_MS = 3_600_000;
const E164 = /^\+[1-9][0-9]{6,14}$/;

type Doc = Record<string, unknown>;

function queue(id: number, fields: Doc = {}): Doc {
  return { id, name: `Queue ${id}`, arrivals: { callsPerHour: 120 }, handling: { distribution: 'exponential', meanSeconds: 180 }, ...fields };
}

function scenario(fields: Doc = {}): Scenario {
  return parseScenario({
    name: 'timeline-test',
    seed: 12345,
    hours: 24,
    queues: [queue(1)],
    agents: [{ prefix: 'a', count: 2, queues: [1], shifts: [{ start: '08:00', end: '16:00', breaks: [{ start: '12:00', minutes: 30 }] }] }],
    ...fields,
  });
}

function all(s: Scenario, streams: StreamFactory = scenarioStreams(s.seed)): SimAction[] {
  return [...timeline(s, streams)];
}

function take(s: Scenario, streams: StreamFactory, n: number): SimAction[] {
  const out: SimAction[] = [];
  for (const action of timeline(s, streams)) {
    out.push(action);
    if (out.length === n) break;
  }
  return out;
}

const arrivalsOf = (actions: readonly SimAction[], queueId?: number): ArrivalAction[] =>
  actions.filter((a): a is ArrivalAction => a.kind === 'arrival' && (queueId === undefined || a.queueId === queueId));

/** A source that yields `first` and then continues as `rest`. */
function startingWith(first: readonly number[], rest: RandomSource): RandomSource {
  let i = 0;
  return { next: () => (i < first.length ? (first[i++] as number) : rest.next()) };
}

/** A busy day: two queues with different profiles and distributions, two staffed groups. */
const busy = scenario({
  queues: [
    queue(1, { arrivals: { intervalMinutes: 60, callsPerHour: [200, 400, 900, 1500, 900, 600] }, patience: { distribution: 'exponential', meanSeconds: 90 } }),
    queue(2, { arrivals: { callsPerHour: 300 }, handling: { distribution: 'fixed', seconds: 240 } }),
  ],
  agents: [
    { prefix: 'early-', count: 5, queues: [1, 2], shifts: [{ start: '06:00', end: '14:00', breaks: [{ start: '10:00', minutes: 15 }] }] },
    { prefix: 'late-', count: 5, queues: [1], shifts: [{ start: '14:00', end: '22:00', breaks: [{ start: '18:00', minutes: 15 }] }] },
  ],
});
const busyActions = all(busy);

describe('timeline: ordering', () => {
  it('yields actions in non-decreasing time', () => {
    expect(busyActions.length).toBeGreaterThan(10_000);
    const backwards = busyActions.findIndex((a, i) => i > 0 && a.at < (busyActions[i - 1] as SimAction).at);
    expect(backwards).toBe(-1);
  });

  it('yields every shift action and every arrival', () => {
    expect(busyActions.filter((a) => a.kind === 'presence')).toEqual(shiftActions(busy));
    expect(arrivalsOf(busyActions).length + shiftActions(busy).length).toBe(busyActions.length);
  });

  it('puts shift actions before arrivals at the same millisecond, and queues in scenario order', () => {
    // No calls before 08:00 (a zero-rate interval is skipped without a draw), then a first draw of 0:
    // each queue's first caller arrives exactly at 08:00, when the shift starts.
    const s = scenario({
      queues: [queue(1, { arrivals: { intervalMinutes: 480, callsPerHour: [0, 60] } }), queue(2, { arrivals: { intervalMinutes: 480, callsPerHour: [0, 60] } })],
      agents: [{ prefix: 'a', count: 2, queues: [1, 2], shifts: [{ start: '08:00', end: '16:00' }] }],
    });
    const base = scenarioStreams(s.seed);
    const streams: StreamFactory = (n) =>
      n === SimStream.FirstQueue || n === SimStream.FirstQueue + 2 ? startingWith([0], base(n)) : base(n);
    const first = take(s, streams, 4);
    expect(first.map((a) => [a.at, a.kind === 'arrival' ? `queue ${a.queueId}` : a.agentId])).toEqual([
      [8 * HOUR_MS, 'a1'],
      [8 * HOUR_MS, 'a2'],
      [8 * HOUR_MS, 'queue 1'],
      [8 * HOUR_MS, 'queue 2'],
    ]);
  });
});

describe('timeline: reproducibility', () => {
  it('gives the same actions for the same seed', () => {
    const a = take(busy, scenarioStreams(busy.seed), 2000);
    const b = take(busy, scenarioStreams(busy.seed), 2000);
    expect(a).toHaveLength(2000);
    expect(b).toEqual(a);
  });

  it('gives different actions for another seed', () => {
    const other = take(busy, scenarioStreams(busy.seed + 1), 2000);
    const arrivalTimes = (actions: SimAction[]) => arrivalsOf(actions).map((a) => a.at);
    expect(arrivalTimes(other)).not.toEqual(arrivalTimes(take(busy, scenarioStreams(busy.seed), 2000)));
  });

  it('does not shift the first queue when a second queue is added (one stream pair per queue)', () => {
    const one = scenario({ hours: 6, queues: [queue(1, { arrivals: { callsPerHour: 300 }, patience: { distribution: 'exponential', meanSeconds: 60 } })] });
    const two = scenario({
      hours: 6,
      queues: [queue(1, { arrivals: { callsPerHour: 300 }, patience: { distribution: 'exponential', meanSeconds: 60 } }), queue(2, { arrivals: { callsPerHour: 500 } })],
    });
    const alone = arrivalsOf(all(one));
    const withOther = arrivalsOf(all(two), 1);
    expect(alone.length).toBeGreaterThan(1000);
    expect(withOther).toEqual(alone);
    expect(arrivalsOf(all(two), 2).length).toBeGreaterThan(1000);
  });
});

describe('timeline: arrivals', () => {
  it('brings about the expected number of callers to each queue (Poisson, within 4 sd)', () => {
    for (const q of busy.queues) {
      const expected = expectedArrivals(q.arrivals, 0, busy.durationSeconds);
      const count = arrivalsOf(busyActions, q.id).length;
      expect(expected).toBeGreaterThan(1000);
      expect(Math.abs(count - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
  });

  it('follows the rate profile: more callers in a busy hour than a quiet one', () => {
    // queue 1 repeats [200, 400, 900, 1500, 900, 600] per hour every 6 hours.
    const inHour = (h: number) => arrivalsOf(busyActions, 1).filter((a) => a.at >= h * HOUR_MS && a.at < (h + 1) * HOUR_MS).length;
    const quiet = inHour(0) + inHour(6) + inHour(12) + inHour(18);
    const peak = inHour(3) + inHour(9) + inHour(15) + inHour(21);
    expect(Math.abs(quiet - 800)).toBeLessThan(4 * Math.sqrt(800));
    expect(Math.abs(peak - 6000)).toBeLessThan(4 * Math.sqrt(6000));
  });

  it('brings callers only during the run, to the queue’s DID', () => {
    for (const a of arrivalsOf(busyActions)) {
      expect(a.at).toBeGreaterThanOrEqual(0);
      expect(a.at).toBeLessThanOrEqual(busy.durationSeconds * 1000);
    }
    expect(new Set(arrivalsOf(busyActions, 1).map((a) => a.did))).toEqual(new Set([busy.queues[0]?.did]));
    expect(new Set(arrivalsOf(busyActions, 2).map((a) => a.did))).toEqual(new Set([busy.queues[1]?.did]));
  });

  it('gives every caller a unique, valid E.164 number', () => {
    const numbers = arrivalsOf(busyActions).map((a) => a.from);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.filter((n) => !E164.test(n))).toEqual([]);
  });

  it('gives a fixed handling time exactly', () => {
    const talks = new Set(arrivalsOf(busyActions, 2).map((a) => a.talkMs));
    expect(talks).toEqual(new Set([240_000]));
  });

  it('gives exponential talk times with the distribution’s mean', () => {
    const talks = arrivalsOf(busyActions, 1).map((a) => a.talkMs / 1000);
    expect(talks.length).toBeGreaterThan(18_000);
    const mean = talks.reduce((s, t) => s + t, 0) / talks.length;
    expect(Math.abs(mean - 180)).toBeLessThan((4 * 180) / Math.sqrt(talks.length));
    expect(arrivalsOf(busyActions, 1).every((a) => a.talkMs >= 0 && Number.isInteger(a.talkMs))).toBe(true);
  });

  it('gives exponential patience with its mean, and null patience where there is none', () => {
    const patience = arrivalsOf(busyActions, 1).map((a) => a.patienceMs);
    expect(patience.every((p) => p !== null && p >= 0)).toBe(true);
    const mean = (patience as number[]).reduce((s, p) => s + p / 1000, 0) / patience.length;
    expect(Math.abs(mean - 90)).toBeLessThan((4 * 90) / Math.sqrt(patience.length));
    expect(arrivalsOf(busyActions, 2).every((a) => a.patienceMs === null)).toBe(true);
  });

  it('gives log-normal talk times with the distribution’s mean', () => {
    const s = scenario({ hours: 10, queues: [queue(1, { arrivals: { callsPerHour: 2000 }, handling: { distribution: 'lognormal', meanSeconds: 240, sdSeconds: 120 } })] });
    const talks = arrivalsOf(all(s)).map((a) => a.talkMs / 1000);
    const mean = talks.reduce((t, x) => t + x, 0) / talks.length;
    expect(Math.abs(mean - 240)).toBeLessThan((4 * 120) / Math.sqrt(talks.length));
  });

  it('brings no callers to a queue whose rate is 0', () => {
    const s = scenario({ queues: [queue(1, { arrivals: { callsPerHour: 0 } })] });
    expect(all(s)).toEqual(shiftActions(s));
  });
});

describe('shiftActions', () => {
  const at = (hours: number) => hours * HOUR_MS;

  it('starts, pauses, resumes and ends each agent’s shift, in agent order on ties', () => {
    const s = scenario(); // 2 agents, 08:00–16:00, a 30-minute break at 12:00, 24 h
    expect(shiftActions(s)).toEqual([
      { kind: 'presence', at: at(8), agentId: 'a1', presence: 'available' },
      { kind: 'presence', at: at(8), agentId: 'a2', presence: 'available' },
      { kind: 'presence', at: at(12), agentId: 'a1', presence: 'on_break' },
      { kind: 'presence', at: at(12), agentId: 'a2', presence: 'on_break' },
      { kind: 'presence', at: at(12.5), agentId: 'a1', presence: 'available' },
      { kind: 'presence', at: at(12.5), agentId: 'a2', presence: 'available' },
      { kind: 'presence', at: at(16), agentId: 'a1', presence: 'logged_out' },
      { kind: 'presence', at: at(16), agentId: 'a2', presence: 'logged_out' },
    ]);
  });

  it('keeps groups in scenario order on ties', () => {
    const s = scenario({
      agents: [
        { prefix: 'z', count: 1, queues: [1], shifts: [{ start: '09:00', end: '10:00' }] },
        { prefix: 'b', count: 2, queues: [1], shifts: [{ start: '09:00', end: '10:00' }] },
      ],
    });
    expect(shiftActions(s).map((a) => `${a.at / HOUR_MS} ${a.agentId} ${a.presence}`)).toEqual([
      '9 z1 available', '9 b1 available', '9 b2 available', '10 z1 logged_out', '10 b1 logged_out', '10 b2 logged_out',
    ]);
  });

  it('repeats the shifts every day of a multi-day run', () => {
    const s = scenario({ hours: 48, agents: [{ prefix: 'a', count: 1, queues: [1], shifts: [{ start: '08:00', end: '16:00', breaks: [{ start: '12:00', minutes: 30 }] }] }] });
    expect(shiftActions(s).map((a) => [a.at, a.presence])).toEqual([
      [at(8), 'available'], [at(12), 'on_break'], [at(12.5), 'available'], [at(16), 'logged_out'],
      [at(32), 'available'], [at(36), 'on_break'], [at(36.5), 'available'], [at(40), 'logged_out'],
    ]);
  });

  it('gives a shift across midnight its end on the next day', () => {
    const s = scenario({ hours: 48, drainMinutes: 0, agents: [{ prefix: 'n', count: 1, queues: [1], shifts: [{ start: '22:00', end: '06:00', breaks: [{ start: '02:00', minutes: 30 }] }] }] });
    expect(shiftActions(s).map((a) => [a.at / HOUR_MS, a.presence])).toEqual([
      [22, 'available'], [26, 'on_break'], [26.5, 'available'], [30, 'logged_out'],
      [46, 'available'], // the second night's break and end fall after the run
    ]);
  });

  it('drops actions at or after the end of the drain', () => {
    const s = scenario({
      hours: 1,
      drainMinutes: 30,
      agents: [
        { prefix: 'a', count: 1, queues: [1], shifts: [{ start: '00:00', end: '01:30', breaks: [{ start: '01:00', minutes: 15 }] }] },
        { prefix: 'b', count: 1, queues: [1], shifts: [{ start: '00:30', end: '01:29' }] },
      ],
    });
    const end = (s.durationSeconds + s.drainSeconds) * 1000;
    const actions = shiftActions(s);
    expect(actions.map((a) => [a.at / 60_000, a.agentId, a.presence])).toEqual([
      [0, 'a1', 'available'], [30, 'b1', 'available'], [60, 'a1', 'on_break'], [75, 'a1', 'available'], [89, 'b1', 'logged_out'],
    ]);
    expect(all(s).every((a) => a.at < end)).toBe(true);
  });

  it('is empty for agents without shifts (available for the whole run)', () => {
    expect(shiftActions(scenario({ agents: [{ prefix: 'a', count: 3, queues: [1] }] }))).toEqual([]);
  });
});

describe('timeline: streams', () => {
  it('draws arrival times and caller behaviour from the queue’s own two streams', () => {
    const s = scenario({ hours: 1, queues: [queue(1, { arrivals: { callsPerHour: 600 } })], agents: [{ prefix: 'a', count: 1, queues: [1] }] });
    const used = new Set<number>();
    const streams: StreamFactory = (n) => {
      used.add(n);
      return seededRandom(n + 1);
    };
    all(s, streams);
    expect([...used].sort()).toEqual([SimStream.FirstQueue, SimStream.FirstQueue + 1]);
  });
});
