import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contentSecurityPolicy } from '../ccs/pages.ts';
import { workspaceNotFound } from './errors.ts';

/** Where `npm run build:web` (scripts/build-web.mjs) puts the built pages. */
export const BUILT_PAGES = fileURLToPath(new URL('../../../dist/agui/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

interface BuiltFile {
  readonly body: Buffer;
  readonly type: string;
  /** Vite names assets by their content hash, so they never change under the same name. */
  readonly immutable: boolean;
}

/** Every built file by its URL path below `/AGUI/` (`index.html` also as `''`, folders' index pages as `name/`). */
function loadBuilt(root: string): Map<string, BuiltFile> {
  const files = new Map<string, BuiltFile>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (TYPES[extname(name)] !== undefined && !name.startsWith('.')) {
        const url = relative(root, path).split(sep).join('/');
        const file = { body: readFileSync(path), type: TYPES[extname(name)] as string, immutable: url.startsWith('assets/') };
        files.set(url, file);
        if (name === 'index.html') files.set(url.slice(0, -'index.html'.length), file);
      }
    }
  };
  if (existsSync(root)) walk(root);
  return files;
}

const NOT_BUILT = 'The workspace pages are not built yet: run `npm run build:web` (npm install does it), then restart the server.';

/**
 * The built workspace pages (`web/agui/`, Vite + Preact): `/AGUI/` the agent workspace,
 * `/AGUI/supervisor/` the supervisor page, `/AGUI/assets/…` their scripts and styles. Read once
 * at registration from a fixed folder — a fixed map, so no request can reach another file — and
 * served under the same Content-Security-Policy as the CCS test pages (own scripts only).
 * @example await app.register(workspacePages, { prefix: '/AGUI' });
 */
export async function workspacePages(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const files = loadBuilt(options.root ?? BUILT_PAGES);
  if (!files.has('')) app.log.warn(NOT_BUILT);
  const serve = async (request: FastifyRequest, reply: FastifyReply, path: string): Promise<FastifyReply> => {
    const file = files.get(path);
    if (file === undefined) {
      if (path === '' || path === 'supervisor/') return reply.code(503).header('content-type', 'text/plain; charset=utf-8').send(NOT_BUILT);
      return workspaceNotFound(request, reply);
    }
    return reply
      .header('content-type', file.type)
      .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('content-security-policy', contentSecurityPolicy(request.headers.host))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(file.body);
  };
  app.get('/', { schema: { hide: true } }, (request, reply) => serve(request, reply, ''));
  app.get('/supervisor', { schema: { hide: true } }, (request, reply) => serve(request, reply, 'supervisor/'));
  app.get<{ Params: { '*': string } }>('/*', { schema: { hide: true } }, (request, reply) => serve(request, reply, request.params['*']));
}
