import { afterEach, describe, expect, it } from 'vitest';
import { offeredAgents, openAcd, QUEUE, type AcdHarness } from './harness.ts';

let h: AcdHarness | null = null;
afterEach(async () => { await h?.close(); h = null; });

const FOUR = ['agA', 'agB', 'agC', 'agD'] as const;
/** acd.md's example: A and B at level 1, C at level 2, D at level 3. */
const TIERS = [
  { agent: 'agA', position: 1, level: 1 },
  { agent: 'agB', position: 2, level: 1 },
  { agent: 'agC', position: 1, level: 2 },
  { agent: 'agD', position: 1, level: 3 },
];
const RULES = { tierRulesApply: true, tierRuleWaitSecond: 30, tierRuleWaitMultiplyLevel: true };
/** +1555… callers talk for an hour (they keep A and B busy), +1666… for 20 s. */
const LONG = {
  numbers: [
    { pattern: '^\\+1555', talkSeconds: 3600, hangup: 'callee' },
    { pattern: '^\\+1666', talkSeconds: 20, hangup: 'callee' },
    { pattern: '.*', talkSeconds: 60, hangup: 'callee' },
  ],
};

async function open(routing: Record<string, unknown> = {}): Promise<AcdHarness> {
  return openAcd({ agentIds: FOUR, tiers: TIERS, routing: { ...RULES, ...routing }, telephony: LONG });
}

async function logout(harness: AcdHarness, agentId: string): Promise<void> {
  await harness.platform.agentStatus.set(harness.tenant.id, agentId, { status: 1, reason: null }, 'vcc');
}

async function busyAandB(harness: AcdHarness): Promise<void> {
  harness.call('+15550000001');
  harness.call('+15550000002');
  await harness.clock.advance(2_000);
  expect([harness.status('agA'), harness.status('agB')]).toEqual([7, 7]);
}

describe('tier rules (wait 30 s, multiply by level)', () => {
  it('with A and B busy: C is offered after 60 s of waiting, not before; D after 90 s', async () => {
    h = await open();
    await busyAandB(h);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    h.call('+16175550002');
    await h.clock.advance(59_999);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    expect(h.status('agC')).toBe(4);
    await h.clock.advance(1); // 60 s: level 2 opens (a timer, no other event)
    expect(offeredAgents(await h.events(seq))).toEqual(['agC']);
    expect(h.status('agC')).toBe(6);
    await h.clock.advance(29_999);
    expect(h.status('agD')).toBe(4);
    await h.clock.advance(1); // 90 s: level 3 opens for the second caller
    expect(offeredAgents(await h.events(seq))).toEqual(['agC', 'agD']);
  });

  it('a level-1 agent who becomes free before the wait is up takes the caller', async () => {
    h = await open();
    h.call('+15550000001');
    h.call('+16665550001'); // agB: talks 20 s (until 22 s), wraps up until 32 s
    await h.clock.advance(2_000);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(29_999);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    await h.clock.advance(1);
    expect(offeredAgents(await h.events(seq))).toEqual(['agB']);
    await h.clock.advance(120_000);
    expect(offeredAgents(await h.events(seq))).toEqual(['agB']);
  });

  it('with A and B logged out and tier_rule_no_agent_no_wait: C at once', async () => {
    h = await open({ tierRuleNoAgentNoWait: true });
    await logout(h, 'agA');
    await logout(h, 'agB');
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agC']);
  });

  it('with no_agent_no_wait, A and B logging out while a caller waits opens level 2 for it at once', async () => {
    h = await open({ tierRuleNoAgentNoWait: true });
    for (const agent of ['agA', 'agB']) await h.platform.agentStatus.set(h.tenant.id, agent, { status: 3, reason: { listId: 10, itemId: 1 } }, 'vcc');
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(10_000);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    await logout(h, 'agA');
    await logout(h, 'agB');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agC']);
  });

  it('without tier_rule_no_agent_no_wait, logged-out A and B still make C wait 60 s', async () => {
    h = await open();
    await logout(h, 'agA');
    await logout(h, 'agB');
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(59_999);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    await h.clock.advance(1);
    expect(offeredAgents(await h.events(seq))).toEqual(['agC']);
  });

  it('agents on break are logged in: no_agent_no_wait does not skip their level', async () => {
    h = await open({ tierRuleNoAgentNoWait: true });
    for (const agent of ['agA', 'agB']) await h.platform.agentStatus.set(h.tenant.id, agent, { status: 3, reason: { listId: 10, itemId: 1 } }, 'vcc');
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(59_999);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    await h.clock.advance(1);
    expect(offeredAgents(await h.events(seq))).toEqual(['agC']);
  });

  it('without multiply, every level opens after the one wait', async () => {
    h = await open({ tierRuleWaitMultiplyLevel: false });
    await busyAandB(h);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    h.call('+16175550002');
    await h.clock.advance(29_999);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    await h.clock.advance(1);
    expect(offeredAgents(await h.events(seq))).toEqual(['agC', 'agD']);
  });

  it('with tier rules off, every level is open at once (level still first)', async () => {
    h = await open({ tierRulesApply: false });
    await busyAandB(h);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    h.call('+16175550002');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agC', 'agD']);
    expect(h.platform.acd.state.router(h.tenant.id).waiting(QUEUE)).toEqual([]);
  });
});
