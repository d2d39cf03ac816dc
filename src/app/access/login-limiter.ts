/** Options of the login limiter; merged once over the defaults. */
export interface LoginLimits {
  /** Failed attempts allowed per username and per address within the window. */
  readonly maxFailures: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { maxFailures: 10, windowMs: 15 * 60_000 };

/**
 * Rate limit of login routes (`NOTES.md` §1: per user and per address). Failures are counted in a
 * fixed window per key; a success clears the username's count. Kept in memory: a restart forgives,
 * which costs an attacker a restart per ten guesses.
 * @example if (limiter.blocked(['u:ann', 'a:10.0.0.1'])) reply 429
 */
export class LoginLimiter {
  private readonly limits: LoginLimits;
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    limits: Partial<LoginLimits> = {},
    private readonly wallNow: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  }

  /** Seconds until the first of `keys` may try again, or 0 when none is blocked. */
  retryAfter(keys: readonly string[]): number {
    const now = this.wallNow();
    let wait = 0;
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry || now - entry.since >= this.limits.windowMs) continue;
      if (entry.count >= this.limits.maxFailures) wait = Math.max(wait, Math.ceil((entry.since + this.limits.windowMs - now) / 1000));
    }
    return wait;
  }

  failed(keys: readonly string[]): void {
    const now = this.wallNow();
    if (this.failures.size > 100_000) this.failures.clear(); // bounded memory under a spray of usernames
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry || now - entry.since >= this.limits.windowMs) this.failures.set(key, { count: 1, since: now });
      else entry.count++;
    }
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}
