import { describe, expect, it } from 'vitest';
import { Strategy } from '../../../src/domain/acd/routing.ts';
import { Q, T0, agent, join, offers, release, routerWith, tier } from './router-support.ts';

describe('ordered strategies pick the best eligible agent, level first', () => {
  it('longest-idle-agent: never bridged first, then the earliest end of the last call, then position', () => {
    const router = routerWith(Strategy.LongestIdleAgent, [tier('agA', 1), tier('agB', 2), tier('agC', 3), tier('agD', 4)], [
      agent('agA', { lastBridgeEndAt: T0 - 10_000 }), agent('agB', { lastBridgeEndAt: T0 - 50_000 }), agent('agC', { lastBridgeEndAt: null }), agent('agD', { lastBridgeEndAt: null }),
    ]);
    ['c1', 'c2', 'c3', 'c4'].forEach((c, i) => join(router, c, T0 + i));
    expect(offers(router)).toEqual(['c1→agC', 'c2→agD', 'c3→agB', 'c4→agA']);
  });

  it('agent-with-least-talk-time and agent-with-fewest-calls order by their counter, then position', () => {
    const agents = [agent('agA', { talkTimeMs: 9_000, callsAnswered: 1 }), agent('agB', { talkTimeMs: 1_000, callsAnswered: 5 }), agent('agC', { talkTimeMs: 1_000, callsAnswered: 1 })];
    const tiers = [tier('agA', 1), tier('agB', 3), tier('agC', 2)];
    const talk = routerWith(Strategy.LeastTalkTime, tiers, agents);
    ['c1', 'c2', 'c3'].forEach((c, i) => join(talk, c, T0 + i));
    expect(offers(talk)).toEqual(['c1→agC', 'c2→agB', 'c3→agA']);
    const calls = routerWith(Strategy.FewestCalls, tiers, agents);
    ['c1', 'c2', 'c3'].forEach((c, i) => join(calls, c, T0 + i));
    expect(offers(calls)).toEqual(['c1→agA', 'c2→agC', 'c3→agB']);
  });

  it('a lower level wins over a better key at a higher level', () => {
    const router = routerWith(Strategy.FewestCalls, [tier('agA', 1, 2), tier('agB', 1, 1)], [agent('agA', { callsAnswered: 0 }), agent('agB', { callsAnswered: 50 })]);
    join(router, 'c1');
    expect(offers(router)).toEqual(['c1→agB']);
  });

  it('sequentially-by-agent-order: every caller starts at the top', () => {
    const router = routerWith(Strategy.SequentiallyByAgentOrder, [tier('agB', 2), tier('agA', 1), tier('agC', 3)]);
    join(router, 'c1');
    expect(offers(router)).toEqual(['c1→agA']);
    release(router, 'c1', 'agA', 'missed', T0 + 1);
    expect(offers(router, T0 + 1)).toEqual(['c1→agA']);
  });

  it('ineligible, not joined, tierless and time-grouped-out agents are never offered', () => {
    const router = routerWith(Strategy.SequentiallyByAgentOrder, [tier('agA', 1), tier('agB', 2), tier('agC', 3, 1, 7), tier('agD', 4)], [
      agent('agA', { eligible: false }), agent('agB', { joined: new Set() }), agent('agC'), agent('agD'),
    ]);
    router.putAgent(agent('agE'), T0); // no tier
    expect(router.eligible(Q)).toEqual(['agD']);
    expect(router.setTimeGroupActive(7, true, T0)).toEqual([Q]);
    expect(router.eligible(Q)).toEqual(['agC', 'agD']);
  });
});

