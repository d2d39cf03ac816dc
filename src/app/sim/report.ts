/**
 * The report of a simulation run: a JSON-serialisable document (what `switchboard simulate`
 * writes, and what the chart is drawn from) and its text rendering for a terminal. Figures
 * follow the definitions of `src/domain/sim/metrics.ts`; predictions those of `predict.ts`.
 */
import type { IntervalFigures } from '../../domain/sim/metrics.ts';
import { isPrediction, type Prediction, type PredictionOutcome, type QueuePrediction } from '../../domain/sim/predict.ts';
import type { LogDigest } from './digest.ts';
import type { SimulationResult } from './simulate.ts';

/**
 * One queue's figures for one report interval (or, as `ReportTotal`, the whole run after the warm-up): the metrics'
 * figures (`IntervalFigures`) with the start as "HH:MM" of the scenario's first day ("d2 HH:MM" on the second, …).
 */
export interface ReportInterval extends Omit<IntervalFigures, 'start' | 'answeredInTime'> {
  readonly start: string;
  /** Centre-wide agent occupancy (every agent of the tenant, not only this queue's). */
  readonly occupancy: number | null;
  /** With `--compare erlang`: the prediction, or why there is none. */
  readonly predicted?: PredictionOutcome;
}

export type ReportTotal = ReportInterval;

export interface ReportQueue {
  readonly id: number;
  readonly name: string;
  readonly intervals: readonly ReportInterval[];
  readonly total: ReportTotal;
}

/** What `switchboard simulate` writes to `<out>/<scenario>.json`. */
export interface SimReport {
  readonly scenario: string;
  readonly seed: number;
  readonly tenant: string;
  /** The scenario's start (midnight) in contact-center time. */
  readonly startAt: string;
  readonly calls: number;
  readonly wallSeconds: number;
  readonly reportIntervalMinutes: number;
  readonly serviceLevelSeconds: number;
  readonly warmupMinutes: number;
  /** The model predictions come from, when asked for. */
  readonly compare: 'erlang' | null;
  readonly queues: readonly ReportQueue[];
  readonly digest: LogDigest | null;
  readonly serverSeeds: { readonly randomSeed: number; readonly telephonySeed: number };
  readonly errors: readonly string[];
}

export interface ReportOptions {
  /** How long the run took, seconds of wall time. */
  readonly wallSeconds: number;
  /** From `predictScenario`: adds `predicted` to every interval and total. */
  readonly predictions?: readonly QueuePrediction[];
}

/**
 * Builds the report of a run.
 * @example const report = buildReport(result, { wallSeconds: 3.2, predictions: predictScenario(result.scenario) });
 */
export function buildReport(result: SimulationResult, options: ReportOptions): SimReport {
  const { scenario, metrics } = result;
  const occupancy = metrics.occupancy();
  const queues = scenario.queues.map((queue): ReportQueue => {
    const predicted = options.predictions?.find((p) => p.queueId === queue.id);
    const intervals = metrics.intervals(queue.id).map((figures, k) => row(figures, occupancy[k] ?? null, predicted?.intervals[k]));
    return { id: queue.id, name: queue.name, intervals, total: row(metrics.total(queue.id), metrics.totalOccupancy(), predicted?.total) };
  });
  return {
    scenario: scenario.name, seed: scenario.seed, tenant: scenario.tenant, startAt: new Date(result.startAt).toISOString(),
    calls: result.calls, wallSeconds: round(options.wallSeconds, 3),
    reportIntervalMinutes: scenario.reportIntervalSeconds / 60, serviceLevelSeconds: scenario.serviceLevelSeconds,
    warmupMinutes: scenario.warmupSeconds / 60, compare: options.predictions ? 'erlang' : null,
    queues, digest: result.digest, serverSeeds: result.serverSeeds, errors: result.errors,
  };
}

