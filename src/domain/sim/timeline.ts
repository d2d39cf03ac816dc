/**
 * What happens to a simulated contact center from outside: callers arriving (with how long they
 * will talk and wait) and agents starting, pausing and ending shifts. A pure function of the
 * scenario and its random streams, so a local simulation and a traffic generator driving a
 * server produce the same actions at the same virtual times.
 */
import type { RandomSource } from '../ports.ts';
import { agentIdsOf, type Scenario, type ScenarioQueue } from './scenario.ts';
import { arrivals, sample, samplePatience } from './traffic.ts';

export const SimPresence = { Available: 'available', OnBreak: 'on_break', LoggedOut: 'logged_out' } as const;
export type SimPresence = (typeof SimPresence)[keyof typeof SimPresence];

export interface ArrivalAction {
  readonly kind: 'arrival';
  /** Milliseconds from the scenario's start. */
  readonly at: number;
  readonly queueId: number;
  readonly did: string;
  readonly from: string;
  readonly talkMs: number;
  /** How long the caller waits before hanging up; null: until answered. */
  readonly patienceMs: number | null;
}

export interface PresenceAction {
  readonly kind: 'presence';
  readonly at: number;
  readonly agentId: string;
  readonly presence: SimPresence;
}

export type SimAction = ArrivalAction | PresenceAction;

/** The random streams a timeline draws from: one per purpose, so adding a queue doesn't shift the others. */
export type StreamFactory = (stream: number) => RandomSource;

/** Stream numbers: the core's ids, the telephony, then two per queue (arrival times, caller behaviour). */
export const SimStream = { Core: 0, Telephony: 1, FirstQueue: 2 } as const;

/**
 * The scenario's actions in time order (ties: shifts before callers, then queue order), lazily:
 * a day of a large center holds hundreds of thousands of calls.
 * @example for (const action of timeline(scenario, (n) => seededRandom(scenario.seed * 31 + n))) run(action);
 */
export function* timeline(scenario: Scenario, streams: StreamFactory): Generator<SimAction, void, undefined> {
  const shifts = shiftActions(scenario);
  const queues = scenario.queues.map((queue, i) => callers(queue, scenario.durationSeconds, streams(SimStream.FirstQueue + 2 * i), streams(SimStream.FirstQueue + 2 * i + 1), i));
  const heads = queues.map((q) => q.next());
  let s = 0;
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (head && !head.done && (best < 0 || head.value.at < (heads[best] as IteratorYieldResult<ArrivalAction>).value.at)) best = i;
    }
    const arrival = best < 0 ? null : (heads[best] as IteratorYieldResult<ArrivalAction>).value;
    const shift = shifts[s];
    if (shift && (arrival === null || shift.at <= arrival.at)) {
      yield shift;
      s++;
    } else if (arrival) {
      yield arrival;
      heads[best] = (queues[best] as Generator<ArrivalAction>).next();
    } else {
      return;
    }
  }
}

/** Numbers callers call from: unique per call, so no caller takes back another's abandoned place. */
export function callerNumber(queueIndex: number, n: number): string {
  return `+19${String(queueIndex % 100).padStart(2, '0')}${String(n).padStart(7, '0')}`;
}

function* callers(queue: ScenarioQueue, durationSeconds: number, times: RandomSource, behaviour: RandomSource, index: number): Generator<ArrivalAction> {
  let n = 0;
  for (const t of arrivals(queue.arrivals, times, 0, durationSeconds)) {
    const talk = sample(queue.handling, behaviour);
    const patience = samplePatience(queue.patience, behaviour);
    yield {
      kind: 'arrival', at: Math.round(t * 1000), queueId: queue.id, did: queue.did, from: callerNumber(index, n++),
      talkMs: Math.round(talk * 1000), patienceMs: patience === null ? null : Math.round(patience * 1000),
    };
  }
}

/** Every agent's shift starts, breaks and ends over the run, sorted (ties in agent order). */
export function shiftActions(scenario: Scenario): PresenceAction[] {
  const end = (scenario.durationSeconds + scenario.drainSeconds) * 1000;
  const days = Math.ceil((scenario.durationSeconds + scenario.drainSeconds) / 86_400);
  const actions: (PresenceAction & { readonly order: number })[] = [];
  let order = 0;
  for (const group of scenario.agents) {
    for (const agentId of agentIdsOf(group)) {
      for (let day = 0; day < days; day++) {
        for (const shift of group.shifts) {
          const base = day * 86_400;
          const push = (seconds: number, presence: SimPresence): void => {
            const at = Math.round((base + seconds) * 1000);
            if (at < end) actions.push({ kind: 'presence', at, agentId, presence, order: order++ });
          };
          push(shift.startSeconds, SimPresence.Available);
          for (const pause of shift.breaks) {
            push(pause.startSeconds, SimPresence.OnBreak);
            push(pause.startSeconds + pause.durationSeconds, SimPresence.Available);
          }
          push(shift.endSeconds, SimPresence.LoggedOut);
        }
      }
    }
  }
  actions.sort((a, b) => a.at - b.at || a.order - b.order);
  return actions.map(({ kind, at, agentId, presence }) => ({ kind, at, agentId, presence }));
}
