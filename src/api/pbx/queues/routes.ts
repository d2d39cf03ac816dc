import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../../../app/platform.ts';
import type { RowsMode } from '../../../app/pbx/queue-admin.ts';
import type { Queue } from '../../../domain/calls/queue.ts';
import { NotFoundError } from '../../../domain/errors.ts';
import { Permission } from '../../../domain/users/permissions.ts';
import { requirePermission, type PbxCaller } from '../auth.ts';
import { Done, DONE, Envelope, ok, pbxErrors } from '../envelope.ts';
import { tierRowsOf, toPbxQueue } from './mappers.ts';
import { idsOf, parseQueueWrite, parseRows, parseStrategy, parseTimeBaseScore } from './parse.ts';
import { IdParam, IdsParams, PbxQueue, QueueListQuery, QueueWrite, RowsBody, TierRow } from './schemas.ts';
import { userQueueRoutes } from './user-queue-routes.ts';

const TAGS = ['PBX queues'];
const SECURITY = [{ pbxApiKey: [] }];

const caller = (request: FastifyRequest): PbxCaller => requirePermission(request, Permission.Queues);

/** The list answer: with `name`, the one queue of that name (matching the other filters); else every queue matching them. */
function listAnswer(queues: Queue[], query: QueueListQuery): Queue | Queue[] | null {
  const strategy = query.strategy === undefined ? undefined : parseStrategy(query.strategy);
  const base = query.time_base_score === undefined ? undefined : parseTimeBaseScore(query.time_base_score);
  const matching = queues.filter((q) => {
    const r = q.routing;
    return (strategy === undefined || (r?.strategy ?? 'longest-idle-agent') === strategy) && (base === undefined || (r?.timeBaseScore ?? 'queue') === base);
  });
  if (query.name === undefined) return matching;
  return matching.find((q) => q.name === query.name) ?? null;
}

/**
 * `/api/cc_queue` (`pbx-callcenter-api.md`, Queues): list, read, create, update, delete, and the
 * queue's agents (`/cc_queue/{id}/users`); `/api/user/{id}/queues` is registered from here too.
 * Every route needs the "Queues" permission; queues are the caller's tenant's only.
 */
export async function queueRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const admin = platform.pbx.queues;
  const wire = (queue: Queue, c: PbxCaller) => toPbxQueue(queue, c.tenant, platform);

  api.get('/cc_queue', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'List queues, or find one by name',
      description: 'Without `name`: `data` is every queue of the account (all types), filtered by `strategy` and `time_base_score` when given. '
        + 'With `name` (as the document\'s example): `data` is the one queue with exactly that name, which must also match the other filters given; 404 when none.',
      querystring: QueueListQuery, response: { 200: Envelope(Type.Union([PbxQueue, Type.Array(PbxQueue)])), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    const answer = listAnswer(admin.list(c.tenant.id), request.query);
    if (answer === null) throw new NotFoundError('queue', request.query.name ?? '');
    return ok(Array.isArray(answer) ? answer.map((q) => wire(q, c)) : wire(answer, c));
  });

  api.get('/cc_queue/:id', {
    schema: { tags: TAGS, security: SECURITY, summary: 'Get a queue', params: IdParam, response: { 200: Envelope(PbxQueue), ...pbxErrors } },
  }, async (request) => {
    const c = caller(request);
    return ok(wire(admin.get(c.tenant.id, request.params.id), c));
  });

  api.post('/cc_queue', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Create a queue',
      description: '`name`, `strategy` and `time_base_score` are required; `users` rows `[[user_id, mode, position, level, timegroup_id], ...]` set the agents. '
        + 'New queues are inbound and take the account\'s next free id. Read-only fields are refused. `data` is the new record.',
      body: QueueWrite, response: { 200: Envelope(PbxQueue), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    return ok(wire(await admin.create(c.tenant.id, parseQueueWrite(request.body, null)), c));
  });

  api.put('/cc_queue/:id', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Update a queue',
      description: 'Only submitted fields change; `users` replaces the agents; null clears an optional setting. Read-only fields are refused unless they repeat the current value. `data` is the whole record.',
      params: IdParam, body: QueueWrite, response: { 200: Envelope(PbxQueue), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    const current = admin.get(c.tenant.id, request.params.id);
    return ok(wire(await admin.update(c.tenant.id, current.id, parseQueueWrite(request.body, wire(current, c))), c));
  });

  api.delete('/cc_queue/:id', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Delete a queue',
      description: 'Also removes the account numbers (DIDs) leading to it. Refused with 409 while callers are in the queue.',
      params: IdParam, response: { 200: Done, ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    await admin.delete(c.tenant.id, request.params.id);
    return DONE;
  });

  const rows = (queue: Queue, c: PbxCaller) => ok(tierRowsOf(queue, c.tenant, platform));
  api.get('/cc_queue/:id/users', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'List the queue\'s agents',
      description: 'Rows `[user_id, mode, position, level, user name, timegroup_id, joined]`; `joined` is whether the agent has currently joined the queue (`setQueues`).',
      params: IdParam, response: { 200: Envelope(Type.Array(TierRow)), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    return rows(admin.get(c.tenant.id, request.params.id), c);
  });

  const writeRows = (method: 'post' | 'put', mode: RowsMode, summary: string) => api[method]('/cc_queue/:id/users', {
    schema: {
      tags: TAGS, security: SECURITY, summary,
      description: '`users`: `[[user_id, mode, position, level, timegroup_id], ...]`. Each user must exist (404) and be an agent (400); each time group must exist or be null. `data` is the new list of rows.',
      params: IdParam, body: RowsBody, response: { 200: Envelope(Type.Array(TierRow)), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    const given = parseRows(request.body.users ?? [], 'users');
    return rows(await admin.setQueueTiers(c.tenant.id, request.params.id, given, mode), c);
  });
  writeRows('post', 'add', 'Add agents to the queue (an agent already in it is updated)');
  writeRows('put', 'replace', 'Replace the queue\'s agents');

  api.delete('/cc_queue/:id/users', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Remove agents from the queue',
      description: '`ids`: user ids, an array or a comma-separated list, in the query string or the body. `data` is the new list of rows.',
      params: IdParam, querystring: IdsParams, response: { 200: Envelope(Type.Array(TierRow)), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    return rows(await admin.removeQueueTiers(c.tenant.id, request.params.id, idsOf(request.query, request.body)), c);
  });

  await app.register(userQueueRoutes, { platform });
}