/**
 * "HH:MM" of a time in seconds from the scenario's start (midnight), with the day from the second on.
 * @example clockLabel(27_000); // '07:30'
 * @example clockLabel(86_400 + 3600); // 'd2 01:00'
 */
export function clockLabel(seconds: number): string {
  const day = Math.floor(seconds / 86_400);
  const within = Math.round(seconds - day * 86_400);
  const hhmm = `${String(Math.floor(within / 3600)).padStart(2, '0')}:${String(Math.floor((within % 3600) / 60)).padStart(2, '0')}`;
  return day === 0 ? hhmm : `d${day + 1} ${hhmm}`;
}

/**
 * The intervals worth showing: from the first to the last in which any queue had a caller
 * (offered or waiting), so a day that starts at midnight doesn't open on hours of zeros.
 * @example const { first, last } = activeRange(report); // indexes into every queue's intervals
 */
export function activeRange(report: SimReport): { readonly first: number; readonly last: number } {
  const count = report.queues[0]?.intervals.length ?? 0;
  const active = (k: number): boolean => report.queues.some((q) => (q.intervals[k]?.offered ?? 0) > 0 || (q.intervals[k]?.avgWaiting ?? 0) > 0);
  let first = 0;
  while (first < count - 1 && !active(first)) first++;
  let last = count - 1;
  while (last > first && !active(last)) last--;
  return { first, last };
}

function row(f: IntervalFigures, occupancy: number | null, predicted: PredictionOutcome | undefined): ReportInterval {
  return {
    start: clockLabel(f.start), offered: f.offered, answered: f.answered, abandoned: f.abandoned, timedOut: f.timedOut,
    serviceLevel: ratio(f.serviceLevel), asaSeconds: seconds(f.asaSeconds), abandonRate: ratio(f.abandonRate),
    avgWaiting: round(f.avgWaiting, 3), maxWaiting: f.maxWaiting, occupancy: ratio(occupancy),
    ...(predicted && { predicted: rounded(predicted) }),
  };
}

/** Predictions rounded like measured figures, so the JSON reads the same on both sides. */
function rounded(outcome: PredictionOutcome): PredictionOutcome {
  if (!isPrediction(outcome)) return outcome;
  const p: Prediction = outcome;
  return {
    model: p.model, agents: p.agents, offeredLoad: round(p.offeredLoad, 3), serviceLevel: round(p.serviceLevel, 4),
    asaSeconds: round(p.asaSeconds, 2), abandonRate: round(p.abandonRate, 4), occupancy: round(p.occupancy, 4),
  };
}

const ratio = (v: number | null): number | null => (v === null ? null : round(v, 4));
const seconds = (v: number | null): number | null => (v === null ? null : round(v, 2));

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

interface Column {
  readonly title: string;
  readonly width: number;
  readonly cell: (r: ReportInterval) => string;
}

const DASH = '–';
const percent = (v: number | null | undefined): string => (v === null || v === undefined ? DASH : (v * 100).toFixed(1));
const fixed = (v: number | null | undefined): string => (v === null || v === undefined ? DASH : v.toFixed(1));
const predictedOf = (r: ReportInterval): Prediction | null => (r.predicted && isPrediction(r.predicted) ? r.predicted : null);

const MEASURED: readonly Column[] = [
  { title: 'interval', width: 8, cell: (r) => r.start },
  { title: 'offered', width: 8, cell: (r) => String(r.offered) },
  { title: 'answered', width: 9, cell: (r) => String(r.answered) },
  { title: 'aband.', width: 7, cell: (r) => String(r.abandoned) },
  { title: 'ab%', width: 6, cell: (r) => percent(r.abandonRate) },
  { title: 'SL%', width: 6, cell: (r) => percent(r.serviceLevel) },
  { title: 'ASA s', width: 7, cell: (r) => fixed(r.asaSeconds) },
  { title: 'occ%', width: 6, cell: (r) => percent(r.occupancy) },
];

