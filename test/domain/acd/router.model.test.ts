import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Router, type Offer, type OfferEnd, type RoutingAgent, type WaitingCaller } from '../../../src/domain/acd/router.ts';
import { DEFAULT_ROUTING, STRATEGIES, Strategy, TimeBaseScore, type QueueRouting, type Tier } from '../../../src/domain/acd/routing.ts';
import { seededRandom } from '../../../src/domain/ports.ts';
import { NaiveRouter } from '../../support/naive-router.ts';

/**
 * Model-based tests of the ACD router: random command sequences (callers join and hang up, agents
 * change status, join and leave queues, tiers and time groups change, offers are answered, missed
 * or cancelled, the clock moves) are applied to the engine and to a naive scan written from
 * `acd.md` (test/support/naive-router.ts); after each step both dispatch the same queues and must
 * make exactly the same offers. Invariants are checked on the engine: no agent rings for two
 * callers, no eligible agent stays idle while a caller who can reach it waits, every caller
 * leaves exactly once.
 */

// FC_SEED pins the inputs (CI sets it); without it each local run explores new inputs.
if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });

/** Runs per strategy (ACD_MODEL_RUNS overrides, for a longer soak); the whole file takes about 7 s. */
const RUNS = Number(process.env.ACD_MODEL_RUNS ?? 250);
const QUEUES = [1, 2, 3] as const;
const AGENTS = ['ag0', 'ag1', 'ag2', 'ag3', 'ag4'] as const;
const T0 = 1_000_000;

/** The engine's methods the naive router must offer with the same shapes. */
type RouterApi = Pick<Router, 'putQueue' | 'putAgent' | 'setTimeGroupActive' | 'addCaller' | 'removeCaller' | 'offerEnded' | 'dispatch' | 'waiting'>;

interface TierSpec { position: number; level: number; group: number | null }
interface AgentSpec { eligible: boolean; loggedIn: boolean; joined: number[]; calls: number; talk: number; bridgeEndAgo: number | null }
interface Scenario {
  seed: number;
  /** Dispatch every queue after each step, or only the queues the engine says were touched (plus level-opening timers). */
  dispatchAll: boolean;
  routings: QueueRouting[];
  tiers: (TierSpec | null)[][];
  agents: AgentSpec[];
  groupsActive: boolean[];
  /** Each command, and whether the app dispatches right after it (else events pile up until the next dispatch). */
  commands: [Command, boolean][];
}
type Command =
  | { kind: 'join'; queue: number; base: number; answeredBefore: number; resumedBefore: number }
  | { kind: 'hangup'; pick: number; cancelFirst: boolean }
  | { kind: 'status'; agent: number; to: 'ready' | 'busy' | 'logout'; spec: AgentSpec }
  | { kind: 'membership'; agent: number; queue: number }
  | { kind: 'tier'; queue: number; agent: number; tier: TierSpec | null }
  | { kind: 'group'; group: number; active: boolean }
  | { kind: 'end'; pick: number; end: OfferEnd; ready: boolean }
  | { kind: 'advance'; ms: number }
  | { kind: 'routing'; queue: number; routing: QueueRouting };

