import { EntryIndex, type EntryKey } from './entry-index.ts';
import { OrderedSet } from './ordered-set.ts';

export { compareEntries, type EntryKey, type IndexEntry } from './entry-index.ts';
import { Strategy, TimeBaseScore, type QueueRouting, type Tier } from './routing.ts';
import type { LevelView } from './tier-rules.ts';

/** What routing needs to know about an agent (the router's input; `agent-routing.ts` derives it). */
export interface RoutingAgent {
  readonly agentId: string;
  /** Available, no call or ringing offer on any line, no post-processing, no delay running. */
  readonly eligible: boolean;
  /** Any presence but logged out / never logged in (tier rules, the no-agent timeout). */
  readonly loggedIn: boolean;
  /** The queues the agent has joined (`NOTES.md` §2); routing also needs a tier. */
  readonly joined: ReadonlySet<number>;
  readonly callsAnswered: number;
  readonly talkTimeMs: number;
  /** End of the last bridged call; null when never bridged. */
  readonly lastBridgeEndAt: number | null;
}

/** A caller waiting in a queue. */
export interface WaitingCaller {
  readonly callerId: string;
  readonly queueId: number;
  /** When the caller joined (a resumed caller keeps its original join), ms. */
  readonly joinedAt: number;
  /** When the system answered the call: `time_base_score = system` counts from here. */
  readonly answeredAt: number;
  /** Added to the seconds waited (e.g. a priority). */
  readonly baseScore: number;
  /** Join order, the last tie-break. */
  readonly seq: number;
}

interface CallerEntry {
  readonly caller: WaitingCaller;
  /** Higher score first: the earliest effective start (start minus base score) sorts first. */
  readonly order: number;
}

function compareCallers(a: CallerEntry, b: CallerEntry): number {
  return a.order - b.order || a.caller.seq - b.caller.seq;
}

/** The strategy's ordering key for an agent: what "best" means before position. */
export function strategyKey(strategy: Strategy, agent: RoutingAgent): number {
  switch (strategy) {
    case Strategy.LongestIdleAgent:
      return agent.lastBridgeEndAt ?? Number.NEGATIVE_INFINITY;
    case Strategy.LeastTalkTime:
      return agent.talkTimeMs;
    case Strategy.FewestCalls:
      return agent.callsAnswered;
    default:
      return 0;
  }
}

/**
 * One queue's routing state: its tiers, the ordered index of its eligible agents, its waiting
 * callers in score order, the round-robin pointer and logged-in counts per level.
 */
export class QueueState implements LevelView {
  readonly index = new EntryIndex();
  readonly waiting = new OrderedSet<CallerEntry>(compareCallers);
  readonly callers = new Map<string, CallerEntry>();
  /** Round robin: the agent offered the previous caller. */
  pointer: EntryKey | null = null;
  /** Top-down: the agent each caller was last offered. */
  readonly topDown = new Map<string, EntryKey>();
  levels: number[] = [];
  private readonly loggedIn = new Map<number, number>();
  /** The level each logged-in agent is counted at. */
  private readonly counted = new Map<string, number>();
  /** Since when the queue has had no logged-in agent (null while it has one). */
  noAgentSince: number | null;

  constructor(
    readonly id: number,
    public routing: QueueRouting,
    public tiers: Map<string, Tier>,
    now: number,
  ) {
    this.levels = levelsOf(tiers);
    this.noAgentSince = now;
  }

  loggedInAt(level: number): number {
    return this.loggedIn.get(level) ?? 0;
  }

  loggedInCount(): number {
    return this.counted.size;
  }

  /** Counts the agent as logged in at `level` (null: not counted); true when the count changed. */
  setLoggedIn(agentId: string, level: number | null, now: number): boolean {
    const before = this.counted.get(agentId);
    if (before === level || (before === undefined && level === null)) return false;
    if (before !== undefined) {
      this.loggedIn.set(before, this.loggedInAt(before) - 1);
      this.counted.delete(agentId);
    }
    if (level !== null) {
      this.loggedIn.set(level, this.loggedInAt(level) + 1);
      this.counted.set(agentId, level);
    }
    if (this.counted.size === 0) this.noAgentSince ??= now;
    else this.noAgentSince = null;
    return true;
  }

  addCaller(caller: WaitingCaller, dispatchable = true): void {
    const start = this.routing.timeBaseScore === TimeBaseScore.System ? caller.answeredAt : caller.joinedAt;
    const entry = { caller, order: start - caller.baseScore * 1000 };
    this.removeCaller(caller.callerId);
    if (dispatchable) this.waiting.add(entry);
    this.callers.set(caller.callerId, entry);
  }

  /**
   * The routing changed: callers are ordered again (the score's start may have moved) and the
   * pointers keep their agent but drop the old strategy's key (pointer strategies order by level
   * and position only). `ringing` says which callers have an offer out (they wait again only
   * under ring-all, which keeps ringing them).
   */
  reorder(ringing: (callerId: string) => boolean): void {
    const callers = [...this.callers.values()].map((e) => e.caller);
    this.waiting.clear();
    this.callers.clear();
    const ringAll = this.routing.strategy === Strategy.RingAll;
    for (const caller of callers) this.addCaller(caller, ringAll || !ringing(caller.callerId));
    if (this.pointer) this.pointer = rekey(this.pointer);
    for (const [callerId, entry] of this.topDown) this.topDown.set(callerId, rekey(entry));
  }

  removeCaller(callerId: string): void {
    const entry = this.callers.get(callerId);
    if (entry === undefined) return;
    this.waiting.delete(entry);
    this.callers.delete(callerId);
  }

  /** Puts an offered caller back among those waiting (a missed offer), or takes it out while offered. */
  setDispatchable(callerId: string, dispatchable: boolean): void {
    const entry = this.callers.get(callerId);
    if (entry === undefined) return;
    if (dispatchable) this.waiting.add(entry);
    else this.waiting.delete(entry);
  }

  /** How long the caller has waited for tier rules: from the system's answer with `time_base_score = system`. */
  waitedMs(caller: WaitingCaller, now: number): number {
    const start = this.routing.timeBaseScore === TimeBaseScore.System ? caller.answeredAt : caller.joinedAt;
    return now - start;
  }

  setTiers(tiers: Map<string, Tier>): void {
    this.tiers = tiers;
    this.levels = levelsOf(tiers);
  }
}

function levelsOf(tiers: Map<string, Tier>): number[] {
  return [...new Set([...tiers.values()].map((t) => t.level))].sort((a, b) => a - b);
}

/** A pointer kept across a routing change: the same agent, without the old strategy's key. */
function rekey(entry: EntryKey): EntryKey {
  return { agentId: entry.agentId, level: entry.level, key: 0, position: entry.position };
}
