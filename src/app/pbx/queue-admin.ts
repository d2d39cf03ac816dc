import { DEFAULT_ROUTING, type QueueRouting, type Tier } from '../../domain/acd/routing.ts';
import type { Agent } from '../../domain/agent.ts';
import { QueueType, type Queue, type QueueSettings } from '../../domain/calls/queue.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../domain/errors.ts';
import { checkNewQueue } from '../../domain/ccs/licences.ts';
import { queuesOrAgentsChanged, type CallConfigDefined, type DomainEvent } from '../../domain/events.ts';
import { commitChange } from '../core.ts';
import type { Platform } from '../platform.ts';

/**
 * A tier as written through the PBX API: `[id, mode, position, level, timegroup_id]`, where `id`
 * is the user id (queue routes) or the queue id (user routes); `field` names the row in messages.
 */
export interface TierInput {
  readonly id: number;
  readonly mode: number;
  readonly position: number;
  readonly level: number;
  readonly timeGroupId: number | null;
  readonly field: string;
}

/** Settings to change: a value sets it, null clears it, absent leaves it. */
export type SettingsChanges = { readonly [K in keyof QueueSettings]?: QueueSettings[K] | null };

/** What a create or update changes; absent parts stay as they are. */
export interface QueueChanges {
  readonly name?: string;
  readonly routing?: Partial<QueueRouting>;
  readonly settings?: SettingsChanges;
  /** Replaces the queue's tiers. */
  readonly tiers?: readonly TierInput[];
}

/** How row writes combine with the tiers already there. */
export type RowsMode = 'add' | 'replace';

const callConfigEvent = (queueIds: readonly number[]): CallConfigDefined => queuesOrAgentsChanged({ queueIds });

function mergeSettings(current: QueueSettings | undefined, changes: SettingsChanges | undefined): QueueSettings {
  const merged: Record<string, unknown> = { ...current, ...changes };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null && v !== undefined)) as QueueSettings;
}

/** Tiers with `replace`d or `add`ed (an agent already tiered is updated in place) entries, keyed by agent. */
function combineTiers(current: readonly Tier[], incoming: readonly Tier[], mode: RowsMode): Tier[] {
  if (mode === 'replace') return [...new Map(incoming.map((t) => [t.agentId, t])).values()];
  const byAgent = new Map(current.map((t) => [t.agentId, t]));
  for (const tier of incoming) byAgent.set(tier.agentId, tier);
  return [...byAgent.values()];
}

/**
 * PBX queue administration (`pbx-callcenter-api.md`, Queues; `NOTES.md` §2): queues with their
 * routing, settings and tiers. Each change commits the queue with a `call_config.defined` event
 * (and `queue.deleted` for a delete), then refreshes the directory's call configuration; the ACD
 * reloads the tenant's router on that event, as after a tenant file.
 * @example await platform.pbx.queues.create(tenant.id, { name: 'Sales', routing: { strategy: 'round-robin', timeBaseScore: 'queue' } });
 */
export class QueueAdmin {
  constructor(readonly platform: Platform) {}

  /** The tenant's queues (every type), by id. */
  list(tenantId: string): Queue[] {
    return [...this.platform.directory.calls.of(tenantId).queues.values()].sort((a, b) => a.id - b.id);
  }

  /** @throws NotFoundError for an id that is not one of the tenant's queues (any form). */
  get(tenantId: string, id: string | number): Queue {
    const queue = /^[0-9]{1,10}$/.test(String(id)) ? this.platform.directory.calls.of(tenantId).queues.get(Number(id)) : undefined;
    if (!queue) throw new NotFoundError('queue', String(id));
    return queue;
  }

  /** Creates an inbound queue with the tenant's next free id. */
  create(tenantId: string, changes: QueueChanges): Promise<Queue> {
    return this.platform.locks.run(tenantId, async () => {
      const name = changes.name ?? '';
      this.checkName(tenantId, name, null);
      checkNewQueue(this.platform.ccs.tenants.of(tenantId).limits, this.platform.ccs.licences.usage(tenantId)); // CCS max_queues (NOTES.md §8)
      const id = Math.max(0, ...this.list(tenantId).map((q) => q.id)) + 1;
      const queue: Queue = {
        tenantId, id, name, type: QueueType.Inbound, ccsUuid: null, extension: null, wrapUpSeconds: null, transactionCodeListIds: [],
        codesRequired: false, routing: { ...DEFAULT_ROUTING, ...changes.routing }, settings: mergeSettings(undefined, changes.settings),
        tiers: this.tiersOf(tenantId, changes.tiers ?? []),
      };
      await this.save(tenantId, [queue]);
      return queue;
    });
  }

