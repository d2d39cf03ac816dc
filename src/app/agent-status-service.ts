import type { Agent } from '../domain/agent.ts';
import type { ChangeSource } from '../domain/events.ts';
import { decideStatusChange, type StatusChangeRequest } from '../domain/status-change.ts';
import { commitChange, type Core } from './core.ts';

/** One entry of a bulk change: a request, or the reason it could not even be read. */
export type BulkEntry = { readonly agentId: string; readonly request: StatusChangeRequest } | { readonly agentId: string | null; readonly invalid: Error };

export type BulkResult = { readonly agentId: string | null } & ({ readonly ok: true; readonly changed: boolean } | { readonly ok: false; readonly error: unknown });

/**
 * Reads and changes agents' presence. Changes to one tenant run one at a time, each in its
 * own transaction with its events.
 * @example await service.set(tenant.id, 'ag64oy…', { status: 3, reason: { listId: 801, itemId: 1725 } }, 'vcc')
 */
export class AgentStatusService {
  constructor(private readonly core: Core) {}

  get(tenantId: string, agentId: string): Agent {
    return this.core.directory.requireAgent(tenantId, agentId);
  }

  page(tenantId: string, after: string | null, limit: number): { agents: Agent[]; more: boolean } {
    return this.core.directory.agentsPage(tenantId, after, limit);
  }

  /** Changes one agent's status; resolves to whether anything changed. */
  set(tenantId: string, agentId: string, request: StatusChangeRequest, by: ChangeSource): Promise<{ changed: boolean }> {
    return this.core.locks.run(tenantId, () => this.apply(tenantId, agentId, request, by));
  }

  /** Changes several agents' status; each entry succeeds or fails on its own. */
  setMany(tenantId: string, entries: readonly BulkEntry[], by: ChangeSource): Promise<BulkResult[]> {
    return this.core.locks.run(tenantId, async () => {
      const results: BulkResult[] = [];
      for (const entry of entries) {
        if ('invalid' in entry) {
          results.push({ agentId: entry.agentId, ok: false, error: entry.invalid });
          continue;
        }
        try {
          const { changed } = await this.apply(tenantId, entry.agentId, entry.request, by);
          results.push({ agentId: entry.agentId, ok: true, changed });
        } catch (error) {
          results.push({ agentId: entry.agentId, ok: false, error });
        }
      }
      return results;
    });
  }

  private async apply(tenantId: string, agentId: string, request: StatusChangeRequest, by: ChangeSource): Promise<{ changed: boolean }> {
    const { directory, clock } = this.core;
    const agent = directory.requireAgent(tenantId, agentId);
    const outcome = decideStatusChange(agent, request, directory.allowedReasons(agent), clock.now(), by);
    if (!outcome.changed) return { changed: false };
    await commitChange(
      this.core,
      tenantId,
      outcome.events,
      (tx) => tx.saveAgentState(tenantId, agentId, outcome.state, agent.version),
      (version) => directory.putAgent({ ...agent, state: outcome.state, version }),
    );
    return { changed: true };
  }
}
