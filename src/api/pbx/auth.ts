import type { FastifyRequest } from 'fastify';
import type { Agent } from '../../domain/agent.ts';
import { effectivePermissions, Permission, type Permission as PermissionName } from '../../domain/users/permissions.ts';
import type { UserProfile } from '../../domain/users/user-profile.ts';
import { isIP, type BlockList } from 'node:net';
import { blockList } from '../../app/delivery/address-policy.ts';
import type { Platform } from '../../app/platform.ts';
import type { TenantRecord } from '../../ports/storage.ts';
import { HttpRefusal } from '../http/failures.ts';
import { cookieOf, SESSION_COOKIE } from '../http/session-cookie.ts';

/** Who a PBX request acts as: the key's or the session's user, with that user's permissions. */
export interface PbxCaller {
  readonly tenant: TenantRecord;
  readonly user: Agent;
  readonly profile: UserProfile;
  readonly permissions: ReadonlySet<PermissionName>;
  readonly via: 'key' | 'session';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the PBX auth hook. */
    pbx: PbxCaller | null;
  }
}

const LABELS: Readonly<Record<PermissionName, string>> = {
  call_center_api: 'Call Center API', users: 'Users', phone_lists: 'Phone Lists', queues: 'Queues', agents: 'Agents',
};

function presentedKey(request: FastifyRequest): string | undefined {
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.api_key;
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  const body = request.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const fromBody = (body as Record<string, unknown>).api_key;
    if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  }
  return undefined;
}

const rangeCache = new Map<string, BlockList | null>();
/** Whether the user's `api_ip_ranges` (CIDR; empty: anywhere) admit the address; IPv4-mapped IPv6 counts as IPv4. */
function allowedFrom(profile: UserProfile, address: string): boolean {
  if (profile.api_ip_ranges.length === 0) return true;
  const cacheKey = profile.api_ip_ranges.join(',');
  if (!rangeCache.has(cacheKey)) {
    if (rangeCache.size > 10_000) rangeCache.clear();
    rangeCache.set(cacheKey, rangesOf(profile.api_ip_ranges));
  }
  const list = rangeCache.get(cacheKey);
  const plain = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  const family = isIP(plain);
  return list !== null && list !== undefined && family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

function rangesOf(ranges: readonly string[]): BlockList | null {
  try {
    return blockList(ranges);
  } catch {
    return null; // stored ranges are validated on write; a bad one refuses rather than opens
  }
}

/**
 * PBX auth (`NOTES.md` §1): `api_key` in the query string or a POST body, else the login session's
 * cookie. Wrong or missing credentials: 401 `{"success":false,"msg":"Unauthorized"}`. The user must
 * be active, call from its allowed ranges and hold "Call Center API"; routes ask for their module's
 * permission with `requirePermission`. The tenant is always the user's: no route reaches another.
 */
export function pbxAuth(platform: Platform) {
  return async (request: FastifyRequest): Promise<void> => {
    const key = presentedKey(request);
    const session = key === undefined ? cookieOf(request, SESSION_COOKIE) : undefined;
    const owner = key !== undefined ? platform.access.keys.lookup(key) : session !== undefined ? platform.access.sessions.resolve(session) : undefined;
    const tenant = owner && platform.directory.tenantById(owner.tenantId);
    const user = owner && platform.directory.agent(owner.tenantId, owner.agentId);
    if (!owner || !tenant || !user) throw new HttpRefusal(401, 'Unauthorized');
    const profile = platform.pbx.profiles.of(tenant.id, user.agentId);
    if (profile.active !== 1) throw new HttpRefusal(403, 'Forbidden: the user is not active');
    if (!allowedFrom(profile, request.ip)) throw new HttpRefusal(403, `Forbidden: requests for this user are not allowed from ${request.ip}`);
    const permissions = effectivePermissions(profile.pgroup_id, profile.permissions);
    request.pbx = { tenant, user, profile, permissions, via: key !== undefined ? 'key' : 'session' };
    requirePermission(request, Permission.CallCenterApi);
  };
}

/** The caller of an authenticated PBX request. */
export function callerOf(request: FastifyRequest): PbxCaller {
  if (!request.pbx) throw new HttpRefusal(401, 'Unauthorized');
  return request.pbx;
}

/** @throws HttpRefusal 403 naming the missing permission. */
export function requirePermission(request: FastifyRequest, permission: PermissionName): PbxCaller {
  const caller = callerOf(request);
  if (!caller.permissions.has(permission)) throw new HttpRefusal(403, `Forbidden: the '${LABELS[permission]}' permission is required`);
  return caller;
}
