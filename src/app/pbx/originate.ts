import type { NameValue } from '../../domain/calls/interaction.ts';
import type { LoggedEvent } from '../../domain/events.ts';
import type { TenantRecord } from '../../ports/storage.ts';
import type { Platform } from '../platform.ts';

/** PBX `originate` in the core's terms. */
export interface OriginateRequest {
  readonly agentId: string;
  readonly destination: string;
  /** `cid`: presented only when it is one of the tenant's channels (`NOTES.md` §4). */
  readonly callerId: string;
  /** `lead_id`, `cnam`, `display_cid`, `display_cnam` as given: kept with the call for its events. */
  readonly data: readonly NameValue[];
  /** `sip_auto_answer=1`: the device answers at once (simulated telephony). */
  readonly autoAnswer: boolean;
}

/** How an originate ended: the agent's device answered, or it did not (with the leg's end cause). */
export type OriginateResult =
  | { readonly answered: true; readonly uuid: string; readonly interactionGuid: string }
  | { readonly answered: false; readonly cause: string; readonly timedOut: boolean; readonly uuid: string };

/** How long past the ring timeout (wall clock) an originate waits before giving up. */
const MARGIN_MS = 5_000;

/**
 * Places the call (the agent's device rings first; once it answers the destination is dialled,
 * `NOTES.md` §4) and waits until the device answered or failed (`NOTES.md` §8), watching the
 * committed events of the agent leg. Bounded by `waitMs` of wall-clock time (a virtual clock
 * may not move meanwhile); when that runs out the call is ended.
 * @example const r = await originate(platform, tenant, { agentId, destination: '16175551984', callerId: '', data: [], autoAnswer: true }, 35_000);
 */
export async function originate(platform: Platform, tenant: TenantRecord, request: OriginateRequest, waitMs: number): Promise<OriginateResult> {
  const seen: LoggedEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = platform.bus.subscribe((logged) => {
    const { type } = logged.event;
    if (logged.tenantId !== tenant.id || (type !== 'leg.answered' && type !== 'leg.ended' && type !== 'interaction.ended')) return;
    seen.push(logged);
    wake?.();
  });
  try {
    const placed = await platform.calls.place(tenant, {
      agentId: request.agentId, prefix: '', number: request.destination, callerId: request.callerId, queueId: null, dialPlanId: null, forceCall: false,
      ...(request.data.length > 0 && { extTransactionData: request.data }),
    });
    if (request.autoAnswer) platform.simulator()?.answer(placed.agentLegId);
    const deadline = Date.now() + waitMs + MARGIN_MS;
    for (;;) {
      const outcome = decided(seen, placed.interactionGuid, placed.agentLegId);
      if (outcome) return outcome;
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
    await platform.calls.endCall(tenant.id, placed.interactionGuid, { endPostProcessing: true, by: 'pbx' }).catch(() => undefined);
    return { answered: false, cause: 'no_answer', timedOut: true, uuid: placed.agentLegId };
  } finally {
    unsubscribe();
  }
}

/** The agent leg answered, or ended (or the call ended) before answering; null while it rings. */
function decided(seen: readonly LoggedEvent[], guid: string, legId: string): OriginateResult | null {
  for (const { event } of seen) {
    if (event.type === 'leg.answered' && event.legId === legId) return { answered: true, uuid: legId, interactionGuid: guid };
    if (event.type === 'leg.ended' && event.legId === legId) return { answered: false, cause: event.cause, timedOut: false, uuid: legId };
    if (event.type === 'interaction.ended' && event.interactionGuid === guid) return { answered: false, cause: event.cause, timedOut: false, uuid: legId };
  }
  return null;
}
