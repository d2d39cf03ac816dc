import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ApiKeyRecord } from '../../app/access/api-keys.ts';
import type { Platform } from '../../app/platform.ts';
import { TenantParams, adminErrors } from './schemas.ts';

const SECURITY = [{ adminBearer: [] }];
const AgentParams = Type.Object({ ...TenantParams.properties, agentId: Type.String({ minLength: 1, maxLength: 16_384, description: 'The user\'s agentId' }) });
const KeyParams = Type.Object({ ...TenantParams.properties, keyId: Type.String({ minLength: 1, maxLength: 16_384 }) });

const ApiKey = Type.Object({
  keyId: Type.String(),
  agentId: Type.String(),
  userId: Type.Union([Type.Integer(), Type.Null()], { description: 'The PBX user id; null when the user is gone' }),
  label: Type.String(),
  createdAt: Type.String({ description: 'ISO 8601' }),
});

function view(platform: Platform, tenantId: string, k: ApiKeyRecord) {
  const userId = platform.directory.agent(tenantId, k.agentId)?.userId ?? null;
  return { keyId: k.keyId, agentId: k.agentId, userId, label: k.label, createdAt: new Date(k.createdAt).toISOString() };
}

/** `/admin/v1/tenants/{t}/…/api-keys`: the PBX API keys of users (`NOTES.md` §1), created and revoked by the operator. */
export async function apiKeyAdminRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Admin'];

  api.post('/tenants/:tenant/agents/:agentId/api-keys', {
    schema: {
      tags, security: SECURITY, summary: 'Create a PBX API key for a user; the key is shown once (only its SHA-256 is stored)',
      params: AgentParams,
      body: Type.Optional(Type.Object({ label: Type.Optional(Type.String({ maxLength: 128 })) })),
      response: { 201: Type.Composite([ApiKey, Type.Object({ key: Type.String({ description: 'Shown once' }) })]), ...adminErrors },
    },
  }, async (request, reply) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const created = await platform.access.keys.create(tenant.id, request.params.agentId, { label: request.body?.label ?? '' });
    return reply.code(201).send({ ...view(platform, tenant.id, created.record), key: created.key });
  });

  api.get('/tenants/:tenant/api-keys', {
    schema: {
      tags, security: SECURITY, summary: 'List the tenant\'s PBX API keys (never the keys themselves)', params: TenantParams,
      querystring: Type.Object({ agentId: Type.Optional(Type.String({ minLength: 1, maxLength: 16_384 })) }),
      response: { 200: Type.Object({ keys: Type.Array(ApiKey) }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const keys = await platform.access.keys.list(tenant.id, request.query.agentId);
    return { keys: keys.map((k) => view(platform, tenant.id, k)) };
  });

  api.delete('/tenants/:tenant/api-keys/:keyId', {
    schema: {
      tags, security: SECURITY, summary: 'Revoke a PBX API key: refused from the next request on', params: KeyParams,
      response: { 200: Type.Object({ keyId: Type.String(), revoked: Type.Boolean() }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    await platform.access.keys.revoke(tenant.id, request.params.keyId);
    return { keyId: request.params.keyId, revoked: true };
  });
}
