/**
 * Traffic for the discrete-event simulator (issue 5): what callers do, as random variables.
 * - Handling times: fixed, exponential or log-normal (`Distribution`, `sample`).
 * - Caller patience: exponential or none (`Patience`, `samplePatience`).
 * - Arrivals per queue: a non-homogeneous Poisson process whose rate is piecewise constant over
 *   the day, one rate per interval (`ArrivalProfile`, `nextArrival`, `arrivals`).
 *
 * All times are in seconds. Randomness comes from an injected `RandomSource`, and every sampler
 * consumes a documented, parameter-independent number of draws, so that a run is a function of
 * its seed and swapping one distribution for another of a different kind (fixed ↔ exponential,
 * no patience ↔ exponential patience) leaves the rest of the stream aligned (common random
 * numbers across scenarios). Log-normal is the one exception: it takes two draws.
 *
 * Samplers do not re-validate their parameters on every draw beyond what is free; validate a
 * configuration once with `checkDistribution`, `checkPatience` and `checkArrivalProfile`.
 */
import { RuleViolationError } from '../errors.ts';
import type { RandomSource } from '../ports.ts';

/** The kinds of handling-time distribution. */
export const DistributionKind = {
  /** Always the same duration. */
  Fixed: 'fixed',
  /** Exponential (memoryless): the M in M/M/n. */
  Exponential: 'exponential',
  /** Log-normal: right-skewed, the usual empirical fit for call handling times. */
  LogNormal: 'lognormal',
} as const;
export type DistributionKind = (typeof DistributionKind)[keyof typeof DistributionKind];
export const DISTRIBUTION_KINDS: readonly DistributionKind[] = Object.values(DistributionKind);

/**
 * A duration distribution, in seconds. The log-normal is given by the mean and standard
 * deviation *of the log-normal itself* (the handling time), not of the underlying normal; see
 * `lognormalParameters` for the conversion.
 */
export type Distribution =
  | { readonly kind: typeof DistributionKind.Fixed; readonly seconds: number }
  | { readonly kind: typeof DistributionKind.Exponential; readonly mean: number }
  | { readonly kind: typeof DistributionKind.LogNormal; readonly mean: number; readonly sd: number };

/** The kinds of caller patience (how long a waiting caller holds before hanging up). */
export const PatienceKind = {
  /** The caller never abandons. */
  None: 'none',
  /** Exponential patience with the given mean: the +M in M/M/n+M (Erlang A). */
  Exponential: 'exponential',
} as const;
export type PatienceKind = (typeof PatienceKind)[keyof typeof PatienceKind];
export const PATIENCE_KINDS: readonly PatienceKind[] = Object.values(PatienceKind);

/** How long a caller is willing to wait in queue, in seconds. */
export type Patience = { readonly kind: typeof PatienceKind.None } | { readonly kind: typeof PatienceKind.Exponential; readonly mean: number };

/**
 * A piecewise-constant arrival rate: `ratesPerHour[k]` calls per hour during
 * [k·intervalSeconds, (k+1)·intervalSeconds), repeating with period
 * `intervalSeconds × ratesPerHour.length` (the *cycle*). Normally the cycle is a day
 * (e.g. 96 intervals of 900 s) and time 0 is midnight of the first simulated day; any cycle
 * length is accepted, which keeps tests and short what-if runs simple.
 */
export interface ArrivalProfile {
  /** The length of one interval, seconds (> 0). */
  readonly intervalSeconds: number;
  /** One rate per interval, calls per hour (finite, ≥ 0); at least one interval. */
  readonly ratesPerHour: readonly number[];
}

// ---------------------------------------------------------------------------------------------
// Handling-time distributions
// ---------------------------------------------------------------------------------------------

/**
 * μ and σ of the normal underlying a log-normal with the given mean m and standard deviation s:
 * σ² = ln(1 + s²/m²) and μ = ln m − σ²/2, which invert E[X] = e^{μ+σ²/2} and
 * Var[X] = (e^{σ²} − 1)·e^{2μ+σ²}. s = 0 gives σ = 0 (the fixed duration m).
 * @example lognormalParameters(180, 120); // { mu: ≈ 5.0093, sigma: ≈ 0.6064 }
 */
export function lognormalParameters(mean: number, sd: number): { readonly mu: number; readonly sigma: number } {
  const variance = Math.log1p((sd / mean) ** 2);
  return { mu: Math.log(mean) - variance / 2, sigma: Math.sqrt(variance) };
}

