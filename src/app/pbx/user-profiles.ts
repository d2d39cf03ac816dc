import type { StoreTx } from '../../ports/storage.ts';
import { defaultProfile, USER_RECORD, type UserProfile } from '../../domain/users/user-profile.ts';
import { PERMISSION_GROUPS } from '../../domain/users/permissions.ts';
import type { Core } from '../core.ts';

/** The permission group of agents created without a profile (tenant file, admin API): "Agent". */
const AGENT_GROUP = PERMISSION_GROUPS[3]?.id ?? 0;

/**
 * The PBX user profiles (`UserProfile`), held in memory like the directory holds agents: auth reads
 * one on every request. Agents created elsewhere (tenant file, admin API) have no stored profile and
 * read as active agents of the "Agent" permission group created at time 0.
 * @example profiles.of(tenant.id, agent.agentId).is_agent; // true
 */
export class UserProfiles {
  private readonly cache = new Map<string, UserProfile>();
  /** Per tenant, the users that are not agents: read on every VCC agent-status request, so kept, not computed. */
  private readonly nonAgentIds = new Map<string, Set<string>>();

  constructor(private readonly core: Core) {}

  async load(): Promise<void> {
    this.cache.clear();
    this.nonAgentIds.clear();
    for (const r of await this.core.store.listRecords<UserProfile>(null, USER_RECORD)) this.remember(r.tenantId, r.key, { ...implicitProfile(), ...r.body });
  }

  of(tenantId: string, agentId: string): UserProfile {
    return this.cache.get(`${tenantId}\u0000${agentId}`) ?? implicitProfile();
  }

  /** Whether the user has a stored profile (created or changed through the PBX API). */
  has(tenantId: string, agentId: string): boolean {
    return this.cache.has(`${tenantId}\u0000${agentId}`);
  }

  /** Agent ids of the tenant's users that are not call-center agents (`is_agent` false): the VCC views leave them out. */
  nonAgents(tenantId: string): ReadonlySet<string> {
    return this.nonAgentIds.get(tenantId) ?? NONE;
  }

  /** Writes a profile inside a transaction; call `remember` after the commit. */
  write(tx: StoreTx, tenantId: string, agentId: string, profile: UserProfile): Promise<void> {
    return tx.putRecord(tenantId, USER_RECORD, agentId, profile);
  }

  remember(tenantId: string, agentId: string, profile: UserProfile | null): void {
    if (profile === null) this.cache.delete(`${tenantId}\u0000${agentId}`);
    else this.cache.set(`${tenantId}\u0000${agentId}`, profile);
    let hidden = this.nonAgentIds.get(tenantId);
    if (profile !== null && !profile.is_agent) {
      if (!hidden) this.nonAgentIds.set(tenantId, (hidden = new Set()));
      hidden.add(agentId);
    } else hidden?.delete(agentId);
  }
}

const NONE: ReadonlySet<string> = new Set();

function implicitProfile(): UserProfile {
  return { ...defaultProfile(0), is_agent: true, in_reports: true, pgroup_id: AGENT_GROUP };
}
