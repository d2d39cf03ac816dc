import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../app/platform.ts';
import { ccsAuth } from './auth.ts';
import { CcsError, CcsUnauthorized } from './envelope.ts';
import { ccsErrorHandler } from './errors.ts';
import { loginRoutes } from './login-routes.ts';
import { catalogueRoutes } from './tenants/catalogue-routes.ts';
import { tenantRoutes } from './tenants/tenant-routes.ts';
import { extensionRoutes } from './extensions/routes.ts';
import { agentStateRoutes } from './agent-state/routes.ts';
import { callRoutes } from './calls/routes.ts';
import { acdRoutes } from './acds/routes.ts';

/** Shared schemas the CCS routes refer to by `$ref`. */
export const ccsSchemas = [CcsError, CcsUnauthorized];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A CCS route that needs no token (`/login`). */
    ccsPublic?: boolean;
  }
}

/**
 * The CCS REST family under `/6/v2/api` (`ccs-api-overview.txt`, `NOTES.md` §1): a bearer token
 * from `/login` on every other request, `{success, ...}` bodies, `{success:false, reason}` errors.
 * @example app.register(ccsApi, { prefix: '/6/v2/api', platform })
 */
export async function ccsApi(app: FastifyInstance, options: { platform: Platform }): Promise<void> {
  const { platform } = options;
  app.decorateRequest('ccs', null);
  app.setErrorHandler(ccsErrorHandler);
  const auth = ccsAuth(platform);
  // Before validation: 401 comes before 400.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.ccsPublic === true) return;
    await auth(request);
  });
  await app.register(loginRoutes, { platform });
  await app.register(catalogueRoutes, { platform });
  await app.register(tenantRoutes, { platform });
  await app.register(extensionRoutes, { platform });
  await app.register(agentStateRoutes, { platform });
  await app.register(callRoutes, { platform });
  await app.register(acdRoutes, { platform });
}
