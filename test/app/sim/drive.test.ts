import { describe, expect, it } from 'vitest';
import type { LogDigest } from '../../../src/app/sim/digest.ts';
import { drive, scenarioStart, type DriveProgress } from '../../../src/app/sim/drive.ts';
import { parseScenario } from '../../../src/app/sim/scenario-file.ts';
import { scenarioStreams } from '../../../src/app/sim/streams.ts';
import type { SimTarget } from '../../../src/app/sim/target.ts';
import type { Scenario } from '../../../src/domain/sim/scenario.ts';
import { SimStream, timeline, type ArrivalAction, type PresenceAction, type SimAction, type StreamFactory } from '../../../src/domain/sim/timeline.ts';
import { seededRandom, type RandomSource } from '../../../src/domain/ports.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Call =
  | { readonly op: 'prepare' }
  | { readonly op: 'now'; readonly value: number }
  | { readonly op: 'advanceTo'; readonly at: number }
  | { readonly op: 'arrive'; readonly action: ArrivalAction; readonly time: number }
  | { readonly op: 'presence'; readonly action: PresenceAction; readonly time: number };

/** A target that records what it is asked, in order, and keeps its own clock. */
class RecordingTarget implements SimTarget {
  readonly calls: Call[] = [];
  private time: number;
  private prepared = false;

  constructor(initial: number) {
    this.time = initial;
  }

  async now(): Promise<number> {
    this.calls.push({ op: 'now', value: this.time });
    return this.time;
  }

  async prepare(): Promise<void> {
    this.prepared = true;
    this.calls.push({ op: 'prepare' });
  }

  async advanceTo(at: number): Promise<void> {
    if (!this.prepared) throw new Error('advanceTo before prepare');
    this.calls.push({ op: 'advanceTo', at });
    this.time = at;
  }

  async arrive(action: ArrivalAction): Promise<void> {
    this.calls.push({ op: 'arrive', action, time: this.time });
  }

  async presence(action: PresenceAction): Promise<void> {
    this.calls.push({ op: 'presence', action, time: this.time });
  }

  async digest(): Promise<LogDigest> {
    throw new Error('not used by drive');
  }

  advances(): number[] {
    return this.calls.flatMap((c) => (c.op === 'advanceTo' ? [c.at] : []));
  }

  delivered(): { action: SimAction; time: number }[] {
    return this.calls.flatMap((c) => (c.op === 'arrive' || c.op === 'presence' ? [{ action: c.action, time: c.time }] : []));
  }
}

function scenario(fields: Record<string, unknown> = {}): Scenario {
  return parseScenario({
    name: 'drive-test',
    seed: 99,
    hours: 3,
    drainMinutes: 30,
    queues: [{ id: 1, name: 'Support', arrivals: { callsPerHour: 240 }, handling: { distribution: 'exponential', meanSeconds: 120 } }],
    agents: [{ prefix: 'a', count: 3, queues: [1], shifts: [{ start: '00:30', end: '02:30', breaks: [{ start: '01:00', minutes: 15 }] }] }],
    ...fields,
  });
}

/** A time of day on some day, ms. */
const someDay = 19_700 * DAY;

describe('scenarioStart', () => {
  it('is the next midnight, or now when now is a midnight', () => {
    expect(scenarioStart(someDay)).toBe(someDay);
    expect(scenarioStart(someDay + 1)).toBe(someDay + DAY);
    expect(scenarioStart(someDay + DAY - 1)).toBe(someDay + DAY);
    expect(scenarioStart(0)).toBe(0);
  });
});

