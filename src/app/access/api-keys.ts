import { NotFoundError } from '../../domain/errors.ts';
import { commitChange, type Core } from '../core.ts';
import { newSecret, sha256Hex } from '../security.ts';

/** What is stored of a key: never the key itself (`NOTES.md` §1: SHA-256, the record's key). */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly agentId: string;
  readonly label: string;
  /** Wall-clock ms. */
  readonly createdAt: number;
}

/** A key's owner, as auth needs it. */
export interface KeyOwner {
  readonly tenantId: string;
  readonly agentId: string;
  readonly keyId: string;
}

export const API_KEY_RECORD = 'api_key';

/**
 * Per-user PBX API keys (`NOTES.md` §1): high-entropy secrets created and revoked through the admin
 * API, stored as SHA-256 digests, looked up in memory so auth costs one hash and one map read. A
 * lookup by digest compares no secret bytes, so it leaks nothing about other keys' values.
 * @example const { key } = await keys.create(tenant.id, agent.agentId, { label: 'CRM' });
 */
export class ApiKeys {
  private readonly byDigest = new Map<string, KeyOwner>();

  constructor(
    private readonly core: Core,
    private readonly wallNow: () => number = Date.now,
  ) {}

  async load(): Promise<void> {
    this.byDigest.clear();
    for (const r of await this.core.store.listRecords<ApiKeyRecord>(null, API_KEY_RECORD)) {
      this.byDigest.set(r.key, { tenantId: r.tenantId, agentId: r.body.agentId, keyId: r.body.keyId });
    }
  }

  /** Creates a key for a user; `key` given (the demo's shared secret) or generated. The key is returned once. */
  async create(tenantId: string, agentId: string, options: { label?: string; key?: string } = {}): Promise<{ keyId: string; key: string; record: ApiKeyRecord }> {
    this.core.directory.requireAgent(tenantId, agentId);
    const key = options.key ?? newSecret();
    const digest = sha256Hex(key);
    const existing = this.byDigest.get(digest);
    if (existing) return { keyId: existing.keyId, key, record: { keyId: existing.keyId, agentId: existing.agentId, label: options.label ?? '', createdAt: 0 } };
    const record: ApiKeyRecord = { keyId: `key_${newSecret().slice(0, 16)}`, agentId, label: options.label ?? '', createdAt: this.wallNow() };
    await commitChange(this.core, tenantId, [{ type: 'record.changed', kind: API_KEY_RECORD, key: record.keyId, change: 'put' }],
      (tx) => tx.putRecord(tenantId, API_KEY_RECORD, digest, record),
      () => void this.byDigest.set(digest, { tenantId, agentId, keyId: record.keyId }));
    return { keyId: record.keyId, key, record };
  }

  /** The tenant's keys (of one user, when given), oldest first. */
  async list(tenantId: string, agentId?: string): Promise<ApiKeyRecord[]> {
    const records = await this.core.store.listRecords<ApiKeyRecord>(tenantId, API_KEY_RECORD);
    return records.map((r) => r.body).filter((k) => agentId === undefined || k.agentId === agentId).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Revokes a key at once. @throws NotFoundError for an unknown key id. */
  async revoke(tenantId: string, keyId: string): Promise<void> {
    const digest = [...this.byDigest].find(([, owner]) => owner.tenantId === tenantId && owner.keyId === keyId)?.[0];
    if (digest === undefined) throw new NotFoundError('API key', keyId);
    this.byDigest.delete(digest); // refused from now on, even before the commit lands
    await commitChange(this.core, tenantId, [{ type: 'record.changed', kind: API_KEY_RECORD, key: keyId, change: 'deleted' }],
      (tx) => tx.deleteRecord(tenantId, API_KEY_RECORD, digest));
  }

  /** Revokes every key of a user (the user was deleted). */
  async revokeAll(tenantId: string, agentId: string): Promise<void> {
    for (const key of await this.list(tenantId, agentId)) await this.revoke(tenantId, key.keyId);
  }

  /** The owner of a presented key, if it is a live key. */
  lookup(key: string): KeyOwner | undefined {
    return this.byDigest.get(sha256Hex(key));
  }
}
