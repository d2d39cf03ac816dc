import { Type } from '@sinclair/typebox';
import { clickToDialAdminRoutes } from './click-to-dial-routes.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Agent } from '../../domain/agent.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { LoggedEvent } from '../../domain/events.ts';
import { demoPresences } from '../../app/demo.ts';
import { clearCalls } from '../../app/demo-examples.ts';
import type { Platform } from '../../app/platform.ts';
import { AgentSpec, TenantDocument } from '../../app/provisioning/schema.ts';
import type { TenantRecord } from '../../ports/storage.ts';
import { adminBearerAuth } from './auth.ts';
import { adminErrorHandler } from './errors.ts';
import { simAdminRoutes } from './sim-routes.ts';
import { deliveryAdminRoutes } from './delivery-routes.ts';
import { pbxPushAdminRoutes } from './pbx-push-routes.ts';
import { apiKeyAdminRoutes } from './api-key-routes.ts';
import { telephonyAdminRoutes } from './telephony-routes.ts';
import { textAdminRoutes } from './text-routes.ts';
import { ccsExampleAdminRoutes } from './ccs-example-routes.ts';
import { AgentSummary, ApplyResult, LoggedEventSchema, PageQuery, TenantParams, TenantSummary, adminErrors } from './schemas.ts';

export interface AdminOptions {
  platform: Platform;
  adminTokenHash: string;
}

const SECURITY = [{ adminBearer: [] }];

function summary(platform: Platform, t: TenantRecord) {
  const { name, ccsUuid, pbxAccountId, apiUsername, timezone, features } = t;
  return { name, ccsUuid, pbxAccountId, apiUsername, timezone, features, agents: platform.directory.agentCount(t.id) };
}

function agentSummary(a: Agent) {
  return { agentId: a.agentId, userId: a.userId, name: a.name, username: a.username, groupId: a.groupId, presence: a.state.presence.kind, activity: a.state.activity };
}

function eventView(e: LoggedEvent) {
  return { seq: e.seq, at: new Date(e.at).toISOString(), type: e.event.type, data: e.event as unknown as Record<string, unknown> };
}

