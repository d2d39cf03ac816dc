import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { CALL_EXAMPLES, prepareCallExample } from '../../app/demo-examples.ts';
import type { Platform } from '../../app/platform.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../domain/errors.ts';
import type { SimulatedDriver } from '../../telephony/simulated/simulated-driver.ts';
import { TenantParams, adminErrors } from './schemas.ts';

const SECURITY = [{ adminBearer: [] }];
const tags = ['Admin: calls and telephony'];

const LegParams = Type.Object({ ...TenantParams.properties, legId: Type.String({ description: 'A leg id (agent legs: `<tenant>-<agentId>-<uuid>`)' }) });
const LegAction = Type.Union([Type.Literal('answer'), Type.Literal('reject'), Type.Literal('drop')]);
const Outcome = Type.Union([Type.Literal('busy'), Type.Literal('no_answer'), Type.Literal('reject'), Type.Literal('fail')]);
const Done = Type.Object({ done: Type.Literal(true) });
const DialResult = Type.Object({
  legId: Type.String(),
  outcome: Type.Union([Type.Literal('checked_in'), Type.Literal('refused'), Type.Literal('pending')]),
  reason: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Union([Type.Integer(), Type.Null()], { description: 'The PBX user id checked in' }),
});
/** Call records and legs are the core's own documents; admin shows them as they are. */
const AsStored = Type.Object({}, { additionalProperties: true });

/**
 * `/admin/v1` routes for calls and the simulated telephony: live calls, call records, fault
 * injection (the next call to a number fails a given way, drop a leg, an unreachable device),
 * answering by hand, and the per-example fixtures of the phone-call documentation.
 */
