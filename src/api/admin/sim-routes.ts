import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../app/platform.ts';
import { setStatusAsAdmin } from '../../app/admin-status.ts';
import { eventLogDigest } from '../../app/sim/digest.ts';
import { visibleStatus } from '../../domain/agent-status.ts';
import { TenantParams, adminErrors } from './schemas.ts';

const SECURITY = [{ adminBearer: [] }];
const AgentParams = Type.Object({ ...TenantParams.properties, agentId: Type.String({ minLength: 1, maxLength: 64 }) });

/** Admin routes a traffic generator drives a server with (`switchboard traffic`), also handy for scripts. */
export async function simAdminRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Admin'];

  api.put('/tenants/:tenant/agents/:agentId/status', {
    schema: {
      tags, security: SECURITY, summary: 'Set an agent\'s status as its supervisor would (VCC status numbers and rules), or log it in',
      description: 'Status 1 logs out, 4 makes available, 3 (break) and 5 (working offline) need a `reason` of the agent\'s group. Status 4 for a logged-out agent logs it in (which the VCC API leaves to the agent). Recorded as changed by `admin`.',
      params: AgentParams,
      body: Type.Object({
        status: Type.Integer({ minimum: 0, maximum: 11 }),
        reason: Type.Optional(Type.Union([Type.Object({ listId: Type.Integer(), itemId: Type.Integer() }, { additionalProperties: false }), Type.Null()])),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ agentId: Type.String(), changed: Type.Boolean(), status: Type.Integer() }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const { agentId } = request.params;
    const { changed } = await setStatusAsAdmin(platform, tenant.id, agentId, { status: request.body.status, reason: request.body.reason ?? null });
    await platform.virtualClock()?.settled(); // routing the change caused is done before the answer (same run however fast requests come)
    return { agentId, changed, status: visibleStatus(platform.agentStatus.get(tenant.id, agentId).state).status };
  });

  api.get('/tenants/:tenant/events/digest', {
    schema: {
      tags, security: SECURITY, summary: 'A SHA-256 fingerprint of the tenant\'s whole event log (compare two runs)',
      params: TenantParams,
      response: { 200: Type.Object({ digest: Type.String(), events: Type.Integer() }), ...adminErrors },
    },
  }, async (request) => eventLogDigest(platform.store, platform.tenants.requireTenant(request.params.tenant).id));
}
