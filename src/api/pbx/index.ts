import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../app/platform.ts';
import { pbxAuth } from './auth.ts';
import { pbxBodies } from './body.ts';
import { PbxError } from './envelope.ts';
import { pbxErrorHandler } from './errors.ts';
import { userRoutes } from './users/routes.ts';
import { phoneListRoutes } from './phone-lists/routes.ts';
import { queueRoutes } from './queues/routes.ts';
import { agentRoutes } from './agents/routes.ts';

/** Shared schemas the PBX routes refer to by `$ref`. */
export const pbxSchemas = [PbxError];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A PBX route that needs no credentials (`/api/user/login`, `/api/user/logout`). */
    pbxPublic?: boolean;
  }
}

/**
 * The PBX family under `/api` (`pbx-callcenter-api.md`, `NOTES.md` §1): `api_key` (query string or
 * POST body) or the login session on every request, the `{success, msg?, data?}` envelope.
 * @example app.register(pbxApi, { prefix: '/api', platform })
 */
export async function pbxApi(app: FastifyInstance, options: { platform: Platform }): Promise<void> {
  const { platform } = options;
  app.decorateRequest('pbx', null);
  pbxBodies(app);
  app.setErrorHandler(pbxErrorHandler);
  const auth = pbxAuth(platform);
  // After body parsing (the key may be in a POST body), before validation: 401 comes before 400.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.pbxPublic === true) return;
    await auth(request);
  });
  await app.register(userRoutes, { platform });
  await app.register(phoneListRoutes, { platform });
  await app.register(queueRoutes, { platform });
  await app.register(agentRoutes, { platform });
}
