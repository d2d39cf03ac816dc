import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../../src/domain/errors.ts';
import { erlangA, erlangB, erlangC, logGamma, regularizedGammaP, regularizedGammaQ } from '../../../src/domain/sim/erlang.ts';

/*
 * Every expected value here is computed independently of src/domain/sim/erlang.ts: from the
 * steady state of the birth–death chain (detailed balance, truncated where the mass is
 * negligible), from the tagged caller's absorption chain integrated as an ODE, from a
 * first-step recursion, or by a seeded Monte Carlo simulation of the queue.
 */

interface Model {
  lambda: number;
  mu: number;
  /** 0 for Erlang C. */
  theta: number;
  n: number;
}

/** Steady state of the chain with birth λ and death min(k,n)μ + max(k−n,0)θ, by detailed balance in logs. */
function chain({ lambda, mu, theta, n }: Model): { pi: number[]; probWait: number; meanQueue: number; meanBusy: number } {
  const logW = [0];
  let last = 0;
  let max = 0;
  for (let k = 1; ; k++) {
    last += Math.log(lambda / (Math.min(k, n) * mu + Math.max(k - n, 0) * theta));
    logW.push(last);
    max = Math.max(max, last);
    if (k > n && last < max - 50 && lambda < n * mu + (k - n) * theta) break;
  }
  const w = logW.map((l) => Math.exp(l - max));
  const total = w.reduce((s, v) => s + v, 0);
  const pi = w.map((v) => v / total);
  let probWait = 0;
  let meanQueue = 0;
  let meanBusy = 0;
  pi.forEach((p, k) => {
    if (k >= n) probWait += p;
    meanQueue += Math.max(k - n, 0) * p;
    meanBusy += Math.min(k, n) * p;
  });
  return { pi, probWait, meanQueue, meanBusy };
}

/**
 * P(answered within T) for all arrivals (PASTA: an arrival sees π): an arrival finding j waiting
 * ahead moves up at rate nμ + iθ (i ahead) and hangs up at θ. u_i(t) = P(answered by t | i ahead)
 * solves u_i' = r_i(u_{i−1} − u_i) − θu_i with u_{−1} = 1, integrated by RK4.
 */
function serviceLevelByOde(m: Model, T: number): number {
  const { pi } = chain(m);
  const { mu, theta, n } = m;
  const J = pi.length - n; // queue lengths 0..J−1
  if (J <= 0) return 1;
  const rates = Array.from({ length: J }, (_, i) => n * mu + i * theta);
  const steps = Math.max(200, Math.ceil((T * ((rates[J - 1] ?? 0) + theta)) / 0.1));
  const h = T / steps;
  const deriv = (u: Float64Array): Float64Array => {
    const d = new Float64Array(J);
    for (let i = 0; i < J; i++) d[i] = (rates[i] ?? 0) * ((i === 0 ? 1 : (u[i - 1] ?? 0)) - (u[i] ?? 0)) - theta * (u[i] ?? 0);
    return d;
  };
  const axpy = (u: Float64Array, k: Float64Array, c: number): Float64Array => u.map((v, i) => v + c * (k[i] ?? 0));
  let u = new Float64Array(J);
  for (let s = 0; s < steps; s++) {
    const k1 = deriv(u);
    const k2 = deriv(axpy(u, k1, h / 2));
    const k3 = deriv(axpy(u, k2, h / 2));
    const k4 = deriv(axpy(u, k3, h));
    u = u.map((v, i) => v + (h / 6) * ((k1[i] ?? 0) + 2 * (k2[i] ?? 0) + 2 * (k3[i] ?? 0) + (k4[i] ?? 0)));
  }
  let sl = pi.slice(0, n).reduce((s, v) => s + v, 0);
  for (let j = 0; j < J; j++) sl += (pi[n + j] ?? 0) * (u[j] ?? 0);
  return sl;
}

/**
 * E[W | answered] by first-step analysis: with i ahead the caller leaves place i after
 * Exp(r_i + θ); p_i = P(answered | i) = r_i/(r_i+θ)·p_{i−1}, and
 * e_i = E[W·1{answered} | i] = p_i/(r_i+θ) + r_i/(r_i+θ)·e_{i−1} (p_{−1} = 1, e_{−1} = 0).
 */
