import { describe, expect, it } from 'vitest';
import { Strategy } from '../../../src/domain/acd/routing.ts';
import { Q, T0, join, offers, routerWith, tier } from './router-support.ts';

describe('Router.removeAgent (a deleted user)', () => {
  it('forgets the agent: no tiers, no facts, not counted as staffing, never offered', () => {
    const router = routerWith(Strategy.SequentiallyByAgentOrder, [tier('agA', 1), tier('agB', 2)]);
    expect(router.staffing(Q).loggedIn).toBe(2);
    expect(router.removeAgent('agA', T0)).toStrictEqual([Q]);
    expect(router.hasTiers('agA')).toBe(false);
    expect(router.agentFacts('agA')).toBeUndefined();
    expect(router.staffing(Q).loggedIn).toBe(1);
    expect(router.eligible(Q)).toStrictEqual(['agB']);
    join(router, 'c1');
    expect(offers(router)).toStrictEqual(['c1→agB']);
    expect(router.removeAgent('agUnknown', T0)).toStrictEqual([]);
  });
});
