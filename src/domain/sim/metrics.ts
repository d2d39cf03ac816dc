/**
 * Contact-center figures from a tenant's event log, per queue and per report interval: offered,
 * answered, abandoned, service level, average speed of answer, callers waiting and agent
 * occupancy. It reads only logged events, so the same figures come from a simulation or from
 * a server's log.
 *
 * Definitions (the usual ones, written down because reports differ):
 * - a caller counts in the interval in which it **joined** the queue;
 * - service level = answered within T / every caller that left (answered, abandoned or timed
 *   out), so an abandoned caller counts as not answered in time (as Erlang A's does);
 * - a caller waits from joining to the bridge with an agent (`bridge.started`), or to leaving
 *   without one (`caller.left`: abandoned, timed out);
 * - ASA = mean wait of answered callers;
 * - occupancy = agent time busy (offered, on a call, in post-processing) / agent time staffed
 *   (available or busy), over every agent of the tenant.
 */
import type { LoggedEvent } from '../events.ts';

export interface IntervalFigures {
  /** Seconds from the scenario start. */
  readonly start: number;
  readonly offered: number;
  readonly answered: number;
  readonly answeredInTime: number;
  readonly abandoned: number;
  /** Left without an agent for another reason (queue timeouts). */
  readonly timedOut: number;
  /** Null when nobody left in the interval. */
  readonly serviceLevel: number | null;
  readonly asaSeconds: number | null;
  readonly abandonRate: number | null;
  /** Time-averaged callers waiting. */
  readonly avgWaiting: number;
  readonly maxWaiting: number;
}

/** Wait outcomes in the order the waits ended, for batch-means statistics (after the warm-up). */
export interface CallerOutcomes {
  readonly count: number;
  /** Seconds waited. */
  wait(i: number): number;
  answered(i: number): boolean;
  joinedAt(i: number): number;
}

interface Bucket {
  offered: number;
  answered: number;
  answeredInTime: number;
  abandoned: number;
  timedOut: number;
  waitSum: number;
  waitingArea: number;
  maxWaiting: number;
}

const emptyBucket = (): Bucket => ({ offered: 0, answered: 0, answeredInTime: 0, abandoned: 0, timedOut: 0, waitSum: 0, waitingArea: 0, maxWaiting: 0 });

export interface MetricsOptions {
  /** Contact-center time (ms) of the scenario's start. */
  readonly startAt: number;
  readonly intervalSeconds: number;
  readonly intervals: number;
  readonly serviceLevelSeconds: number;
  readonly warmupSeconds: number;
  readonly queueIds: readonly number[];
}

/** Growable columns of caller outcomes (typed arrays: a day of a large center is 300,000 rows). */
class OutcomeColumns implements CallerOutcomes {
  count = 0;
  private waits = new Float64Array(1024);
  private joins = new Float64Array(1024);
  private flags = new Uint8Array(1024);

  push(joinedAt: number, wait: number, answered: boolean): void {
    if (this.count === this.waits.length) this.grow();
    this.joins[this.count] = joinedAt;
    this.waits[this.count] = wait;
    this.flags[this.count] = answered ? 1 : 0;
    this.count++;
  }

  wait(i: number): number {
    return this.waits[i] as number;
  }

  answered(i: number): boolean {
    return this.flags[i] === 1;
  }

  joinedAt(i: number): number {
    return this.joins[i] as number;
  }

  private grow(): void {
    const size = this.waits.length * 2;
    const grow = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.waits = grow(this.waits, (n) => new Float64Array(n));
    this.joins = grow(this.joins, (n) => new Float64Array(n));
    this.flags = grow(this.flags, (n) => new Uint8Array(n));
  }
}

/**
 * Accumulates figures event by event (`add`), in log order.
 * @example const m = new Metrics(options); bus.subscribe((e) => m.add(e)); … m.queueFigures(600);
 */
export class Metrics {
  private readonly buckets = new Map<number, Bucket[]>();
  private readonly outcomes = new Map<number, OutcomeColumns>();
  private readonly waiting = new Map<number, { count: number; since: number }>();
  /** Callers waiting now: when each joined. */
  private readonly waitingSince = new Map<string, number>();
  private readonly agents = new Map<string, { staffed: boolean; busy: boolean }>();
  private staffedArea: Float64Array;
  private busyArea: Float64Array;
  private staffed = 0;
  private busy = 0;
  private agentsSince: number;