function asaByFirstStep(m: Model): number {
  const { pi } = chain(m);
  const { mu, theta, n } = m;
  let p = 1;
  let e = 0;
  let answered = pi.slice(0, n).reduce((s, v) => s + v, 0);
  let waitAnswered = 0;
  for (let j = 0; n + j < pi.length; j++) {
    const r = n * mu + j * theta;
    p = (r / (r + theta)) * p;
    e = p / (r + theta) + (r / (r + theta)) * e;
    answered += (pi[n + j] ?? 0) * p;
    waitAnswered += (pi[n + j] ?? 0) * e;
  }
  return waitAnswered / answered;
}

const rel = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);

describe('incomplete gamma and log-gamma', () => {
  it('logGamma matches factorials and Γ(½) = √π', () => {
    let logFact = 0;
    for (let k = 1; k <= 170; k++) {
      expect(rel(logGamma(k + 1), (logFact += Math.log(k)))).toBeLessThan(1e-13);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(1e-3)).toBeCloseTo(6.907178885383853, 10); // ln Γ(0.001), Γ(ε) ≈ 1/ε − γ
  });

  it('P(k, x) for integer k equals the Poisson tail P(N ≥ k), N ~ Poisson(x)', () => {
    for (const k of [1, 2, 5, 30, 200]) {
      for (const x of [0.1, 1, k * 0.7, k - 0.5, k, k + 3, k * 1.4, 250]) {
        // P(N ≤ k−1) summed in logs
        const logTerms = Array.from({ length: k }, (_, i) => -x + i * Math.log(x) - logGamma(i + 1));
        const top = Math.max(...logTerms);
        const cdf = Math.exp(top) * logTerms.reduce((s, l) => s + Math.exp(l - top), 0);
        expect(Math.abs(regularizedGammaQ(k, x) - cdf)).toBeLessThan(1e-13);
        expect(Math.abs(regularizedGammaP(k, x) - (1 - cdf))).toBeLessThan(1e-13);
      }
    }
    expect(regularizedGammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 15);
    expect(rel(regularizedGammaQ(1, 50), Math.exp(-50))).toBeLessThan(1e-12);
    expect(regularizedGammaP(3, 0)).toBe(0);
  });

  it('P + Q = 1 and P(a, a) → ½ + 1/(3√(2πa)) for large a', () => {
    for (const a of [0.3, 2.5, 17.25, 1e3 + 0.5]) {
      for (const x of [0.01, a / 2, a, a + 1, 2 * a + 5]) expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 14);
    }
    for (const a of [1e4, 1e6]) expect(regularizedGammaP(a, a)).toBeCloseTo(0.5 + 1 / (3 * Math.sqrt(2 * Math.PI * a)), 7);
  });

  it('refuses arguments outside its domain', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(RuleViolationError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RuleViolationError);
  });
});

describe('Erlang C (M/M/n)', () => {
  // A 180 s handle time; a = λ/μ Erlangs.
  const mu = 1 / 180;
  const withLoad = (a: number, n: number) => ({ arrivalRate: a * mu, serviceRate: mu, agents: n });

  it('matches the textbook table for a = 10 Erlangs (and the chain agrees)', () => {
    for (const [n, pw] of [[11, 0.6821], [12, 0.4494], [13, 0.2853]] as const) {
      const c = erlangC(withLoad(10, n));
      expect(c.probWait).toBeCloseTo(pw, 4);
      expect(chain({ lambda: 10 * mu, mu, theta: 0, n }).probWait).toBeCloseTo(pw, 4);
      expect(c.offeredLoad).toBeCloseTo(10, 12);
      expect(c.occupancy).toBeCloseTo(10 / n, 12);
    }
    expect(erlangB(10, 12)).toBeCloseTo(0.1197, 4);
  });

  it('P(W>0), ASA and SL(T) agree with the truncated birth–death chain, n from 1 to 2,000', () => {
    for (const [a, n, T] of [[0.5, 1, 60], [3.2, 4, 30], [10, 12, 20], [95, 100, 20], [1950, 2000, 5]] as const) {
      const m = { lambda: a * mu, mu, theta: 0, n };
      const c = erlangC(withLoad(a, n));
      const ref = chain(m);
      expect(rel(c.probWait, ref.probWait)).toBeLessThan(1e-9);
      expect(rel(c.asa, ref.meanQueue / m.lambda)).toBeLessThan(1e-9); // Little: E[W] = E[Q]/λ
      expect(Math.abs(c.serviceLevel(T) - serviceLevelByOde(m, T))).toBeLessThan(1e-7);
      expect(c.serviceLevel(0)).toBeCloseTo(1 - c.probWait, 15);
    }
  });

  it('more agents: higher SL, lower ASA and P(W>0)', () => {
    let prev = erlangC(withLoad(20, 21));
    for (let n = 22; n <= 40; n++) {
      const c = erlangC(withLoad(20, n));
      expect(c.serviceLevel(20)).toBeGreaterThan(prev.serviceLevel(20));
      expect(c.asa).toBeLessThan(prev.asa);
      expect(c.probWait).toBeLessThan(prev.probWait);
      prev = c;
    }
  });

  it('refuses an unstable load and invalid inputs', () => {
    expect(() => erlangC(withLoad(12, 12))).toThrow(/unstable/);
    expect(() => erlangC(withLoad(13, 12))).toThrow(RuleViolationError);
    expect(() => erlangC(withLoad(1, 2.5))).toThrow(RuleViolationError);
    expect(() => erlangC(withLoad(1, 0))).toThrow(RuleViolationError);
    expect(() => erlangC({ arrivalRate: -1, serviceRate: mu, agents: 3 })).toThrow(RuleViolationError);
    expect(() => erlangC({ arrivalRate: 1, serviceRate: Number.NaN, agents: 3 })).toThrow(RuleViolationError);
    expect(() => erlangC(withLoad(1, 2)).serviceLevel(-1)).toThrow(RuleViolationError);
  });
});