const ERLANG: readonly Column[] = [
  { title: 'agents', width: 8, cell: (r) => String(predictedOf(r)?.agents ?? DASH) },
  { title: 'Erlang SL%', width: 11, cell: (r) => percent(predictedOf(r)?.serviceLevel) },
  { title: 'Erlang ASA', width: 11, cell: (r) => fixed(predictedOf(r)?.asaSeconds) },
  { title: 'Erlang ab%', width: 11, cell: (r) => percent(predictedOf(r)?.abandonRate) },
];

/**
 * The report as text for a terminal (under 100 columns): a headline, then per queue a table of
 * the intervals in which anything happened and a totals line, with the Erlang prediction
 * beside when the report has one, and notes on what has no prediction and why.
 * @example console.log(formatReport(report));
 */
export function formatReport(report: SimReport): string {
  const rate = report.wallSeconds > 0 ? Math.round(report.calls / report.wallSeconds) : 0;
  const lines = [`${report.scenario} (seed ${report.seed}): ${report.calls} calls in ${report.wallSeconds.toFixed(1)} s of wall time (${rate} calls/s)`];
  const { first, last } = activeRange(report);
  for (const queue of report.queues) lines.push('', ...queueTable(report, queue, first, last));
  const notes: string[] = [];
  const count = report.queues[0]?.intervals.length ?? 0;
  if (first > 0 || last < count - 1) notes.push(`intervals with no callers left out (shown: ${report.queues[0]?.intervals[first]?.start ?? ''} to ${report.queues[0]?.intervals[last]?.start ?? ''})`);
  if (report.warmupMinutes > 0) notes.push(`totals leave out the warm-up (the first ${report.warmupMinutes} min)`);
  notes.push('occupancy is centre-wide: every agent of the tenant, whatever queue they serve');
  lines.push('', ...notes.map((n) => `note: ${n}`));
  if (report.errors.length > 0) lines.push('', `engine errors: ${report.errors.length}`, ...report.errors.slice(0, 5).map((e) => `  ${e}`));
  return lines.join('\n');
}

function queueTable(report: SimReport, queue: ReportQueue, first: number, last: number): string[] {
  const columns = report.compare ? [...MEASURED, ...ERLANG] : MEASURED;
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(columns[0]?.width ?? 8) : c.padStart(columns[i]?.width ?? 8))).join('').trimEnd();
  const rows = queue.intervals.slice(first, last + 1);
  const model = [...rows, queue.total].map(predictedOf).find((p) => p !== null)?.model;
  const beside = report.compare ? (model ? `; ${model === 'erlang-a' ? 'Erlang A' : 'Erlang C'} beside` : '; no Erlang prediction') : '';
  const out = [`${queue.name} (queue ${queue.id}): SL = answered within ${report.serviceLevelSeconds} s${beside}`];
  out.push(line(columns.map((c) => c.title)));
  for (const r of rows) out.push(line(columns.map((c) => c.cell(r))));
  out.push(line(columns.map((c, i) => (i === 0 ? 'total' : c.cell(queue.total)))));
  if (report.compare) out.push(...missingPredictions([...rows, queue.total], rows.length));
  return out;
}

/** One line per reason a prediction is missing, naming the intervals (or the total) it applies to. */
function missingPredictions(rows: readonly ReportInterval[], intervals: number): string[] {
  const byReason = new Map<string, string[]>();
  rows.forEach((r, i) => {
    if (!r.predicted || isPrediction(r.predicted)) return;
    const where = byReason.get(r.predicted.reason) ?? [];
    where.push(i === intervals ? 'total' : r.start);
    byReason.set(r.predicted.reason, where);
  });
  return [...byReason].map(([reason, where]) => `  no Erlang prediction (${reason}): ${where.length > 6 ? `${where.slice(0, 6).join(', ')} and ${where.length - 6} more` : where.join(', ')}`);
}
