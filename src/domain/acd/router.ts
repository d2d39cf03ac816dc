import type { RandomSource } from '../ports.ts';
import { choose } from './choose.ts';
import { compareEntries, newEntry, type IndexEntry } from './entry-index.ts';
import { QueueState, strategyKey, type RoutingAgent, type WaitingCaller } from './queue-state.ts';
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
  /**
   * Each agent's memberships: per queue where it holds a tier, the tier, its current index entry
   * and the level it is counted at. One record per (agent, queue) keeps a refresh to one object and
   * the index, instead of several look-ups in a queue's maps (the hot path of every decision).
   */
  private readonly memberships = new Map<string, Membership[]>();
  /** Agents ringing for a caller, by agent; they are out of every index until the offer ends. */
  private readonly offered = new Map<string, string>();
  private readonly offers = new Map<string, Set<string>>();
  private readonly activeGroups = new Set<number>();
  /** Agents whose offer ended: not eligible until their next `putAgent`. */
  private readonly held = new Set<string>();

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
    for (const agentId of new Set([...before, ...byAgent.keys()])) this.putMembership(queue, agentId, byAgent.get(agentId), now);
    return [queueId];
  }

  /** Creates, updates or (no tier) removes the agent's membership of a queue, and refreshes it. */
  private putMembership(queue: QueueState, agentId: string, tier: Tier | undefined, now: number): void {
    const list = this.memberships.get(agentId) ?? [];
    let membership = list.find((m) => m.queue === queue);
    if (tier === undefined) {
      if (!membership) return;
      if (membership.counted !== null) queue.setLoggedIn(agentId, null, now);
      setMemberEntry(membership, null);
      list.splice(list.indexOf(membership), 1);
      return;
    }
    if (membership) membership.tier = tier;
    else {
      membership = { queue, tier, entry: null, counted: null, last: null };
      list.push(membership);
      this.memberships.set(agentId, list);
    }
    this.refreshMember(membership, agentId, now, true);
  }

  removeQueue(queueId: number): void {
    const queue = this.queues.get(queueId);
    if (!queue) return;
    for (const agentId of queue.tiers.keys()) {
      const list = this.memberships.get(agentId);
      if (list) this.memberships.set(agentId, list.filter((m) => m.queue !== queue));
    }
    this.queues.delete(queueId);
  }

  /** Records an agent's routing facts. Returns the queues where it became eligible (to dispatch). */
  putAgent(agent: RoutingAgent, now: number): number[] {
    this.agents.set(agent.agentId, agent);
    this.held.delete(agent.agentId);
    return this.refreshAgent(agent.agentId, now);
  }

  /**
   * Forgets an agent (the user was deleted): its memberships leave every queue (logged-in counts
   * included), its facts and holds go. Returns the queues whose staffing changed.
   */
  removeAgent(agentId: string, now: number): number[] {
    const touched = (this.memberships.get(agentId) ?? []).map((m) => m.queue);
    for (const queue of touched) this.putMembership(queue, agentId, undefined, now);
    this.memberships.delete(agentId);
    this.agents.delete(agentId);
    this.held.delete(agentId);
    // A ringing offer is not touched: users are deleted only without a call, and `offerEnded` settles any offer.
    return touched.map((q) => q.id);
  }

  /** A time group's schedule opened or closed; returns the queues to dispatch. */
  setTimeGroupActive(groupId: number, active: boolean, now: number): number[] {
    if (active === this.activeGroups.has(groupId)) return [];
    if (active) this.activeGroups.add(groupId);
    else this.activeGroups.delete(groupId);
    const touched = new Set<number>();
    for (const [agentId, memberships] of this.memberships) {
      for (const m of memberships) if (m.tier.timeGroupId === groupId && this.refreshMember(m, agentId, now, true)) touched.add(m.queue.id);
    }
    return [...touched];
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
    const wasRinging = this.offered.get(agentId) === callerId;
    if (wasRinging) this.offered.delete(agentId);
    // Until the next putAgent says otherwise, the agent is busy (answered) or in its delay (missed).
    this.held.add(agentId);
    const ringing = this.offers.get(callerId);
    ringing?.delete(agentId);
    const queue = this.queues.get(queueId);
    if (ringing?.size === 0) this.offers.delete(callerId);
    // A ringing agent is in no index and, now ineligible, stays out: nothing to refresh.
    const touched = wasRinging ? [] : this.refreshAgent(agentId, now);
    if (!queue) return touched;
    // Top-down goes on after the agent offered last (its pointer was set on offer).
    if (end === 'answered') this.removeCaller(queueId, callerId);
    if (queue.callers.has(callerId) && !this.offers.has(callerId)) queue.setDispatchable(callerId, true);
    return touched.length === 0 ? [queueId] : [...new Set([...touched, queueId])];
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
      for (const entry of picked) this.markOffered(entry.agentId, caller.callerId);
      if (!ringAll) queue.setDispatchable(caller.callerId, false);
      const last = picked[picked.length - 1] as IndexEntry;
      queue.pointer = last;
      // Kept under every strategy: a queue switched to top-down goes on after each caller's last offer.
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

  /** Whether the agent holds a tier in some queue (only those agents' changes matter to routing). */
  hasTiers(agentId: string): boolean {
    return (this.memberships.get(agentId)?.length ?? 0) > 0;
  }

  /** The agent's facts as of its last `putAgent`. */
  agentFacts(agentId: string): RoutingAgent | undefined {
    return this.agents.get(agentId);
  }

  /** The caller an agent is ringing for, if any. */
  offeredTo(agentId: string): string | undefined {
    return this.offered.get(agentId);
  }

  private markOffered(agentId: string, callerId: string): void {
    this.offered.set(agentId, callerId);
    this.offers.set(callerId, (this.offers.get(callerId) ?? new Set()).add(agentId));
    // Ringing: out of every index; nothing else about the agent changed (logged-in counts stay).
    for (const m of this.memberships.get(agentId) ?? []) setMemberEntry(m, null);
  }

  private refreshAgent(agentId: string, now: number): number[] {
    const touched: number[] = [];
    for (const m of this.memberships.get(agentId) ?? []) if (this.refreshMember(m, agentId, now, false)) touched.push(m.queue.id);
    return touched;
  }

  /**
   * Brings one agent's index entry and logged-in count in one queue up to date; true when the
   * queue may now offer someone: the agent became eligible there, or (with
   * `tier_rule_no_agent_no_wait`) a level lost its last logged-in agent, which opens the next.
   */
  private refreshMember(m: Membership, agentId: string, now: number, force: boolean): boolean {
    const { queue, tier } = m;
    const agent = this.agents.get(agentId);
    const member = agent !== undefined && agent.joined.has(queue.id);
    const level = member && agent.loggedIn ? tier.level : null;
    let staffing = false;
    if (level !== m.counted) {
      staffing = queue.setLoggedIn(agentId, level, now);
      m.counted = level;
    }
    const wasIn = m.entry !== null;
    setMemberEntry(m, member ? this.entryFor(m, agent) : null);
    const levelsMoved = staffing && queue.routing.tierRulesApply && queue.routing.tierRuleNoAgentNoWait && queue.index.size > 0;
    return ((force || !wasIn) && m.entry !== null) || levelsMoved;
  }

  /** The agent's entry in the membership's queue when eligible there; the last one is reused when unchanged (no garbage per decision). */
  private entryFor(m: Membership, agent: RoutingAgent): IndexEntry | null {
    const { queue, tier } = m;
    const { agentId } = agent;
    if (!agent.eligible || this.offered.has(agentId) || this.held.has(agentId)) return null;
    if (tier.timeGroupId !== null && !this.activeGroups.has(tier.timeGroupId)) return null;
    const key = strategyKey(queue.routing.strategy, agent);
    const last = m.last;
    if (last !== null && last.level === tier.level && last.key === key && last.position === tier.position) return last;
    return (m.last = newEntry(agentId, tier.level, key, tier.position));
  }
}

interface Membership {
  readonly queue: QueueState;
  tier: Tier;
  /** In the queue's index while eligible there. */
  entry: IndexEntry | null;
  /** The level the agent is counted at as logged in (null: not counted). */
  counted: number | null;
  /** The last entry built, reused while its fields hold. */
  last: IndexEntry | null;
}

function setMemberEntry(m: Membership, entry: IndexEntry | null): void {
  const current = m.entry;
  if (current !== null && entry !== null && compareEntries(current, entry) === 0) return;
  if (current !== null) m.queue.index.delete(current);
  if (entry !== null) m.queue.index.add(entry);
  m.entry = entry;
}
