import type { Core } from '../core.ts';
import { ApiKeys } from './api-keys.ts';
import { LoginLimiter, type LoginLimits } from './login-limiter.ts';
import { Sessions } from './sessions.ts';

/**
 * How people and programs prove who they are, beyond a family's own scheme: per-user API keys,
 * login sessions, and the login rate limit. Security time is the wall clock (`NOTES.md` §10).
 * @example const owner = platform.access.keys.lookup(apiKey);
 */
export class Access {
  readonly keys: ApiKeys;
  readonly sessions: Sessions;
  readonly limiter: LoginLimiter;

  constructor(core: Core, limits: Partial<LoginLimits> = {}, wallNow: () => number = Date.now) {
    this.keys = new ApiKeys(core, wallNow);
    this.sessions = new Sessions(core.store, wallNow);
    this.limiter = new LoginLimiter(limits, wallNow);
  }

  async load(): Promise<void> {
    await Promise.all([this.keys.load(), this.sessions.load()]);
  }
}
