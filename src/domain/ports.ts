/**
 * What the pure core needs from the outside world, injected so that tests and
 * the simulator can fast-forward time and replay randomness.
 */

/** Contact-center time (`NOTES.md` §10): wall clock by default, virtual when told. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A source of uniformly distributed randomness. */
export interface RandomSource {
  /** A float in [0, 1). */
  next(): number;
}

/** A clock that only moves when told to; handy in tests. */
export class ManualClock implements Clock {
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

/**
 * A small seeded PRNG (mulberry32) so that runs with the same seed are identical.
 * @example const random = seededRandom(42); random.next(); // 0.6011...
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