export async function telephonyAdminRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const simulator = (): SimulatedDriver => {
    const driver = platform.simulator();
    if (!driver) throw new ConflictError('the telephony is not simulated; fault injection and answering by hand need the simulated driver');
    return driver;
  };
  const tenantLeg = (tenantName: string, legId: string) => {
    const tenant = platform.tenants.requireTenant(tenantName);
    const leg = simulator().legs().find((l) => l.legId === legId && l.to.tenantId === tenant.id);
    if (!leg) throw new NotFoundError('live leg', legId);
    return leg;
  };

  api.post('/demo/examples/:example', {
    schema: {
      tags, security: SECURITY, summary: 'Prepare the fixture of one phone-call example (demo tenant supertenantcsm01)',
      description: 'Frees the example agent of calls and post-processing, makes it available and, except for `place-call`, places a call for it (answered at both ends on the simulated telephony). Returns the request to send, with the ids filled in.',
      params: Type.Object({ example: Type.Union(CALL_EXAMPLES.map((e) => Type.Literal(e))) }),
      response: { 200: AsStored, ...adminErrors },
    },
  }, async (request) => prepareCallExample(platform, request.params.example));

  api.get('/tenants/:tenant/calls', {
    schema: { tags, security: SECURITY, summary: 'Live calls: up, or in post-processing', params: TenantParams, response: { 200: Type.Object({ calls: Type.Array(AsStored) }), ...adminErrors } },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    return { calls: platform.calls.engine.registry.all().filter((i) => i.tenantId === tenant.id) };
  });

  api.get('/tenants/:tenant/calls/:interactionGuid', {
    schema: {
      tags, security: SECURITY, summary: 'One call record (live or finished)',
      params: Type.Object({ ...TenantParams.properties, interactionGuid: Type.String() }), response: { 200: AsStored, ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const call = await platform.calls.find(tenant.id, request.params.interactionGuid);
    if (!call) throw new NotFoundError('interaction', request.params.interactionGuid);
    return call;
  });

  api.get('/tenants/:tenant/telephony/legs', {
    schema: { tags, security: SECURITY, summary: 'Live legs on the simulated telephony', params: TenantParams, response: { 200: Type.Object({ legs: Type.Array(AsStored) }), ...adminErrors } },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    return { legs: simulator().legs().filter((l) => l.to.tenantId === tenant.id) };
  });

  api.post('/tenants/:tenant/telephony/legs/:legId/:action', {
    schema: {
      tags, security: SECURITY, summary: 'Answer or reject a ringing leg by hand, or drop a live leg (the network hangs it up)',
      params: Type.Object({ ...LegParams.properties, action: LegAction }), response: { 200: Done, ...adminErrors },
    },
  }, async (request) => {
    const { tenant, legId, action } = request.params;
    tenantLeg(tenant, legId);
    const driver = simulator();
    const done = action === 'answer' ? driver.answer(legId) : action === 'reject' ? driver.reject(legId) : driver.dropLeg(legId);
    if (!done) throw new ConflictError(`leg '${legId}' is not ringing; only a ringing leg can be answered or rejected`);
    return { done: true as const };
  });

  api.post('/tenants/:tenant/telephony/faults', {
    schema: {
      tags, security: SECURITY, summary: 'The next call to a number ends this way (one-shot; several queue up in order)',
      params: TenantParams,
      body: Type.Object({ number: Type.String({ pattern: '^\\+?[1-9][0-9]{6,14}$', description: 'E.164, with or without "+"' }), outcome: Outcome }),
      response: { 200: Done, ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    simulator().injectNextOutcome(tenant.id, `+${request.body.number.replace(/^\+/, '')}`, request.body.outcome);
    return { done: true as const };
  });

  api.post('/tenants/:tenant/telephony/inbound', {
    schema: {
      tags, security: SECURITY, summary: 'An outside number calls one of the tenant\'s numbers (simulated telephony)',
      description: 'The call arrives at the number\'s inbound queue, waits and is offered to agents; its caller behaves by the tenant\'s telephony rules for its number (patience, talk time).',
      params: TenantParams,
      body: Type.Object({
        from: Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$' }),
        to: Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$' }),
        talkMs: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 7 * 86_400_000 }), Type.Null()], { description: 'Talk time once bridged, ms (null: never hangs up); with `patienceMs`, instead of the rules' })),
        patienceMs: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 7 * 86_400_000 }), Type.Null()], { description: 'How long the caller waits before hanging up, ms (null: until answered)' })),
        data: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }), value: Type.String({ maxLength: 1024 }) }), {
          maxItems: 20, description: 'Data the call arrives with (as an IVR would collect it): the offers\' `extTransactionData`, shown in the agent workspace',
        })),
      }),
      response: { 200: Type.Object({ legId: Type.String() }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    simulator();
    const { from, to, talkMs, patienceMs, data } = request.body;
    if ((talkMs === undefined) !== (patienceMs === undefined)) {
      const [missing, given] = talkMs === undefined ? ['talkMs', 'patienceMs'] : ['patienceMs', 'talkMs'];
      throw new RuleViolationError(`${missing} is required with ${given} (give both, or neither to leave them to the tenant's rules)`, missing);
    }
    const behaviour = talkMs === undefined || patienceMs === undefined ? undefined : { talkMs, patienceMs };
    const legId = platform.acd.placeInbound(tenant.id, from, to, behaviour, data);
    await platform.virtualClock()?.settled(); // on a virtual clock, what the call set in motion is done before the answer
    return { legId };
  });

  api.post('/tenants/:tenant/telephony/devices/:deviceId/dial', {
    schema: {
      tags, security: SECURITY, summary: 'A device dials a number (simulated telephony): a PBX check-in code checks its agent in',
      description: 'The device (a PBX device record of the tenant) calls `number`. A pending check-in code (`GET /api/cc_agent/checkIn`) is answered, checks its agent in with the device '
        + 'and hangs up; anything else is hung up. Answers 200 once the check-in committed (`checked_in`, with the user id) or the call was refused (`refused`, with the reason: unknown or expired code, '
        + 'a device of another user, a device in use without `forceCheckOut`); 202 `pending` when no outcome came within 10 s. On a virtual clock the call is delivered at the current virtual time.',
      params: Type.Object({ ...TenantParams.properties, deviceId: Type.Integer({ minimum: 0 }) }),
      body: Type.Object({ number: Type.String({ minLength: 1, maxLength: 32, description: 'What the device dials, e.g. `***9477`' }) }),
      response: { 200: DialResult, 202: DialResult, ...adminErrors },
    },
  }, async (request, reply) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    simulator();
    const outcome = await platform.pbx.agents.dialFromDevice(tenant.id, request.params.deviceId, request.body.number);
    if (outcome.outcome === 'pending') void reply.code(202);
    return outcome;
  });

  api.put('/tenants/:tenant/agents/:agentId/queues', {
    schema: {
      tags, security: SECURITY, summary: 'The queues an agent serves now (joins and leaves; routing also needs a tier)',
      params: Type.Object({ ...TenantParams.properties, agentId: Type.String() }), body: Type.Object({ queues: Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 1000 }) }),
      response: { 200: Type.Object({ agentId: Type.String(), joined: Type.Array(Type.Integer()) }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const joined = await platform.acd.setJoinedQueues(tenant.id, request.params.agentId, request.body.queues);
    return { agentId: request.params.agentId, joined: [...joined] };
  });

  api.get('/tenants/:tenant/queues/:queueId', {
    schema: {
      tags, security: SECURITY, summary: 'A queue now: waiting callers (score order), eligible agents (strategy order), staffing',
      params: Type.Object({ ...TenantParams.properties, queueId: Type.Integer({ minimum: 0 }) }), response: { 200: AsStored, ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const { queueId } = request.params;
    if (!platform.directory.calls.of(tenant.id).queues.has(queueId)) throw new NotFoundError('queue', String(queueId));
    const router = platform.acd.state.router(tenant.id);
    return { queueId, callers: platform.acd.state.callersOf(tenant.id, queueId), eligible: router.eligible(queueId), ...router.staffing(queueId) };
  });

  api.put('/tenants/:tenant/agents/:agentId/device', {
    schema: {
      tags, security: SECURITY, summary: 'Make an agent\'s device (un)reachable: calls to an unreachable device fail at once',
      params: Type.Object({ ...TenantParams.properties, agentId: Type.String() }), body: Type.Object({ reachable: Type.Boolean() }),
      response: { 200: Type.Object({ agentId: Type.String(), reachable: Type.Boolean() }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const agent = platform.directory.requireAgent(tenant.id, request.params.agentId);
    simulator().setDeviceReachable(tenant.id, agent.agentId, request.body.reachable);
    return { agentId: agent.agentId, reachable: request.body.reachable };
  });
}
