import type { TextCounters } from '../../domain/ccs/tenant-profile.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { CarriedText, TextEvent } from '../../telephony/simulated/simulated-driver.ts';
import { commitChange } from '../core.ts';
import type { Platform } from '../platform.ts';
import { TENANT_PROFILE_KEY, TENANT_PROFILE_RECORD, type CcsTenantProfile } from '../../domain/ccs/tenant-profile.ts';

/** How long `carry` waits for its text to be counted before giving up. */
const COUNT_TIMEOUT_MS = 10_000;

interface Waiter {
  readonly resolve: (counters: TextCounters) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The CCS text counters (`ccs-api-overview.txt` 4.9, 4.10; `NOTES.md` §8): every SMS/MMS the
 * telephony carries to or from a tenant's numbers increments the tenant's counter (its profile's
 * `texts`), durably, under the tenant's lock; a reset zeroes both and records when.
 * @example await platform.ccs.texts.reset(tenant.id);
 */
export class CcsTexts {
  private readonly waiting = new Map<string, Waiter>();

  constructor(private readonly platform: Platform) {}

  /** Listens to the simulated telephony (other drivers carry no texts yet). */
  start(): void {
    this.platform.simulator()?.onText((text) => void this.count(text));
  }

  /**
   * Has the simulated telephony carry a text; resolves with the tenant's counters once counted.
   * @throws ConflictError when the telephony is not simulated.
   */
  carry(text: CarriedText): Promise<TextCounters> {
    const driver = this.platform.simulator();
    if (!driver) throw new ConflictError('the telephony is not simulated; texts are carried by the simulated driver only');
    return new Promise<TextCounters>((resolve, reject) => {
      const textId = driver.carryText(text);
      // Security/delivery time: the wall clock, not the contact-center clock.
      const timer = setTimeout(() => {
        this.waiting.delete(textId);
        reject(new Error(`text ${textId} was not counted within ${COUNT_TIMEOUT_MS} ms`));
      }, COUNT_TIMEOUT_MS);
      const settle = (): void => {
        clearTimeout(timer);
        this.waiting.delete(textId);
      };
      this.waiting.set(textId, { resolve: (c) => (settle(), resolve(c)), reject: (e) => (settle(), reject(e)) });
    });
  }

  /** Zeroes the tenant's counters and records when (contact-center time). */
  reset(tenantId: string): Promise<TextCounters> {
    const resetAt = this.platform.clock.now();
    return this.update(tenantId, () => ({ sms: 0, mms: 0, resetAt }));
  }

  private async count(text: TextEvent): Promise<void> {
    const waiter = this.waiting.get(text.textId);
    try {
      const counters = await this.update(text.tenantId, (t) => ({ ...t, [text.kind]: t[text.kind] + 1 }));
      waiter?.resolve(counters);
    } catch (error) {
      waiter?.reject(error);
    }
  }

  private update(tenantId: string, next: (texts: TextCounters) => TextCounters): Promise<TextCounters> {
    const { platform } = this;
    return platform.locks.run(tenantId, async () => {
      const before = platform.ccs.tenants.of(tenantId);
      const profile: CcsTenantProfile = { ...before, texts: next(before.texts) };
      await commitChange(platform, tenantId, [{ type: 'record.changed', kind: TENANT_PROFILE_RECORD, key: TENANT_PROFILE_KEY, change: 'put' }],
        (tx) => platform.ccs.tenants.write(tx, tenantId, profile),
        () => platform.ccs.tenants.remember(tenantId, profile));
      return profile.texts;
    });
  }
}
