import type { Agent, Presence } from '../domain/agent.ts';
import type { ChangeSource } from '../domain/events.ts';
import { applyPresence, decideStatusChange, type StatusChangeOutcome, type StatusChangeRequest } from '../domain/status-change.ts';
import type { AgentWriter } from './agent-writer.ts';
import type { Core } from './core.ts';

/** One entry of a bulk change: a request, or the reason it could not even be read. */
export type BulkEntry = { readonly agentId: string; readonly request: StatusChangeRequest } | { readonly agentId: string | null; readonly invalid: Error };

export type BulkResult = { readonly agentId: string | null } & ({ readonly ok: true; readonly changed: boolean } | { readonly ok: false; readonly error: unknown });

/** A decision taken and queued for commit; `committed` settles when it is durable. */
type Decided = { readonly changed: false } | { readonly changed: true; readonly committed: Promise<unknown> };

/**
 * Reads and changes agents' presence. A change is decided synchronously on the newest state
 * (committed, or decided and still committing) and queued for commit; the caller is answered
 * once it is durable. Decisions of one tenant therefore never interleave, and changes that
 * arrive together share a transaction (GroupCommitter).
 * @example await service.set(tenant.id, 'ag64oy…', { status: 3, reason: { listId: 801, itemId: 1725 } }, 'vcc')
 */
export class AgentStatusService {
  constructor(
    private readonly core: Core,
    private readonly writer: AgentWriter,
  ) {}

  /** The agent as committed (reads never show a change that could still fail). */
  get(tenantId: string, agentId: string): Agent {
    return this.core.directory.requireAgent(tenantId, agentId);
  }

  page(tenantId: string, after: string | null, limit: number): { agents: Agent[]; more: boolean } {
    return this.core.directory.agentsPage(tenantId, after, limit);
  }

  /** Changes one agent's status; resolves to whether anything changed, once it is committed. */
  async set(tenantId: string, agentId: string, request: StatusChangeRequest, by: ChangeSource): Promise<{ changed: boolean }> {
    const decided = this.decide(tenantId, agentId, (agent) => {
      const { directory, clock } = this.core;
      return decideStatusChange(agent, request, directory.allowedReasons(agent), clock.now(), by);
    });
    if (decided.changed) await decided.committed;
    return { changed: decided.changed };
  }

  /** Puts an agent into a presence without the API's transition rules (admin and system use). */
  async force(tenantId: string, agentId: string, presence: Presence, by: ChangeSource): Promise<{ changed: boolean }> {
    const decided = this.decide(tenantId, agentId, (agent) => applyPresence(agent, presence, this.core.clock.now(), by));
    if (decided.changed) await decided.committed;
    return { changed: decided.changed };
  }

  /** Changes several agents' status; each entry succeeds or fails on its own. */
  async setMany(tenantId: string, entries: readonly BulkEntry[], by: ChangeSource): Promise<BulkResult[]> {
    const decided = entries.map((entry): Decided | { error: unknown } => {
      if ('invalid' in entry) return { error: entry.invalid };
      try {
        const { directory, clock } = this.core;
        return this.decide(tenantId, entry.agentId, (agent) => decideStatusChange(agent, entry.request, directory.allowedReasons(agent), clock.now(), by));
      } catch (error) {
        return { error };
      }
    });
    return Promise.all(
      decided.map(async (d, i): Promise<BulkResult> => {
        const agentId = entries[i]?.agentId ?? null;
        if ('error' in d) return { agentId, ok: false, error: d.error };
        if (!d.changed) return { agentId, ok: true, changed: false };
        return d.committed.then(
          () => ({ agentId, ok: true, changed: true }),
          (error: unknown) => ({ agentId, ok: false, error }),
        );
      }),
    );
  }

  /** Decides on the newest state and queues the commit; synchronous up to the queueing, so decisions never interleave. */
  private decide(tenantId: string, agentId: string, decision: (agent: Agent) => StatusChangeOutcome): Decided {
    const agent = this.writer.current(tenantId, agentId);
    const outcome = decision(agent);
    if (!outcome.changed) return { changed: false };
    const change = this.writer.stage(agent, outcome.state, { events: outcome.events, write: async () => undefined });
    return { changed: true, committed: this.core.committer.submit(tenantId, change) };
  }
}
