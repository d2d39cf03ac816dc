import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import type { Platform } from '../../app/platform.ts';
import { adminErrorHandler } from '../admin/errors.ts';
import { adminRoutes } from '../admin/routes.ts';
import { agentStatusErrorHandler, callsBody, callsErrorHandler, isCallsPath } from '../vcc/errors.ts';
import { AdminError } from '../admin/schemas.ts';
import { WorkspaceError } from '../workspace/schemas.ts';
import { vccApi, vccSchemas } from '../vcc/index.ts';
import { pbxApi, pbxSchemas } from '../pbx/index.ts';
import { isPbxPath, pbxErrorBody, pbxErrorHandler } from '../pbx/errors.ts';
import { ccsApi, ccsSchemas } from '../ccs/index.ts';
import { ccsErrorBody, ccsErrorHandler, isCcsPath } from '../ccs/errors.ts';
import { ccsPages } from '../ccs/pages.ts';
import { ccsSock } from '../ccs/sock/index.ts';
import type { CcsSockOptions } from '../../app/ccs/ws/options.ts';
import { logRequest, loggingOptions } from './logging.ts';
import { registerOpenApi } from './openapi.ts';
import { Upgrades } from './upgrades.ts';
import { workspaceApi } from '../workspace/index.ts';
import { workspaceSocket } from '../workspace/socket.ts';
import { isWorkspacePath, workspaceErrorHandler, workspaceNotFound } from '../workspace/errors.ts';
import { validatorCompiler } from './validation.ts';

export interface HttpOptions {
  logLevel: string;
  bodyLimit: number;
  trustedProxies: readonly string[];
  tls: { cert: string; key: string } | null;
  adminTokenHash: string;
  version: string;
  /** Where JSON log lines go (stdout when absent); tests capture them. */
  logStream?: { write(line: string): void };
  /** The CCS WebSocket endpoint's limits and timers (tests shrink them); defaults in `app/ccs/ws/options.ts`. */
  ccsSock?: Partial<CcsSockOptions>;
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? '';
  if (isPbxPath(path)) return reply.code(404).send(pbxErrorBody({ statusCode: 404, reason: `No such resource: ${request.method} ${path}` }));
  if (isCcsPath(path)) {
    const version = /^\/6\/(v\d+)(\/|$)/.exec(path)?.[1];
    const reason = version !== undefined && version !== 'v2' ? `API version ${version} is not supported; use /6/v2/api/` : `No such resource: ${request.method} ${path}`;
    return reply.code(404).send(ccsErrorBody({ statusCode: 404, reason }));
  }
  if (isWorkspacePath(path)) return workspaceNotFound(request, reply);
  const version = /^\/api\/(v\d+)(\/|$)/.exec(path)?.[1];
  if (version !== undefined) {
    const reason = version === 'v1' ? `No such resource: ${request.method} ${path}` : `API version ${version} is not supported; use v1`;
    if (isCallsPath(path)) return reply.code(404).send(callsBody({ statusCode: 404, reason }));
    return reply.code(404).send({ reason, 'change-status': 404, message: 'Not found' });
  }
  return reply.code(404).send({ error: 404, message: `No such resource: ${request.method} ${path}` });
}

function familyErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isCallsPath(request.url)) return callsErrorHandler(error, request, reply);
  if (isPbxPath(request.url)) return pbxErrorHandler(error, request, reply);
  if (isCcsPath(request.url)) return ccsErrorHandler(error, request, reply);
  if (isWorkspacePath(request.url)) return workspaceErrorHandler(error, request, reply);
  return request.url.startsWith('/api/') ? agentStatusErrorHandler(error, request, reply) : adminErrorHandler(error, request, reply);
}

/**
 * The HTTP server: every family's adapter on one Fastify instance over one platform.
 * @example const app = await buildHttpServer(platform, options); await app.listen({ port: 8080 });
 */
export async function buildHttpServer(platform: Platform, options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...loggingOptions(options.logLevel, options.logStream),
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustedProxies.length > 0 ? [...options.trustedProxies] : false,
    // Ids are never rejected for their form (NOTES.md §2): a long one is simply not found. Node's
    // 16 KiB header limit bounds the URL, so this limit is never the one that answers.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    // Router errors (malformed percent-encoding) get the family's error shape too, not Fastify's.
    frameworkErrors: familyErrorHandler,
    forceCloseConnections: 'idle',
    ...(options.tls && { https: { cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) } }),
  }) as unknown as FastifyInstance;
  app.addHook('onResponse', logRequest);
  app.setValidatorCompiler(validatorCompiler);
  // Bodies are JSON; without this, text/plain would be parsed as a string and answered 400 instead of 415.
  app.removeContentTypeParser('text/plain');
  for (const schema of [...vccSchemas, ...pbxSchemas, ...ccsSchemas, AdminError, WorkspaceError]) app.addSchema(schema);
  await registerOpenApi(app, options.version);
  app.setNotFoundHandler(notFound);
  // Errors before a route matched (e.g. a malformed body sent to an unknown path) still get the family's shape.
  app.setErrorHandler(familyErrorHandler);
  app.get('/healthz', { schema: { hide: true } }, async () => {
    await platform.store.getSetting('health');
    return { status: 'ok' };
  });
  await app.register(vccApi, { prefix: '/api/v1', platform });
  await app.register(pbxApi, { prefix: '/api', platform });
  await app.register(ccsApi, { prefix: '/6/v2/api', platform });
  await app.register(ccsPages, { prefix: '/6/v2' });
  const upgrades = new Upgrades();
  ccsSock(app, upgrades, platform, options.ccsSock);
  await app.register(workspaceApi, { prefix: '/AGUI', platform });
  workspaceSocket(app, upgrades, platform);
  app.addHook('onReady', async () => void app.server.on('upgrade', upgrades.listener));
  app.addHook('preClose', async () => void app.server.off('upgrade', upgrades.listener));
  await app.register(adminRoutes, { prefix: '/admin/v1', platform, adminTokenHash: options.adminTokenHash });
  return app;
}
