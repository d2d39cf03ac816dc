import type { Store } from '../../ports/storage.ts';
import { newSecret, sha256Hex } from '../security.ts';

interface SessionRecord {
  readonly agentId: string;
  /** Wall-clock ms: security time is always the wall clock (`NOTES.md` §10). */
  readonly expiresAt: number;
  readonly createdAt: number;
}

/** A live session's owner. */
export interface SessionOwner {
  readonly tenantId: string;
  readonly agentId: string;
  readonly expiresAt: number;
}

export const SESSION_RECORD = 'session';
/** Sessions without a user `session_ttl` last this long. */
export const DEFAULT_SESSION_TTL_S = 8 * 3600;

/**
 * Login sessions of people (PBX `/api/user/login`; the agent workspace later): an opaque cookie
 * token, stored as its SHA-256 digest with its expiry, so a restart keeps people logged in and a
 * leaked database holds no usable token. Lookups are served from memory.
 * @example const { token } = await sessions.open(tenant.id, agent.agentId, 3600);
 */
export class Sessions {
  private readonly cache = new Map<string, SessionOwner>();

  constructor(
    private readonly store: Store,
    private readonly wallNow: () => number = Date.now,
    /** The record kind: PBX/workspace sessions, or CCS bearer tokens of tenant-level users. */
    private readonly kind: string = SESSION_RECORD,
  ) {}

  async load(): Promise<void> {
    this.cache.clear();
    for (const r of await this.store.listRecords<SessionRecord>(null, this.kind)) {
      this.cache.set(r.key, { tenantId: r.tenantId, agentId: r.body.agentId, expiresAt: r.body.expiresAt });
    }
  }

  async open(tenantId: string, agentId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: number }> {
    const token = newSecret();
    const digest = sha256Hex(token);
    const now = this.wallNow();
    const record: SessionRecord = { agentId, createdAt: now, expiresAt: now + ttlSeconds * 1000 };
    await this.store.transaction((tx) => tx.putRecord(tenantId, this.kind, digest, record));
    this.cache.set(digest, { tenantId, agentId, expiresAt: record.expiresAt });
    return { token, expiresAt: record.expiresAt };
  }

  /** The owner of a live session; an expired one is forgotten. */
  resolve(token: string): SessionOwner | undefined {
    const digest = sha256Hex(token);
    const owner = this.cache.get(digest);
    if (owner === undefined) return undefined;
    if (owner.expiresAt > this.wallNow()) return owner;
    void this.drop(owner.tenantId, digest).catch(() => undefined); // forgotten in memory already; the row goes at the next load
    return undefined;
  }

  async close(token: string): Promise<boolean> {
    const digest = sha256Hex(token);
    const owner = this.cache.get(digest);
    if (owner === undefined) return false;
    await this.drop(owner.tenantId, digest);
    return true;
  }

  /** Ends every session of a person (deleted, or the password changed). */
  async closeAll(tenantId: string, agentId: string): Promise<void> {
    const digests = [...this.cache].filter(([, o]) => o.tenantId === tenantId && o.agentId === agentId).map(([d]) => d);
    for (const digest of digests) await this.drop(tenantId, digest);
  }

  private async drop(tenantId: string, digest: string): Promise<void> {
    this.cache.delete(digest);
    await this.store.transaction((tx) => tx.deleteRecord(tenantId, this.kind, digest));
  }
}