describe('pointer strategies', () => {
  it('round-robin starts after the agent offered the previous caller of the queue and wraps', () => {
    const router = routerWith(Strategy.RoundRobin, [tier('agA', 1), tier('agB', 2), tier('agC', 3)]);
    join(router, 'c1');
    expect(offers(router)).toEqual(['c1→agA']);
    release(router, 'c1', 'agA', 'answered', T0);
    join(router, 'c2');
    expect(offers(router)).toEqual(['c2→agB']);
    release(router, 'c2', 'agB', 'answered', T0);
    join(router, 'c3');
    expect(offers(router)).toEqual(['c3→agC']);
    release(router, 'c3', 'agC', 'answered', T0);
    join(router, 'c4');
    expect(offers(router)).toEqual(['c4→agA']);
  });

  it('sequentially-by-next-agent-order is round-robin', () => {
    const router = routerWith(Strategy.SequentiallyByNextAgentOrder, [tier('agA', 1), tier('agB', 2)]);
    join(router, 'c1');
    join(router, 'c2', T0 + 1);
    expect(offers(router)).toEqual(['c1→agA', 'c2→agB']);
  });

  it('top-down: after a miss the caller moves to the next agent, skipping the ineligible, and wraps to the top', () => {
    const router = routerWith(Strategy.TopDown, [tier('agA', 1), tier('agB', 2), tier('agC', 3)]);
    join(router, 'c1');
    expect(offers(router)).toEqual(['c1→agA']);
    release(router, 'c1', 'agA', 'missed', T0);
    expect(offers(router)).toEqual(['c1→agB']);
    router.putAgent(agent('agC', { eligible: false }), T0); // the last agent is ineligible: must not stall
    release(router, 'c1', 'agB', 'missed', T0);
    expect(offers(router)).toEqual(['c1→agA']);
  });

  it('top-down: each new caller starts at the top', () => {
    const router = routerWith(Strategy.TopDown, [tier('agA', 1), tier('agB', 2)]);
    join(router, 'c1');
    expect(offers(router)).toEqual(['c1→agA']);
    join(router, 'c2', T0 + 1);
    expect(offers(router)).toEqual(['c2→agB']);
    router.offerEnded(Q, 'c1', 'agA', 'answered', T0);
    router.putAgent(agent('agA', { eligible: false }), T0);
    join(router, 'c3', T0 + 2);
    router.putAgent(agent('agA'), T0);
    expect(offers(router)).toEqual(['c3→agA']);
  });
});

describe('random and ring-all', () => {
  it('random picks uniformly within the lowest level that has an eligible agent, reproducibly for a seed', () => {
    const tiers = [tier('agA', 1), tier('agB', 2), tier('agC', 3), tier('agX', 1, 2)];
    const counts = new Map<string, number>();
    for (let seed = 1; seed <= 300; seed++) {
      const router = routerWith(Strategy.Random, tiers, [], {}, seed);
      join(router, 'c1');
      const [offer] = offers(router);
      counts.set(offer as string, (counts.get(offer as string) ?? 0) + 1);
    }
    expect(counts.get('c1→agX')).toBeUndefined();
    for (const a of ['agA', 'agB', 'agC']) expect(counts.get(`c1→${a}`)).toBeGreaterThan(70);
    const again = (seed: number) => { const r = routerWith(Strategy.Random, tiers, [], {}, seed); join(r, 'c1'); return offers(r); };
    expect(again(42)).toEqual(again(42));
  });

  it('ring-all offers every eligible agent of the open levels, adds agents who become eligible, and a miss keeps the caller', () => {
    const router = routerWith(Strategy.RingAll, [tier('agA', 1), tier('agB', 2), tier('agC', 3)], [agent('agA'), agent('agB'), agent('agC', { eligible: false })]);
    join(router, 'c1');
    join(router, 'c2', T0 + 1);
    expect(offers(router)).toEqual(['c1→agA+agB']);
    expect(router.putAgent(agent('agC'), T0)).toEqual([Q]);
    expect(offers(router)).toEqual(['c1→agC']);
    router.offerEnded(Q, 'c1', 'agB', 'missed', T0);
    router.offerEnded(Q, 'c1', 'agA', 'answered', T0);
    router.offerEnded(Q, 'c1', 'agC', 'cancelled', T0);
    expect(router.waiting(Q).map((c) => c.callerId)).toEqual(['c2']);
    expect(offers(router)).toEqual([]); // released agents wait for their next putAgent
    router.putAgent(agent('agB'), T0);
    router.putAgent(agent('agC'), T0);
    expect(offers(router)).toEqual(['c2→agB+agC']);
  });
});

