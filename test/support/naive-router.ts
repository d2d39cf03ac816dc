import type { RoutingAgent, WaitingCaller } from '../../src/domain/acd/queue-state.ts';
import { Strategy, TimeBaseScore, type QueueRouting, type Tier } from '../../src/domain/acd/routing.ts';
import type { RandomSource } from '../../src/domain/ports.ts';

/**
 * A naive ACD router written straight from the routing spec (`acd.md`), as an oracle for the
 * model-based tests of `src/domain/acd/router.ts` and as the "scan" baseline of the routing
 * benchmark. It keeps plain maps and, on every dispatch, scans every agent of the queue for every
 * waiting caller: O(callers × agents log agents) per dispatch, no index, no incremental state.
 * Same public interface as `Router` for putQueue, putAgent, setTimeGroupActive, addCaller,
 * removeCaller, offerEnded, dispatch and waiting (plus `eligible` and `openLevel` for tests).
 * It deliberately shares no eligibility or selection code with the engine.
 */

export interface NaiveOffer {
  readonly queueId: number;
  readonly callerId: string;
  readonly agentIds: readonly string[];
}

export type NaiveOfferEnd = 'answered' | 'missed' | 'cancelled';

/** Where a pointer strategy last stopped: the offered agent's tier as it was at the offer. */
interface Mark {
  readonly level: number;
  readonly position: number;
  readonly agentId: string;
}

interface NaiveQueue {
  routing: QueueRouting;
  tiers: Map<string, Tier>;
  readonly callers: Map<string, WaitingCaller>;
  /** Round-robin: the agent offered the previous caller of this queue. */
  lastOffered: Mark | null;
  /** Top-down: the agent each caller was offered last. */
  readonly lastOfferedTo: Map<string, Mark>;
}

interface Candidate {
  readonly agent: RoutingAgent;
  readonly tier: Tier;
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byNumber = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Level, then position, then agent id: the order of every positional strategy. */
function byTier(a: Mark, b: Mark): number {
  return byNumber(a.level, b.level) || byNumber(a.position, b.position) || byId(a.agentId, b.agentId);
}

const markOf = (c: Candidate): Mark => ({ level: c.tier.level, position: c.tier.position, agentId: c.agent.agentId });

/** The number an ordered strategy ranks agents by (lower is better), before position. */
function strategyValue(strategy: Strategy, agent: RoutingAgent): number {
  if (strategy === Strategy.LongestIdleAgent) return agent.lastBridgeEndAt ?? Number.NEGATIVE_INFINITY;
  if (strategy === Strategy.LeastTalkTime) return agent.talkTimeMs;
  if (strategy === Strategy.FewestCalls) return agent.callsAnswered;
  return 0;
}

export class NaiveRouter {
  private readonly queues = new Map<number, NaiveQueue>();
  private readonly agents = new Map<string, RoutingAgent>();
  /** The caller each ringing agent is offered to. */
  private readonly ringing = new Map<string, string>();
  private readonly activeGroups = new Set<number>();

  constructor(private readonly random: RandomSource) {}

  putQueue(queueId: number, routing: QueueRouting, tiers: readonly Tier[], _now: number): number[] {
    const queue = this.queues.get(queueId);
    const byAgent = new Map(tiers.map((t) => [t.agentId, t]));
    if (queue) {
      queue.routing = routing;
      queue.tiers = byAgent;
    } else {
      this.queues.set(queueId, { routing, tiers: byAgent, callers: new Map(), lastOffered: null, lastOfferedTo: new Map() });
    }
    return [queueId];
  }

  /** Returns every queue where the agent holds a tier: any of them may have a decision to make. */
  putAgent(agent: RoutingAgent, _now: number): number[] {
    this.agents.set(agent.agentId, agent);
    return [...this.queues].filter(([, q]) => q.tiers.has(agent.agentId)).map(([id]) => id);
  }

  setTimeGroupActive(groupId: number, active: boolean, _now: number): number[] {
    if (active === this.activeGroups.has(groupId)) return [];
    if (active) this.activeGroups.add(groupId);
    else this.activeGroups.delete(groupId);
    return [...this.queues].filter(([, q]) => [...q.tiers.values()].some((t) => t.timeGroupId === groupId)).map(([id]) => id);
  }

  addCaller(caller: WaitingCaller): number[] {
    const queue = this.queues.get(caller.queueId);
    if (!queue) return [];
    queue.callers.set(caller.callerId, caller);
    return [caller.queueId];
  }

  removeCaller(queueId: number, callerId: string): void {
    const queue = this.queues.get(queueId);
    queue?.callers.delete(callerId);
    queue?.lastOfferedTo.delete(callerId);
  }

  offerEnded(queueId: number, callerId: string, agentId: string, end: NaiveOfferEnd, _now: number): number[] {
    if (this.ringing.get(agentId) === callerId) this.ringing.delete(agentId);
    // The agent stays unavailable (on the call, or in its delay) until the app says otherwise.
    const agent = this.agents.get(agentId);
    if (agent) this.agents.set(agentId, { ...agent, eligible: false });
    if (end === 'answered') this.removeCaller(queueId, callerId);
    return this.queues.has(queueId) ? [queueId] : [];
  }

