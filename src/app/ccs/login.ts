import { verifyPassword } from '../security.ts';
import type { Platform } from '../platform.ts';
import type { CcsSubject } from './tokens.ts';

/** How a CCS login ended: a bearer token, or the status and reason of the refusal. */
export type CcsLoginOutcome =
  | { readonly ok: true; readonly token: string; readonly expiresAt: number; readonly ttlSeconds: number; readonly subject: CcsSubject }
  | { readonly ok: false; readonly status: 401 | 403 | 429; readonly reason: string; readonly retryAfter?: number };

/** Verified against when the username is unknown, so both answers take as long. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * `POST /6/v2/api/login` (`NOTES.md` §1): a telco-level user, or a tenant's user (one password
 * for every family), exchanges username and password for an expiring bearer token. Rate limited
 * per username and per address with the platform's one login limiter (shared with the PBX login).
 * @example const outcome = await ccsLogIn(platform, 'telco@broadview', secret, '10.0.0.1', 3600);
 */
export async function ccsLogIn(platform: Platform, username: string, password: string, address: string, ttlSeconds: number): Promise<CcsLoginOutcome> {
  const { limiter } = platform.access;
  const keys = [`user:${username}`, `addr:${address}`];
  const wait = limiter.retryAfter(keys);
  if (wait > 0) return { ok: false, status: 429, reason: `Too many failed logins; try again in ${wait} s`, retryAfter: wait };
  const subject = await authenticate(platform, username, password);
  if (!subject) {
    limiter.failed(keys);
    return { ok: false, status: 401, reason: 'Unauthorized' };
  }
  limiter.succeeded(keys[0] as string);
  if (subject.level === 'tenant' && platform.pbx.profiles.of(subject.tenantId, subject.agentId).active !== 1) {
    return { ok: false, status: 403, reason: 'the user is not active' };
  }
  const { token, expiresAt } = await platform.ccs.tokens.issue(subject, ttlSeconds);
  return { ok: true, token, expiresAt, ttlSeconds, subject };
}

async function authenticate(platform: Platform, username: string, password: string): Promise<CcsSubject | undefined> {
  const telco = platform.ccs.catalogue.telcoUser(username);
  if (telco) {
    const valid = await verifyPassword(password, telco.user.passwordHash);
    return valid ? { level: 'telco', telcoUuid: telco.telco.uuid, userUuid: telco.user.uuid } : undefined;
  }
  const found = await platform.store.getAgentByUsername(username);
  const valid = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
  const agent = found && valid ? platform.directory.agent(found.tenantId, found.agentId) : undefined;
  return agent ? { level: 'tenant', tenantId: agent.tenantId, agentId: agent.agentId } : undefined;
}
