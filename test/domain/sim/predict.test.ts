import { describe, expect, it } from 'vitest';
import { erlangA, erlangC } from '../../../src/domain/sim/erlang.ts';
import { isPrediction, NoPredictionReason, predictQueue, predictScenario, type Prediction, type PredictionOutcome } from '../../../src/domain/sim/predict.ts';
import type { Scenario, ScenarioAgentGroup, ScenarioQueue } from '../../../src/domain/sim/scenario.ts';

const HOUR = 3600;
/** Erlang A predicts for any load, so staffing tests see n whatever it is. */
const IMPATIENT = { kind: 'exponential', mean: 120 } as const;

function queue(overrides: Partial<ScenarioQueue> = {}): ScenarioQueue {
  return {
    id: 1, name: 'Support', strategy: 'longest-idle-agent', did: '+18000000001', wrapUpSeconds: 10,
    arrivals: { intervalSeconds: 1800, ratesPerHour: [120] },
    handling: { kind: 'exponential', mean: 170 }, patience: { kind: 'none' }, ...overrides,
  };
}

function scenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    name: 'test', seed: 1, tenant: 'simcorp', durationSeconds: 4 * HOUR, drainSeconds: 600, warmupSeconds: 0,
    reportIntervalSeconds: 1800, serviceLevelSeconds: 20, ringSeconds: 0,
    queues: [queue()], agents: [{ prefix: 'a', count: 8, queues: [1], shifts: [] }], ...overrides,
  };
}

