import type { FastifyRequest } from 'fastify';

/** The login session cookie of people: PBX `/api/user/login` and the agent workspace `/AGUI/` share it. */
export const SESSION_COOKIE = 'switchboard_session';

/**
 * The session cookie (`NOTES.md` §5): not readable by scripts, sent on top-level navigations
 * (a click-to-dial link from a CRM page) but not on cross-site subrequests, HTTPS-only under HTTPS.
 * An empty value with age 0 clears it.
 * @example reply.header('set-cookie', sessionCookie(request, token, 3600));
 */
export function sessionCookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAgeSeconds}${request.protocol === 'https' ? '; Secure' : ''}`;
}

/**
 * Reads a cookie of a `Cookie` header.
 * @example cookieFrom('a=1; switchboard_session=abc', SESSION_COOKIE); // 'abc'
 */
export function cookieFrom(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined; // malformed percent-encoding: no usable cookie, not a 500
      }
    }
  }
  return undefined;
}

/** Reads a cookie of the request's `Cookie` header. */
export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  return cookieFrom(request.headers.cookie, name);
}
