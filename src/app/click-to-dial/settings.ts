import { Type, type Static } from '@sinclair/typebox';
import { randomBytes } from 'node:crypto';
import { commitChange } from '../core.ts';
import type { Platform } from '../platform.ts';

/**
 * A tenant's integration settings for click-to-dial (`vcc-click-to-dial.txt`, "Configuration
 * Manager, Integration, Screen Pop"): the screen pop (on/off, its URL, the account and role it is
 * given), "auto logs for phone" (with the screen pop, it gates the callbacks), the CRM connector
 * that `ctl_action=create` uses, and the secret callbacks are signed with.
 */
export const CrmConnectorSpec = Type.Union([
  Type.Object({ type: Type.Literal('local') }, { additionalProperties: false, description: 'Records are kept by Switchboard (GET /admin/v1/tenants/{t}/crm/records)' }),
  Type.Object({
    type: Type.Literal('http'),
    url: Type.String({ format: 'uri', maxLength: 2048, description: 'Records are POSTed here as JSON (signed like webhooks); the answer names the new id: {"id": "..."}' }),
  }, { additionalProperties: false }),
]);
export type CrmConnectorSpec = Static<typeof CrmConnectorSpec>;

export const ClickToDialSettingsSpec = Type.Object({
  screenPop: Type.Optional(Type.Object({
    enabled: Type.Optional(Type.Boolean()),
    url: Type.Optional(Type.Union([Type.String({ format: 'uri', maxLength: 2048 }), Type.Null()], { description: 'The screen-pop URL the workspace opens (`ctl_launchopt=true`), http or https' })),
    account: Type.Optional(Type.String({ maxLength: 256, description: 'Sent as `Account`' })),
    role: Type.Optional(Type.String({ maxLength: 256, description: 'Screen-pop target type, sent as `Role`' })),
  }, { additionalProperties: false })),
  autoLogsPhone: Type.Optional(Type.Boolean({ description: '"Auto Logs for Phone Media": with the screen pop on, callbacks (`ctl_callbackUrl`) are sent' })),
  crm: Type.Optional(CrmConnectorSpec),
  callbackSecret: Type.Optional(Type.String({ minLength: 16, maxLength: 256, description: 'Signs callbacks (X-Switchboard-Signature); random when not given' })),
}, { additionalProperties: false });
export type ClickToDialSettingsSpec = Static<typeof ClickToDialSettingsSpec>;

export interface ClickToDialSettings {
  readonly screenPop: { readonly enabled: boolean; readonly url: string | null; readonly account: string; readonly role: string };
  readonly autoLogsPhone: boolean;
  readonly crm: CrmConnectorSpec;
  readonly callbackSecret: string;
}

export const SETTINGS_RECORD = 'ctd_settings';
const KEY = 'settings';

const defaults = (): ClickToDialSettings => ({
  screenPop: { enabled: false, url: null, account: '', role: '' },
  autoLogsPhone: false,
  crm: { type: 'local' },
  callbackSecret: `ctdsec_${randomBytes(24).toString('base64url')}`,
});

/** The settings with a change applied (only what the change names). */
export function mergeSettings(current: ClickToDialSettings, change: ClickToDialSettingsSpec): ClickToDialSettings {
  return {
    screenPop: { ...current.screenPop, ...change.screenPop },
    autoLogsPhone: change.autoLogsPhone ?? current.autoLogsPhone,
    crm: change.crm ?? current.crm,
    callbackSecret: change.callbackSecret ?? current.callbackSecret,
  };
}

/**
 * Each tenant's click-to-dial settings: a tenant record, cached. A tenant that never set them gets
 * the defaults (everything off, the local CRM) with a random callback secret, stored on first read.
 * @example const s = await settings.of(tenant.id); if (s.screenPop.enabled) …
 */
export class ClickToDialSettingsStore {
  private readonly cache = new Map<string, ClickToDialSettings>();

  constructor(private readonly platform: Platform) {}

  async of(tenantId: string): Promise<ClickToDialSettings> {
    const cached = this.cache.get(tenantId);
    if (cached) return cached;
    const stored = (await this.platform.store.getRecord<ClickToDialSettings>(tenantId, SETTINGS_RECORD, KEY))?.body;
    if (stored) {
      this.cache.set(tenantId, stored);
      return stored;
    }
    return this.update(tenantId, {});
  }

  /** Applies a change (admin API, tenant file) and answers the new settings. */
  update(tenantId: string, change: ClickToDialSettingsSpec): Promise<ClickToDialSettings> {
    return this.platform.locks.run(`ctd-settings:${tenantId}`, async () => {
      const stored = (await this.platform.store.getRecord<ClickToDialSettings>(tenantId, SETTINGS_RECORD, KEY))?.body;
      const next = mergeSettings(stored ?? defaults(), change);
      if (stored !== undefined && JSON.stringify(stored) === JSON.stringify(next)) {
        this.cache.set(tenantId, stored);
        return stored; // nothing changed: nothing to log (loading the demo again changes nothing)
      }
      await commitChange(this.platform, tenantId, [{ type: 'record.changed', kind: SETTINGS_RECORD, key: KEY, change: 'put' }],
        (tx) => tx.putRecord(tenantId, SETTINGS_RECORD, KEY, next), () => void this.cache.set(tenantId, next));
      return next;
    });
  }
}