  /** Changes only what `changes` holds; `tiers` replaces the tiers. */
  update(tenantId: string, id: string | number, changes: QueueChanges): Promise<Queue> {
    return this.platform.locks.run(tenantId, async () => {
      const current = this.get(tenantId, id);
      if (changes.name !== undefined) this.checkName(tenantId, changes.name, current.id);
      const queue: Queue = {
        ...current,
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.routing && { routing: { ...(current.routing ?? DEFAULT_ROUTING), ...changes.routing } }),
        ...(changes.settings && { settings: mergeSettings(current.settings, changes.settings) }),
        ...(changes.tiers && { tiers: this.tiersOf(tenantId, changes.tiers) }),
      };
      await this.save(tenantId, [queue]);
      return queue;
    });
  }

  /**
   * Deletes a queue with the tenant numbers leading to it.
   * @throws ConflictError while callers are in the queue (waiting, ringing or connected).
   */
  delete(tenantId: string, id: string | number): Promise<void> {
    return this.platform.locks.run(tenantId, async () => {
      const queue = this.get(tenantId, id);
      const callers = this.platform.acd.state.callersOf(tenantId, queue.id).length;
      if (callers > 0) throw new ConflictError(`id: queue ${queue.id} has ${callers} caller(s) in it; delete it when they have left`);
      const events: DomainEvent[] = [{ type: 'queue.deleted', queueId: queue.id }, callConfigEvent([queue.id])];
      await commitChange(this.platform, tenantId, events, (tx) => tx.deleteQueue(tenantId, queue.id), async () => {
        await this.platform.directory.calls.reload(this.platform.store, tenantId);
        // The ACD's reload only puts the queues that exist: the deleted one leaves its router here.
        this.platform.acd.state.router(tenantId).removeQueue(queue.id);
      });
      await this.leaveEverywhere(tenantId, queue.id);
    });
  }

  /** Agents who had joined a deleted queue leave it (each a `queue:leave` push), so no joined list names a queue that is gone. */
  private async leaveEverywhere(tenantId: string, queueId: number): Promise<void> {
    const { directory, agentWriter, acd } = this.platform;
    for (const { agentId } of directory.agentsPage(tenantId, null, Number.MAX_SAFE_INTEGER).agents) {
      const joined = agentWriter.current(tenantId, agentId).state.routing?.joined ?? [];
      if (joined.includes(queueId)) await acd.setJoinedQueues(tenantId, agentId, joined.filter((q) => q !== queueId));
    }
  }

  /** Adds (an agent already tiered is updated) or replaces a queue's tiers from `[user_id, …]` rows. */
  setQueueTiers(tenantId: string, id: string | number, rows: readonly TierInput[], mode: RowsMode): Promise<Queue> {
    return this.platform.locks.run(tenantId, async () => {
      const current = this.get(tenantId, id);
      const queue = { ...current, tiers: combineTiers(current.tiers ?? [], this.tiersOf(tenantId, rows), mode) };
      await this.save(tenantId, [queue]);
      return queue;
    });
  }

  /** Removes the tiers of these users (user ids; unknown ones are 404). */
  removeQueueTiers(tenantId: string, id: string | number, userIds: readonly number[]): Promise<Queue> {
    return this.platform.locks.run(tenantId, async () => {
      const current = this.get(tenantId, id);
      const byUser = this.agentsByUserId(tenantId);
      const gone = new Set(userIds.map((u) => this.agentOf(byUser, u).agentId));
      const queue = { ...current, tiers: (current.tiers ?? []).filter((t) => !gone.has(t.agentId)) };
      await this.save(tenantId, [queue]);
      return queue;
    });
  }

  /** The queues where the agent holds a tier, with the tier, by queue id. */
  userTiers(tenantId: string, agentId: string): { queue: Queue; tier: Tier }[] {
    return this.list(tenantId).flatMap((queue) => (queue.tiers ?? []).filter((t) => t.agentId === agentId).map((tier) => ({ queue, tier })));
  }

  /** Adds or replaces the agent's tiers from `[queue_id, …]` rows (replace: tiers in other queues are removed). */
  setUserTiers(tenantId: string, agent: Agent, rows: readonly TierInput[], mode: RowsMode): Promise<void> {
    return this.platform.locks.run(tenantId, async () => {
      this.checkAgent(tenantId, agent, 'id');
      const wanted = new Map<number, Tier>();
      for (const row of rows) {
        this.get(tenantId, row.id);
        this.checkTimeGroup(tenantId, row);
        wanted.set(row.id, { agentId: agent.agentId, mode: String(row.mode), position: row.position, level: row.level, timeGroupId: row.timeGroupId });
      }
      const changed = this.list(tenantId).flatMap((queue): Queue[] => {
        const tier = wanted.get(queue.id);
        const had = (queue.tiers ?? []).some((t) => t.agentId === agent.agentId);
        if (!tier && (mode === 'add' || !had)) return [];
        const others = (queue.tiers ?? []).filter((t) => t.agentId !== agent.agentId);
        const tiers = tier ? combineTiers(queue.tiers ?? [], [tier], 'add') : others;
        return [{ ...queue, tiers }];
      });
      await this.save(tenantId, changed);
    });
  }

  /** Removes the agent's tiers in these queues (unknown queue ids are 404). */
  removeUserTiers(tenantId: string, agent: Agent, queueIds: readonly number[]): Promise<void> {
    return this.platform.locks.run(tenantId, async () => {
      const queues = queueIds.map((id) => this.get(tenantId, id));
      const changed = queues.map((q) => ({ ...q, tiers: (q.tiers ?? []).filter((t) => t.agentId !== agent.agentId) }));
      await this.save(tenantId, changed);
    });
  }

  /** The tenant's agent with this PBX user id. */
  agentByUserId(tenantId: string, userId: number | string): Agent {
    const found = /^[0-9]{1,15}$/.test(String(userId)) ? this.agentsByUserId(tenantId).get(Number(userId)) : undefined;
    if (!found) throw new NotFoundError('user', String(userId));
    return found;
  }

  /** Commits the queues that differ from the committed ones (an unchanged write logs no event). */
  private async save(tenantId: string, all: readonly Queue[]): Promise<void> {
    const committed = this.platform.directory.calls.of(tenantId).queues;
    const queues = all.filter((q) => JSON.stringify(committed.get(q.id)) !== JSON.stringify(q));
    if (queues.length === 0) return;
    await commitChange(
      this.platform, tenantId, [callConfigEvent(queues.map((q) => q.id))],
      async (tx) => {
        for (const queue of queues) await tx.putQueue(queue);
      },
      // What the tenant-file path does: the directory first; the ACD reloads its router on the event.
      () => this.platform.directory.calls.reload(this.platform.store, tenantId),
    );
  }

  private checkName(tenantId: string, name: string, self: number | null): void {
    const other = this.list(tenantId).find((q) => q.name === name && q.id !== self);
    if (other) throw new ConflictError(`name: a queue named '${name}' already exists (id ${other.id})`);
  }

  /** Tiers from `[user_id, …]` rows: each user must exist and be an agent, each time group exist. */
  private tiersOf(tenantId: string, rows: readonly TierInput[]): Tier[] {
    const byUser = this.agentsByUserId(tenantId);
    const tiers = rows.map((row): Tier => {
      const agent = this.agentOf(byUser, row.id);
      this.checkAgent(tenantId, agent, row.field);
      this.checkTimeGroup(tenantId, row);
      return { agentId: agent.agentId, mode: String(row.mode), position: row.position, level: row.level, timeGroupId: row.timeGroupId };
    });
    return combineTiers([], tiers, 'replace');
  }

  private checkAgent(tenantId: string, agent: Agent, field: string): void {
    if (!this.platform.pbx.profiles.of(tenantId, agent.agentId).is_agent) {
      throw new RuleViolationError(`${field}: user ${agent.userId} is not a call-center agent (is_agent is false)`, field);
    }
  }

  private checkTimeGroup(tenantId: string, row: TierInput): void {
    if (row.timeGroupId !== null && !this.platform.directory.calls.of(tenantId).timeGroups.has(row.timeGroupId)) {
      throw new NotFoundError('time group', String(row.timeGroupId));
    }
  }

  private agentOf(byUser: ReadonlyMap<number, Agent>, userId: number): Agent {
    const agent = byUser.get(userId);
    if (!agent) throw new NotFoundError('user', String(userId));
    return agent;
  }

  private agentsByUserId(tenantId: string): Map<number, Agent> {
    const { agents } = this.platform.directory.agentsPage(tenantId, null, Number.MAX_SAFE_INTEGER);
    return new Map(agents.map((a) => [a.userId, a]));
  }
}