/** `/admin/v1`: provisioning, credentials, feature switches, the event log, the demo. */
export async function adminRoutes(app: FastifyInstance, { platform, adminTokenHash }: AdminOptions): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', adminBearerAuth(adminTokenHash));
  app.setErrorHandler(adminErrorHandler);
  const tags = ['Admin'];

  api.put('/provisioning', {
    schema: { tags, security: SECURITY, summary: 'Apply a tenant document (same schema as the tenant file)', body: TenantDocument, response: { 200: ApplyResult, ...adminErrors } },
  }, async (request) => ({ tenants: await platform.apply(request.body) }));

  api.get('/tenants', {
    schema: { tags, security: SECURITY, summary: 'List tenants', response: { 200: Type.Object({ tenants: Type.Array(TenantSummary) }), ...adminErrors } },
  }, async () => ({ tenants: platform.directory.tenants().map((t) => summary(platform, t)) }));

  api.get('/tenants/:tenant', {
    schema: { tags, security: SECURITY, summary: 'One tenant, with its id in every family', params: TenantParams, response: { 200: TenantSummary, ...adminErrors } },
  }, async (request) => summary(platform, platform.tenants.requireTenant(request.params.tenant)));

  api.get('/tenants/:tenant/agents', {
    schema: {
      tags, security: SECURITY, summary: 'List agents',
      params: TenantParams, querystring: Type.Object({ after: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
      response: { 200: Type.Object({ agents: Type.Array(AgentSummary), more: Type.Boolean() }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const page = platform.directory.agentsPage(tenant.id, request.query.after ?? null, request.query.limit ?? 200);
    return { agents: page.agents.map(agentSummary), more: page.more };
  });

  api.post('/tenants/:tenant/agents', {
    schema: { tags, security: SECURITY, summary: 'Create an agent', params: TenantParams, body: AgentSpec, response: { 201: AgentSummary, ...adminErrors } },
  }, async (request, reply) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const { agentId, username } = request.body;
    const taken = agentId !== undefined ? platform.directory.agent(tenant.id, agentId) : undefined;
    if (taken) throw new ConflictError(`agentId '${agentId}' already exists in tenant '${tenant.name}'`);
    if (username !== undefined && (await platform.store.getAgentByUsername(username))) throw new ConflictError(`username '${username}' is already taken`);
    await platform.apply({ tenants: [{ name: tenant.name, agents: [request.body] }] });
    // The document's check requires an agentId or a username, so one of them finds the new agent.
    const created = agentId !== undefined
      ? platform.directory.agent(tenant.id, agentId)
      : platform.directory.agentByUsername(tenant.id, username as string);
    return reply.code(201).send(agentSummary(created as Agent));
  });

  api.post('/tenants/:tenant/action-token', {
    schema: {
      tags, security: SECURITY, summary: 'Rotate the VCC Action Request Token (the old one stops working at once)', params: TenantParams,
      response: { 200: Type.Object({ actionRequestToken: Type.String({ description: 'Shown once' }) }), ...adminErrors },
    },
  }, async (request) => ({ actionRequestToken: await platform.tenants.rotateActionToken(request.params.tenant) }));

  api.put('/tenants/:tenant/features/agent-status-api', {
    schema: {
      tags, security: SECURITY, summary: 'Switch the tenant\'s VCC Agent Status API on or off', params: TenantParams,
      body: Type.Object({ enabled: Type.Boolean() }), response: { 200: TenantSummary, ...adminErrors },
    },
  }, async (request) => summary(platform, await platform.tenants.setAgentStatusApi(request.params.tenant, request.body.enabled)));

  api.get('/tenants/:tenant/events', {
    schema: {
      tags, security: SECURITY, summary: 'Read the tenant\'s event log', params: TenantParams, querystring: PageQuery,
      response: { 200: Type.Object({ events: Type.Array(LoggedEventSchema), lastSeq: Type.Integer() }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const events = await platform.store.readEvents(tenant.id, request.query.after ?? 0, request.query.limit ?? 100);
    return { events: events.map(eventView), lastSeq: events.at(-1)?.seq ?? request.query.after ?? 0 };
  });

  api.post('/demo/reset', {
    schema: {
      tags, security: SECURITY, summary: 'Put the demo agents back into their documented states (calls ended, the Agent Status API on)',
      description: 'Tokens are not reset: after a rotation, use the new token or re-apply the tenant with `PUT /provisioning`.',
      response: { 200: Type.Object({ tenants: Type.Array(Type.Object({ name: Type.String(), changed: Type.Integer() })) }), ...adminErrors },
    },
  }, async () => {
    const tenants = [];
    for (const [name, presences] of demoPresences()) {
      if (!platform.directory.tenantByName(name)) continue;
      await platform.tenants.setAgentStatusApi(name, true);
      await clearCalls(platform, platform.tenants.requireTenant(name).id);
      tenants.push({ name, changed: await platform.tenants.resetPresences(name, presences) });
    }
    return { tenants };
  });

  const ClockState = Type.Object({
    mode: Type.Union([Type.Literal('wall'), Type.Literal('virtual')]),
    now: Type.Integer(),
    iso: Type.String(),
    pendingTimers: Type.Integer({ description: 'Timers waiting in contact-center time' }),
  });
  const clockState = () => {
    const now = platform.clock.now();
    return { mode: platform.virtualClock() ? ('virtual' as const) : ('wall' as const), now, iso: new Date(now).toISOString(), pendingTimers: platform.timers.pending() };
  };

  api.get('/clock', {
    schema: { tags, security: SECURITY, summary: 'Contact-center time', response: { 200: ClockState, ...adminErrors } },
  }, async () => clockState());

  api.post('/clock/advance', {
    schema: {
      tags, security: SECURITY, summary: 'Advance the virtual clock, running every timer due in that span in order',
      description: 'Only with `--clock virtual` (409 otherwise). At most 31 days per call.',
      querystring: Type.Object({ seconds: Type.Number({ minimum: 0, maximum: 31 * 86_400, description: 'How far to move (fractions allowed)' }) }),
      response: { 200: Type.Composite([ClockState, Type.Object({ timersRun: Type.Integer() })]), ...adminErrors },
    },
  }, async (request) => {
    const clock = platform.virtualClock();
    if (!clock) throw new ConflictError('the contact-center clock is the wall clock; start the server with --clock virtual to advance it');
    const timersRun = await clock.advance(Math.round(request.query.seconds * 1000));
    return { ...clockState(), timersRun };
  });

  await app.register(telephonyAdminRoutes, { platform });
  await app.register(textAdminRoutes, { platform });
  await app.register(ccsExampleAdminRoutes, { platform });
  await app.register(simAdminRoutes, { platform });
  await app.register(deliveryAdminRoutes, { platform });
  await app.register(pbxPushAdminRoutes, { platform });
  await app.register(apiKeyAdminRoutes, { platform });
  await app.register(clickToDialAdminRoutes, { platform });
}