  /** Callers who may get an offer, highest score first: all of them for ring-all, else those not ringing. */
  waiting(queueId: number): WaitingCaller[] {
    const queue = this.queues.get(queueId);
    if (!queue) return [];
    const ringingCallers = new Set(this.ringing.values());
    const order = (c: WaitingCaller): number => this.startOf(queue, c) - c.baseScore * 1000;
    return [...queue.callers.values()]
      .filter((c) => queue.routing.strategy === Strategy.RingAll || !ringingCallers.has(c.callerId))
      .sort((a, b) => byNumber(order(a), order(b)) || byNumber(a.seq, b.seq));
  }

  /** The eligible agents of a queue: level, the strategy's value, position, id. */
  eligible(queueId: number): string[] {
    const queue = this.queues.get(queueId);
    if (!queue) return [];
    const s = queue.routing.strategy;
    return this.candidates(queueId, queue, Number.POSITIVE_INFINITY)
      .sort((a, b) => byNumber(a.tier.level, b.tier.level) || byNumber(strategyValue(s, a.agent), strategyValue(s, b.agent)) || byTier(markOf(a), markOf(b)))
      .map((c) => c.agent.agentId);
  }

  /**
   * The highest tier level open to a caller now (acd.md, tier rules): every level without tier
   * rules; else the first level at once (with no_agent_no_wait: the first level that has a
   * logged-in member), level L after wait × L (multiply), or every level after the wait.
   */
  openLevel(queueId: number, caller: WaitingCaller, now: number): number {
    const queue = this.queues.get(queueId);
    const r = queue?.routing;
    if (!queue || !r || !r.tierRulesApply || r.tierRuleWaitSecond <= 0) return Number.POSITIVE_INFINITY;
    const levels = [...new Set([...queue.tiers.values()].map((t) => t.level))].sort(byNumber);
    if (levels.length === 0) return Number.POSITIVE_INFINITY;
    const staffed = (level: number): boolean =>
      [...queue.tiers.values()].some((t) => {
        const agent = this.agents.get(t.agentId);
        return t.level === level && agent !== undefined && agent.loggedIn && agent.joined.has(queueId);
      });
    const first = (r.tierRuleNoAgentNoWait ? levels.find(staffed) : undefined) ?? (levels[0] as number);
    const waitedMs = now - this.startOf(queue, caller);
    const waitMs = r.tierRuleWaitSecond * 1000;
    if (!r.tierRuleWaitMultiplyLevel) return waitedMs >= waitMs ? Number.POSITIVE_INFINITY : first;
    let open = first;
    for (const level of levels) if (level > open && waitedMs >= level * waitMs) open = level;
    return open;
  }

  dispatch(queueId: number, now: number): NaiveOffer[] {
    const queue = this.queues.get(queueId);
    if (!queue) return [];
    const out: NaiveOffer[] = [];
    for (const caller of this.waiting(queueId)) {
      const candidates = this.candidates(queueId, queue, this.openLevel(queueId, caller, now));
      if (candidates.length === 0) continue;
      const picked = this.pick(queue, caller.callerId, candidates);
      for (const c of picked) this.ringing.set(c.agent.agentId, caller.callerId);
      const last = markOf(picked[picked.length - 1] as Candidate);
      queue.lastOffered = last;
      queue.lastOfferedTo.set(caller.callerId, last);
      out.push({ queueId, callerId: caller.callerId, agentIds: picked.map((c) => c.agent.agentId) });
    }
    return out;
  }

  private startOf(queue: NaiveQueue, caller: WaitingCaller): number {
    return queue.routing.timeBaseScore === TimeBaseScore.System ? caller.answeredAt : caller.joinedAt;
  }

  /** Every agent of the queue who may be offered a caller now, at levels up to `open`. */
  private candidates(queueId: number, queue: NaiveQueue, open: number): Candidate[] {
    const out: Candidate[] = [];
    for (const tier of queue.tiers.values()) {
      const agent = this.agents.get(tier.agentId);
      if (agent === undefined || !agent.eligible || !agent.joined.has(queueId)) continue;
      if (tier.timeGroupId !== null && !this.activeGroups.has(tier.timeGroupId)) continue;
      if (this.ringing.has(tier.agentId) || tier.level > open) continue;
      out.push({ agent, tier });
    }
    return out;
  }

  private pick(queue: NaiveQueue, callerId: string, candidates: Candidate[]): Candidate[] {
    const strategy = queue.routing.strategy;
    const inOrder = [...candidates].sort((a, b) => byTier(markOf(a), markOf(b)));
    const first = inOrder[0] as Candidate;
    const after = (mark: Mark | null | undefined): Candidate => (mark ? inOrder.find((c) => byTier(markOf(c), mark) > 0) : undefined) ?? first;
    switch (strategy) {
      case Strategy.RingAll:
        return inOrder;
      case Strategy.TopDown:
        return [after(queue.lastOfferedTo.get(callerId))];
      case Strategy.RoundRobin:
      case Strategy.SequentiallyByNextAgentOrder:
        return [after(queue.lastOffered)];
      case Strategy.SequentiallyByAgentOrder:
        return [first];
      case Strategy.Random: {
        const lowest = inOrder.filter((c) => c.tier.level === first.tier.level);
        return [lowest[Math.min(lowest.length - 1, Math.floor(this.random.next() * lowest.length))] as Candidate];
      }
      default: {
        const value = (c: Candidate): number => strategyValue(strategy, c.agent);
        return [[...candidates].sort((a, b) => byNumber(a.tier.level, b.tier.level) || byNumber(value(a), value(b)) || byTier(markOf(a), markOf(b)))[0] as Candidate];
      }
    }
  }
}
