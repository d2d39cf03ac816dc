import type { RandomSource } from '../../domain/ports.ts';

/** The retry schedule of a failing destination: exponential with full jitter, capped; never given up. */
export interface BackoffOptions {
  /** Delay bound after the first failure (ms). */
  readonly baseMs: number;
  readonly factor: number;
  /** Largest delay bound (ms): a receiver down for hours is tried at least this often. */
  readonly capMs: number;
}

export const BACKOFF: BackoffOptions = { baseMs: 1000, factor: 2, capMs: 5 * 60_000 };

/**
 * The wait before the next attempt after `attempts` failures: uniform in [0, min(cap, base·factor^(attempts−1))]
 * ("full jitter", so many failing senders do not retry in step).
 * @example retryDelay(3, BACKOFF, cryptoRandom) // 0–4000 ms
 */
export function retryDelay(attempts: number, options: BackoffOptions, random: RandomSource): number {
  const bound = Math.min(options.capMs, options.baseMs * options.factor ** Math.max(0, attempts - 1));
  return Math.round(bound * random.next());
}
