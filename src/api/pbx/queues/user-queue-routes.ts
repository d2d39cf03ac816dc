import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../../../app/platform.ts';
import type { RowsMode } from '../../../app/pbx/queue-admin.ts';
import type { Agent } from '../../../domain/agent.ts';
import { Permission } from '../../../domain/users/permissions.ts';
import { requirePermission } from '../auth.ts';
import { Envelope, ok, pbxErrors } from '../envelope.ts';
import { toUserQueueRow } from './mappers.ts';
import { idsOf, parseRows } from './parse.ts';
import { IdParam, IdsParams, RowsBody, UserQueueRow } from './schemas.ts';

const TAGS = ['PBX queues'];
const SECURITY = [{ pbxApiKey: [] }];

/**
 * `/api/user/{id}/queues` (`pbx-callcenter-api.md`, User Methods: "Manage queues (see Manage
 * queue agents)"): the user's tiers as `[[queue_id, mode, position, level, timegroup_id], ...]`.
 * Writes take the rows in `queues` (or `users`, the queue routes' name). Permission "Queues".
 */
export async function userQueueRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const admin = platform.pbx.queues;
  const userOf = (request: FastifyRequest, id: string): { tenantId: string; agent: Agent } => {
    const { tenant } = requirePermission(request, Permission.Queues);
    return { tenantId: tenant.id, agent: admin.agentByUserId(tenant.id, id) };
  };
  const rows = (tenantId: string, agent: Agent) => ok(admin.userTiers(tenantId, agent.agentId).map(({ queue, tier }) => toUserQueueRow(queue, tier)));
  const response = { 200: Envelope(Type.Array(UserQueueRow)), ...pbxErrors };

  api.get('/user/:id/queues', {
    schema: { tags: TAGS, security: SECURITY, summary: 'List the user\'s queues', description: 'Rows `[queue_id, mode, position, level, timegroup_id]`, by queue id.', params: IdParam, response },
  }, async (request) => {
    const { tenantId, agent } = userOf(request, request.params.id);
    return rows(tenantId, agent);
  });

  const write = (method: 'post' | 'put', mode: RowsMode, summary: string) => api[method]('/user/:id/queues', {
    schema: {
      tags: TAGS, security: SECURITY, summary,
      description: '`queues` (or `users`): `[[queue_id, mode, position, level, timegroup_id], ...]`. Each queue must exist (404); the user must be an agent (400). `data` is the new list of rows.',
      params: IdParam, body: RowsBody, response,
    },
  }, async (request) => {
    const { tenantId, agent } = userOf(request, request.params.id);
    const field = request.body.queues !== undefined ? 'queues' : 'users';
    await admin.setUserTiers(tenantId, agent, parseRows(request.body.queues ?? request.body.users ?? [], field), mode);
    return rows(tenantId, agent);
  });
  write('post', 'add', 'Add the user to queues (a queue the user is in already is updated)');
  write('put', 'replace', 'Replace the user\'s queues');

  api.delete('/user/:id/queues', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Remove the user from queues',
      description: '`ids`: queue ids, an array or a comma-separated list, in the query string or the body. `data` is the new list of rows.',
      params: IdParam, querystring: IdsParams, response,
    },
  }, async (request) => {
    const { tenantId, agent } = userOf(request, request.params.id);
    await admin.removeUserTiers(tenantId, agent, idsOf(request.query, request.body));
    return rows(tenantId, agent);
  });
}
