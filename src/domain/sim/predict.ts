/**
 * What queueing theory predicts for a scenario, to set beside what the simulation measured
 * (`switchboard simulate --compare erlang`). Each report interval is treated as its own steady
 * state (the "stationary independent period-by-period" approximation the industry staffs with):
 * - λ: the expected arrivals of the interval over its length;
 * - mean service time: handling + wrap-up + the agent's ring time (an agent is held for all
 *   three, so all three are part of the load);
 * - n: the queue's agents staffed (available or busy, i.e. on shift and not on break), time-averaged
 *   over the interval and rounded to the nearest whole agent;
 * - Erlang C when callers never hang up, Erlang A (patience rate 1/mean) when they do.
 * The models assume exponential handling and dedicated agents: a queue whose agents also serve
 * another queue gets no prediction, since its capacity depends on the other queue's traffic.
 * Figures use the same definitions as `Metrics` (see `erlang.ts`): service level over every
 * caller who left, abandoned ones counting as not answered in time; ASA over answered callers.
 */
import { RuleViolationError } from '../errors.ts';
import { erlangA, erlangC } from './erlang.ts';
import { scenarioAgents, type Scenario, type ScenarioQueue } from './scenario.ts';
import { shiftActions, SimPresence } from './timeline.ts';
import { expectedArrivals, meanOf, PatienceKind, rateAt } from './traffic.ts';

/** The model a prediction comes from. */
export const PredictionModel = { ErlangC: 'erlang-c', ErlangA: 'erlang-a' } as const;
export type PredictionModel = (typeof PredictionModel)[keyof typeof PredictionModel];

/** Why a queue or interval has no prediction (reports show these as written). */
export const NoPredictionReason = {
  SharedAgents: 'agents shared between queues',
  NoAgents: 'no agents',
  NoCalls: 'no calls expected',
  Overloaded: 'overloaded: offered load ≥ agents',
  NotStationary: 'arrival rate or staffing varies over the run',
} as const;

/** A steady-state prediction for one queue over one span of time. */
export interface Prediction {
  readonly model: PredictionModel;
  /** n, whole agents. */
  readonly agents: number;
  /** a = λ × mean service time, Erlangs. */
  readonly offeredLoad: number;
  /** Answered within the scenario's threshold / all callers. */
  readonly serviceLevel: number;
  /** Mean wait of answered callers, seconds. */
  readonly asaSeconds: number;
  /** Abandoned / all callers (0 under Erlang C). */
  readonly abandonRate: number;
  /** Busy time / staffed time of the queue's agents. */
  readonly occupancy: number;
}

/** No prediction, and why (one of `NoPredictionReason`, or the model's own refusal). */
export interface NoPrediction {
  readonly reason: string;
}

export type PredictionOutcome = Prediction | NoPrediction;

/** A queue's predictions: one per report interval (as `Metrics.intervals`), and the whole run after the warm-up. */
export interface QueuePrediction {
  readonly queueId: number;
  readonly intervals: readonly PredictionOutcome[];
  readonly total: PredictionOutcome;
}

/**
 * Tells a prediction from the absence of one.
 * @example if (isPrediction(p)) console.log(p.serviceLevel); else console.log(p.reason);
 */
export function isPrediction(outcome: PredictionOutcome): outcome is Prediction {
  return !('reason' in outcome);
}

/**
 * The Erlang prediction for every queue of a scenario, per report interval and for the whole
 * run (the latter only for a stationary queue: one arrival rate and constant staffing after
 * the warm-up; a day of varying traffic has no single steady state to compare totals with).
 * @example predictScenario(scenario)[0].intervals[20]; // { model: 'erlang-a', serviceLevel: 0.81, … } or { reason }
 */
export function predictScenario(scenario: Scenario): QueuePrediction[] {
  const staffing = staffedAgents(scenario);
  const intervals = Math.ceil(scenario.durationSeconds / scenario.reportIntervalSeconds);
  return scenario.queues.map((queue) => {
    const staffed = staffing.get(queue.id) ?? { shared: false, steps: [] };
    if (staffed.shared) {
      const shared = { reason: NoPredictionReason.SharedAgents };
      return { queueId: queue.id, intervals: Array.from({ length: intervals }, () => shared), total: shared };
    }
    const window = (k: number): Span => ({ from: k * scenario.reportIntervalSeconds, to: Math.min((k + 1) * scenario.reportIntervalSeconds, scenario.durationSeconds) });
    return {
      queueId: queue.id,
      intervals: Array.from({ length: intervals }, (_, k) => predictSpan(scenario, queue, staffed.steps, window(k))),
      total: predictTotal(scenario, queue, staffed.steps),
    };
  });
}

/**
 * The steady-state prediction for λ calls per second on n agents, in the scenario's terms.
 * @example predictQueue(scenario, scenario.queues[0], 10 / 180, 12); // { model: 'erlang-c', … }
 */