describe('Erlang A (M/M/n+M)', () => {
  const cases: readonly Model[] = [
    { lambda: 0.3, mu: 0.5, theta: 1, n: 1 },
    { lambda: 10 / 180, mu: 1 / 180, theta: 1 / 120, n: 10 }, // a = n: critically loaded
    { lambda: 10 / 180, mu: 1 / 180, theta: 1 / 600, n: 12 },
    { lambda: 14 / 180, mu: 1 / 180, theta: 1 / 90, n: 10 }, // overloaded, λ > nμ
    { lambda: 4, mu: 0.1, theta: 0.4, n: 30 }, // θ > μ, overloaded
    { lambda: 100 / 300, mu: 1 / 300, theta: 1 / 200, n: 95 },
    { lambda: 1050 / 180, mu: 1 / 180, theta: 1 / 60, n: 1000 },
    { lambda: 950 / 180, mu: 1 / 180, theta: 1 / 300, n: 1000 },
  ];
  const run = (m: Model) => erlangA({ arrivalRate: m.lambda, serviceRate: m.mu, patienceRate: m.theta, agents: m.n });

  it('P(W>0), P(Ab), mean wait and occupancy agree with the truncated birth–death chain', () => {
    for (const m of cases) {
      const r = run(m);
      const ref = chain(m);
      expect(rel(r.probWait, ref.probWait)).toBeLessThan(1e-9);
      expect(rel(r.probAbandon, (m.theta * ref.meanQueue) / m.lambda)).toBeLessThan(1e-8);
      expect(rel(r.meanWait, ref.meanQueue / m.lambda)).toBeLessThan(1e-8);
      expect(rel(r.occupancy, ref.meanBusy / m.n)).toBeLessThan(1e-9);
      expect(r.offeredLoad).toBeCloseTo(m.lambda / m.mu, 10);
    }
  });

  it('ASA (answered callers) agrees with a first-step analysis on the chain', () => {
    for (const m of cases) expect(rel(run(m).asa, asaByFirstStep(m))).toBeLessThan(1e-9);
  });

  it('SL(T) agrees with the tagged caller’s absorption ODE', () => {
    for (const m of cases) {
      const r = run(m);
      for (const T of m.n >= 1000 ? [5, 20] : [5, 20, 60]) expect(Math.abs(r.serviceLevel(T) - serviceLevelByOde(m, T))).toBeLessThan(1e-7);
      expect(r.serviceLevel(0)).toBeCloseTo(1 - r.probWait, 15);
      expect(r.serviceLevel(1e6)).toBeCloseTo(1 - r.probAbandon, 12);
    }
  });

  it('approaches Erlang C as θ → 0', () => {
    const c = erlangC({ arrivalRate: 10 / 180, serviceRate: 1 / 180, agents: 12 });
    const a = erlangA({ arrivalRate: 10 / 180, serviceRate: 1 / 180, patienceRate: 1e-9, agents: 12 });
    expect(a.probWait).toBeCloseTo(c.probWait, 6);
    expect(a.probAbandon).toBeLessThan(1e-7);
    expect(rel(a.asa, c.asa)).toBeLessThan(1e-5);
    expect(rel(a.meanWait, c.asa)).toBeLessThan(1e-5);
    for (const T of [0, 10, 60]) expect(a.serviceLevel(T)).toBeCloseTo(c.serviceLevel(T), 6);
  });

  it('with θ = μ it is M/M/∞: P(W>0) = P(Poisson(a) ≥ n)', () => {
    const a = erlangA({ arrivalRate: 2, serviceRate: 0.25, patienceRate: 0.25, agents: 10 });
    let below = 0;
    for (let k = 0; k < 10; k++) below += Math.exp(-8 + k * Math.log(8) - logGamma(k + 1));
    expect(a.probWait).toBeCloseTo(1 - below, 12);
  });

  it('a seeded Monte Carlo of the queue agrees (FCFS, exponential patience)', () => {
    const m = { lambda: 1, mu: 0.25, theta: 0.5, n: 4 };
    const sim = simulate(m, 120_000, 7);
    const r = run(m);
    expect(Math.abs(sim.probWait - r.probWait)).toBeLessThan(0.01);
    expect(Math.abs(sim.probAbandon - r.probAbandon)).toBeLessThan(0.01);
    expect(Math.abs(sim.sl1 - r.serviceLevel(1))).toBeLessThan(0.01);
    expect(Math.abs(sim.sl3 - r.serviceLevel(3))).toBeLessThan(0.01);
    expect(rel(sim.asa, r.asa)).toBeLessThan(0.04);
  });

  it('more agents: higher SL, lower ASA and P(Ab)', () => {
    const at = (n: number) => erlangA({ arrivalRate: 20 / 180, serviceRate: 1 / 180, patienceRate: 1 / 120, agents: n });
    let prev = at(10);
    for (let n = 11; n <= 40; n++) {
      const r = at(n);
      expect(r.serviceLevel(20)).toBeGreaterThan(prev.serviceLevel(20));
      expect(r.asa).toBeLessThan(prev.asa);
      expect(r.probAbandon).toBeLessThan(prev.probAbandon);
      prev = r;
    }
  });

  it('refuses a non-positive patience rate and invalid inputs', () => {
    const base = { arrivalRate: 1, serviceRate: 0.5, patienceRate: 0.1, agents: 3 };
    expect(() => erlangA({ ...base, patienceRate: 0 })).toThrow(/Erlang C/);
    expect(() => erlangA({ ...base, agents: 0 })).toThrow(RuleViolationError);
    expect(() => erlangA({ ...base, arrivalRate: Number.POSITIVE_INFINITY })).toThrow(RuleViolationError);
    expect(() => erlangA(base).serviceLevel(Number.NaN)).toThrow(RuleViolationError);
  });
});