/**
 * Draws one duration, in seconds (always finite and ≥ 0). Draw counts, which are part of the
 * contract because they decide what every later draw from `random` sees:
 * - `fixed`: **one** draw, discarded (so fixed ↔ exponential swaps keep streams aligned);
 * - `exponential`: **one** draw u, by inversion: −mean·ln(1 − u) (1 − u ∈ (0, 1], so finite);
 * - `lognormal`: **exactly two** draws u₁, u₂, by Box–Muller:
 *   z = √(−2 ln(1 − u₁))·cos(2πu₂), result e^{μ+σz}; the sine partner is discarded rather
 *   than cached, so the sampler keeps no state between calls.
 * @example sample({ kind: 'exponential', mean: 180 }, seededRandom(1)); // a duration ≥ 0, mean 180 over many draws
 */
export function sample(distribution: Distribution, random: RandomSource): number {
  switch (distribution.kind) {
    case DistributionKind.Fixed:
      random.next();
      return distribution.seconds;
    case DistributionKind.Exponential:
      return exponential(distribution.mean, random);
    case DistributionKind.LogNormal: {
      const { mu, sigma } = lognormalParameters(distribution.mean, distribution.sd);
      return Math.exp(mu + sigma * standardNormal(random));
    }
  }
}

/**
 * The expected value of a distribution, in seconds.
 * @example meanOf({ kind: 'lognormal', mean: 180, sd: 120 }); // 180
 */
export function meanOf(distribution: Distribution): number {
  return distribution.kind === DistributionKind.Fixed ? distribution.seconds : distribution.mean;
}

/**
 * The variance of a distribution, in seconds² (0 for fixed, mean² for exponential, sd² for
 * log-normal).
 * @example varianceOf({ kind: 'exponential', mean: 10 }); // 100
 */
export function varianceOf(distribution: Distribution): number {
  switch (distribution.kind) {
    case DistributionKind.Fixed:
      return 0;
    case DistributionKind.Exponential:
      return distribution.mean ** 2;
    case DistributionKind.LogNormal:
      return distribution.sd ** 2;
  }
}

/**
 * Validates a distribution read from configuration: `fixed` needs a finite `seconds` ≥ 0,
 * `exponential` a finite `mean` > 0, `lognormal` a finite `mean` > 0 and a finite `sd` ≥ 0.
 * Throws `RuleViolationError` naming `${field}.kind`, `${field}.seconds`, `${field}.mean` or
 * `${field}.sd`.
 * @example checkDistribution({ kind: 'exponential', mean: 0 }, 'handleTime'); // throws, field 'handleTime.mean'
 */
export function checkDistribution(distribution: Distribution, field: string): void {
  switch (distribution.kind) {
    case DistributionKind.Fixed:
      nonNegative(distribution.seconds, `${field}.seconds`);
      return;
    case DistributionKind.Exponential:
      positive(distribution.mean, `${field}.mean`);
      return;
    case DistributionKind.LogNormal:
      positive(distribution.mean, `${field}.mean`);
      nonNegative(distribution.sd, `${field}.sd`);
      return;
    default:
      throw unknownKind((distribution as { kind?: unknown }).kind, DISTRIBUTION_KINDS, `${field}.kind`);
  }
}

// ---------------------------------------------------------------------------------------------
// Caller patience
// ---------------------------------------------------------------------------------------------

/**
 * Draws how long a caller will wait before hanging up, in seconds, or `null` for a caller who
 * never abandons. Takes **one** draw whatever the kind (discarded for `none`), so that turning
 * abandonment on or off does not shift the rest of the stream.
 * @example samplePatience({ kind: 'none' }, seededRandom(1)); // null
 */
export function samplePatience(patience: Patience, random: RandomSource): number | null {
  if (patience.kind === PatienceKind.None) {
    random.next();
    return null;
  }
  return exponential(patience.mean, random);
}

/**
 * The mean patience in seconds; `Infinity` for callers who never abandon.
 * @example meanPatience({ kind: 'exponential', mean: 120 }); // 120
 */
export function meanPatience(patience: Patience): number {
  return patience.kind === PatienceKind.None ? Infinity : patience.mean;
}

/**
 * Validates patience read from configuration: `exponential` needs a finite `mean` > 0.
 * Throws `RuleViolationError` naming `${field}.kind` or `${field}.mean`.
 * @example checkPatience({ kind: 'exponential', mean: -1 }, 'patience'); // throws, field 'patience.mean'
 */