  constructor(private readonly options: MetricsOptions) {
    for (const id of options.queueIds) {
      this.buckets.set(id, Array.from({ length: options.intervals }, emptyBucket));
      this.outcomes.set(id, new OutcomeColumns());
      this.waiting.set(id, { count: 0, since: options.startAt });
    }
    this.staffedArea = new Float64Array(options.intervals);
    this.busyArea = new Float64Array(options.intervals);
    this.agentsSince = options.startAt;
  }

  add(logged: LoggedEvent): void {
    const { event, at } = logged;
    switch (event.type) {
      case 'caller.joined':
        return this.joined(event.queueId, event.callerId, at);
      case 'bridge.started':
        return this.answered(event.queueId, event.callerId, at);
      case 'caller.left':
        return this.left(event.queueId, event.callerId, at, event.cause);
      case 'agent.presence_changed':
        return this.agentChanged(event.agentId, at, { staffed: event.to.kind === 'available' });
      case 'agent.activity_changed':
        return this.agentChanged(event.agentId, at, { busy: event.toActivity !== 'idle' });
      default:
        return;
    }
  }

  /** Tells where an agent stands before its events start (e.g. available since it was created). */
  setAgent(agentId: string, at: number, state: { staffed: boolean; busy: boolean }): void {
    this.agentChanged(agentId, at, state);
  }

  /** Closes the time integrals at `at` (the end of the run). */
  finish(at: number): void {
    for (const id of this.options.queueIds) this.moveWaiting(id, at, 0);
    this.integrateAgents(at);
  }

  /** One queue's figures per interval. */
  intervals(queueId: number): IntervalFigures[] {
    return (this.buckets.get(queueId) ?? []).map((b, k) => figures(b, k * this.options.intervalSeconds, this.options.intervalSeconds));
  }

  /** One queue's figures over the whole run after the warm-up. */
  total(queueId: number): IntervalFigures {
    const sum = emptyBucket();
    const first = Math.ceil(this.options.warmupSeconds / this.options.intervalSeconds);
    (this.buckets.get(queueId) ?? []).slice(first).forEach((b) => {
      for (const key of Object.keys(sum) as (keyof Bucket)[]) sum[key] = key === 'maxWaiting' ? Math.max(sum[key], b[key]) : sum[key] + b[key];
    });
    const seconds = Math.max(1, (this.options.intervals - first) * this.options.intervalSeconds);
    return figures(sum, first * this.options.intervalSeconds, seconds);
  }

  /** Occupancy per interval (null where nobody was staffed). */
  occupancy(): (number | null)[] {
    return Array.from(this.staffedArea, (staffed, k) => (staffed > 0 ? (this.busyArea[k] as number) / staffed : null));
  }

  /** Occupancy over the same intervals as `total` (after the warm-up); null if nobody was staffed. */
  totalOccupancy(): number | null {
    const first = Math.ceil(this.options.warmupSeconds / this.options.intervalSeconds);
    const staffed = this.staffedArea.subarray(first).reduce((s, v) => s + v, 0);
    return staffed > 0 ? this.busyArea.subarray(first).reduce((s, v) => s + v, 0) / staffed : null;
  }

  /** Callers of a queue who joined after the warm-up, in the order their waits ended (answered or left). */
  callerOutcomes(queueId: number): CallerOutcomes {
    return this.outcomes.get(queueId) ?? new OutcomeColumns();
  }

  private bucketAt(queueId: number, at: number): Bucket | undefined {
    const k = Math.floor((at - this.options.startAt) / 1000 / this.options.intervalSeconds);
    return this.buckets.get(queueId)?.[k];
  }

  private joined(queueId: number, callerId: string, at: number): void {
    const bucket = this.bucketAt(queueId, at);
    if (bucket) bucket.offered++;
    this.moveWaiting(queueId, at, +1);
    this.waitingSince.set(callerId, at);
  }

