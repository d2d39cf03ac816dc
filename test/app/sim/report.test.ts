import { beforeAll, describe, expect, it } from 'vitest';
import { isPrediction, predictScenario } from '../../../src/domain/sim/predict.ts';
import { parseScenario } from '../../../src/app/sim/scenario-file.ts';
import { activeRange, buildReport, clockLabel, formatReport, type SimReport } from '../../../src/app/sim/report.ts';
import { simulate, type SimulationResult } from '../../../src/app/sim/simulate.ts';

/** An hour of two queues with dedicated agents: ~200 calls, well under a second. */
const scenario = parseScenario({
  name: 'report-test', seed: 11, hours: 1, drainMinutes: 10, reportIntervalMinutes: 15, serviceLevelSeconds: 15,
  queues: [
    { id: 1, name: 'Support', wrapUpSeconds: 5, arrivals: { intervalMinutes: 15, callsPerHour: [0, 150, 150, 150] }, handling: { distribution: 'exponential', meanSeconds: 100 }, patience: { distribution: 'exponential', meanSeconds: 60 } },
    { id: 2, name: 'Sales', arrivals: { callsPerHour: 60 }, handling: { distribution: 'fixed', seconds: 90 } },
  ],
  agents: [{ prefix: 'sup', count: 6, queues: [1] }, { prefix: 'sal', count: 3, queues: [2] }],
});

let result: SimulationResult;
let report: SimReport;

beforeAll(async () => {
  result = await simulate(scenario);
  report = buildReport(result, { wallSeconds: 0.5, predictions: predictScenario(scenario) });
});

describe('buildReport', () => {
  it('describes the run: scenario, seed, start, calls, seeds, digest', () => {
    expect(report).toMatchObject({ scenario: 'report-test', seed: 11, tenant: 'simcorp', calls: result.calls, wallSeconds: 0.5, reportIntervalMinutes: 15, serviceLevelSeconds: 15, compare: 'erlang', errors: [] });
    expect(report.startAt).toMatch(/T00:00:00\.000Z$/);
    expect(report.digest?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(report.serverSeeds).toEqual(result.serverSeeds);
    expect(result.calls).toBeGreaterThan(100);
  });

  it('has every interval of every queue, and totals that add up', () => {
    for (const queue of report.queues) {
      expect(queue.intervals.map((i) => i.start)).toEqual(['00:00', '00:15', '00:30', '00:45']);
      const sum = (key: 'offered' | 'answered' | 'abandoned') => queue.intervals.reduce((s, i) => s + i[key], 0);
      expect(queue.total.offered).toBe(sum('offered'));
      expect(queue.total.answered).toBe(sum('answered'));
      expect(queue.total.abandoned).toBe(sum('abandoned'));
    }
    expect(report.queues.reduce((s, q) => s + q.total.offered, 0)).toBe(result.calls);
    const support = report.queues[0];
    expect(support?.intervals[0]).toMatchObject({ offered: 0, serviceLevel: null, asaSeconds: null, predicted: { reason: 'no calls expected' } });
    expect(support?.intervals[1]?.occupancy).toBeGreaterThan(0);
  });

  it('sets the prediction beside each interval: Erlang A for impatient callers, C for the others', () => {
    const [support, sales] = report.queues;
    const a = support?.intervals[2]?.predicted;
    const c = sales?.intervals[2]?.predicted;
    expect(a && isPrediction(a) && a.model).toBe('erlang-a');
    expect(c && isPrediction(c) && c.model).toBe('erlang-c');
    expect(support?.total.predicted).toEqual({ reason: 'arrival rate or staffing varies over the run' });
    expect(sales?.total.predicted && isPrediction(sales.total.predicted) && sales.total.predicted.agents).toBe(3);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('has no predictions and no digest when not asked for', async () => {
    const plain = buildReport(await simulate(scenario, { digest: false }), { wallSeconds: 1 });
    expect(plain.compare).toBeNull();
    expect(plain.digest).toBeNull();
    expect(plain.queues[0]?.intervals.some((i) => 'predicted' in i)).toBe(false);
    expect(plain.queues.map((q) => q.total)).toEqual(report.queues.map(({ total: { predicted: _, ...rest } }) => rest)); // same seed, same figures
  });
});

describe('formatReport', () => {
  it('prints a table per queue with the Erlang columns beside, within 100 columns', () => {
    const text = formatReport(report);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^report-test \(seed 11\): \d+ calls in 0\.5 s of wall time/);
    expect(text).toContain('Support (queue 1): SL = answered within 15 s; Erlang A beside');
    expect(text).toContain('Sales (queue 2): SL = answered within 15 s; Erlang C beside');
    expect(lines.filter((l) => l.startsWith('interval'))).toHaveLength(2);
    expect(lines.find((l) => l.startsWith('interval'))).toMatch(/offered +answered +aband\. +ab% +SL% +ASA s +occ% +agents +Erlang SL% +Erlang ASA +Erlang ab%$/);
    expect(lines.filter((l) => l.startsWith('total'))).toHaveLength(2);
    expect(text).toContain('no Erlang prediction (arrival rate or staffing varies over the run): total');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it('leaves the quiet hours out, and the Erlang columns when there is no comparison', () => {
    const text = formatReport({ ...report, compare: null, queues: report.queues.map((q) => ({ ...q, intervals: q.intervals.map((i, k) => (k === 0 ? i : { ...i, offered: 0, avgWaiting: 0 })) })) });
    expect(text).not.toContain('Erlang');
    expect(text.split('\n').filter((l) => /^\d\d:\d\d/.test(l))).toHaveLength(2); // 00:00 for Support and Sales
    expect(text).toContain('intervals with no callers left out (shown: 00:00 to 00:00)');
  });
});

describe('helpers', () => {
  it('labels interval starts by the clock, with the day after the first', () => {
    expect(clockLabel(0)).toBe('00:00');
    expect(clockLabel(27_000)).toBe('07:30');
    expect(clockLabel(86_400 + 3600)).toBe('d2 01:00');
  });

  it('finds the span in which anything happened', () => {
    expect(activeRange(report)).toEqual({ first: 0, last: 3 }); // Sales has callers from the start
  });
});
