import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../../../app/platform.ts';
import type { BulkEntry as DomainBulkEntry } from '../../../app/agent-status-service.ts';
import { compileCheck, SchemaError } from '../../../app/schema-check.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import type { Agent } from '../../../domain/agent.ts';
import { NotFoundError } from '../../../domain/errors.ts';
import { toFailure } from '../../http/failures.ts';
import { AgentStatusApiDisabledError, agentStatusBody, agentStatusErrorHandler } from '../errors.ts';
import { vccBasicAuth } from '../auth.ts';
import { fromBulkEntry, fromSetStatusBody, toAgentStatusRecord } from './mappers.ts';
import {
  AgentParams, AgentStatusList, AgentStatusRecord, BulkBody, BulkEntry, BulkResult, ChangeResult,
  DEFAULT_PAGE, ListQuery, SetStatusBody, TenantParams, errorResponses,
} from './schemas.ts';

const OK = { reason: 'OK', 'change-status': 200, message: 'Agent status change successful' } as const;
const TAGS = ['VCC agent status'];
const SECURITY = [{ vccBasic: [] }];
const checkBulkEntry = compileCheck(BulkEntry);

function tenantOf(request: { vccTenant: TenantRecord | null }): TenantRecord {
  return request.vccTenant as TenantRecord; // set by the auth hook before any handler runs
}

function nextLink(url: string, tenant: string, limit: number, lastId: string): string {
  const base = url.split('?')[0] ?? `/api/v1/tenants/${tenant}/agentstatus/agents`;
  return `<${base}?limit=${limit}&after=${encodeURIComponent(lastId)}>; rel="next"`;
}

/**
 * `vcc-agent-status.md`: read all agents, read one, set one, set in bulk (207).
 * Registered under `/api/v1`.
 */
export async function agentStatusRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', vccBasicAuth(platform.directory, (tenant) => {
    if (!tenant.features.agentStatusApi) throw new AgentStatusApiDisabledError();
  }));
  app.setErrorHandler(agentStatusErrorHandler);
  // Bodies are built in the documented key order; plain JSON keeps it (the schemas document and test them).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  api.get('/tenants/:tenantId/agentstatus/agents', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Get status for all agents',
      description: 'Pages of at most `limit` agents in id order; a `Link: <…>; rel="next"` header points to the next page and `X-Total-Count` gives the number of agents.',
      params: TenantParams, querystring: ListQuery, response: { 200: AgentStatusList, ...errorResponses },
    },
  }, async (request, reply) => {
    const tenant = tenantOf(request);
    const limit = request.query.limit ?? DEFAULT_PAGE;
    const hidden = platform.pbx.profiles.nonAgents(tenant.id);
    const page = agentsPage(platform, tenant.id, request.query.after ?? null, limit, hidden);
    const catalogue = platform.directory.catalogue(tenant.id);
    const last = page.agents.at(-1);
    if (page.more && last) reply.header('link', nextLink(request.url, tenant.name, limit, last.agentId));
    reply.header('x-total-count', String(platform.directory.agentCount(tenant.id) - hidden.size));
    return { data: page.agents.map((a) => toAgentStatusRecord(a, catalogue)) };
  });

  api.get('/tenants/:tenantId/agentstatus/agents/:agentId', {
    schema: { tags: TAGS, security: SECURITY, summary: 'Get status for a single agent', params: AgentParams, response: { 200: Type.Ref(AgentStatusRecord), ...errorResponses } },
  }, async (request) => {
    const tenant = tenantOf(request);
    const { agentId } = request.params;
    requireAgentNotHidden(platform, tenant.id, agentId);
    return toAgentStatusRecord(platform.agentStatus.get(tenant.id, agentId), platform.directory.catalogue(tenant.id));
  });

  api.put('/tenants/:tenantId/agentstatus/agents/:agentId', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Set status for a single agent',
      description: 'Settable: 1, 3, 4, 5 along the allowed transitions. The reason fields are required for 3 and 5, optional for 1 and 4, and must agree with each other.',
      params: AgentParams, body: SetStatusBody, response: { 200: Type.Ref(ChangeResult), ...errorResponses },
    },
  }, async (request) => {
    const tenant = tenantOf(request);
    requireAgentNotHidden(platform, tenant.id, request.params.agentId);
    await platform.agentStatus.set(tenant.id, request.params.agentId, fromSetStatusBody(request.body), 'vcc');
    return OK;
  });

  api.put('/tenants/:tenantId/agentstatus/agents/bulk', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Set status for agents in bulk',
      description: `Each entry succeeds or fails on its own; the answer is 207 with one result per entry, in order. At most 1000 entries.`,
      params: TenantParams, body: BulkBody, response: { 207: BulkResult, ...errorResponses },
    },
  }, async (request, reply) => bulk(platform, tenantOf(request), request.body.agents as unknown[], reply));
}

/**
 * A page of agents without the PBX users that are not call-center agents: `hidden` of them at most
 * can fall in any window, so one read of `limit + hidden + 1` fills the page and says exactly
 * whether more follow.
 */
function agentsPage(platform: Platform, tenantId: string, after: string | null, limit: number, hidden: ReadonlySet<string>): { agents: Agent[]; more: boolean } {
  if (hidden.size === 0) return platform.agentStatus.page(tenantId, after, limit);
  const visible = platform.agentStatus.page(tenantId, after, limit + hidden.size + 1).agents.filter((a) => !hidden.has(a.agentId));
  return { agents: visible.slice(0, limit), more: visible.length > limit };
}

/** A PBX user that is not a call-center agent (`is_agent` false) is no agent here: 404 as for an unknown id. */
function requireAgentNotHidden(platform: Platform, tenantId: string, agentId: string): void {
  if (platform.pbx.profiles.nonAgents(tenantId).has(agentId)) throw new NotFoundError('agent', agentId);
}

async function bulk(platform: Platform, tenant: TenantRecord, raw: unknown[], reply: FastifyReply) {
  const catalogue = platform.directory.catalogue(tenant.id);
  const hidden = platform.pbx.profiles.nonAgents(tenant.id);
  const entries: DomainBulkEntry[] = raw.map((value, i) => {
    const agentId = typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['agent-id'] === 'string'
      ? ((value as Record<string, unknown>)['agent-id'] as string) : null;
    try {
      const entry = checkBulkEntry(value);
      if (hidden.has(entry['agent-id'])) return { agentId, invalid: new NotFoundError('agent', entry['agent-id']) };
      return { agentId: entry['agent-id'], request: fromBulkEntry(entry, catalogue, '') };
    } catch (error) {
      const field = error instanceof SchemaError && error.field ? `.${error.field}` : '';
      const problem = error instanceof SchemaError ? error.problem : 'is invalid';
      return { agentId, invalid: new SchemaError(`agents[${i}]${field}`, problem) };
    }
  });
  const results = await platform.agentStatus.setMany(tenant.id, entries, 'vcc');
  const data = results.map((r) => {
    if (r.ok) return { 'agent-id': r.agentId, ...OK };
    const failure = toFailure(r.error) ?? { statusCode: 500, reason: 'Internal Server Error' };
    return { 'agent-id': r.agentId, ...agentStatusBody(failure, 'Agent status change failed') };
  });
  return reply.code(207).send({ data });
}