describe('drive', () => {
  const s = scenario();
  const streams = scenarioStreams(s.seed);
  const totalMs = (s.durationSeconds + s.drainSeconds) * 1000;

  async function run(initial: number, options: Parameters<typeof drive>[3] = {}, sc: Scenario = s, st: StreamFactory = streams) {
    const target = new RecordingTarget(initial);
    const result = await drive(sc, target, st, options);
    return { target, result };
  }

  it('prepares the target before anything else, then reads its time', async () => {
    const { target } = await run(someDay + 5 * HOUR);
    expect(target.calls[0]).toEqual({ op: 'prepare' });
    expect(target.calls[1]).toEqual({ op: 'now', value: someDay + 5 * HOUR });
  });

  it('starts at the next midnight after now()', async () => {
    const prepared: number[] = [];
    const { target, result } = await run(someDay + 5 * HOUR, { onPrepared: (at) => prepared.push(at) });
    expect(result.startAt).toBe(someDay + DAY);
    expect(result.endAt).toBe(someDay + DAY + totalMs);
    expect(prepared).toEqual([someDay + DAY]);
    expect(target.advances()[0]).toBe(someDay + DAY);
  });

  it('stays at now() when it is exactly midnight (no advance to the start)', async () => {
    const { target, result } = await run(someDay);
    expect(result.startAt).toBe(someDay);
    expect(target.advances()).not.toContain(someDay);
    expect(target.advances()[0]).toBeGreaterThan(someDay);
  });

  it('only advances to strictly increasing times', async () => {
    const { target } = await run(someDay + 1);
    const advances = target.advances();
    expect(advances.length).toBeGreaterThan(100);
    expect(advances.filter((at, i) => i > 0 && at <= (advances[i - 1] as number))).toEqual([]);
  });

  it('delivers every action of the timeline, in order, after advancing to its time', async () => {
    const { target, result } = await run(someDay + 1);
    const expected = [...timeline(s, scenarioStreams(s.seed))];
    const delivered = target.delivered();
    expect(delivered.map((d) => d.action)).toEqual(expected);
    for (const { action, time } of delivered) expect(time).toBe(result.startAt + action.at);
    expect(result.calls).toBe(expected.filter((a) => a.kind === 'arrival').length);
  });

  it('does not advance between actions at the same millisecond', async () => {
    // Three agents' shift actions share each millisecond: one advance each time, then three deliveries.
    const { target, result } = await run(someDay + 1);
    const shiftTimes = [0.5, 1, 1.25, 2.5].map((h) => result.startAt + h * HOUR);
    for (const at of shiftTimes) expect(target.advances().filter((a) => a === at)).toHaveLength(1);
    const index = target.calls.findIndex((c) => c.op === 'advanceTo' && c.at === shiftTimes[0]);
    expect(target.calls.slice(index + 1, index + 4).map((c) => (c.op === 'presence' ? c.action.agentId : c.op))).toEqual(['a1', 'a2', 'a3']);
  });

  it('does not advance for an arrival at the same millisecond as a shift action', async () => {
    // No calls before 00:30, then a first draw of 0: the first caller arrives with the shift start.
    const sc = scenario({ queues: [{ id: 1, name: 'Support', arrivals: { intervalMinutes: 30, callsPerHour: [0, 240] }, handling: { distribution: 'fixed', seconds: 60 } }] });
    const base = scenarioStreams(sc.seed);
    let first = true;
    const streams: StreamFactory = (n) => {
      if (n !== SimStream.FirstQueue) return base(n);
      const rest = base(n);
      const source: RandomSource = { next: () => (first ? ((first = false), 0) : rest.next()) };
      return source;
    };
    const { target, result } = await run(someDay, {}, sc, streams);
    const at = result.startAt + 0.5 * HOUR;
    const index = target.calls.findIndex((c) => c.op === 'advanceTo' && c.at === at);
    expect(target.calls.slice(index, index + 5).map((c) => c.op)).toEqual(['advanceTo', 'presence', 'presence', 'presence', 'arrive']);
    expect(target.advances().filter((a) => a === at)).toHaveLength(1);
  });

  it('advances last to start + duration + drain, after the last action', async () => {
    const { target, result } = await run(someDay + 1);
    const last = target.calls.at(-1);
    expect(last).toEqual({ op: 'advanceTo', at: result.startAt + totalMs });
    expect(result.endAt).toBe(result.startAt + totalMs);
  });

  it('reports progress along the way and at the end with doneMs = totalMs', async () => {
    const progress: DriveProgress[] = [];
    const { result } = await run(someDay + 1, { onProgress: (p) => progress.push(p), progressEvery: 100 });
    const actions = [...timeline(s, scenarioStreams(s.seed))].length;
    expect(progress).toHaveLength(Math.floor(actions / 100) + 1);
    expect(progress.at(-1)).toEqual({ doneMs: totalMs, totalMs, calls: result.calls });
    expect(progress.every((p) => p.totalMs === totalMs && p.doneMs <= totalMs)).toBe(true);
    expect(progress.filter((p, i) => i > 0 && p.doneMs < (progress[i - 1] as DriveProgress).doneMs)).toEqual([]);
  });

  it('reports progress only at the end when there are fewer actions than progressEvery', async () => {
    const progress: DriveProgress[] = [];
    const { result } = await run(someDay + 1, { onProgress: (p) => progress.push(p), progressEvery: 1_000_000 });
    expect(progress).toEqual([{ doneMs: totalMs, totalMs, calls: result.calls }]);
  });

  it('honours a custom startAt, given the target’s time once prepared', async () => {
    const seen: number[] = [];
    const prepared: number[] = [];
    const now = someDay + 5 * HOUR + 123;
    const { target, result } = await run(now, {
      startAt: (at) => {
        seen.push(at);
        return at; // a wall-clock run: start at once
      },
      onPrepared: (at) => prepared.push(at),
    });
    expect(seen).toEqual([now]);
    expect(result.startAt).toBe(now);
    expect(prepared).toEqual([now]);
    expect(target.advances().at(-1)).toBe(now + totalMs);
    for (const { action, time } of target.delivered()) expect(time).toBe(Math.max(now, now + action.at));
  });

  it('never moves time backwards when the start is before now()', async () => {
    const now = someDay + 5 * HOUR;
    const { target, result } = await run(now, { startAt: (at) => at - HOUR });
    expect(result.startAt).toBe(now - HOUR);
    const advances = target.advances();
    expect(advances.every((a) => a > now)).toBe(true);
    expect(advances.filter((at, i) => i > 0 && at <= (advances[i - 1] as number))).toEqual([]);
  });

  it('runs an empty timeline: prepare, now, advance to the start, advance to the end', async () => {
    const sc = scenario({ queues: [{ id: 1, name: 'Q', arrivals: { callsPerHour: 0 }, handling: { distribution: 'fixed', seconds: 1 } }], agents: [{ prefix: 'a', count: 1, queues: [1] }] });
    const { target, result } = await run(someDay + 1, {}, sc, (n) => seededRandom(n));
    expect(target.calls).toEqual([
      { op: 'prepare' },
      { op: 'now', value: someDay + 1 },
      { op: 'advanceTo', at: someDay + DAY },
      { op: 'advanceTo', at: someDay + DAY + totalMs },
    ]);
    expect(result.calls).toBe(0);
  });
});
