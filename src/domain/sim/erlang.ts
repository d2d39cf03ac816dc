/**
 * Closed-form queueing models the simulator is validated against: Erlang C (M/M/n) and
 * Erlang A (M/M/n+M, Palm's model with exponential patience). Rates are per second.
 *
 * References:
 * - Erlang B recursion and Erlang C from it: e.g. Cooper, *Introduction to Queueing Theory*
 *   (1981), §3.4–3.5; Koole, *Call Center Optimization* (2013), ch. 5.
 * - Erlang A: Palm (1943/1957); Garnett, Mandelbaum & Reiman, "Designing a call center with
 *   impatient customers", MSOM 4(3), 2002, §3 (the function A(x, y) written with the
 *   incomplete gamma function); Mandelbaum & Zeltyn, "The M/M/n+G queue: summary of
 *   performance measures" (2007 note) for the waiting-time density of served callers.
 * - Regularized incomplete gamma: series and Lentz continued fraction as in Press et al.,
 *   *Numerical Recipes*, §6.2; log-gamma by Lanczos (g = 7) and the Stirling series.
 */
import { RuleViolationError } from '../errors.ts';

/** Erlang C (M/M/n) inputs: Poisson arrivals λ, exponential service μ, n agents. */
export interface ErlangCInput {
  /** λ, calls per second. */
  readonly arrivalRate: number;
  /** μ, completions per second per busy agent (1 / mean handle time). */
  readonly serviceRate: number;
  /** n, a positive integer. */
  readonly agents: number;
}

/** Erlang C measures, in steady state. */
export interface ErlangCResult {
  /** a = λ/μ, in Erlangs. */
  readonly offeredLoad: number;
  /** ρ = a/n, the fraction of time an agent is busy. */
  readonly occupancy: number;
  /** P(W > 0), the Erlang C formula: the probability an arrival waits at all. */
  readonly probWait: number;
  /** Average speed of answer E[W] in seconds, over all callers (none abandon in M/M/n). */
  readonly asa: number;
  /** P(W ≤ T): the fraction of callers answered within `thresholdSeconds`. */
  serviceLevel(thresholdSeconds: number): number;
}

/** Erlang A (M/M/n+M) inputs: Erlang C's plus exponential patience θ. */
export interface ErlangAInput extends ErlangCInput {
  /** θ, per second (1 / mean patience); must be > 0 (θ = 0 is Erlang C). */
  readonly patienceRate: number;
}

/** Erlang A measures, in steady state. */
export interface ErlangAResult {
  /** a = λ/μ, in Erlangs (may exceed n: Erlang A is stable for every load when θ > 0). */
  readonly offeredLoad: number;
  /** Served load / n = λ(1 − P(Ab)) / (nμ): the fraction of time an agent is busy. */
  readonly occupancy: number;
  /** P(W > 0): the probability an arrival finds every agent busy. */
  readonly probWait: number;
  /** P(Ab): the fraction of all arrivals that abandon. */
  readonly probAbandon: number;
  /**
   * Average speed of answer in seconds: E[W | answered], over answered callers only (those
   * answered at once count with 0), as contact-center reports define ASA.
   */
  readonly asa: number;
  /**
   * E[W] in seconds over all arrivals, an abandoned caller counting the time until they hung
   * up (= E[queue]/λ by Little's law = P(Ab)/θ).
   */
  readonly meanWait: number;
  /**
   * The fraction of *all* arrivals answered within `thresholdSeconds`: abandoned callers are in
   * the denominator and count as not answered in time, however soon they hung up.
   */
  serviceLevel(thresholdSeconds: number): number;
}

/**
 * Erlang B, the blocking probability of M/M/n/n with offered load `a` Erlangs, by the
 * recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)): every step stays in [0, 1], so it is
 * stable where a^n/n! would overflow (n in the thousands).
 * @example erlangB(10, 12); // ≈ 0.1197
 */
