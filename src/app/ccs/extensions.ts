import { EXTENSION_RECORD, extensionOf, type CcsExtension, type CcsExtensionSettings } from '../../domain/ccs/extension.ts';
import type { StoreTx } from '../../ports/storage.ts';
import type { Core } from '../core.ts';

/**
 * The CCS extensions of every tenant: each user's stored `ccs_extension` settings over the
 * defaults (`extensionOf`), indexed by extension uuid and number. Settings are cached; the
 * indexes are rebuilt per tenant when a user or extension changes.
 * @example platform.ccs.extensions.byUuid(tenant.id, 'az123456-7c49-49a8-80fc-ae173a422a36')
 */
export class CcsExtensions {
  private readonly settings = new Map<string, Map<string, CcsExtensionSettings>>();
  private readonly indexes = new Map<string, { byUuid: Map<string, CcsExtension>; byNumber: Map<string, CcsExtension> }>();

  constructor(private readonly core: Core) {
    core.bus.subscribe(({ tenantId, event }) => {
      if (event.type === 'agent.created' || event.type === 'agent.deleted' || event.type === 'agent.updated' || event.type === 'tenant.created') this.indexes.delete(tenantId);
    });
  }

  async load(): Promise<void> {
    this.settings.clear();
    this.indexes.clear();
    for (const r of await this.core.store.listRecords<CcsExtensionSettings>(null, EXTENSION_RECORD)) this.settingsOf(r.tenantId).set(r.key, r.body);
  }

  /** The extension of a user of the tenant, or undefined when there is no such user. */
  of(tenantId: string, agentId: string): CcsExtension | undefined {
    const tenant = this.core.directory.tenantById(tenantId);
    const agent = this.core.directory.agent(tenantId, agentId);
    if (!tenant || !agent) return undefined;
    return extensionOf({ tenantUuid: tenant.ccsUuid, agentId, userId: agent.userId, name: agent.name }, this.settingsOf(tenantId).get(agentId) ?? {});
  }

  /** The stored settings of a user (what a write starts from). */
  storedSettings(tenantId: string, agentId: string): CcsExtensionSettings {
    return this.settingsOf(tenantId).get(agentId) ?? {};
  }

  byUuid(tenantId: string, uuid: string): CcsExtension | undefined {
    return this.index(tenantId).byUuid.get(uuid);
  }

  byNumber(tenantId: string, extension: string): CcsExtension | undefined {
    return this.index(tenantId).byNumber.get(extension);
  }

  /** Every extension of the tenant, by extension number. */
  list(tenantId: string): CcsExtension[] {
    return [...this.index(tenantId).byUuid.values()].sort((a, b) => a.extension.localeCompare(b.extension, 'en', { numeric: true }));
  }

  async write(tx: StoreTx, tenantId: string, agentId: string, settings: CcsExtensionSettings): Promise<void> {
    await tx.putRecord(tenantId, EXTENSION_RECORD, agentId, settings);
  }

  /** After a commit: the cache holds what was written. */
  remember(tenantId: string, agentId: string, settings: CcsExtensionSettings | null): void {
    if (settings === null) this.settingsOf(tenantId).delete(agentId);
    else this.settingsOf(tenantId).set(agentId, settings);
    this.indexes.delete(tenantId);
  }

  private settingsOf(tenantId: string): Map<string, CcsExtensionSettings> {
    let map = this.settings.get(tenantId);
    if (!map) this.settings.set(tenantId, (map = new Map()));
    return map;
  }

  private index(tenantId: string): { byUuid: Map<string, CcsExtension>; byNumber: Map<string, CcsExtension> } {
    let index = this.indexes.get(tenantId);
    if (index) return index;
    index = { byUuid: new Map(), byNumber: new Map() };
    for (const agent of this.core.directory.agentsPage(tenantId, null, Number.MAX_SAFE_INTEGER).agents) {
      const extension = this.of(tenantId, agent.agentId);
      if (!extension) continue;
      index.byUuid.set(extension.uuid, extension);
      index.byNumber.set(extension.extension, extension);
    }
    this.indexes.set(tenantId, index);
    return index;
  }
}