export function predictQueue(scenario: Scenario, queue: ScenarioQueue, arrivalRate: number, agents: number): PredictionOutcome {
  if (!(arrivalRate > 0)) return { reason: NoPredictionReason.NoCalls };
  if (agents <= 0) return { reason: NoPredictionReason.NoAgents };
  const serviceRate = 1 / (meanOf(queue.handling) + queue.wrapUpSeconds + scenario.ringSeconds);
  const T = scenario.serviceLevelSeconds;
  try {
    if (queue.patience.kind === PatienceKind.None) {
      if (arrivalRate / serviceRate >= agents) return { reason: NoPredictionReason.Overloaded };
      const c = erlangC({ arrivalRate, serviceRate, agents });
      return { model: PredictionModel.ErlangC, agents, offeredLoad: c.offeredLoad, serviceLevel: c.serviceLevel(T), asaSeconds: c.asa, abandonRate: 0, occupancy: c.occupancy };
    }
    const a = erlangA({ arrivalRate, serviceRate, agents, patienceRate: 1 / queue.patience.mean });
    return { model: PredictionModel.ErlangA, agents, offeredLoad: a.offeredLoad, serviceLevel: a.serviceLevel(T), asaSeconds: a.asa, abandonRate: a.probAbandon, occupancy: a.occupancy };
  } catch (error) {
    // The models refuse inputs they cannot sum (extreme overload with tiny patience rates).
    if (error instanceof RuleViolationError) return { reason: error.message };
    throw error;
  }
}

/** A span of scenario time, seconds: [from, to). */
interface Span {
  readonly from: number;
  readonly to: number;
}

/** A change in how many of a queue's agents are staffed: from `at` (seconds) on, `count`. */
interface Step {
  readonly at: number;
  readonly count: number;
}

function predictSpan(scenario: Scenario, queue: ScenarioQueue, steps: readonly Step[], span: Span): PredictionOutcome {
  const seconds = span.to - span.from;
  if (!(seconds > 0)) return { reason: NoPredictionReason.NoCalls };
  const arrivalRate = expectedArrivals(queue.arrivals, span.from, span.to) / seconds;
  return predictQueue(scenario, queue, arrivalRate, Math.round(averageStaffed(steps, span)));
}

/** The whole run after the warm-up (from the first whole report interval, as `Metrics.total`). */
function predictTotal(scenario: Scenario, queue: ScenarioQueue, steps: readonly Step[]): PredictionOutcome {
  const first = Math.ceil(scenario.warmupSeconds / scenario.reportIntervalSeconds) * scenario.reportIntervalSeconds;
  const span = { from: first, to: scenario.durationSeconds };
  if (!(span.to > span.from)) return { reason: NoPredictionReason.NoCalls };
  const staffedChanges = steps.some((s, i) => s.at > span.from && s.at < span.to && s.count !== (steps[i - 1]?.count ?? 0));
  if (staffedChanges || !constantRate(queue, span)) return { reason: NoPredictionReason.NotStationary };
  return predictSpan(scenario, queue, steps, span);
}

/** Whether the arrival profile has one rate over the span (checked at the middle of each profile interval it overlaps). */
function constantRate(queue: ScenarioQueue, span: Span): boolean {
  const { intervalSeconds } = queue.arrivals;
  const first = rateAt(queue.arrivals, span.from);
  for (let k = Math.floor(span.from / intervalSeconds); k * intervalSeconds < span.to; k++) {
    const middle = (Math.max(span.from, k * intervalSeconds) + Math.min(span.to, (k + 1) * intervalSeconds)) / 2;
    if (rateAt(queue.arrivals, middle) !== first) return false;
  }
  return true;
}

/** The time-average of a staffing step function over a span. */
function averageStaffed(steps: readonly Step[], span: Span): number {
  let area = 0;
  steps.forEach((step, i) => {
    const until = steps[i + 1]?.at ?? Infinity;
    const overlap = Math.min(until, span.to) - Math.max(step.at, span.from);
    if (overlap > 0) area += step.count * overlap;
  });
  return area / (span.to - span.from);
}

/**
 * Per queue: whether any of its agents serves another queue too, and how many of its agents are
 * staffed over time. Built from the very presence actions a run plays (`shiftActions`), so
 * overlapping shifts, breaks and shifts past midnight count exactly as the simulation sees them;
 * agents without shifts are available from the start (as `scenarioTenant` creates them).
 */
function staffedAgents(scenario: Scenario): Map<number, { shared: boolean; steps: Step[] }> {
  const agents = scenarioAgents(scenario);
  const available = new Map(agents.map(({ agentId, group }) => [agentId, group.shifts.length === 0]));
  const queuesOf = new Map(agents.map(({ agentId, group }) => [agentId, [...new Set(group.queues)]]));
  const result = new Map(scenario.queues.map((q) => [q.id, { shared: false, steps: [] as Step[], count: 0 }]));
  for (const [agentId, queues] of queuesOf) {
    for (const id of queues) {
      const entry = result.get(id);
      if (!entry) continue;
      if (queues.length > 1) entry.shared = true;
      if (available.get(agentId)) entry.count++;
    }
  }
  for (const entry of result.values()) entry.steps.push({ at: 0, count: entry.count });
  for (const action of shiftActions(scenario)) {
    const now = action.presence === SimPresence.Available;
    if (available.get(action.agentId) === now) continue; // a repeated state changes nothing
    available.set(action.agentId, now);
    for (const id of queuesOf.get(action.agentId) ?? []) {
      const entry = result.get(id);
      if (!entry) continue;
      entry.count += now ? 1 : -1;
      const at = action.at / 1000;
      if (entry.steps.at(-1)?.at === at) entry.steps.pop();
      entry.steps.push({ at, count: entry.count });
    }
  }
  return new Map([...result].map(([id, { shared, steps }]) => [id, { shared, steps }]));
}
