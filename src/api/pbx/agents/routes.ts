import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../../../app/platform.ts';
import type { Agent } from '../../../domain/agent.ts';
import { NotFoundError, RuleViolationError } from '../../../domain/errors.ts';
import { Permission } from '../../../domain/users/permissions.ts';
import { HttpRefusal } from '../../http/failures.ts';
import { callerOf, requirePermission, type PbxCaller } from '../auth.ts';
import { Done, DONE, Envelope, ok, pbxErrors } from '../envelope.ts';
import { toPbxQueue } from '../queues/mappers.ts';
import { PbxQueue } from '../queues/schemas.ts';
import {
  CheckInCode, CheckInDeviceQuery, CheckInQuery, Originated, OriginateQuery, SetPauseQuery, SetQueuesQuery, UserQuery, WrapUpQuery,
} from './schemas.ts';
import type { OriginateQuery as OriginateParams, SetQueuesQuery as SetQueuesParams } from './schemas.ts';

const TAGS = ['PBX agents'];
const SECURITY = [{ pbxApiKey: [] }];
const schemaBase = { tags: TAGS, security: SECURITY };
const errors = { ...pbxErrors, 408: Type.Ref('PbxError') };

/**
 * An id given as text: a whole number, else not found (`NOTES.md` §2: never a 400 for an id's form).
 * @example idOf('17798', 'user'); // 17798
 */
export function idOf(text: string, entity: string): number {
  const value = text.trim();
  if (!/^[0-9]{1,10}$/.test(value) || Number(value) > 2_147_483_647) throw new NotFoundError(entity, value);
  return Number(value);
}