const queueArb = fc.constantFrom(...QUEUES);
const agentIndexArb = fc.nat({ max: AGENTS.length - 1 });
const tierArb: fc.Arbitrary<TierSpec> = fc.record({ position: fc.integer({ min: 1, max: 4 }), level: fc.constantFrom(1, 2, 3), group: fc.constantFrom(null, null, null, 1, 2) });
const agentArb: fc.Arbitrary<AgentSpec> = fc.record({
  eligible: fc.boolean(),
  loggedIn: fc.boolean(),
  joined: fc.subarray([...QUEUES]),
  calls: fc.nat({ max: 3 }),
  talk: fc.constantFrom(0, 1_000, 5_000),
  bridgeEndAgo: fc.option(fc.constantFrom(0, 10_000, 50_000), { nil: null }),
});
const anyStrategy = fc.constantFrom(...STRATEGIES);
const routingArb = (strategy: fc.Arbitrary<Strategy>, tierRules = fc.constantFrom(true, true, false)): fc.Arbitrary<QueueRouting> =>
  fc.record({
    strategy,
    timeBaseScore: fc.constantFrom(TimeBaseScore.Queue, TimeBaseScore.System),
    tierRulesApply: tierRules,
    tierRuleWaitSecond: fc.constantFrom(0, 10, 10, 30),
    tierRuleWaitMultiplyLevel: fc.boolean(),
    tierRuleNoAgentNoWait: fc.boolean(),
  }).map((r) => ({ ...DEFAULT_ROUTING, ...r }));

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 7, arbitrary: fc.record({ kind: fc.constant('join'), queue: queueArb, base: fc.constantFrom(0, 0, 5, 30), answeredBefore: fc.constantFrom(0, 20_000, 45_000), resumedBefore: fc.constantFrom(0, 0, 0, 15_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hangup'), pick: fc.nat(), cancelFirst: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('status'), agent: agentIndexArb, to: fc.constantFrom('ready', 'ready', 'busy', 'logout'), spec: agentArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('membership'), agent: agentIndexArb, queue: queueArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tier'), queue: queueArb, agent: agentIndexArb, tier: fc.option(tierArb, { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('group'), group: fc.constantFrom(1, 2), active: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('end'), pick: fc.nat(), end: fc.constantFrom<OfferEnd>('answered', 'missed', 'cancelled'), ready: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance'), ms: fc.constantFrom(1, 999, 2_000, 5_000, 10_000, 30_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('routing'), queue: queueArb, routing: routingArb(anyStrategy) }) },
);

/** Queue 1 has `first` as strategy; `tierRules` decides whether tier rules apply in every queue. */
const scenarioArb = (first: fc.Arbitrary<Strategy>, tierRules?: fc.Arbitrary<boolean>): fc.Arbitrary<Scenario> =>
  fc.record({
    seed: fc.integer(),
    dispatchAll: fc.boolean(),
    routings: fc.tuple(routingArb(first, tierRules), routingArb(anyStrategy, tierRules), routingArb(anyStrategy, tierRules)),
    tiers: fc.tuple(
      fc.array(fc.option(tierArb, { freq: 6, nil: null }), { minLength: AGENTS.length, maxLength: AGENTS.length }),
      fc.array(fc.option(tierArb, { freq: 2, nil: null }), { minLength: AGENTS.length, maxLength: AGENTS.length }),
      fc.array(fc.option(tierArb, { freq: 2, nil: null }), { minLength: AGENTS.length, maxLength: AGENTS.length }),
    ),
    agents: fc.array(agentArb, { minLength: AGENTS.length, maxLength: AGENTS.length }),
    groupsActive: fc.tuple(fc.boolean(), fc.boolean()),
    commands: fc.array(fc.tuple(commandArb, fc.constantFrom(true, true, false)), { minLength: 1, maxLength: 60, size: 'max' }),
  });

const nth = <T>(items: readonly T[], i: number): T | undefined => (items.length === 0 ? undefined : items[i % items.length]);
const ids = (callers: readonly WaitingCaller[]): string[] => callers.map((c) => c.callerId);
const toTier = (agentId: string, spec: TierSpec): Tier => ({ agentId, mode: 'Available', position: spec.position, level: spec.level, timeGroupId: spec.group });

/** Drives the engine and the naive router side by side and keeps the facts the app would know. */
class Harness {
  now = T0;
  readonly engine: Router;
  readonly naive: NaiveRouter;
  private readonly routers: RouterApi[];
  private seq = 0;
  private joins = 0;
  private readonly routing = new Map<number, QueueRouting>();
  private readonly tiers = new Map<number, Map<string, Tier>>();
  private readonly agents = new Map<string, RoutingAgent>();
  /** Callers in a queue (waiting or ringing), and those who left. */
  private readonly present = new Map<string, WaitingCaller>();
  private readonly left = new Set<string>();
  /** The caller each agent rings for, as the offers said. */
  private readonly ringing = new Map<string, string>();
  /** Queues the engine asked to dispatch since the last dispatch. */
  private touched: number[] = [];
  /** Per queue, since when it has had no logged-in member (null while it has one). */
  private readonly noAgentSince = new Map<number, number | null>();

  constructor(private readonly s: Scenario) {
    this.engine = new Router(seededRandom(s.seed));
    this.naive = new NaiveRouter(seededRandom(s.seed));
    this.routers = [this.engine, this.naive];
    QUEUES.forEach((q, i) => {
      this.routing.set(q, s.routings[i] as QueueRouting);
      const tiers = new Map<string, Tier>();
      AGENTS.forEach((a, j) => { const spec = s.tiers[i]?.[j]; if (spec) tiers.set(a, toTier(a, spec)); });
      this.tiers.set(q, tiers);
      this.both((r) => r.putQueue(q, s.routings[i] as QueueRouting, [...tiers.values()], this.now));
    });
    AGENTS.forEach((a, j) => this.put(this.agentFrom(a, s.agents[j] as AgentSpec, null)));
    s.groupsActive.forEach((active, i) => this.both((r) => r.setTimeGroupActive(i + 1, active, this.now)));
    this.trackStaffing();
    this.settle([...QUEUES]);
  }

  /** Applies a command; then (unless held) dispatches on both routers, compares, and checks the invariants. */
  step(cmd: Command, dispatch = true): void {
    this.touched.push(...this.apply(cmd));
    this.trackStaffing();
    if (!dispatch) return;
    const queues = this.s.dispatchAll ? [...QUEUES] : [...new Set(this.touched)].sort((a, b) => a - b);
    this.touched = [];
    this.settle(queues);
  }

  /** Every remaining caller hangs up; then nothing waits or rings, and every caller left once. */
  finish(): void {
    while (this.present.size > 0) this.step({ kind: 'hangup', pick: 0, cancelFirst: false });
    for (const q of QUEUES) expect(this.engine.waiting(q)).toEqual([]);
    for (const a of AGENTS) expect(this.engine.offeredTo(a)).toBeUndefined();
    expect(this.left.size).toBe(this.joins);
  }

  private apply(cmd: Command): number[] {
    switch (cmd.kind) {
      case 'join': {
        const joinedAt = this.now - cmd.resumedBefore;
        const caller: WaitingCaller = { callerId: `c${++this.joins}`, queueId: cmd.queue, joinedAt, answeredAt: joinedAt - cmd.answeredBefore, baseScore: cmd.base, seq: ++this.seq };
        this.present.set(caller.callerId, caller);
        return this.both((r) => r.addCaller(caller));
      }
      case 'hangup': {
        const caller = nth([...this.present.values()], cmd.pick);
        if (!caller) return [];
        this.leave(caller.callerId);
        if (!cmd.cancelFirst) this.both((r) => r.removeCaller(caller.queueId, caller.callerId));
        const touched = this.ringingFor(caller.callerId).flatMap((a) => this.endLeg(caller, a, 'cancelled', true));
        if (cmd.cancelFirst) this.both((r) => r.removeCaller(caller.queueId, caller.callerId));
        return touched;
      }
      case 'status': {
        const agent = this.agents.get(AGENTS[cmd.agent] as string) as RoutingAgent;
        const eligible = cmd.to === 'ready';
        return this.put(this.agentFrom(agent.agentId, { ...cmd.spec, eligible, loggedIn: cmd.to !== 'logout' }, agent));
      }
      case 'membership': {
        const agent = this.agents.get(AGENTS[cmd.agent] as string) as RoutingAgent;
        const joined = new Set(agent.joined);
        if (!joined.delete(cmd.queue)) joined.add(cmd.queue);
        return this.put({ ...agent, joined });
      }
      case 'tier': {
        const tiers = this.tiers.get(cmd.queue) as Map<string, Tier>;
        const id = AGENTS[cmd.agent] as string;
        if (cmd.tier) tiers.set(id, toTier(id, cmd.tier));
        else tiers.delete(id);
        return this.both((r) => r.putQueue(cmd.queue, this.routing.get(cmd.queue) as QueueRouting, [...tiers.values()], this.now));
      }
      case 'group':
        return this.both((r) => r.setTimeGroupActive(cmd.group, cmd.active, this.now));
      case 'end': {
        const offer = nth([...this.ringing].sort(([a], [b]) => (a < b ? -1 : 1)), cmd.pick);
        if (!offer) return [];
        const [agentId, callerId] = offer;
        const caller = this.present.get(callerId) as WaitingCaller;
        if (cmd.end !== 'answered') return this.endLeg(caller, agentId, cmd.end, cmd.ready);
        this.leave(callerId);
        const touched = this.endLeg(caller, agentId, 'answered', cmd.ready);
        // Ring-all: the first to answer wins, the other legs are cancelled.
        return [...touched, ...this.ringingFor(callerId).flatMap((a) => this.endLeg(caller, a, 'cancelled', true))];
      }
      case 'routing': {
        this.routing.set(cmd.queue, cmd.routing);
        return this.both((r) => r.putQueue(cmd.queue, cmd.routing, [...(this.tiers.get(cmd.queue) as Map<string, Tier>).values()], this.now));
      }
      case 'advance': {
        const before = this.now;
        this.now += cmd.ms;
        // The app's timers: a tier level opening for a waiting caller.
        return QUEUES.filter((q) => { const at = this.engine.nextLevelOpening(q, before); return at !== null && at <= this.now; });
      }
    }
  }

  /** An agent's new facts; counters and the end of the last call change only while it is not eligible. */
  private agentFrom(agentId: string, spec: AgentSpec, old: RoutingAgent | null): RoutingAgent {
    const eligible = spec.eligible;
    const base = { agentId, eligible, loggedIn: eligible || spec.loggedIn, joined: old?.joined ?? new Set(spec.joined) };
    if (old && old.eligible && eligible) return { ...old, ...base };
    return { ...base, callsAnswered: spec.calls, talkTimeMs: spec.talk, lastBridgeEndAt: spec.bridgeEndAgo === null ? null : this.now - spec.bridgeEndAgo };
  }

  /**
   * One offer leg ends. Ready: the app puts the agent back at once. Else it puts nothing yet (the
   * engine must hold the agent not eligible until the next putAgent, e.g. a later 'status').
   */
  private endLeg(caller: WaitingCaller, agentId: string, end: OfferEnd, ready: boolean): number[] {
    this.ringing.delete(agentId);
    const touched = this.both((r) => r.offerEnded(caller.queueId, caller.callerId, agentId, end, this.now));
    const agent = this.agents.get(agentId) as RoutingAgent;
    const counted = end === 'answered'
      ? { callsAnswered: agent.callsAnswered + 1, talkTimeMs: agent.talkTimeMs + 30_000, lastBridgeEndAt: this.now }
      : {};
    if (ready && agent.loggedIn) return [...touched, ...this.put({ ...agent, ...counted, eligible: true })];
    this.agents.set(agentId, { ...agent, eligible: false });
    return touched;
  }

  private put(agent: RoutingAgent): number[] {
    this.agents.set(agent.agentId, agent);
    return this.both((r) => r.putAgent(agent, this.now));
  }

  private loggedIn(q: number): number {
    return [...(this.tiers.get(q) as Map<string, Tier>).keys()].filter((a) => { const agent = this.agents.get(a); return agent?.loggedIn && agent.joined.has(q); }).length;
  }

  private trackStaffing(): void {
    for (const q of QUEUES) this.noAgentSince.set(q, this.loggedIn(q) > 0 ? null : this.noAgentSince.get(q) ?? this.now);
  }

  /** Runs `f` on both routers and returns the engine's answer. */
  private both<T>(f: (r: RouterApi) => T): T {
    const [engine, naive] = this.routers as [RouterApi, RouterApi];
    f(naive);
    return f(engine);
  }

  private leave(callerId: string): void {
    if (!this.present.delete(callerId)) throw new Error(`${callerId} left twice`);
    this.left.add(callerId);
  }

  private ringingFor(callerId: string): string[] {
    return [...this.ringing].filter(([, c]) => c === callerId).map(([a]) => a).sort();
  }

  private settle(queues: readonly number[]): void {
    for (const q of queues) {
      const offers = this.engine.dispatch(q, this.now);
      expect(offers, `offers in queue ${q} at +${this.now - T0} ms`).toEqual(this.naive.dispatch(q, this.now));
      this.record(q, offers);
    }
    this.check();
  }

  private record(queueId: number, offers: readonly Offer[]): void {
    const ringAll = this.routing.get(queueId)?.strategy === Strategy.RingAll;
    for (const offer of offers) {
      const caller = this.present.get(offer.callerId);
      if (caller?.queueId !== queueId) throw new Error(`${offer.callerId} offered in queue ${queueId} but is not waiting there`);
      if (!ringAll && (offer.agentIds.length !== 1 || this.ringingFor(offer.callerId).length > 0)) throw new Error(`${offer.callerId} rings several agents`);
      for (const agentId of offer.agentIds) {
        const busy = this.ringing.get(agentId);
        if (busy !== undefined) throw new Error(`${agentId} offered ${offer.callerId} while ringing for ${busy}`);
        this.ringing.set(agentId, offer.callerId);
      }
    }
  }

  private check(): void {
    const ringingCallers = new Set(this.ringing.values());
    for (const q of QUEUES) {
      const eligible = this.engine.eligible(q);
      expect(eligible, `eligible agents of queue ${q}`).toEqual(this.naive.eligible(q));
      const waiting = this.engine.waiting(q);
      expect(ids(waiting), `waiting in queue ${q}`).toEqual(ids(this.naive.waiting(q)));
      const ringAll = this.routing.get(q)?.strategy === Strategy.RingAll;
      const expected = [...this.present.values()].filter((c) => c.queueId === q && (ringAll || !ringingCallers.has(c.callerId)));
      expect(new Set(ids(waiting))).toEqual(new Set(ids(expected)));
      const tiers = this.tiers.get(q) as Map<string, Tier>;
      for (const caller of waiting) {
        const open = this.naive.openLevel(q, caller, this.now);
        const idle = eligible.find((a) => (tiers.get(a)?.level ?? Infinity) <= open);
        if (idle !== undefined) throw new Error(`${idle} idle while ${caller.callerId} waits in queue ${q} (open level ${open})`);
      }
      // The tier-level timer: the first moment a waiting caller reaches a level it cannot reach now.
      const levels = [...tiers.values()].map((t) => t.level);
      const reach = (c: WaitingCaller, at: number): number => Math.max(-1, ...levels.filter((l) => l <= this.naive.openLevel(q, c, at)));
      const opens = (at: number): boolean => waiting.some((c) => reach(c, at) > reach(c, this.now));
      const next = this.engine.nextLevelOpening(q, this.now);
      if (next === null ? opens(this.now + 1e9) : next <= this.now || opens(next - 1) || !opens(next)) {
        throw new Error(`queue ${q}: next level opening at ${next === null ? null : next - this.now} ms from now`);
      }
    }
    for (const a of AGENTS) expect(this.engine.offeredTo(a), `offer ringing at ${a}`).toBe(this.ringing.get(a));
    for (const q of QUEUES) expect(this.engine.staffing(q), `staffing of queue ${q}`).toEqual({ loggedIn: this.loggedIn(q), noAgentSince: this.noAgentSince.get(q) });
  }
}

const run = (scenario: Scenario): void => {
  const harness = new Harness(scenario);
  for (const [cmd, dispatch] of scenario.commands) harness.step(cmd, dispatch);
  harness.finish();
};

describe('the router agrees with a naive scan of acd.md on random command sequences', () => {
  for (const strategy of STRATEGIES) {
    it(strategy, () => fc.assert(fc.property(scenarioArb(fc.constant(strategy)), run), { numRuns: RUNS }));
  }

  it('tier rules in every queue, any strategy', () => {
    fc.assert(fc.property(scenarioArb(anyStrategy, fc.constant(true)), run), { numRuns: RUNS * 2 });
  });
});
