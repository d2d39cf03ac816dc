import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../../../app/platform.ts';
import { RuleViolationError } from '../../../domain/errors.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import { vccBasicAuth } from '../auth.ts';
import { callsErrorHandler } from '../errors.ts';
import { endPostProcessingFlag, fromPlaceCallBody, fromTransactionCodesBody, ok, reasons } from './mappers.ts';
import {
  AgentParams, CallResult, EndCallQuery, InteractionAgentParams, InteractionParams, LineParams, PlaceCallBody, PlaceCallResult,
  TenantParams, TransactionCodesBody, errorResponses,
} from './schemas.ts';

const TAGS = ['VCC phone calls'];
const SECURITY = [{ vccBasic: [] }];
const Result = Type.Ref(CallResult);

function tenantOf(request: { vccTenant: TenantRecord | null }): TenantRecord {
  return request.vccTenant as TenantRecord; // set by the auth hook before any handler runs
}

/**
 * `vcc-manage-phone-calls.md`: place a call for an agent, set transaction codes, end a call,
 * hang up an agent's leg, free an agent's lines or one line. Registered under `/api/v1`.
 */
export async function callRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { calls } = platform;
  app.addHook('onRequest', vccBasicAuth(platform.directory));
  app.setErrorHandler(callsErrorHandler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  api.post('/tenants/:tenantId/calls', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Place call for agent',
      description: 'Rings the agent\'s device first (status 6 for a queue call, 10 for a direct call); when it answers, the number is dialled and bridged on answer. Answered once the call is recorded; its progress shows in the agent status and the tenant\'s events.',
      params: TenantParams, body: PlaceCallBody, response: { 200: PlaceCallResult, ...errorResponses },
    },
  }, async (request) => {
    const placed = await calls.place(tenantOf(request), fromPlaceCallBody(request.body));
    return { ...ok(reasons.placed), interactionGuid: placed.interactionGuid };
  });

  api.put('/tenants/:tenantId/calls/:interactionId/agent/:agentId/transaction-codes', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Set transaction codes for the agent and interaction',
      description: 'Replaces the interaction\'s codes; allowed while the call is up and during its post-processing. When post-processing was only waiting for required codes, it ends.',
      params: InteractionAgentParams, body: TransactionCodesBody, response: { 200: Result, ...errorResponses },
    },
  }, async (request) => {
    const { interactionId, agentId } = request.params;
    await calls.setTransactionCodes(tenantOf(request).id, interactionId, agentId, fromTransactionCodesBody(request.body), 'vcc');
    return ok(reasons.codesSet);
  });

  api.delete('/tenants/:tenantId/calls/:interactionId', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'End call based on interactionId',
      description: 'Ends the call. With `endPostProcessing` its post-processing ends too (also on a call that has already ended but is still in post-processing). A call already over answers 409.',
      params: InteractionParams, querystring: EndCallQuery, response: { 200: Result, ...errorResponses },
    },
  }, async (request) => {
    const { interactionId } = request.params;
    await calls.endCall(tenantOf(request).id, interactionId, { endPostProcessing: endPostProcessingFlag(request.query.endPostProcessing), by: 'vcc' });
    return ok(reasons.ended(interactionId));
  });

  api.delete('/tenants/:tenantId/calls/:interactionId/agent/:agentId', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Hang up call for agent based on agentId',
      description: 'Hangs up the agent\'s leg; a two-party call then ends (a queue call goes to post-processing).',
      params: InteractionAgentParams, response: { 200: Result, ...errorResponses },
    },
  }, async (request) => {
    const { interactionId, agentId } = request.params;
    const legId = await calls.hangUpAgent(tenantOf(request).id, interactionId, agentId);
    return ok(reasons.hungUp(legId, interactionId));
  });

  api.delete('/tenants/:tenantId/agents/:agentId/calls', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Free agent lines',
      description: 'Hangs up the agent\'s calls on both lines: one reason per leg hung up. Lines already free answer 200 with a reason saying so.',
      params: AgentParams, response: { 200: Result, ...errorResponses },
    },
  }, async (request) => {
    const { agentId } = request.params;
    const freed = await calls.freeLines(tenantOf(request).id, agentId, null);
    return ok(...reasons.allFreed(freed, agentId));
  });

  api.delete('/tenants/:tenantId/agents/:agentId/calls/line/:lineNo', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Free specific agent line',
      description: 'Hangs up the agent\'s call on line 1 or 2. A free line answers 200 with a reason saying so; another line number is a 400.',
      params: LineParams, response: { 200: Result, ...errorResponses },
    },
  }, async (request) => {
    const { agentId, lineNo } = request.params;
    if (lineNo !== 1 && lineNo !== 2) throw new RuleViolationError(`Line [${lineNo}] does not exist: an agent has line 1 and line 2`, 'lineNo');
    const freed = await calls.freeLines(tenantOf(request).id, agentId, lineNo);
    return ok(...reasons.lineFreed(freed, agentId, lineNo));
  });
}
