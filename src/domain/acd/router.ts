import type { RandomSource } from '../ports.ts';
import { choose } from './choose.ts';
import { QueueState, strategyKey, type IndexEntry, type RoutingAgent, type WaitingCaller } from './queue-state.ts';
import { Strategy, type QueueRouting, type Tier } from './routing.ts';
import { nextOpeningWait, openLevel } from './tier-rules.ts';

export type { RoutingAgent, WaitingCaller } from './queue-state.ts';

/** A decision: ring these agents for this caller (one agent, or several for ring-all). */
export interface Offer {
  readonly queueId: number;
  readonly callerId: string;
  readonly agentIds: readonly string[];
}

/** How an offer to one agent ended. */
export type OfferEnd = 'answered' | 'missed' | 'cancelled';

/**
 * The routing core of the ACD (`acd.md`): per queue, an ordered index of its eligible agents
 * (level, the strategy's key, position, id) and its waiting callers in score order. Updating an
 * agent or a caller costs O(log n) per queue it is in; `dispatch` offers callers in score order,
 * each pick a few O(log n) steps, never a scan of the queue's agents. Pure and deterministic:
 * time comes in as arguments, randomness from the injected source.
 *
 * The caller feeds it the facts (`putAgent`, `putQueue`, `addCaller`, `offerEnded`, time groups)
 * and calls `dispatch` for the queues those facts touched (`putAgent` and friends return them).
 * @example
 * const router = new Router(seededRandom(1));
 * router.putQueue(598, routing, [{ agentId: 'agA', mode: 'Available', position: 1, level: 1, timeGroupId: null }], now);
 * router.putAgent({ agentId: 'agA', eligible: true, loggedIn: true, joined: new Set([598]), callsAnswered: 0, talkTimeMs: 0, lastBridgeEndAt: null }, now);
 * router.addCaller({ callerId: 'c1', queueId: 598, joinedAt: now, answeredAt: now, baseScore: 0, seq: 1 });
 * router.dispatch(598, now); // [{ queueId: 598, callerId: 'c1', agentIds: ['agA'] }]
 */
export class Router {
  private readonly queues = new Map<number, QueueState>();
  private readonly agents = new Map<string, RoutingAgent>();
  /** Queues in which each agent holds a tier. */
  private readonly tiersOf = new Map<string, Set<number>>();
  /** Agents ringing for a caller, by agent; they are out of every index until the offer ends. */
  private readonly offered = new Map<string, string>();
  private readonly offers = new Map<string, Set<string>>();
  private readonly activeGroups = new Set<number>();

  constructor(private readonly random: RandomSource) {}

  /** Creates or replaces a queue's routing and tiers (its callers stay). Returns the queues to dispatch. */
  putQueue(queueId: number, routing: QueueRouting, tiers: readonly Tier[], now: number): number[] {
    const byAgent = new Map(tiers.map((t) => [t.agentId, t]));
    let queue = this.queues.get(queueId);
    const before = queue ? [...queue.tiers.keys()] : [];
    if (queue) {
      const reorder = queue.routing.strategy !== routing.strategy || queue.routing.timeBaseScore !== routing.timeBaseScore;
      queue.routing = routing;
      queue.setTiers(byAgent);
      if (reorder) queue.reorder((callerId) => this.offers.has(callerId));
    } else {
      queue = new QueueState(queueId, routing, byAgent, now);
      this.queues.set(queueId, queue);
    }
    for (const agentId of before) if (!byAgent.has(agentId)) this.tiersOf.get(agentId)?.delete(queueId);
    for (const agentId of byAgent.keys()) this.tiersOf.set(agentId, (this.tiersOf.get(agentId) ?? new Set()).add(queueId));
    for (const agentId of new Set([...before, ...byAgent.keys()])) this.refresh(queue, agentId, now, true);
    return [queueId];
  }

