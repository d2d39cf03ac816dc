import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';

/**
 * What the test pages' folder serves: the two pages the document names (Terminology) and their
 * sibling script, style and icon files. A fixed list, not a static-file handler: nothing else in the
 * folder (or above it) can be reached through these routes.
 */
const FILES = {
  'apitest.html': 'text/html; charset=utf-8',
  'wstest.html': 'text/html; charset=utf-8',
  'apitest.js': 'text/javascript; charset=utf-8',
  'wstest.js': 'text/javascript; charset=utf-8',
  'testpages.js': 'text/javascript; charset=utf-8',
  'testpages.css': 'text/css; charset=utf-8',
  // Named by the pages, so the browser does not ask for /favicon.ico (a 404 in the console).
  'favicon.svg': 'image/svg+xml',
} as const;

/** The repo's `web/ccs/` folder, found from this file so the working directory does not matter. */
const WEB_CCS = new URL('../../../web/ccs/', import.meta.url);

/** A Host header we are willing to echo into a CSP source: a name or address with an optional port, nothing else. */
const SAFE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The pages' Content-Security-Policy: their own scripts and styles only (no inline code), and
 * requests only to this server — `'self'` for HTTP, plus the same host's `ws:`/`wss:` for the
 * WebSocket, which older CSP implementations do not count as `'self'`. The host comes from the
 * request; one that could smuggle a directive (spaces, `;`) is left out rather than echoed.
 * @example contentSecurityPolicy('localhost:8080') // "default-src 'none'; ...; connect-src 'self' ws://localhost:8080 wss://localhost:8080; ..."
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host !== undefined && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    // The forms are handled by script; a native submission (script failed) must not send a password anywhere.
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The CCS test pages (`ccs-api-overview.txt`, Terminology): `GET /6/v2/apitest.html` and
 * `GET /6/v2/wstest.html` with their scripts and style, read once at registration (a missing file
 * fails the start, not a request). Public: the pages log in through the API themselves.
 * @example await app.register(ccsPages, { prefix: '/6/v2' })
 */
export async function ccsPages(app: FastifyInstance): Promise<void> {
  for (const [name, contentType] of Object.entries(FILES)) {
    const body = readFileSync(new URL(name, WEB_CCS));
    app.get(`/${name}`, { schema: { hide: true } }, async (request: FastifyRequest, reply) =>
      reply
        .header('content-type', contentType)
        .header('content-security-policy', contentSecurityPolicy(request.headers.host))
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        // Small and changed only by a deploy; revalidating keeps an edited page from being served stale.
        .header('cache-control', 'no-cache')
        .send(body));
  }
}