export function erlangB(a: number, n: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C (M/M/n, FCFS, infinite queue). P(W>0) = n·B / (n − a(1 − B)) with B = Erlang B;
 * ASA = P(W>0) / (nμ − λ); SL(T) = 1 − P(W>0)·e^{−(nμ−λ)T}. Refuses λ ≥ nμ, where no steady
 * state exists.
 * @example erlangC({ arrivalRate: 10 / 180, serviceRate: 1 / 180, agents: 12 }).probWait; // ≈ 0.4494
 */
export function erlangC(input: ErlangCInput): ErlangCResult {
  const { arrivalRate: lambda, serviceRate: mu, agents: n } = input;
  positive(lambda, 'arrivalRate');
  positive(mu, 'serviceRate');
  agentCount(n);
  const a = lambda / mu;
  const drain = n * mu - lambda;
  if (!(drain > 0)) throw new RuleViolationError(`Erlang C is unstable: arrival rate ${lambda}/s ≥ capacity ${n} × ${mu}/s (load ${a} Erlangs on ${n} agents); add agents or use Erlang A`, 'arrivalRate');
  const b = erlangB(a, n);
  // Clamp: rounding can push the ratio a hair above 1 when B ≈ 1 and a ≈ n.
  const probWait = Math.min(1, (n * b) / (n - a * (1 - b)));
  return {
    offeredLoad: a,
    occupancy: a / n,
    probWait,
    asa: probWait / drain,
    serviceLevel: (t) => 1 - probWait * Math.exp(-drain * threshold(t)),
  };
}

/**
 * Erlang A (M/M/n+M, FCFS, each waiting caller hangs up after an Exp(θ) patience). Exact
 * formulas (Garnett, Mandelbaum & Reiman 2002), with x = λ/θ, s = nμ/θ, ρ = λ/(nμ),
 * B = Erlang B(a, n) and A = Σ_{j≥0} x^j / ((s+1)⋯(s+j)) = s·e^x·x^{−s}·γ(s, x):
 * - P(W>0) = A·B / (1 − B + A·B);
 * - P(Ab | W>0) = 1 − 1/ρ + 1/(ρA)  (from θ·E[queue] = λ − served rate of waiting callers);
 * - served callers' waits have density π_n·nμ·exp(−(nμ+θ)v + x(1 − e^{−θv})) for v > 0, whose
 *   tail ∫_T^∞ is again an incomplete gamma: π_n·s·e^{x(1−e^{−θT}) − (nμ+θ)T}·M(s+1, x·e^{−θT}),
 *   so SL(T) = 1 − P(Ab) − that tail, exactly;
 * - ASA sums E[W | answered, j waiting ahead] = Σ_{i=1}^{j+1} 1/(nμ + iθ) over the queue
 *   length an arrival sees (PASTA), weighted by P(answered | j) = nμ / (nμ + (j+1)θ).
 * λ ≥ nμ is allowed. Computed in log space; tested to n = 1,000.
 * @example erlangA({ arrivalRate: 10 / 180, serviceRate: 1 / 180, patienceRate: 1 / 120, agents: 10 }).probAbandon; // ≈ 0.1375
 */
export function erlangA(input: ErlangAInput): ErlangAResult {
  const { arrivalRate: lambda, serviceRate: mu, patienceRate: theta, agents: n } = input;
  positive(lambda, 'arrivalRate');
  positive(mu, 'serviceRate');
  if (!(Number.isFinite(theta) && theta > 0)) throw new RuleViolationError(`patienceRate must be a finite number > 0 (got ${theta}); with no abandonment use Erlang C`, 'patienceRate');
  agentCount(n);
  const a = lambda / mu;
  const capacity = n * mu;
  const x = lambda / theta;
  const s = capacity / theta;
  const rho = lambda / capacity;
  const b = erlangB(a, n);
  const logA = Math.log(s) + logM(s, x);
  // P(W>0) = 1 / (1 + (1−B)/(B·A)), kept in logs: A can be e^{thousands} and B can underflow to 0.
  const probWait = 1 / (1 + Math.exp(Math.log1p(-b) - Math.log(b) - logA));
  const logPiN = Math.log(probWait) - logA; // π_n, the probability all n agents are busy and none wait
  const abandonGivenWait = Math.max(0, 1 - 1 / rho + Math.exp(-Math.log(rho) - logA));
  const probAbandon = probWait * abandonGivenWait;
  const probAnswered = 1 - probAbandon;
  const answeredAfterWait = Math.max(0, probWait - probAbandon);

  const serviceLevel = (t: number): number => {
    const T = threshold(t);
    if (T === 0) return 1 - probWait;
    const shrink = Math.exp(-theta * T);
    const logTail = logPiN + Math.log(s) + x * -Math.expm1(-theta * T) - (capacity + theta) * T + logM(s + 1, x * shrink);
    // The tail is part of answeredAfterWait; the clamp only absorbs rounding.
    return 1 - probAbandon - Math.min(answeredAfterWait, Math.exp(logTail));
  };

  return {
    offeredLoad: a,
    occupancy: (lambda * probAnswered) / capacity,
    probWait,
    probAbandon,
    asa: answeredAfterWait === 0 ? 0 : (meanWaitOfWaitingAnswered(x, s, capacity, theta) * answeredAfterWait) / probAnswered,
    meanWait: probAbandon / theta,
    serviceLevel,
  };
}

/**
 * E[W | answered, W > 0] for Erlang A: Σ_j w_j·c_j·H_j / Σ_j w_j·c_j with w_j = x^j/((s+1)⋯(s+j))
 * (the queue-length weights relative to π_n), c_j = s/(s+j+1) = P(answered | j ahead) and
 * H_j = Σ_{i=1}^{j+1} 1/(nμ+iθ) (the mean sojourns at each place in line, which competing
 * exponentials make independent of whether the caller is eventually answered). Only the
 * ratio matters, so the weights are rescaled whenever they grow large.
 */
function meanWaitOfWaitingAnswered(x: number, s: number, capacity: number, theta: number): number {
  let w = 1;
  let h = 1 / (capacity + theta);
  let num = 0;
  let den = 0;
  const peak = Math.max(0, x - s); // the weights rise until j ≈ x − s, then fall
  for (let j = 0; j < MAX_TERMS; j++) {
    const c = s / (s + j + 1);
    num += w * c * h;
    den += w * c;
    if (j > peak && w * c < den * 1e-17) return num / den;
    w *= x / (s + j + 1);
    h += 1 / (capacity + (j + 2) * theta);
    if (w > 1e250) {
      w *= 1e-250;
      num *= 1e-250;
      den *= 1e-250;
    }
  }
  throw new RuleViolationError(`Erlang A: the queue is too long to sum (patience rate ${theta}/s is too small for this overload); use a larger patience rate`, 'patienceRate');
}

const MAX_TERMS = 50_000_000;

/**
 * The regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), for a > 0, x ≥ 0.
 * @example regularizedGammaP(1, 2); // 1 − e^{−2} ≈ 0.8647
 */
export function regularizedGammaP(a: number, x: number): number {
  gammaArgs(a, x);
  if (x === 0) return 0;
  if (x < a + 1) return Math.exp(logSeries(a, x) - logG(a, x));
  return -Math.expm1(logContinuedFraction(a, x) - logG(a, x));
}

/**
 * The regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x), computed
 * directly in its own region so small tails keep their relative precision.
 * @example regularizedGammaQ(1, 2); // e^{−2} ≈ 0.1353
 */
export function regularizedGammaQ(a: number, x: number): number {
  gammaArgs(a, x);
  if (x === 0) return 1;
  if (x < a + 1) return -Math.expm1(logSeries(a, x) - logG(a, x));
  return Math.exp(logContinuedFraction(a, x) - logG(a, x));
}

/**
 * ln Γ(x) for x > 0: Lanczos (g = 7, 9 terms; ~1e−15 relative), shifted up for x < 0.5.
 * @example logGamma(5); // ln 24
 */
export function logGamma(x: number): number {
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const z = x - 1;
  let sum = LANCZOS[0] ?? 0;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (z + i);
  const t = z + 7.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * ln(Γ(a)·e^x·x^{−a}), the factor between P(a, x) and its series. Written as Stirling's
 * form plus a correction so that, when a and x are both ~10^5 (small θ), the huge terms
 * ln Γ(a), x and a·ln x cancel analytically instead of in floating point.
 */
function logG(a: number, x: number): number {
  // ln Γ(a) = ln Γ(a+1) − ln a = ½ln(2π) + (a − ½)ln a − a + corr(a)
  const r = x / a;
  return HALF_LOG_2PI - 0.5 * Math.log(a) + stirlingCorrection(a) + a * (r - 1 - Math.log1p(r - 1));
}

/** corr(a) = ln Γ(a+1) − (a+½)ln a + a − ½ln(2π): the Stirling series for large a. */
function stirlingCorrection(a: number): number {
  if (a < 10) return logGamma(a + 1) - (a + 0.5) * Math.log(a) + a - HALF_LOG_2PI;
  const inv = 1 / a;
  const inv2 = inv * inv;
  return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
}

/**
 * ln M(a, x) with M(a, x) = Σ_{j≥0} x^j / (a(a+1)⋯(a+j)) = Γ(a)·e^x·x^{−a}·P(a, x): the series
 * itself below x = a + 1, the continued fraction for Q above (where P ≥ ~½, so 1 − Q is safe).
 */
function logM(a: number, x: number): number {
  if (x === 0) return -Math.log(a);
  if (x < a + 1) return logSeries(a, x);
  return logG(a, x) + Math.log1p(-Math.exp(logContinuedFraction(a, x) - logG(a, x)));
}

/** ln Σ_{j≥0} x^j / (a(a+1)⋯(a+j)); the term ratio x/(a+j+1) < 1 here, so it converges. */
function logSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let j = 1; j < MAX_TERMS; j++) {
    term *= x / (a + j);
    sum += term;
    if (term < sum * 1e-17) return Math.log(sum);
  }
  throw new RuleViolationError(`incomplete gamma series did not converge for a = ${a}, x = ${x}`);
}

