import { Type } from '@sinclair/typebox';
import type { Platform } from '../../../app/platform.ts';
import type { CcsExtension } from '../../../domain/ccs/extension.ts';
import { AgentUnavailableError } from '../../../domain/calls/errors.ts';
import { QueueType, type Queue } from '../../../domain/calls/queue.ts';
import { RuleViolationError } from '../../../domain/errors.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import { HttpRefusal } from '../../http/failures.ts';

/** `target`: digits with an optional leading `+`, 3 to 20 of them. */
const TARGET = /^\+?[0-9]{3,20}$/;
/** A whole international number without its `+`: 8 to 15 digits, no leading 0. */
const INTERNATIONAL = /^[1-9][0-9]{7,14}$/;

/** `POST /tenants/<t>/extensions/<e>` with `{"request": "dial", ...}` (`ccs-api-overview.txt` 4.28). */
export const DialBody = Type.Object({
  request: Type.Literal('dial'),
  target: Type.String({ description: 'The number to call: digits, optional leading +, 3 to 20 (the agent\'s or tenant\'s dial plan applies)' }),
  outbound_queue_uuid: Type.String({ description: 'The uuid of one of the tenant\'s outbound queues' }),
});

/** Our design (the document cuts it off, `NOTES.md` §7): the CCS id of the new call, as `/calls/<call_id>` shows it. */
export const DialResponse = Type.Object({
  success: Type.Literal(true),
  call_id: Type.String({ description: 'The new call\'s id (13 upper-case alphanumerics); GET /calls/<call_id> follows it' }),
}, { description: 'The call is placed: the agent\'s device rings first, then the target is dialled and bridged on answer (progress → answered → ended).' });

function targetOf(body: Record<string, unknown>): string {
  const target = body.target;
  if (typeof target !== 'string' || !TARGET.test(target.trim())) throw new HttpRefusal(400, 'target: digits with an optional leading +, 3 to 20 of them, are required');
  return target.trim();
}

function outboundQueueOf(platform: Platform, tenant: TenantRecord, body: Record<string, unknown>): Queue {
  const uuid = body.outbound_queue_uuid;
  if (typeof uuid !== 'string' || uuid.trim() === '') throw new HttpRefusal(400, 'outbound_queue_uuid: the uuid of an outbound queue is required');
  for (const queue of platform.directory.calls.of(tenant.id).queues.values()) {
    if (queue.ccsUuid === uuid && queue.type === QueueType.Outbound) return queue;
  }
  throw new HttpRefusal(404, `outbound_queue_uuid: outbound queue '${uuid}' not found`);
}

/**
 * Places the call. The tenant's dial plan reads `target` first; a target it refuses that is a
 * whole international number without its `+` (the document's `819735552106`) is dialled as one.
 */
async function place(platform: Platform, tenant: TenantRecord, extension: CcsExtension, target: string, queue: Queue): Promise<string> {
  const request = { agentId: extension.agentId, prefix: '', number: target, callerId: '', queueId: queue.id, dialPlanId: null, forceCall: false };
  try {
    return (await platform.calls.place(tenant, request)).interactionGuid;
  } catch (error) {
    if (!numberRefused(error) || !INTERNATIONAL.test(target)) throw asTarget(error);
  }
  try {
    return (await platform.calls.place(tenant, { ...request, number: `+${target}` })).interactionGuid;
  } catch (error) {
    throw asTarget(error);
  }
}

function numberRefused(error: unknown): error is RuleViolationError {
  return error instanceof RuleViolationError && !(error instanceof AgentUnavailableError) && error.field === 'number';
}

/** The core names the field `number`; the CCS body calls it `target`. */
function asTarget(error: unknown): unknown {
  return numberRefused(error) ? new HttpRefusal(400, `target: ${error.message}`) : error;
}

/**
 * CCS `dial` (click to call, 4.28): places a call for the extension's agent through the core —
 * the agent's device rings first, then `target` is dialled on the outbound queue — and answers
 * the new call's CCS id (the projector's, so `GET /calls/<id>` finds it at once). The route checks
 * the caller (API + Call Control, tenant-level) and the extension before this.
 * @example await dialFor(platform, tenant, extension, { request: 'dial', target: '819735552106', outbound_queue_uuid: uuid }); // { success: true, call_id: '0KUGX3Z8…' }
 */
export async function dialFor(platform: Platform, tenant: TenantRecord, extension: CcsExtension, body: unknown): Promise<{ success: true; call_id: string }> {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const number = targetOf(fields);
  const queue = outboundQueueOf(platform, tenant, fields);
  const guid = await place(platform, tenant, extension, number, queue);
  await platform.ccs.calls.caughtUp(tenant.id);
  const call = await platform.ccs.calls.byInteraction(tenant.id, guid);
  if (!call) throw new Error(`the placed call ${guid} was not projected`);
  return { success: true, call_id: call.callId };
}
