import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../../domain/errors.ts';
import { CHECKED_IN_RECORD, type CheckedIn } from '../../domain/users/check-in.ts';
import type { DeliveryDestination } from '../../ports/storage.ts';
import type { MapperContext } from '../delivery/mappers.ts';
import type { Platform } from '../platform.ts';
import { pbxMapper, type PbxLookups } from './push/pbx-mapper.ts';

/** The delivery destination id of an account's push URL (one per tenant). */
export const PBX_PUSH_ID = 'pbx-push';
/** The delivery kind of the PBX push events. */
export const PBX_PUSH_KIND = 'pbx';

/** What `set` takes: the Event Push Notifications URL and, optionally, the signing secret. */
export interface PushSettings {
  readonly url: string;
  /** Kept when omitted on a change; generated (`whsec_…`) when omitted at creation. */
  readonly secret?: string;
}

/** The push destination after `set`; `secret` only when it was generated now (shown once). */
export interface PushSetResult {
  readonly destination: DeliveryDestination;
  readonly created: boolean;
  readonly generatedSecret: string | null;
}

/**
 * The account's Event Push Notifications URL (`pbx-callcenter-api.md`, Events): a delivery
 * destination of kind `pbx` with the fixed id `pbx-push`, so the PBX push events get the shared
 * delivery's promises (at least once, ordered, signed, retried, allow-listed). Registers the
 * `pbx` mapper when constructed — before `delivery.start()`, so destinations resume after a restart.
 * @example await platform.pbx.eventPush.set(tenant.id, { url: 'https://crm.example.com/pbx-events' });
 */
export class EventPush {
  constructor(readonly platform: Platform) {
    platform.delivery.mappers.register(PBX_PUSH_KIND, pbxMapper(this.lookups()));
  }

  /** The push destination, or undefined when the account has none. */
  async get(tenantId: string): Promise<DeliveryDestination | undefined> {
    return this.platform.store.getDestination(tenantId, PBX_PUSH_ID);
  }

  /**
   * Creates the push destination (events logged from now on) or changes its URL/secret (keeping
   * its cursor and undelivered messages, which go to the new URL) and switches it on.
   * @throws RuleViolationError naming `url` (not an http(s) URL), OutboundAddressRefusedError (an address not allowed)
   */
  async set(tenantId: string, settings: PushSettings): Promise<PushSetResult> {
    const { delivery } = this.platform;
    if (await this.get(tenantId)) {
      const patch = { url: settings.url, enabled: true, ...(settings.secret !== undefined && { secret: settings.secret }) };
      return { destination: await delivery.update(tenantId, PBX_PUSH_ID, patch), created: false, generatedSecret: null };
    }
    const secret = settings.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
    const destination = await delivery.create(tenantId, { url: settings.url, secret, kind: PBX_PUSH_KIND, destinationId: PBX_PUSH_ID });
    return { destination, created: true, generatedSecret: settings.secret === undefined ? secret : null };
  }

  /** Removes the push destination and its undelivered messages; false when there was none. */
  async clear(tenantId: string): Promise<boolean> {
    try {
      await this.platform.delivery.delete(tenantId, PBX_PUSH_ID);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  private lookups(): PbxLookups {
    const { directory } = this.platform;
    return {
      accountId: (tenantId) => directory.tenantById(tenantId)?.pbxAccountId ?? null,
      userId: async (tenantId, agentId, ctx: MapperContext) =>
        directory.agent(tenantId, agentId)?.userId ?? (await ctx.store.getAgent(tenantId, agentId))?.userId ?? null,
      deviceId: async (tenantId, agentId, ctx: MapperContext) =>
        (await ctx.store.getRecord<CheckedIn>(tenantId, CHECKED_IN_RECORD, agentId))?.body.deviceId ?? null,
    };
  }
}
