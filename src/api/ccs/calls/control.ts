import { CcsCallControl } from '../../../app/ccs/call-control.ts';
import type { Platform } from '../../../app/platform.ts';
import type { CcsCallRecord } from '../../../domain/ccs/call-record.ts';
import { RuleViolationError } from '../../../domain/errors.ts';
import type { TenantRecord } from '../../../ports/storage.ts';

/** The requests of `POST /calls/<call_id>` (`ccs-api-overview.txt` 4.22–4.27). */
export const CALL_REQUESTS = ['startSuppression', 'stopSuppression', 'kill', 'wait_transfer', 'wait_redirect', 'wait_kill'] as const;
export type CallRequest = (typeof CALL_REQUESTS)[number];

/** The body of `POST /calls/<call_id>` as the route's schema lets it through. */
export interface CallControlBody {
  readonly request: string;
  readonly target?: string;
}

/** The success body (`NOTES.md` §7: the document cuts it off): `success`, the call id, the request, and what it did. */
export type CallControlAnswer = { success: true; call_id: string; request: CallRequest } & Record<string, unknown>;

function isCallRequest(value: string): value is CallRequest {
  return (CALL_REQUESTS as readonly string[]).includes(value);
}

/** `target` of wait_transfer / wait_redirect: required, non-empty. */
function requiredTarget(body: CallControlBody, what: string): string {
  const target = body.target?.trim();
  if (target === undefined || target === '') throw new RuleViolationError(`target is required for ${body.request} (${what})`, 'target');
  return target;
}

/**
 * `POST /6/v2/api/calls/<call_id>` (API + Call Control, tenant-level users; the route checks the
 * permissions first): validates the request and runs it on the call (`NOTES.md` §8).
 * Bodies: suppression `{success, call_id, request, suppressed}`; kill / wait_kill
 * `{success, call_id, request, killed: true}`; wait_redirect `{success, call_id, request, target}`;
 * wait_transfer `{success, call_id, request, target, target_type: 'extension'|'acd'|'number'}`.
 * A call in the wrong state (not connected, not recorded, not waiting, ended) is a 409 with a reason.
 * @example await controlCall(platform, { request: 'startSuppression' }, tenant, record); // { success: true, call_id: '0KUGX3Z8ABCDE', request: 'startSuppression', suppressed: true }
 */
export async function controlCall(platform: Platform, body: CallControlBody, tenant: TenantRecord, record: CcsCallRecord): Promise<CallControlAnswer> {
  const { request } = body;
  if (!isCallRequest(request)) throw new RuleViolationError(`request must be one of ${CALL_REQUESTS.join(', ')} (got '${request}')`, 'request');
  const control = new CcsCallControl(platform);
  const done = { success: true as const, call_id: record.callId, request };
  switch (request) {
    case 'startSuppression':
    case 'stopSuppression': {
      const after = await control.suppress(tenant.id, record.callId, request === 'startSuppression');
      return { ...done, suppressed: after.suppressed.at(-1)?.end === null };
    }
    case 'kill':
      await control.kill(tenant.id, record.callId);
      return { ...done, killed: true };
    case 'wait_kill':
      await control.waitKill(tenant.id, record.callId);
      return { ...done, killed: true };
    case 'wait_redirect': {
      const target = requiredTarget(body, 'an inbound ACD uuid of the tenant');
      await control.waitRedirect(tenant.id, record.callId, target);
      return { ...done, target };
    }
    case 'wait_transfer': {
      const target = requiredTarget(body, 'an extension, an ACD extension or a number of 3 to 20 digits');
      const sent = await control.waitTransfer(tenant.id, record.callId, target);
      return { ...done, target, target_type: sent.kind === 'agent' ? 'extension' : sent.kind };
    }
  }
}
