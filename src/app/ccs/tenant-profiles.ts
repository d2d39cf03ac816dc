import { defaultProfile, TENANT_PROFILE_KEY, TENANT_PROFILE_RECORD, type CcsTenantProfile } from '../../domain/ccs/tenant-profile.ts';
import type { CcsRole } from '../../domain/ccs/permissions.ts';
import type { StoreTx, TenantRecord } from '../../ports/storage.ts';
import type { Core } from '../core.ts';

export const TENANT_ROLE_RECORD = 'ccs_role';

/**
 * The CCS side of each tenant: its profile (telco, products, limits, details, text counters) and
 * its tenant roles, cached; tenants by CCS uuid. Writers go through `write`/`remember` under the
 * tenant's lock.
 * @example platform.ccs.tenants.byUuid('327241fd-1234-46fe-9276-cc65dac6feae')
 */
export class CcsTenantProfiles {
  private readonly profiles = new Map<string, CcsTenantProfile>();
  private readonly roles = new Map<string, CcsRole[]>();
  private uuidIndex: Map<string, string> | null = null;

  constructor(private readonly core: Core) {
    core.bus.subscribe(({ event }) => {
      if (event.type === 'tenant.created') this.uuidIndex = null;
    });
  }

  async load(): Promise<void> {
    this.profiles.clear();
    this.roles.clear();
    for (const r of await this.core.store.listRecords<CcsTenantProfile>(null, TENANT_PROFILE_RECORD)) this.profiles.set(r.tenantId, r.body);
    for (const r of await this.core.store.listRecords<Omit<CcsRole, 'uuid'>>(null, TENANT_ROLE_RECORD)) this.rolesOf(r.tenantId).push({ uuid: r.key, ...r.body });
  }

  byUuid(uuid: string): TenantRecord | undefined {
    if (!this.uuidIndex) this.uuidIndex = new Map(this.core.directory.tenants().map((t) => [t.ccsUuid, t.id]));
    const id = this.uuidIndex.get(uuid);
    return id === undefined ? undefined : this.core.directory.tenantById(id);
  }

  /** The tenant's profile; a tenant never given one has the defaults (created at the epoch). */
  of(tenantId: string): CcsTenantProfile {
    return this.profiles.get(tenantId) ?? defaultProfile(0);
  }

  /** Tenants whose telco is `telcoUuid`, by name. */
  ofTelco(telcoUuid: string): TenantRecord[] {
    return this.core.directory.tenants().filter((t) => this.of(t.id).telcoUuid === telcoUuid);
  }

  tenantRoles(tenantId: string): readonly CcsRole[] {
    return this.roles.get(tenantId) ?? [];
  }

  async write(tx: StoreTx, tenantId: string, profile: CcsTenantProfile): Promise<void> {
    await tx.putRecord(tenantId, TENANT_PROFILE_RECORD, TENANT_PROFILE_KEY, profile);
  }

  remember(tenantId: string, profile: CcsTenantProfile): void {
    this.profiles.set(tenantId, profile);
  }

  async writeRole(tx: StoreTx, tenantId: string, role: CcsRole): Promise<void> {
    await tx.putRecord(tenantId, TENANT_ROLE_RECORD, role.uuid, { name: role.name, permissions: role.permissions });
  }

  rememberRole(tenantId: string, role: CcsRole): void {
    const list = this.rolesOf(tenantId);
    const at = list.findIndex((r) => r.uuid === role.uuid);
    if (at >= 0) list[at] = role;
    else list.push(role);
  }

  private rolesOf(tenantId: string): CcsRole[] {
    let list = this.roles.get(tenantId);
    if (!list) this.roles.set(tenantId, (list = []));
    return list;
  }
}
