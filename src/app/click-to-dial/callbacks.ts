import { createHash } from 'node:crypto';
import type { EventMapper, WireFormat } from '../delivery/mappers.ts';
import type { Platform } from '../platform.ts';

/** The delivery kind of click-to-dial callbacks (`docs/delivery.md`). */
export const CALLBACK_KIND = 'ctd-callback';

/** A callback as it waits in the outbox: the URL (tokens replaced) and the form fields. */
interface CallbackBody {
  readonly url: string;
  readonly fields: { readonly ctl_userdata: string; readonly resultCode: string; readonly errorString: string };
}

/**
 * Callbacks of one receiving origin: the completed transactions whose `ctl_callbackUrl` is on the
 * destination's origin. Each origin is a destination of its own, so callbacks reach one receiver
 * in order and a failing receiver never holds back another's (`NOTES.md` §6).
 */
export const callbackMapper: EventMapper = (logged, { destination }) => {
  const { event } = logged;
  if (event.type !== 'click_to_dial.completed' || event.callbackUrl === null) return [];
  if (new URL(event.callbackUrl).origin !== new URL(destination.url).origin) return [];
  const body: CallbackBody = { url: event.callbackUrl, fields: { ctl_userdata: event.ctlUserData, resultCode: event.resultCode, errorString: event.errorString } };
  return [{ type: 'click_to_dial.callback', body }];
};

/** The callback on the wire: `POST <url>` form-encoded (`NOTES.md` §5), signed like every pushed request. */
export const callbackWire: WireFormat = (body) => {
  const { url, fields } = body as CallbackBody;
  return { url, contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() };
};

/** The destination id of an origin's callbacks (stable, so the same origin always reuses it). */
export function callbackDestinationId(origin: string): string {
  return `ctd_${createHash('sha256').update(origin).digest('base64url').slice(0, 22)}`;
}

/**
 * Makes sure the origin of `url` has its callback destination, created before the completion that
 * needs it is logged (a new destination follows the log from its creation on). Refused addresses
 * throw (the outbound policy: `NOTES.md` §6).
 * @example await ensureCallbackDestination(platform, tenant.id, 'https://crm.example.com/cb?t=1', secret);
 */
export async function ensureCallbackDestination(platform: Platform, tenantId: string, url: string, secret: string): Promise<void> {
  const origin = new URL(url).origin;
  const destinationId = callbackDestinationId(origin);
  await platform.locks.run(`ctd-destination:${tenantId}`, async () => {
    const existing = await platform.store.getDestination(tenantId, destinationId);
    if (existing === undefined) await platform.delivery.create(tenantId, { url: `${origin}/`, secret, kind: CALLBACK_KIND, destinationId });
    else if (existing.secret !== secret) await platform.delivery.update(tenantId, destinationId, { secret });
  });
}
