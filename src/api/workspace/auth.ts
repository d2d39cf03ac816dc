import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { Platform } from '../../app/platform.ts';
import { isSupervisor } from '../../app/workspace/agent-view.ts';
import { HttpRefusal } from '../http/failures.ts';
import { cookieFrom, SESSION_COOKIE } from '../http/session-cookie.ts';

/** Who a workspace request or socket acts as: the session's own user. */
export interface WorkspaceCaller {
  readonly tenantId: string;
  readonly agentId: string;
  readonly supervisor: boolean;
}

/**
 * The caller of a request or WebSocket upgrade, from the session cookie (`NOTES.md` §1, §5):
 * null when there is no live session, the user is gone, or the user is inactive.
 * @example const caller = sessionCaller(platform, request.headers);
 */
export function sessionCaller(platform: Platform, headers: IncomingHttpHeaders): WorkspaceCaller | null {
  const token = cookieFrom(headers.cookie, SESSION_COOKIE);
  const owner = token === undefined || token === '' ? undefined : platform.access.sessions.resolve(token);
  if (owner === undefined || platform.directory.agent(owner.tenantId, owner.agentId) === undefined) return null;
  if (platform.pbx.profiles.of(owner.tenantId, owner.agentId).active !== 1) return null;
  return { tenantId: owner.tenantId, agentId: owner.agentId, supervisor: isSupervisor(platform, owner.tenantId, owner.agentId) };
}

/** A request's caller; 401 without a session. */
export function requireCaller(platform: Platform, request: FastifyRequest): WorkspaceCaller {
  const caller = sessionCaller(platform, request.headers);
  if (caller === null) throw new HttpRefusal(401, 'Unauthorized: log in first');
  return caller;
}

/** A supervisor's caller; 403 for everyone else. */
export function requireSupervisor(platform: Platform, request: FastifyRequest): WorkspaceCaller {
  const caller = requireCaller(platform, request);
  if (!caller.supervisor) throw new HttpRefusal(403, 'This page is for supervisors: your user lacks the "Agents" permission');
  return caller;
}

/**
 * Whether a request comes from our own pages: a browser names the page's origin in `Origin` on
 * every POST, PUT and WebSocket; one from another site is refused even with the cookie, on top of
 * `SameSite=Lax` (which older browsers lack). No `Origin` (a script, curl) is fine: it cannot
 * carry a victim's cookie by accident. The origin's host must be the one the request was sent to.
 * @example sameOrigin({ origin: 'https://cc.example', host: 'cc.example' }); // true
 */
export function sameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  const forwarded = headers['x-forwarded-host'];
  const hosts = [headers.host, typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined];
  try {
    const host = new URL(origin).host;
    return hosts.includes(host);
  } catch {
    return false;
  }
}
