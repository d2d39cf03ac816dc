import type { Store } from '../../ports/storage.ts';
import { Sessions } from '../access/sessions.ts';
import { newSecret, sha256Hex } from '../security.ts';

/** Who a CCS bearer token acts for (`NOTES.md` §1: telco-level or tenant-level). */
export type CcsSubject =
  | { readonly level: 'telco'; readonly telcoUuid: string; readonly userUuid: string }
  | { readonly level: 'tenant'; readonly tenantId: string; readonly agentId: string };

export type ResolvedToken = CcsSubject & { readonly expiresAt: number };

export const CCS_TOKEN_RECORD = 'ccs_token';
const TELCO_PREFIX = 'ccs.telco_token.';

interface TelcoTokenSetting {
  readonly telcoUuid: string;
  readonly userUuid: string;
  readonly expiresAt: number;
  readonly revoked?: boolean;
}

/**
 * CCS bearer tokens: opaque 256-bit secrets from `POST /6/v2/api/login`, stored as SHA-256 with
 * their expiry (wall clock, `NOTES.md` §10), revocable at once. Tenant-level users' tokens are
 * records of their tenant (so deleting the tenant's data takes them); telco users' are settings.
 * Lookups are served from memory after the first.
 * @example const { token } = await tokens.issue({ level: 'tenant', tenantId, agentId }, 3600);
 */
export class CcsTokens {
  private readonly tenantTokens: Sessions;
  private readonly telcoCache = new Map<string, TelcoTokenSetting>();

  constructor(
    private readonly store: Store,
    private readonly wallNow: () => number = Date.now,
  ) {
    this.tenantTokens = new Sessions(store, wallNow, CCS_TOKEN_RECORD);
  }

  async load(): Promise<void> {
    await this.tenantTokens.load();
  }

  async issue(subject: CcsSubject, ttlSeconds: number): Promise<{ token: string; expiresAt: number }> {
    if (subject.level === 'tenant') return this.tenantTokens.open(subject.tenantId, subject.agentId, ttlSeconds);
    const token = newSecret();
    const setting: TelcoTokenSetting = { telcoUuid: subject.telcoUuid, userUuid: subject.userUuid, expiresAt: this.wallNow() + ttlSeconds * 1000 };
    const digest = sha256Hex(token);
    await this.store.transaction((tx) => tx.setSetting(TELCO_PREFIX + digest, JSON.stringify(setting)));
    this.telcoCache.set(digest, setting);
    return { token, expiresAt: setting.expiresAt };
  }

  /** The live token's subject; undefined for an unknown, expired or revoked token. */
  async resolve(token: string): Promise<ResolvedToken | undefined> {
    const owner = this.tenantTokens.resolve(token);
    if (owner) return { level: 'tenant', tenantId: owner.tenantId, agentId: owner.agentId, expiresAt: owner.expiresAt };
    const setting = await this.telcoSetting(sha256Hex(token));
    if (!setting || setting.revoked === true || setting.expiresAt <= this.wallNow()) return undefined;
    return { level: 'telco', telcoUuid: setting.telcoUuid, userUuid: setting.userUuid, expiresAt: setting.expiresAt };
  }

  /** Revokes a token at once; returns whether it was live. */
  async revoke(token: string): Promise<boolean> {
    if (await this.tenantTokens.close(token)) return true;
    const digest = sha256Hex(token);
    const setting = await this.telcoSetting(digest);
    if (!setting || setting.revoked === true) return false;
    const revoked = { ...setting, revoked: true };
    this.telcoCache.set(digest, revoked);
    await this.store.transaction((tx) => tx.setSetting(TELCO_PREFIX + digest, JSON.stringify(revoked)));
    return true;
  }

  /** Ends every token of a tenant-level user (deleted, or the password changed). */
  async revokeAllOf(tenantId: string, agentId: string): Promise<void> {
    await this.tenantTokens.closeAll(tenantId, agentId);
  }

  private async telcoSetting(digest: string): Promise<TelcoTokenSetting | undefined> {
    const cached = this.telcoCache.get(digest);
    if (cached) return cached;
    const raw = await this.store.getSetting(TELCO_PREFIX + digest);
    if (raw === undefined) return undefined;
    const setting = JSON.parse(raw) as TelcoTokenSetting;
    if (this.telcoCache.size > 100_000) this.telcoCache.clear();
    this.telcoCache.set(digest, setting);
    return setting;
  }
}