function prediction(outcome: PredictionOutcome | undefined): Prediction {
  if (!outcome || !isPrediction(outcome)) throw new Error(`expected a prediction, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const shift = (start: number, end: number, breaks: { startSeconds: number; durationSeconds: number }[] = []) => ({ startSeconds: start * HOUR, endSeconds: end * HOUR, breaks });

describe('predictScenario', () => {
  it('gives Erlang C for a stationary queue without abandonment, per interval and in total', () => {
    const [q] = predictScenario(scenario());
    // 120 calls/h, 170 s + 10 s wrap-up: 6 Erlangs on 8 agents.
    const c = erlangC({ arrivalRate: 120 / HOUR, serviceRate: 1 / 180, agents: 8 });
    for (const outcome of [...(q?.intervals ?? []), q?.total]) {
      const p = prediction(outcome);
      expect(p.model).toBe('erlang-c');
      expect(p.agents).toBe(8);
      expect(p.offeredLoad).toBeCloseTo(6, 10);
      expect(p.serviceLevel).toBeCloseTo(c.serviceLevel(20), 12);
      expect(p.asaSeconds).toBeCloseTo(c.asa, 12);
      expect(p.occupancy).toBeCloseTo(0.75, 12);
      expect(p.abandonRate).toBe(0);
    }
    expect(q?.intervals).toHaveLength(8);
  });

  it('gives Erlang A with patience rate 1/mean, the ring time counting in the service time', () => {
    const s = scenario({ ringSeconds: 5, queues: [queue({ patience: { kind: 'exponential', mean: 120 } })] });
    const a = erlangA({ arrivalRate: 120 / HOUR, serviceRate: 1 / 185, patienceRate: 1 / 120, agents: 8 });
    const p = prediction(predictScenario(s)[0]?.total);
    expect(p.model).toBe('erlang-a');
    expect(p.serviceLevel).toBeCloseTo(a.serviceLevel(20), 12);
    expect(p.asaSeconds).toBeCloseTo(a.asa, 12);
    expect(p.abandonRate).toBeCloseTo(a.probAbandon, 12);
    expect(p.occupancy).toBeCloseTo(a.occupancy, 12);
  });

  it('takes λ of each report interval from a multi-interval profile', () => {
    // 15-minute profile, 30-minute reports: the first report interval averages 60 and 180 calls/h.
    const s = scenario({ queues: [queue({ patience: IMPATIENT, arrivals: { intervalSeconds: 900, ratesPerHour: [60, 180, 0, 0, 240, 240, 120, 120] } })] });
    const [q] = predictScenario(s);
    const loads = (q?.intervals ?? []).map((o) => (isPrediction(o) ? o.offeredLoad : o.reason));
    expect(loads[0]).toBeCloseTo((120 / HOUR) * 180, 10);
    expect(loads[1]).toBe(NoPredictionReason.NoCalls);
    expect(loads[2]).toBeCloseTo((240 / HOUR) * 180, 10);
    expect(loads[3]).toBeCloseTo((120 / HOUR) * 180, 10);
    expect(loads[4]).toBeCloseTo((120 / HOUR) * 180, 10); // the profile repeats after 2 h
    expect(q?.total).toEqual({ reason: NoPredictionReason.NotStationary });
  });

  it('refuses queues whose agents also serve another queue', () => {
    const s = scenario({
      queues: [queue(), queue({ id: 2, name: 'Sales', did: '+18000000002' })],
      agents: [{ prefix: 'a', count: 8, queues: [1], shifts: [] }, { prefix: 'b', count: 2, queues: [1, 2], shifts: [] }],
    });
    const [support, sales] = predictScenario(s);
    for (const q of [support, sales]) {
      expect(q?.total).toEqual({ reason: 'agents shared between queues' });
      expect(q?.intervals.every((o) => !isPrediction(o) && o.reason === 'agents shared between queues')).toBe(true);
    }
  });

  it('counts agents on shift and not on break, time-averaged and rounded', () => {
    const groups: ScenarioAgentGroup[] = [
      { prefix: 'early', count: 6, queues: [1], shifts: [shift(0, 2, [{ startSeconds: 1800, durationSeconds: 900 }])] },
      { prefix: 'late', count: 4, queues: [1], shifts: [shift(1, 4)] },
    ];
    const [q] = predictScenario(scenario({ queues: [queue({ patience: IMPATIENT })], agents: groups }));
    const agents = (q?.intervals ?? []).map((o) => (isPrediction(o) ? o.agents : o.reason));
    // 00:00 6; 00:30 half the interval on break: 3; 01:00 6+4; 01:30 10; 02:00– 4.
    expect(agents).toEqual([6, 3, 10, 10, 4, 4, 4, 4]);
    expect(q?.total).toEqual({ reason: NoPredictionReason.NotStationary });
  });

  it('follows shifts across midnight into the next day', () => {
    const s = scenario({
      durationSeconds: 30 * HOUR, reportIntervalSeconds: 6 * HOUR, queues: [queue({ patience: IMPATIENT })],
      agents: [{ prefix: 'night', count: 9, queues: [1], shifts: [shift(18, 30)] }, { prefix: 'day', count: 1, queues: [1], shifts: [] }],
    });
    const agents = (predictScenario(s)[0]?.intervals ?? []).map((o) => (isPrediction(o) ? o.agents : o.reason));
    // The night shift starts on day 0 at 18:00 and runs to 06:00 on day 1; it starts again at 18:00 on day 1.
    expect(agents).toEqual([1, 1, 1, 10, 10]);
  });

  it('says why there is no prediction: no agents, overload', () => {
    const off = scenario({ agents: [{ prefix: 'a', count: 8, queues: [1], shifts: [shift(2, 4)] }] });
    expect(predictScenario(off)[0]?.intervals[0]).toEqual({ reason: NoPredictionReason.NoAgents });
    const few = scenario({ agents: [{ prefix: 'a', count: 6, queues: [1], shifts: [] }] });
    expect(predictScenario(few)[0]?.total).toEqual({ reason: 'overloaded: offered load ≥ agents' });
    // Erlang A is stable under overload.
    const impatient = scenario({ queues: [queue({ patience: IMPATIENT })], agents: few.agents });
    expect(prediction(predictScenario(impatient)[0]?.total).abandonRate).toBeGreaterThan(0.1);
  });

  it('leaves the warm-up out of the whole-run prediction, as Metrics.total does', () => {
    const s = scenario({ warmupSeconds: 1200, queues: [queue({ arrivals: { intervalSeconds: 1800, ratesPerHour: [0, 120, 120, 120, 120, 120, 120, 120] } })] });
    expect(prediction(predictScenario(s)[0]?.total).offeredLoad).toBeCloseTo(6, 10);
  });
});

describe('predictQueue', () => {
  it('predicts for any rate and staffing', () => {
    const s = scenario();
    expect(prediction(predictQueue(s, queue(), 120 / HOUR, 9)).agents).toBe(9);
    expect(predictQueue(s, queue(), 0, 9)).toEqual({ reason: NoPredictionReason.NoCalls });
  });
});
