import { NotFoundError } from '../domain/errors.ts';
import type { Presence } from '../domain/agent.ts';
import type { TenantRecord } from '../ports/storage.ts';
import type { AgentStatusService } from './agent-status-service.ts';
import { commitChange, type Core } from './core.ts';
import { newSecret, sha256Hex } from './security.ts';

/**
 * Run-time tenant administration: credentials and feature switches.
 * @example const token = await admin.rotateActionToken('acmecorp01');
 */
export class TenantAdmin {
  constructor(
    private readonly core: Core,
    private readonly agentStatus: AgentStatusService,
  ) {}

  requireTenant(name: string): TenantRecord {
    const tenant = this.core.directory.tenantByName(name);
    if (!tenant) throw new NotFoundError('tenant', name);
    return tenant;
  }

  /** Makes a new Action Request Token; the old one stops working at once (`NOTES.md` §1). */
  async rotateActionToken(name: string): Promise<string> {
    const tenant = this.requireTenant(name);
    const token = newSecret();
    const hash = sha256Hex(token);
    await this.core.locks.run(tenant.id, () =>
      commitChange(
        this.core,
        tenant.id,
        [{ type: 'tenant.credentials_rotated' }],
        (tx) => tx.setActionTokenHash(tenant.id, hash),
        () => this.core.directory.putTenant({ ...this.requireTenant(name), actionTokenHash: hash }),
      ),
    );
    return token;
  }

  /** Switches the tenant's VCC "Agent Status API" on or off. */
  async setAgentStatusApi(name: string, enabled: boolean): Promise<TenantRecord> {
    const tenant = this.requireTenant(name);
    return this.core.locks.run(tenant.id, async () => {
      const current = this.requireTenant(name);
      if (current.features.agentStatusApi === enabled) return current;
      const features = { ...current.features, agentStatusApi: enabled };
      await commitChange(
        this.core,
        tenant.id,
        [{ type: 'tenant.feature_changed', feature: 'agentStatusApi', enabled }],
        (tx) => tx.updateTenant(tenant.id, { features }),
        () => this.core.directory.putTenant({ ...current, features }),
      );
      return this.requireTenant(name);
    });
  }

  /**
   * Puts agents back into given presences (the demo's fixtures), logging each change as
   * an admin change. Agents not named are left alone.
   */
  async resetPresences(name: string, presences: ReadonlyMap<string, Presence>): Promise<number> {
    const tenant = this.requireTenant(name);
    const known = [...presences].filter(([agentId]) => this.core.directory.agent(tenant.id, agentId));
    const results = await Promise.all(known.map(([agentId, presence]) => this.agentStatus.force(tenant.id, agentId, presence, 'admin')));
    return results.filter((r) => r.changed).length;
  }
}