/** `forceCheckOut`, `sip_auto_answer`: 1/0 (true/false accepted); absent or empty: false. */
export function flagOf(text: string | undefined, field: string): boolean {
  if (text === undefined || text === '' || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  throw new RuleViolationError(`${field}: '${text}' is not allowed; send 1 or 0`, field);
}

/** Queue ids from every accepted form (see the schema), in the order given. */
export function queueIdsOf(query: SetQueuesParams): number[] {
  const given = query.queue_ids ?? query['queue_ids[]'];
  if (given === undefined) throw new RuleViolationError('queue_ids: required (send an empty value to leave every queue)', 'queue_ids');
  const parts = (Array.isArray(given) ? given : [given]).flatMap((part) => {
    const text = part.trim();
    if (text.startsWith('[')) {
      try {
        return (JSON.parse(text) as unknown[]).map(String);
      } catch {
        throw new RuleViolationError(`queue_ids: '${text}' is not a JSON array of ids`, 'queue_ids');
      }
    }
    return text.split(',');
  });
  return parts.map((p) => p.trim()).filter((p) => p !== '').map((p) => idOf(p, 'queue'));
}

/**
 * The user an action targets: `user_id`, else the caller. Acting on another user needs the
 * "Agents" permission (checked before the id is looked up, so ids of a tenant don't leak).
 */
function targetOf(request: FastifyRequest, platform: Platform, userId: string | undefined): { caller: PbxCaller; agent: Agent } {
  const caller = callerOf(request);
  if (userId === undefined || userId.trim() === '' || userId.trim() === String(caller.user.userId)) return { caller, agent: caller.user };
  requirePermission(request, Permission.Agents);
  return { caller, agent: platform.pbx.queues.agentByUserId(caller.tenant.id, String(idOf(userId, 'user'))) };
}

/** The originate's agent: the device's user, else `user_id`, else the extension's (none exist yet), else the caller. */
async function originateTarget(request: FastifyRequest, platform: Platform, query: OriginateParams): Promise<{ caller: PbxCaller; agent: Agent }> {
  const caller = callerOf(request);
  if (query.device_id !== undefined && query.device_id !== '') {
    const device = await platform.pbx.agents.device(caller.tenant.id, idOf(query.device_id, 'device'));
    if (device.agentId === null) throw new RuleViolationError(`device_id: device ${device.id} is not assigned to a user`, 'device_id');
    if (device.agentId !== caller.user.agentId) requirePermission(request, Permission.Agents);
    return { caller, agent: platform.directory.requireAgent(caller.tenant.id, device.agentId) };
  }
  if (query.user_id !== undefined && query.user_id !== '') return targetOf(request, platform, query.user_id);
  if (query.extension !== undefined && query.extension !== '') throw new NotFoundError('extension', query.extension);
  return { caller, agent: caller.user };
}

const NAMED = ['lead_id', 'cnam', 'display_cid', 'display_cnam'] as const;

/**
 * `/api/cc_agent/*` (`pbx-callcenter-api.md`, Agents and Originate; `NOTES.md` §3, §7, §8): check in
 * with a code or a device, check out, pauses, joined queues (also at `/api/setQueues`), wrap-up,
 * originate. On oneself no extra permission is needed; on another user, "Agents".
 */
export async function agentRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const control = platform.pbx.agents;

  api.get('/cc_agent/checkIn', {
    schema: {
      ...schemaBase, summary: 'Check in: get the code to dial', querystring: CheckInQuery, response: { 200: Envelope(CheckInCode), ...errors },
      description: '`data` is `***` and four digits: dialled from one of the user\'s devices (or an unassigned one) within 5 minutes, it checks the user in with that device '
        + '(available, `agent:checkin` with the device). A new request replaces the user\'s pending code. An already checked-in user gets a code too: dialling it moves the user to that device (presence kept). '
        + 'A device another user is checked in on refuses the code unless `forceCheckOut=1` was sent, which also checks the user out of its current device at once.',
    },
  }, async (request) => {
    const { caller, agent } = targetOf(request, platform, request.query.user_id);
    return ok(await control.checkIn(caller.tenant.id, agent.agentId, flagOf(request.query.forceCheckOut, 'forceCheckOut')));
  });

  api.get('/cc_agent/checkOut', {
    schema: {
      ...schemaBase, summary: 'Check out', querystring: UserQuery, response: { 200: Done, ...errors },
      description: 'The user is logged out (VCC 1) and its device released. During a call the check-out is accepted and applied when the call and its post-processing end. A user not checked in: nothing changes (200).',
    },
  }, async (request) => {
    const { caller, agent } = targetOf(request, platform, request.query.user_id);
    await control.checkOut(caller.tenant.id, agent.agentId);
    return DONE;
  });

  api.get('/cc_agent/checkInDevice', {
    schema: {
      ...schemaBase, summary: 'Check in with a device at once', querystring: CheckInDeviceQuery, response: { 200: Done, ...errors },
      description: 'The device must be the user\'s or unassigned (else 400). Another user checked in on it: 409 naming that user, or with `forceCheckOut=1` that user is checked out. '
        + 'The user leaves its current device (one device at a time); from logged out it becomes available, otherwise its presence is kept.',
    },
  }, async (request) => {
    const { caller, agent } = targetOf(request, platform, request.query.user_id);
    const deviceId = idOf(request.query.device_id, 'device');
    await control.checkInDevice(caller.tenant.id, agent.agentId, deviceId, flagOf(request.query.forceCheckOut, 'forceCheckOut'));
    return DONE;
  });

  api.get('/cc_agent/setPause', {
    schema: {
      ...schemaBase, summary: 'Set or unset a pause', querystring: SetPauseQuery, response: { 200: Done, ...errors },
      description: '`id` 0: available (VCC 4). Otherwise a reason item of the status code lists of the user\'s group: a break reason → on break (VCC 3), an offline reason → working offline (VCC 5); '
        + 'a sign-out reason is refused (use checkOut); unknown: 404. Not checked in: 409. During a call the change applies when the call and its post-processing end.',
    },
  }, async (request) => {
    const { caller, agent } = targetOf(request, platform, request.query.user_id);
    await control.setPause(caller.tenant.id, agent.agentId, idOf(request.query.id, 'pause'));
    return DONE;
  });

  const setQueues = {
    schema: {
      ...schemaBase, summary: 'Set the queues the user has joined', querystring: SetQueuesQuery, response: { 200: Envelope(Type.Union([PbxQueue, Type.Array(PbxQueue)])), ...errors },
      description: 'The joined queues become exactly `queue_ids` (routing uses joined queues where the user has a tier). Each queue must exist (404) and hold a tier of the user (400: add the user to the queue first). '
        + '`data`: with one id, that queue record (as the document\'s example); with several, an array of them in the order given; with none, an empty array.',
    },
  } as const;
  const setQueuesHandler = async (request: FastifyRequest<{ Querystring: SetQueuesParams }>) => {
    const { caller, agent } = targetOf(request, platform, request.query.user_id);
    const queues = await control.setQueues(caller.tenant.id, agent.agentId, queueIdsOf(request.query));
    const wire = queues.map((q) => toPbxQueue(q, caller.tenant, platform));
    return ok(wire.length === 1 && wire[0] !== undefined ? wire[0] : wire);
  };
  api.get('/cc_agent/setQueues', setQueues, setQueuesHandler);
  api.get('/setQueues', { schema: { ...setQueues.schema, summary: 'Set the queues the user has joined (the document\'s example path; same as /api/cc_agent/setQueues)' } }, setQueuesHandler);

  api.get('/cc_agent/wrapup', {
    schema: {
      ...schemaBase, summary: 'Change the wrap-up time', querystring: WrapUpQuery, response: { 200: Done, ...errors },
      description: 'For a user in post-processing: it ends `seconds` from now (0: now; a queue that requires transaction codes still waits for them). Without `seconds`, the user\'s default wrap-up time '
        + '(the user\'s own, else the queue\'s, else the account default) is added to the time left. Not in post-processing: 409.',
    },
  }, async (request) => {
    const { caller, agent } = targetOf(request, platform, request.query.user_id);
    await control.wrapUp(caller.tenant.id, agent.agentId, request.query.seconds ?? null);
    return DONE;
  });

  api.get('/cc_agent/originate', {
    schema: {
      ...schemaBase, summary: 'Originate a call (click to call)', querystring: OriginateQuery, response: { 200: Originated, ...errors },
      description: 'Rings the agent\'s device; once it answers, the destination is dialled and bridged on answer. Answers when the device has answered: `uuid` is the call\'s first (agent) leg id '
        + '(PBX call events\' `call_id`). When the device does not answer (busy, rejected, no answer within the ring timeout, unreachable): 409 with the reason; when no outcome comes within the ring timeout '
        + 'plus 5 s of wall-clock time (e.g. a virtual clock that is not advanced): 408 and the call is ended. The user must be checked in (409). `lead_id`, `cnam`, `display_cid` and `display_cnam` '
        + 'are kept with the call (its `extTransactionData`).',
    },
  }, async (request) => {
    const { query } = request;
    const { caller, agent } = await originateTarget(request, platform, query);
    const data = NAMED.flatMap((name) => (query[name] === undefined || query[name] === '' ? [] : [{ name, value: query[name] }]));
    const result = await control.originate(caller.tenant, {
      agentId: agent.agentId, destination: query.destination, callerId: query.cid ?? '', data, autoAnswer: flagOf(query.sip_auto_answer, 'sip_auto_answer'),
    });
    if (result.answered) return { success: true as const, uuid: result.uuid };
    if (result.timedOut) throw new HttpRefusal(408, `originate: the agent's device (user ${agent.userId}) gave no answer in time; the call was ended`);
    throw new HttpRefusal(409, `originate: the agent's device (user ${agent.userId}) did not answer (${result.cause})`);
  });
}