  /** A bridge with an agent ends the wait (the caller leaves the queue only when the call ends). */
  private answered(queueId: number, callerId: string, at: number): void {
    const joinedAt = this.waitingSince.get(callerId);
    if (joinedAt === undefined) return; // a second bridge of the same caller, or joined before the figures started
    this.waitingSince.delete(callerId);
    this.moveWaiting(queueId, at, -1);
    this.outcome(queueId, joinedAt, at - joinedAt, true);
  }

  private left(queueId: number, callerId: string, at: number, cause: string): void {
    const joinedAt = this.waitingSince.get(callerId);
    if (joinedAt === undefined) return; // answered earlier
    this.waitingSince.delete(callerId);
    this.moveWaiting(queueId, at, -1);
    this.outcome(queueId, joinedAt, at - joinedAt, false, cause);
  }

  private outcome(queueId: number, joinedAt: number, waitedMs: number, answered: boolean, cause = 'answered'): void {
    const bucket = this.bucketAt(queueId, joinedAt);
    if (!bucket) return;
    if (answered) {
      bucket.answered++;
      bucket.waitSum += waitedMs / 1000;
      if (waitedMs <= this.options.serviceLevelSeconds * 1000) bucket.answeredInTime++;
    } else if (cause === 'BREAK_OUT') bucket.abandoned++;
    else bucket.timedOut++;
    const joinedSeconds = (joinedAt - this.options.startAt) / 1000;
    if (joinedSeconds >= this.options.warmupSeconds) this.outcomes.get(queueId)?.push(joinedSeconds, waitedMs / 1000, answered);
  }

  /** Adds count × time to the waiting area of each interval the span [since, at) crosses. */
  private moveWaiting(queueId: number, at: number, delta: number): void {
    const w = this.waiting.get(queueId);
    const buckets = this.buckets.get(queueId);
    if (!w || !buckets) return;
    spread(w.since, at, this.options, (k, seconds) => {
      const b = buckets[k] as Bucket;
      b.waitingArea += w.count * seconds;
      b.maxWaiting = Math.max(b.maxWaiting, w.count);
    });
    w.count += delta;
    w.since = Math.max(w.since, at);
    const now = this.bucketAt(queueId, at);
    if (now) now.maxWaiting = Math.max(now.maxWaiting, w.count);
  }

  private agentChanged(agentId: string, at: number, change: { staffed?: boolean; busy?: boolean }): void {
    this.integrateAgents(at);
    const before = this.agents.get(agentId) ?? { staffed: false, busy: false };
    const after = { ...before, ...change };
    this.agents.set(agentId, after);
    this.staffed += Number(after.staffed || after.busy) - Number(before.staffed || before.busy);
    this.busy += Number(after.busy) - Number(before.busy);
  }

  private integrateAgents(at: number): void {
    spread(this.agentsSince, at, this.options, (k, seconds) => {
      this.staffedArea[k] = (this.staffedArea[k] as number) + this.staffed * seconds;
      this.busyArea[k] = (this.busyArea[k] as number) + this.busy * seconds;
    });
    this.agentsSince = Math.max(this.agentsSince, at);
  }
}

/** Calls `visit(interval, seconds)` for each report interval the span [from, to) (ms) overlaps. */
function spread(from: number, to: number, options: MetricsOptions, visit: (k: number, seconds: number) => void): void {
  const length = options.intervalSeconds * 1000;
  let t = Math.max(from, options.startAt);
  const end = Math.min(to, options.startAt + options.intervals * length);
  while (t < end) {
    const k = Math.floor((t - options.startAt) / length);
    const next = Math.min(end, options.startAt + (k + 1) * length);
    visit(k, (next - t) / 1000);
    t = next;
  }
}

function figures(b: Bucket, start: number, seconds: number): IntervalFigures {
  const left = b.answered + b.abandoned + b.timedOut;
  return {
    start, offered: b.offered, answered: b.answered, answeredInTime: b.answeredInTime, abandoned: b.abandoned, timedOut: b.timedOut,
    serviceLevel: left > 0 ? b.answeredInTime / left : null,
    asaSeconds: b.answered > 0 ? b.waitSum / b.answered : null,
    abandonRate: left > 0 ? b.abandoned / left : null,
    avgWaiting: b.waitingArea / seconds,
    maxWaiting: b.maxWaiting,
  };
}