describe('callers', () => {
  it('are served highest score first: seconds waited plus base score, then join order', () => {
    const router = routerWith(Strategy.SequentiallyByAgentOrder, [tier('agA', 1)]);
    join(router, 'late-vip', T0 + 30_000, 60);
    join(router, 'early', T0);
    join(router, 'same-time', T0);
    expect(router.waiting(Q).map((c) => c.callerId)).toEqual(['late-vip', 'early', 'same-time']);
    expect(offers(router, T0 + 30_000)).toEqual(['late-vip→agA']);
  });

  it('a missed offer puts the caller back in its place', () => {
    const router = routerWith(Strategy.SequentiallyByAgentOrder, [tier('agA', 1)]);
    join(router, 'c1');
    join(router, 'c2', T0 + 1);
    expect(offers(router)).toEqual(['c1→agA']);
    expect(router.waiting(Q).map((c) => c.callerId)).toEqual(['c2']);
    router.offerEnded(Q, 'c1', 'agA', 'missed', T0 + 5);
    expect(router.waiting(Q).map((c) => c.callerId)).toEqual(['c1', 'c2']);
  });
});

describe('tier rules (acd.md example: wait 30 s, multiply on; A and B at level 1, C at 2, D at 3)', () => {
  const tiers = [tier('agA', 1, 1), tier('agB', 2, 1), tier('agC', 1, 2), tier('agD', 1, 3)];
  const rules = { tierRulesApply: true, tierRuleWaitSecond: 30, tierRuleWaitMultiplyLevel: true };

  it('A or B from 0 s, C from 60 s, D from 90 s', () => {
    const router = routerWith(Strategy.SequentiallyByAgentOrder, tiers, [agent('agA', { eligible: false }), agent('agB', { eligible: false })], rules);
    join(router, 'c1');
    expect(offers(router, T0 + 59_999)).toEqual([]);
    expect(router.nextLevelOpening(Q, T0 + 59_999)).toBe(T0 + 60_000);
    router.putAgent(agent('agC', { eligible: false }), T0);
    expect(offers(router, T0 + 89_999)).toEqual([]);
    expect(offers(router, T0 + 90_000)).toEqual(['c1→agD']);
  });

  it('C from 60 s when A and B are busy', () => {
    const router = routerWith(Strategy.SequentiallyByAgentOrder, tiers, [agent('agA', { eligible: false }), agent('agB', { eligible: false })], rules);
    join(router, 'c1');
    expect(offers(router, T0 + 60_000)).toEqual(['c1→agC']);
  });

  it('with tier_rule_no_agent_no_wait, C at once when A and B are logged out', () => {
    const out = { eligible: false, loggedIn: false };
    const router = routerWith(Strategy.SequentiallyByAgentOrder, tiers, [agent('agA', out), agent('agB', out)], { ...rules, tierRuleNoAgentNoWait: true });
    join(router, 'c1');
    expect(offers(router, T0)).toEqual(['c1→agC']);
  });

  it('without multiply, every level opens once the wait has passed', () => {
    const router = routerWith(Strategy.SequentiallyByAgentOrder, tiers, [agent('agA', { eligible: false }), agent('agB', { eligible: false }), agent('agC', { eligible: false })], { ...rules, tierRuleWaitMultiplyLevel: false });
    join(router, 'c1');
    expect(offers(router, T0 + 29_999)).toEqual([]);
    expect(offers(router, T0 + 30_000)).toEqual(['c1→agD']);
  });

  it('a caller who cannot reach any open agent does not block a longer-waiting caller behind it by score', () => {
    const router = routerWith(Strategy.SequentiallyByAgentOrder, tiers, [agent('agA', { eligible: false }), agent('agB', { eligible: false }), agent('agD', { eligible: false })], rules);
    join(router, 'vip', T0 + 59_000, 600); // higher score, but has waited 1 s: only level 1 open
    join(router, 'patient', T0);
    expect(offers(router, T0 + 60_000)).toEqual(['patient→agC']);
  });
});

describe('staffing', () => {
  it('counts logged-in agents and remembers since when the queue has had none', () => {
    const router = routerWith(Strategy.LongestIdleAgent, [tier('agA', 1)]);
    expect(router.staffing(Q)).toEqual({ loggedIn: 1, noAgentSince: null });
    router.putAgent(agent('agA', { eligible: false, loggedIn: false }), T0 + 5);
    expect(router.staffing(Q)).toEqual({ loggedIn: 0, noAgentSince: T0 + 5 });
  });
});
