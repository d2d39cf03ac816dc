/**
 * Confidence intervals from one long simulation run by the method of batch means: the run
 * (after its warm-up) is cut into `batches` consecutive batches of equal size; each batch's
 * figure is one observation, nearly independent of the others when batches are much longer
 * than the queue's memory, and the Student t interval over those observations is the
 * interval for the long-run figure (Law, *Simulation Modeling and Analysis*, 5th ed., §9.5.3).
 */
import type { CallerOutcomes } from './metrics.ts';

export interface Interval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** high − low. */
  readonly width: number;
}

export interface BatchMeansResult {
  /** Fraction answered within the threshold, of every caller (abandoned count as not in time). */
  readonly serviceLevel: Interval;
  /** Mean wait of answered callers, seconds. */
  readonly asa: Interval;
  /** Fraction of callers who left without an answer. */
  readonly abandonRate: Interval;
  readonly callers: number;
  readonly answered: number;
}

/** Two-sided 97.5 % quantiles of Student's t for 1–40 degrees of freedom (then the normal's 1.96 is close enough). */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042, 2.04, 2.037, 2.035, 2.032, 2.03, 2.028, 2.026, 2.024, 2.023, 2.021,
] as const;

/** The 95 % two-sided t quantile for `df` degrees of freedom. */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError('degrees of freedom must be a positive integer');
  return T_975[df - 1] ?? 1.96;
}

/**
 * The 95 % interval of the mean of `values` (Student t, n − 1 degrees of freedom).
 * @example meanInterval([1, 2, 3]); // { mean: 2, low: ≈ -0.48, high: ≈ 4.48, width: ≈ 4.97 }
 */
export function meanInterval(values: readonly number[]): Interval {
  const n = values.length;
  if (n < 2) throw new RangeError('an interval needs at least two observations');
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, width: 2 * half };
}

/**
 * Service level, ASA and abandonment with 95 % intervals by batch means over callers' outcomes.
 * Callers beyond a whole number of batches are left out (the last few).
 * @example batchMeans(metrics.callerOutcomes(600), 20, 20);
 */
export function batchMeans(outcomes: CallerOutcomes, batches: number, thresholdSeconds: number): BatchMeansResult {
  const size = Math.floor(outcomes.count / batches);
  if (size < 1) throw new RangeError(`${outcomes.count} callers cannot fill ${batches} batches`);
  const sl: number[] = [];
  const asa: number[] = [];
  const abandon: number[] = [];
  let answeredTotal = 0;
  for (let b = 0; b < batches; b++) {
    let inTime = 0;
    let answered = 0;
    let waited = 0;
    for (let i = b * size; i < (b + 1) * size; i++) {
      if (!outcomes.answered(i)) continue;
      answered++;
      waited += outcomes.wait(i);
      if (outcomes.wait(i) <= thresholdSeconds) inTime++;
    }
    answeredTotal += answered;
    sl.push(inTime / size);
    asa.push(answered > 0 ? waited / answered : 0);
    abandon.push((size - answered) / size);
  }
  return { serviceLevel: meanInterval(sl), asa: meanInterval(asa), abandonRate: meanInterval(abandon), callers: size * batches, answered: answeredTotal };
}
