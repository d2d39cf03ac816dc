import type { AgentRouting } from '../domain/acd/agent-routing.ts';
import { PresenceKind, type Agent, type AgentState, type Presence } from '../domain/agent.ts';
import type { Core } from './core.ts';
import type { Change } from './group-commit.ts';
import type { StoreTx } from '../ports/storage.ts';

const keyOf = (tenantId: string, agentId: string): string => `${tenantId}\u0000${agentId}`;

/**
 * Decides whether an agent may log in (CCS Concurrent licences, `NOTES.md` §8): called by `stage`
 * with the agent and its next state when the presence goes from logged out (or never logged in)
 * to a logged-in presence. Throws (a RuleViolationError) to refuse; runs synchronously, so two
 * logins decided one after the other both count.
 */
export type LoginGuard = (agent: Agent, next: AgentState) => void;

const LOGGED_OUT_KINDS: readonly string[] = [PresenceKind.NeverLoggedIn, PresenceKind.LoggedOut];

/**
 * The one owner of agents' state between decision and commit. Presence changes (any API) and
 * call transitions both decide on `current` — the newest decided state, committed or still
 * committing — and `stage` their result, so two decisions about one agent never race on a
 * version: each builds on the one before, and the group committer writes them in order.
 * @example
 * const agent = writer.current(tenantId, agentId);
 * await core.committer.submit(tenantId, writer.stage(agent, nextState, { events, write: async () => undefined }));
 */
export class AgentWriter {
  /** Agents whose newest decided state is not committed yet. */
  private readonly pending = new Map<string, Agent>();
  private readonly listeners = new Set<(agent: Agent) => void>();
  private loginGuard: LoginGuard | null = null;

  constructor(private readonly core: Pick<Core, 'directory'>) {}

  /**
   * Every login passes `stage` (PBX check-in, VCC/admin status changes, CCS "Ready", the
   * workspace), so this is the one place a login can be refused.
   * @example writer.setLoginGuard((agent, next) => checkLogin(limitsOf(agent.tenantId), usageOf(agent.tenantId)));
   */
  setLoginGuard(guard: LoginGuard | null): void {
    this.loginGuard = guard;
  }

  /** Called with every newly staged agent state, synchronously (the ACD keeps routing in step). */
  onStaged(listener: (agent: Agent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The newest decided state of an agent; throws NotFoundError for an unknown agent. */
  current(tenantId: string, agentId: string): Agent {
    return this.pending.get(keyOf(tenantId, agentId)) ?? this.core.directory.requireAgent(tenantId, agentId);
  }

  /**
   * Stages `state` as the agent's next state (visible to `current` at once) and returns
   * `change` extended to save it in the same transaction. A state equal to the current one is
   * not written. The staged state is dropped once the change commits (the directory then holds
   * it) or fails. A login the login guard refuses throws before anything is staged, and `change`
   * is failed (so agents staged into it earlier, e.g. a device's previous holder, are released).
   */
  stage<T>(agent: Agent, state: AgentState, change: Change<T>): Change<T> {
    if (sameState(agent.state, state)) return change;
    if (this.loginGuard && LOGGED_OUT_KINDS.includes(agent.state.presence.kind) && !LOGGED_OUT_KINDS.includes(state.presence.kind)) {
      try {
        this.loginGuard(agent, state);
      } catch (error) {
        change.failed?.(error);
        throw error;
      }
    }
    const key = keyOf(agent.tenantId, agent.agentId);
    const next: Agent = { ...agent, state, version: agent.version + 1 };
    this.pending.set(key, next);
    for (const listener of this.listeners) listener(next);
    return new StagedAgentChange(this.core.directory, this.pending, key, agent, next, change);
  }
}

/**
 * `change` extended to save the agent's staged state in the same transaction (a class rather
 * than closures: one is built on most call steps).
 */
class StagedAgentChange<T> implements Change<T> {
  readonly events: Change<T>['events'];
  private savedVersion: number;

  constructor(
    private readonly directory: Core['directory'],
    private readonly pending: Map<string, Agent>,
    private readonly key: string,
    private readonly agent: Agent,
    private readonly next: Agent,
    private readonly change: Change<T>,
  ) {
    this.events = change.events;
    this.savedVersion = next.version;
  }

  async write(tx: StoreTx): Promise<T> {
    const { agent } = this;
    this.savedVersion = await tx.saveAgentState(agent.tenantId, agent.agentId, this.next.state, agent.version);
    return this.change.write(tx);
  }

  async apply(result: T): Promise<void> {
    const { agent, directory } = this;
    // Merge into the directory's current record: a profile change may have landed meanwhile.
    directory.putAgent({ ...directory.requireAgent(agent.tenantId, agent.agentId), state: this.next.state, version: this.savedVersion });
    this.release();
    await this.change.apply?.(result);
  }

  failed(error: unknown): void {
    this.release();
    this.change.failed?.(error);
  }

  /** The staged state is dropped once the change commits (the directory then holds it) or fails. */
  private release(): void {
    if (this.pending.get(this.key) === this.next) this.pending.delete(this.key);
  }
}

/** Field by field (this runs on every decision; serialising both states cost more than the rest of a PUT's decision). */
function sameState(a: AgentState, b: AgentState): boolean {
  if (a === b) return true;
  return samePresence(a.presence, b.presence) && a.presenceSince === b.presenceSince && a.activity === b.activity
    && (a.pendingPresence === b.pendingPresence || (a.pendingPresence !== null && b.pendingPresence !== null && samePresence(a.pendingPresence, b.pendingPresence)))
    && sameRouting(a.routing, b.routing);
}

function samePresence(a: Presence, b: Presence): boolean {
  return a.kind === b.kind && (a.reason === b.reason || (a.reason !== null && b.reason !== null && a.reason.listId === b.reason.listId && a.reason.itemId === b.reason.itemId));
}

function sameRouting(a: AgentRouting | undefined, b: AgentRouting | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return a.callsAnswered === b.callsAnswered && a.talkTimeMs === b.talkTimeMs && a.lastBridgeEndAt === b.lastBridgeEndAt
    && a.noAnswerCount === b.noAnswerCount && a.readyAt === b.readyAt && a.joined.length === b.joined.length && a.joined.every((q, i) => q === b.joined[i]);
}
