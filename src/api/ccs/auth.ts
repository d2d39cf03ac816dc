import type { FastifyRequest } from 'fastify';
import { missingPermission, permissionsOf, type CcsPermission, type Requirement } from '../../domain/ccs/permissions.ts';
import type { Platform } from '../../app/platform.ts';
import type { ResolvedToken } from '../../app/ccs/tokens.ts';
import type { TenantRecord } from '../../ports/storage.ts';
import { HttpRefusal } from '../http/failures.ts';

/** Who a CCS request acts as (`NOTES.md` §1). */
export interface CcsCaller {
  readonly token: ResolvedToken;
  readonly level: 'telco' | 'tenant';
  /** A tenant-level user's own tenant; null for telco users. */
  readonly tenant: TenantRecord | null;
  /** A tenant-level user's agent id; null for telco users. */
  readonly agentId: string | null;
  /** The telco of a telco user; for a tenant user, its tenant's telco (may be null). */
  readonly telcoUuid: string | null;
  readonly permissions: ReadonlySet<CcsPermission>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the CCS auth hook. */
    ccs: CcsCaller | null;
  }
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/**
 * CCS auth (`NOTES.md` §1): `Authorization: Bearer <token>` from `POST /6/v2/api/login`. A missing,
 * unknown, expired or revoked token — or one whose user is gone — is 401 with the documented body.
 * Permissions come from the user's roles; routes ask for theirs with `requireCcs`.
 */
export function ccsAuth(platform: Platform) {
  return async (request: FastifyRequest): Promise<void> => {
    request.ccs = await resolveCcsCaller(platform, bearerOf(request));
  };
}

/**
 * The caller a presented bearer token acts as (shared by the REST hook and the WebSocket handshake).
 * @throws HttpRefusal 401 for a missing, unknown, expired or revoked token (or a gone user); 403 for an inactive user.
 * @example const caller = await resolveCcsCaller(platform, token);
 */
export async function resolveCcsCaller(platform: Platform, presented: string | undefined): Promise<CcsCaller> {
  const token = presented === undefined ? undefined : await platform.ccs.tokens.resolve(presented);
  if (!token) throw new HttpRefusal(401, 'Unauthorized');
  return token.level === 'telco' ? telcoCaller(platform, token) : tenantCaller(platform, token);
}

function telcoCaller(platform: Platform, token: Extract<ResolvedToken, { level: 'telco' }>): CcsCaller {
  const user = platform.ccs.catalogue.telco(token.telcoUuid)?.users.find((u) => u.uuid === token.userUuid);
  if (!user) throw new HttpRefusal(401, 'Unauthorized');
  return { token, level: 'telco', tenant: null, agentId: null, telcoUuid: token.telcoUuid, permissions: permissionsOf(user.roles, []) };
}

function tenantCaller(platform: Platform, token: Extract<ResolvedToken, { level: 'tenant' }>): CcsCaller {
  const tenant = platform.directory.tenantById(token.tenantId);
  const extension = tenant && platform.ccs.extensions.of(tenant.id, token.agentId);
  if (!tenant || !extension) throw new HttpRefusal(401, 'Unauthorized');
  if (platform.pbx.profiles.of(tenant.id, token.agentId).active !== 1) throw new HttpRefusal(403, 'Forbidden: the user is not active');
  const permissions = permissionsOf(extension.roles, platform.ccs.tenants.tenantRoles(tenant.id));
  return { token, level: 'tenant', tenant, agentId: token.agentId, telcoUuid: platform.ccs.tenants.of(tenant.id).telcoUuid, permissions };
}

/** The caller of an authenticated CCS request. */
export function ccsCallerOf(request: FastifyRequest): CcsCaller {
  if (!request.ccs) throw new HttpRefusal(401, 'Unauthorized');
  return request.ccs;
}

/**
 * Checks a route's documented permissions (and "(Only for tenant level users)").
 * @throws HttpRefusal 403 naming the missing permission or the user level required.
 * @example const caller = requireCcs(request, { all: ['api', 'agent_control'] });
 */
export function requireCcs(request: FastifyRequest, requirement: Requirement, options: { tenantLevelOnly?: boolean } = {}): CcsCaller {
  const caller = ccsCallerOf(request);
  const missing = missingPermission(caller.permissions, requirement);
  if (missing !== null) throw new HttpRefusal(403, `Forbidden: the '${missing}' permission is required`);
  if (options.tenantLevelOnly === true && caller.level !== 'tenant') throw new HttpRefusal(403, 'Forbidden: only tenant-level users may use this route');
  return caller;
}

/**
 * The tenant a `/tenants/<uuid>/...` path names, if the caller may reach it: a telco user the
 * tenants of its telco, a tenant-level user its own tenant. Unknown: 404; another's: 403.
 */
export function scopedTenant(platform: Platform, caller: CcsCaller, uuid: string): TenantRecord {
  const tenant = platform.ccs.tenants.byUuid(uuid);
  if (!tenant) throw new HttpRefusal(404, `Tenant '${uuid}' not found`);
  const mine = caller.level === 'telco' ? platform.ccs.tenants.of(tenant.id).telcoUuid === caller.telcoUuid : caller.tenant?.id === tenant.id;
  if (!mine) throw new HttpRefusal(403, `Forbidden: tenant '${uuid}' is not ${caller.level === 'telco' ? "one of your telco's tenants" : 'your tenant'}`);
  return tenant;
}

/** The caller's own tenant, for the tenant-level routes (`/extensions`, `/acds`, `/calls`, `/agent_state`). */
export function ownTenant(caller: CcsCaller): TenantRecord {
  if (caller.tenant === null) throw new HttpRefusal(403, 'Forbidden: only tenant-level users may use this route; telco users use /tenants/<tenant_uuid>/...');
  return caller.tenant;
}