  removeQueue(queueId: number): void {
    const queue = this.queues.get(queueId);
    if (!queue) return;
    for (const agentId of queue.tiers.keys()) this.tiersOf.get(agentId)?.delete(queueId);
    this.queues.delete(queueId);
  }

  /** Records an agent's routing facts. Returns the queues where it became eligible (to dispatch). */
  putAgent(agent: RoutingAgent, now: number): number[] {
    this.agents.set(agent.agentId, agent);
    return this.refreshAgent(agent.agentId, now);
  }

  /** A time group's schedule opened or closed; returns the queues to dispatch. */
  setTimeGroupActive(groupId: number, active: boolean, now: number): number[] {
    if (active === this.activeGroups.has(groupId)) return [];
    if (active) this.activeGroups.add(groupId);
    else this.activeGroups.delete(groupId);
    const touched: number[] = [];
    for (const queue of this.queues.values()) {
      for (const tier of queue.tiers.values()) {
        if (tier.timeGroupId === groupId && this.refresh(queue, tier.agentId, now, true)) touched.push(queue.id);
      }
    }
    return [...new Set(touched)];
  }

  addCaller(caller: WaitingCaller): number[] {
    const queue = this.queues.get(caller.queueId);
    if (!queue) return [];
    queue.addCaller(caller);
    return [caller.queueId];
  }

  /** The caller left (answered elsewhere, hung up, timed out); its offers are the caller's to cancel. */
  removeCaller(queueId: number, callerId: string): void {
    const queue = this.queues.get(queueId);
    queue?.removeCaller(callerId);
    queue?.topDown.delete(callerId);
  }

  /**
   * An offer to one agent ended. Answered: the caller is connected and leaves the waiting list.
   * Missed or cancelled: once no offer of the caller is ringing, it waits again (top-down goes on
   * after the agent offered last). The agent counts as not eligible until its next `putAgent`.
   * Returns the queues to dispatch.
   */
  offerEnded(queueId: number, callerId: string, agentId: string, end: OfferEnd, now: number): number[] {
    if (this.offered.get(agentId) === callerId) this.offered.delete(agentId);
    // Until the next putAgent says otherwise, the agent is busy (answered) or in its delay (missed).
    const agent = this.agents.get(agentId);
    if (agent) this.agents.set(agentId, { ...agent, eligible: false });
    const ringing = this.offers.get(callerId);
    ringing?.delete(agentId);
    const queue = this.queues.get(queueId);
    if (ringing?.size === 0) this.offers.delete(callerId);
    const touched = this.refreshAgent(agentId, now);
    if (!queue) return touched;
    // Top-down goes on after the agent offered last (its pointer was set on offer).
    if (end === 'answered') this.removeCaller(queueId, callerId);
    if (queue.callers.has(callerId) && !this.offers.has(callerId)) queue.setDispatchable(callerId, true);
    return [...new Set([...touched, queueId])];
  }

  /**
   * Offers the queue's waiting callers, highest score first, to the best eligible agents of the
   * levels open to each. A caller who gets no agent does not stop the callers behind it (tier
   * rules may open other levels to them). The agents offered leave every index at once.
   */
  dispatch(queueId: number, now: number): Offer[] {
    const queue = this.queues.get(queueId);
    if (!queue || queue.index.size === 0) return [];
    const out: Offer[] = [];
    const ringAll = queue.routing.strategy === Strategy.RingAll;
    // Stepping with `higher` (not an iterator) lets the loop take callers out as it goes, without a copy.
    for (let entry = queue.waiting.first(); entry !== undefined && queue.index.size > 0; entry = queue.waiting.higher(entry)) {
      const { caller } = entry;
      const picked = choose(queue, caller.callerId, openLevel(queue.routing, queue, queue.waitedMs(caller, now)), this.random);
      if (picked.length === 0) continue;
      for (const entry of picked) this.markOffered(entry.agentId, caller.callerId, now);
      if (!ringAll) queue.setDispatchable(caller.callerId, false);
      const last = picked[picked.length - 1] as IndexEntry;
      queue.pointer = last;
      queue.topDown.set(caller.callerId, last);
      out.push({ queueId, callerId: caller.callerId, agentIds: picked.map((e) => e.agentId) });
    }
    return out;
  }

