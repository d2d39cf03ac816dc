import type { Agent, AgentGroup } from '../domain/agent.ts';
import { NotFoundError } from '../domain/errors.ts';
import { ReasonCatalogue, type StatusCodeList } from '../domain/reason-codes.ts';
import type { AllowedReasons } from '../domain/status-change.ts';
import type { Store, TenantRecord } from '../ports/storage.ts';
import { CallConfigs } from './calls/call-configs.ts';

interface TenantEntry {
  record: TenantRecord;
  catalogue: ReasonCatalogue;
  groups: Map<number, AgentGroup>;
  agents: Map<string, Agent>;
  /** Agents by PBX user id (the PBX routes name users by it). */
  byUserId: Map<number, Agent>;
  /** Agents ordered by id, for paging; rebuilt lazily after an insert. */
  sorted: Agent[] | null;
}

/**
 * The committed state of tenants and agents, held in memory for cheap reads on the hot
 * path (auth, GET agent status). It is only ever updated after a commit, from what was
 * committed, and rebuilt from the store at start-up.
 */
export class Directory {
  private readonly byId = new Map<string, TenantEntry>();
  private readonly byName = new Map<string, TenantEntry>();
  private readonly byApiUsername = new Map<string, TenantEntry>();
  /** Queues, code lists, dial plans, channels and other call settings, per tenant. */
  readonly calls = new CallConfigs();

  static async load(store: Store): Promise<Directory> {
    const directory = new Directory();
    for (const tenant of await store.listTenants()) {
      const [lists, groups, agents] = await Promise.all([
        store.listStatusCodeLists(tenant.id),
        store.listAgentGroups(tenant.id),
        store.listAgents(tenant.id),
      ]);
      directory.putTenant(tenant);
      directory.putCatalogue(tenant.id, lists, groups);
      for (const agent of agents) directory.putAgent(agent);
      await directory.calls.reload(store, tenant.id);
    }
    return directory;
  }

  tenants(): TenantRecord[] {
    return [...this.byId.values()].map((e) => e.record).sort((a, b) => a.name.localeCompare(b.name));
  }

  tenantById(id: string): TenantRecord | undefined {
    return this.byId.get(id)?.record;
  }

  tenantByName(name: string): TenantRecord | undefined {
    return this.byName.get(name)?.record;
  }

  tenantByApiUsername(username: string): TenantRecord | undefined {
    return this.byApiUsername.get(username)?.record;
  }

  agent(tenantId: string, agentId: string): Agent | undefined {
    return this.byId.get(tenantId)?.agents.get(agentId);
  }

  requireAgent(tenantId: string, agentId: string): Agent {
    const agent = this.agent(tenantId, agentId);
    if (!agent) throw new NotFoundError('agent', agentId);
    return agent;
  }

  /** The tenant's agent with this username (a scan: provisioning and admin use only). */
  agentByUsername(tenantId: string, username: string): Agent | undefined {
    for (const agent of this.entry(tenantId).agents.values()) if (agent.username === username) return agent;
    return undefined;
  }

  /** Agents with ids after `after` (exclusive), in id order, at most `limit`. */
  agentsPage(tenantId: string, after: string | null, limit: number): { agents: Agent[]; more: boolean } {
    const entry = this.entry(tenantId);
    entry.sorted ??= [...entry.agents.values()].sort((a, b) => compareIds(a.agentId, b.agentId));
    const sorted = entry.sorted;
    const start = after === null ? 0 : firstAfter(sorted, after);
    return { agents: sorted.slice(start, start + limit), more: start + limit < sorted.length };
  }

  agentCount(tenantId: string): number {
    return this.entry(tenantId).agents.size;
  }

  catalogue(tenantId: string): ReasonCatalogue {
    return this.entry(tenantId).catalogue;
  }

  groups(tenantId: string): AgentGroup[] {
    return [...this.entry(tenantId).groups.values()];
  }

  /** The reason codes an agent may use: those of its group's lists. */
  allowedReasons(agent: Agent): AllowedReasons {
    const entry = this.entry(agent.tenantId);
    const group = agent.groupId === null ? undefined : entry.groups.get(agent.groupId);
    return { catalogue: entry.catalogue, listIds: new Set(group?.statusCodeListIds ?? []) };
  }

  putTenant(record: TenantRecord): void {
    const existing = this.byId.get(record.id);
    if (existing) {
      this.byApiUsername.delete(existing.record.apiUsername);
      existing.record = record;
    }
    const entry = existing ?? { record, catalogue: new ReasonCatalogue([]), groups: new Map(), agents: new Map(), byUserId: new Map(), sorted: null };
    this.byId.set(record.id, entry);
    this.byName.set(record.name, entry);
    this.byApiUsername.set(record.apiUsername, entry);
  }

  putCatalogue(tenantId: string, lists: readonly StatusCodeList[], groups: readonly AgentGroup[]): void {
    const entry = this.entry(tenantId);
    entry.catalogue = new ReasonCatalogue(lists);
    entry.groups = new Map(groups.map((g) => [g.id, g]));
  }

  putAgent(agent: Agent): void {
    const entry = this.entry(agent.tenantId);
    if (!entry.agents.has(agent.agentId)) entry.sorted = null;
    else if (entry.sorted) {
      const index = firstAfter(entry.sorted, agent.agentId) - 1;
      if (entry.sorted[index]?.agentId === agent.agentId) entry.sorted[index] = agent;
    }
    entry.agents.set(agent.agentId, agent);
    entry.byUserId.set(agent.userId, agent);
  }

  /** Forgets a deleted agent (after the commit that deleted it). */
  removeAgent(tenantId: string, agentId: string): void {
    const entry = this.byId.get(tenantId);
    const agent = entry?.agents.get(agentId);
    if (!entry || !agent) return;
    entry.agents.delete(agentId);
    entry.byUserId.delete(agent.userId);
    entry.sorted = null;
  }

  /** The tenant's agent (user) with this PBX user id. */
  agentByUserId(tenantId: string, userId: number): Agent | undefined {
    return this.byId.get(tenantId)?.byUserId.get(userId);
  }

  private entry(tenantId: string): TenantEntry {
    const entry = this.byId.get(tenantId);
    if (!entry) throw new NotFoundError('tenant', tenantId);
    return entry;
  }
}

/** Plain code-unit order, the same as the databases' binary collation of ASCII ids. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index of the first agent whose id sorts after `id` (binary search). */
function firstAfter(sorted: readonly Agent[], id: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as Agent).agentId <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