export function checkPatience(patience: Patience, field: string): void {
  switch (patience.kind) {
    case PatienceKind.None:
      return;
    case PatienceKind.Exponential:
      positive(patience.mean, `${field}.mean`);
      return;
    default:
      throw unknownKind((patience as { kind?: unknown }).kind, PATIENCE_KINDS, `${field}.kind`);
  }
}

// ---------------------------------------------------------------------------------------------
// Arrivals
// ---------------------------------------------------------------------------------------------

/**
 * Validates an arrival profile: `intervalSeconds` finite and > 0, `ratesPerHour` non-empty with
 * every rate finite and ≥ 0. Throws `RuleViolationError` naming `${field}.intervalSeconds`,
 * `${field}.ratesPerHour` or `${field}.ratesPerHour[k]`.
 * @example checkArrivalProfile({ intervalSeconds: 900, ratesPerHour: [10, -1] }, 'profile'); // throws, field 'profile.ratesPerHour[1]'
 */
export function checkArrivalProfile(profile: ArrivalProfile, field: string): void {
  positive(profile.intervalSeconds, `${field}.intervalSeconds`);
  if (profile.ratesPerHour.length === 0) throw new RuleViolationError(`${field}.ratesPerHour must list at least one interval`, `${field}.ratesPerHour`);
  profile.ratesPerHour.forEach((rate, k) => nonNegative(rate, `${field}.ratesPerHour[${k}]`));
}

/**
 * The arrival rate in calls per hour at time `seconds` (the interval containing it, wrapping
 * around the cycle; negative times wrap too).
 * @example rateAt({ intervalSeconds: 1800, ratesPerHour: [0, 3600] }, 2000); // 3600
 */
export function rateAt(profile: ArrivalProfile, seconds: number): number {
  return rateOfInterval(profile, intervalIndex(profile, seconds));
}

/**
 * The time of the first arrival at or after `afterSeconds` (it equals `afterSeconds` only when a
 * draw is exactly 0), or `null` when every rate is 0. Exact for the non-homogeneous Poisson
 * process: from time t in an interval with rate λ > 0 and end b, draw a gap g ~ Exp(λ) by
 * inversion; if t + g < b that is the arrival, otherwise discard it and restart at b with the
 * next interval's rate. Restarting is exact because the exponential is memoryless: given no
 * arrival in [t, b), the process after b is independent of the discarded draw. Intervals with
 * rate 0 are skipped without drawing. Draws: **one per positive-rate interval entered** (the
 * interval containing `afterSeconds` counts if its rate is positive).
 * @example nextArrival({ intervalSeconds: 1800, ratesPerHour: [0, 3600] }, seededRandom(7), 0); // ≥ 1800
 */
export function nextArrival(profile: ArrivalProfile, random: RandomSource, afterSeconds: number): number | null {
  positive(profile.intervalSeconds, 'profile.intervalSeconds');
  finite(afterSeconds, 'afterSeconds');
  return arrivalBefore(profile, random, afterSeconds, Infinity);
}

/**
 * The arrivals in [fromSeconds, untilSeconds), in increasing order, lazily. Same process and
 * same draws as repeated `nextArrival`, except that it stops drawing at `untilSeconds`: the draw
 * that first reaches past it is the last one taken. So splitting a range at an interval boundary
 * and generating both halves from one `random` yields exactly the arrivals of the whole range.
 * `untilSeconds` may be `Infinity` for an endless stream. The profile is validated up front.
 * @example [...arrivals({ intervalSeconds: 900, ratesPerHour: [120] }, seededRandom(1), 0, 3600)].length; // ≈ 120
 */
export function* arrivals(profile: ArrivalProfile, random: RandomSource, fromSeconds: number, untilSeconds: number): Generator<number, void, undefined> {
  checkArrivalProfile(profile, 'profile');
  checkRange(fromSeconds, untilSeconds);
  let t = fromSeconds;
  for (;;) {
    const next = arrivalBefore(profile, random, t, untilSeconds);
    if (next === null) return;
    yield next;
    t = next;
  }
}

/**
 * The expected number of arrivals in [fromSeconds, untilSeconds): the integral of the rate,
 * Σ over the intervals covered of (calls per hour / 3600) × seconds covered. Exact for partial
 * intervals and for ranges spanning many cycles.
 * @example expectedArrivals({ intervalSeconds: 1800, ratesPerHour: [0, 3600] }, 0, 7200); // 3600
 */