  /** When a waiting caller of the queue next gets another tier level (null: none will). */
  nextLevelOpening(queueId: number, now: number): number | null {
    const queue = this.queues.get(queueId);
    if (!queue || !queue.routing.tierRulesApply) return null;
    let next: number | null = null;
    for (const { caller } of queue.waiting.values()) {
      const waited = queue.waitedMs(caller, now);
      const wait = nextOpeningWait(queue.routing, queue, openLevel(queue.routing, queue, waited));
      if (wait === null) continue;
      const at = now - waited + wait;
      if (next === null || at < next) next = at;
    }
    return next;
  }

  /** The queue's waiting callers in score order (offered ones of a single-agent strategy excluded). */
  waiting(queueId: number): WaitingCaller[] {
    return [...(this.queues.get(queueId)?.waiting.values() ?? [])].map((e) => e.caller);
  }

  /** The eligible agents of a queue in the strategy's order (for tests and supervisors). */
  eligible(queueId: number): string[] {
    return [...(this.queues.get(queueId)?.index.values() ?? [])].map((e) => e.agentId);
  }

  /** Logged-in agents with a tier in the queue, and since when it has had none. */
  staffing(queueId: number): { loggedIn: number; noAgentSince: number | null } {
    const queue = this.queues.get(queueId);
    return { loggedIn: queue?.loggedInCount() ?? 0, noAgentSince: queue?.noAgentSince ?? null };
  }

  /** The caller an agent is ringing for, if any. */
  offeredTo(agentId: string): string | undefined {
    return this.offered.get(agentId);
  }

  private markOffered(agentId: string, callerId: string, now: number): void {
    this.offered.set(agentId, callerId);
    this.offers.set(callerId, (this.offers.get(callerId) ?? new Set()).add(agentId));
    this.refreshAgent(agentId, now);
  }

  private refreshAgent(agentId: string, now: number): number[] {
    const touched: number[] = [];
    for (const queueId of this.tiersOf.get(agentId) ?? []) {
      const queue = this.queues.get(queueId);
      if (queue && this.refresh(queue, agentId, now, false)) touched.push(queueId);
    }
    return touched;
  }

  /**
   * Brings one agent's index entry and logged-in count in one queue up to date; true when the
   * queue may now offer someone: the agent became eligible there, or (with
   * `tier_rule_no_agent_no_wait`) a level lost its last logged-in agent, which opens the next.
   */
  private refresh(queue: QueueState, agentId: string, now: number, force: boolean): boolean {
    const agent = this.agents.get(agentId);
    const tier = queue.tiers.get(agentId);
    const member = agent !== undefined && tier !== undefined && agent.joined.has(queue.id);
    const staffing = queue.setLoggedIn(agentId, member && agent.loggedIn ? tier.level : null, now);
    const wasIn = queue.entries.has(agentId);
    queue.setEntry(agentId, this.entryFor(queue, agentId));
    const levelsMoved = staffing && queue.routing.tierRulesApply && queue.routing.tierRuleNoAgentNoWait && queue.index.size > 0;
    return ((force || !wasIn) && queue.entries.has(agentId)) || levelsMoved;
  }

  private entryFor(queue: QueueState, agentId: string): IndexEntry | null {
    const agent = this.agents.get(agentId);
    const tier = queue.tiers.get(agentId);
    if (agent === undefined || tier === undefined || !agent.joined.has(queue.id)) return null;
    if (!agent.eligible || this.offered.has(agentId)) return null;
    if (tier.timeGroupId !== null && !this.activeGroups.has(tier.timeGroupId)) return null;
    return { agentId, level: tier.level, key: strategyKey(queue.routing.strategy, agent), position: tier.position };
  }
}
