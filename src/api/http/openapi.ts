import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * OpenAPI 3.1 at `/openapi.json`, rendered at `/docs`, generated from the same TypeBox
 * schemas that validate requests and serialise responses.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Switchboard',
        version,
        description:
          'One contact-center platform serving the VCC, CCS and PBX API families. Error bodies follow each family (see the README).',
      },
      components: {
        securitySchemes: {
          vccBasic: { type: 'http', scheme: 'basic', description: 'Tenant API username and Action Request Token' },
          adminBearer: { type: 'http', scheme: 'bearer', description: 'The admin token (SWITCHBOARD_ADMIN_TOKEN)' },
          pbxApiKey: { type: 'apiKey', in: 'query', name: 'api_key', description: 'A PBX user\'s API key (also accepted as `api_key` in a POST body)' },
          pbxSession: { type: 'apiKey', in: 'cookie', name: 'switchboard_session', description: 'The session of `POST /api/user/login`' },
          ccsBearer: { type: 'http', scheme: 'bearer', description: 'A CCS bearer token from `POST /6/v2/api/login`' },
          workspaceSession: { type: 'apiKey', in: 'cookie', name: 'switchboard_session', description: 'The agent workspace session of `POST /AGUI/api/login` (the same cookie as the PBX session)' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
