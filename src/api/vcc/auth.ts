import type { FastifyRequest } from 'fastify';
import type { Directory } from '../../app/directory.ts';
import { digestsEqual, sha256Hex } from '../../app/security.ts';
import type { TenantRecord } from '../../ports/storage.ts';
import { HttpRefusal } from '../http/failures.ts';

/** Compared against when the username is unknown, so a miss costs the same as a wrong token. */
const DUMMY_HASH = sha256Hex('switchboard-no-such-tenant');

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant whose Basic credentials the request carried (VCC routes). */
    vccTenant: TenantRecord | null;
  }
}

function parseBasic(header: string | undefined): { username: string; password: string } | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const CACHE_LIMIT = 10_000;

/**
 * VCC REST auth (`NOTES.md` §1): HTTP Basic with the tenant's API username and its Action
 * Request Token, compared as SHA-256 digests in constant time. A valid credential for
 * another tenant than the path names is a 403, never that tenant's data. `check` adds a
 * per-resource condition (e.g. the Agent Status API switch) in the same hook.
 */
export function vccBasicAuth(directory: Directory, check: (tenant: TenantRecord) => void = () => {}) {
  // Header → its parsed username and digest, so the hot path skips base64 and SHA-256. The
  // digest is still compared with the tenant's current hash, so a rotated token fails at once.
  const seen = new Map<string, { username: string; digest: string }>();
  function credentialsOf(header: string | undefined): { username: string; digest: string } | null {
    if (header === undefined) return null;
    const cached = seen.get(header);
    if (cached) return cached;
    const parsed = parseBasic(header);
    if (!parsed) return null;
    const entry = { username: parsed.username, digest: sha256Hex(parsed.password) };
    if (seen.size >= CACHE_LIMIT) seen.clear();
    seen.set(header, entry);
    return entry;
  }
  return (request: FastifyRequest, _reply: unknown, done: (error?: Error) => void): void => {
    const credentials = credentialsOf(request.headers.authorization);
    if (!credentials) return done(new HttpRefusal(401, 'Unauthorized: HTTP Basic credentials are required'));
    const tenant = directory.tenantByApiUsername(credentials.username);
    const ok = digestsEqual(credentials.digest, tenant?.actionTokenHash ?? DUMMY_HASH);
    if (!tenant || !ok) return done(new HttpRefusal(401, 'Unauthorized: unknown username or wrong Action Request Token'));
    const pathTenant = (request.params as { tenantId?: string }).tenantId;
    if (pathTenant !== undefined && pathTenant !== tenant.name) {
      return done(new HttpRefusal(403, `Forbidden: these credentials do not grant access to tenant '${pathTenant}'`));
    }
    request.vccTenant = tenant;
    try {
      check(tenant);
    } catch (error) {
      return done(error as Error);
    }
    done();
  };
}