/**
 * ln h for x ≥ a + 1, where Q(a, x) = e^{−x}·x^a/Γ(a) · h and h is the continued fraction
 * 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))), evaluated by modified Lentz.
 */
function logContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let bn = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / bn;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    bn += 2;
    d = an * d + bn;
    if (Math.abs(d) < tiny) d = tiny;
    c = bn + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) return Math.log(h);
  }
  throw new RuleViolationError(`incomplete gamma continued fraction did not converge for a = ${a}, x = ${x}`);
}

function positive(value: number, field: string): void {
  if (!(Number.isFinite(value) && value > 0)) throw new RuleViolationError(`${field} must be a finite number > 0 (got ${value})`, field);
}

function agentCount(n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new RuleViolationError(`agents must be an integer ≥ 1 (got ${n})`, 'agents');
}

function threshold(t: number): number {
  if (!(Number.isFinite(t) && t >= 0)) throw new RuleViolationError(`the service-level threshold must be a finite number of seconds ≥ 0 (got ${t})`, 'thresholdSeconds');
  return t;
}

function gammaArgs(a: number, x: number): void {
  if (!(Number.isFinite(a) && a > 0)) throw new RuleViolationError(`the incomplete gamma needs a finite a > 0 (got ${a})`, 'a');
  if (!(Number.isFinite(x) && x >= 0)) throw new RuleViolationError(`the incomplete gamma needs a finite x ≥ 0 (got ${x})`, 'x');
}