/** mulberry32: a small seeded PRNG so the simulation is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Event-by-event simulation of M/M/n+M: the next event is an arrival (λ), a completion (busy·μ)
 * or an abandonment (queue·θ; memorylessness lets it pick a waiting caller uniformly). Callers
 * arriving in the first and last 5% are not counted (warm-up, unfinished at the end).
 */
function simulate({ lambda, mu, theta, n }: Model, arrivals: number, seed: number) {
  const random = prng(seed);
  const queue: { id: number; at: number }[] = [];
  const wait = new Float64Array(arrivals).fill(Number.NaN); // NaN: abandoned (or unfinished)
  let busy = 0;
  let now = 0;
  let arrived = 0;
  while (arrived < arrivals) {
    const total = lambda + busy * mu + queue.length * theta;
    now += -Math.log(1 - random()) / total;
    const pick = random() * total;
    if (pick < lambda) {
      const id = arrived++;
      if (busy < n) {
        busy++;
        wait[id] = 0;
      } else queue.push({ id, at: now });
    } else if (pick < lambda + busy * mu) {
      const next = queue.shift();
      if (next === undefined) busy--;
      else wait[next.id] = now - next.at;
    } else {
      queue.splice(Math.floor(random() * queue.length), 1);
    }
  }
  const from = Math.floor(arrivals * 0.05);
  const to = Math.floor(arrivals * 0.95);
  let waited = 0;
  let abandoned = 0;
  let within1 = 0;
  let within3 = 0;
  let answeredWait = 0;
  for (let id = from; id < to; id++) {
    const w = wait[id] ?? Number.NaN;
    if (Number.isNaN(w)) {
      abandoned++;
      waited++;
      continue;
    }
    if (w > 0) waited++;
    if (w <= 1) within1++;
    if (w <= 3) within3++;
    answeredWait += w;
  }
  const count = to - from;
  return { probWait: waited / count, probAbandon: abandoned / count, sl1: within1 / count, sl3: within3 / count, asa: answeredWait / (count - abandoned) };
}