export function expectedArrivals(profile: ArrivalProfile, fromSeconds: number, untilSeconds: number): number {
  checkArrivalProfile(profile, 'profile');
  checkRange(fromSeconds, untilSeconds);
  if (untilSeconds === fromSeconds) return 0;
  return cumulativeArrivals(profile, untilSeconds) - cumulativeArrivals(profile, fromSeconds);
}

/** Λ(t) = ∫₀ᵗ λ(s) ds (negative for t < 0), by whole cycles plus the part of one cycle. */
function cumulativeArrivals(profile: ArrivalProfile, t: number): number {
  const { intervalSeconds, ratesPerHour } = profile;
  const cycle = intervalSeconds * ratesPerHour.length;
  const perCycle = (ratesPerHour.reduce((s, r) => s + r, 0) * intervalSeconds) / 3600;
  const cycles = Math.floor(t / cycle);
  const within = t - cycles * cycle;
  let partial = 0;
  for (let k = 0; k < ratesPerHour.length; k++) {
    const start = k * intervalSeconds;
    if (within <= start) break;
    partial += ((ratesPerHour[k] ?? 0) * (Math.min(within, start + intervalSeconds) - start)) / 3600;
  }
  return cycles * perCycle + partial;
}

/**
 * The first arrival in [after, until), or `null` if there is none before `until` (or ever).
 * The interval index is tracked as an integer rather than recomputed from the time, so that
 * restarting at a boundary lands in the next interval whatever the rounding of k·intervalSeconds.
 */
function arrivalBefore(profile: ArrivalProfile, random: RandomSource, after: number, until: number): number | null {
  const { intervalSeconds } = profile;
  const n = profile.ratesPerHour.length;
  let k = intervalIndex(profile, after);
  let t = after;
  let zeroRun = 0;
  while (t < until) {
    const end = (k + 1) * intervalSeconds;
    const perHour = rateOfInterval(profile, k);
    if (!(Number.isFinite(perHour) && perHour >= 0)) nonNegative(perHour, `profile.ratesPerHour[${wrap(k, n)}]`);
    if (perHour > 0) {
      zeroRun = 0;
      const arrival = t + exponential(3600 / perHour, random);
      if (arrival < end) return arrival < until ? arrival : null;
    } else if (++zeroRun > n) {
      return null; // a whole cycle of zero rates: no arrival ever
    }
    t = end;
    k++;
  }
  return null;
}

/** The index (not wrapped) of the interval containing `seconds`, corrected for rounding. */
function intervalIndex(profile: ArrivalProfile, seconds: number): number {
  const { intervalSeconds } = profile;
  let k = Math.floor(seconds / intervalSeconds);
  if (k * intervalSeconds > seconds) k--;
  else if ((k + 1) * intervalSeconds <= seconds) k++;
  return k;
}

function rateOfInterval(profile: ArrivalProfile, k: number): number {
  return profile.ratesPerHour[wrap(k, profile.ratesPerHour.length)] ?? 0;
}

function wrap(k: number, n: number): number {
  return ((k % n) + n) % n;
}

// ---------------------------------------------------------------------------------------------
// Primitives and validation helpers
// ---------------------------------------------------------------------------------------------

/** One draw: an Exp(1/mean) variate by inversion, −mean·ln(1 − u); 0 when u = 0. */
function exponential(mean: number, random: RandomSource): number {
  return -mean * Math.log1p(-random.next());
}

/** Two draws: a standard normal variate by Box–Muller (cosine branch). */
function standardNormal(random: RandomSource): number {
  const u1 = random.next();
  const u2 = random.next();
  return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
}

function checkRange(from: number, until: number): void {
  finite(from, 'fromSeconds');
  if (Number.isNaN(until) || until < from) throw new RuleViolationError(`untilSeconds must be ≥ fromSeconds (${from}); got ${until}`, 'untilSeconds');
}

function finite(value: number, field: string): void {
  if (!Number.isFinite(value)) throw new RuleViolationError(`${field} must be a finite number (got ${value})`, field);
}

function positive(value: number, field: string): void {
  if (!(Number.isFinite(value) && value > 0)) throw new RuleViolationError(`${field} must be a finite number > 0 (got ${value})`, field);
}

function nonNegative(value: number, field: string): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new RuleViolationError(`${field} must be a finite number ≥ 0 (got ${value})`, field);
}

function unknownKind(kind: unknown, kinds: readonly string[], field: string): RuleViolationError {
  return new RuleViolationError(`${field} must be one of ${kinds.map((k) => `'${k}'`).join(', ')} (got ${JSON.stringify(kind)})`, field);
}
