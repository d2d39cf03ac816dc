import { afterEach, describe, expect, it } from 'vitest';
import { AGENTS, BREAK, ofType, offeredAgents, openAcd, QUEUE, type AcdHarness } from './harness.ts';

let h: AcdHarness | null = null;
afterEach(async () => { await h?.close(); h = null; });

const MINUTE = 60_000;
const IMPATIENT = {
  numbers: [
    { pattern: '^\\+1999', patienceSeconds: 10, talkSeconds: 60, hangup: 'callee' },
    { pattern: '.*', talkSeconds: 60, hangup: 'callee' },
  ],
  agentDevices: { ringSeconds: { min: 1, max: 40 } },
};
/** Every timer-backed feature in use: max wait, the no-agent timeout, tier rules, delays after misses. */
const BUSY_ROUTING = {
  strategy: 'top-down', maxWaitTime: 120, maxWaitTimeWithNoAgent: 30, tierRulesApply: true, tierRuleWaitSecond: 20,
  abandonedResumeAllowed: true, discardAbandonedAfter: 60,
};
const TIERS = [{ agent: 'agA', position: 1, level: 1 }, { agent: 'agB', position: 2, level: 1 }, { agent: 'agC', position: 1, level: 2 }];

/** A few minutes of traffic with misses, abandons, timeouts, breaks and logouts; then quiet. */
async function traffic(harness: AcdHarness): Promise<void> {
  for (let i = 0; i < 12; i++) {
    harness.call(i % 3 === 0 ? `+1999555${String(1000 + i)}` : `+1617555${String(1000 + i)}`);
    await harness.clock.advance(7_000);
  }
  await harness.platform.agentStatus.set(harness.tenant.id, 'agA', { status: 3, reason: BREAK }, 'vcc');
  for (const agent of AGENTS) await harness.platform.agentStatus.set(harness.tenant.id, agent, { status: 1, reason: null }, 'vcc');
  harness.call('+16175552000'); // nobody is logged in: NO_AGENT_TIMEOUT
  await harness.clock.advance(10 * MINUTE);
  for (const agent of AGENTS) await harness.platform.agentStatus.force(harness.tenant.id, agent, { kind: 'available', reason: null }, 'admin');
  harness.call('+16175552001');
  await harness.clock.advance(10 * MINUTE);
}

describe('an idle engine', () => {
  it('has no timers pending once every call and wrap-up is over', async () => {
    h = await openAcd({ routing: BUSY_ROUTING, tiers: TIERS, telephony: IMPATIENT, agents: { noAnswerDelayTime: 15, maxNoAnswer: 3 } });
    await traffic(h);
    const events = await h.events(0);
    const causes = new Set(ofType(events, 'caller.left').map((e) => e.cause));
    expect([...causes].sort()).toEqual(['BREAK_OUT', 'NO_AGENT_TIMEOUT', 'answered']);
    expect(ofType(events, 'offer.failed').length).toBeGreaterThan(0);
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)).toEqual([]);
    expect(AGENTS.map((a) => h!.status(a))).toEqual([4, 4, 4]);
    expect(h.platform.timers.pending()).toBe(0);
    expect(h.errors).toEqual([]);
  });

  it('has no timers pending after a caller times out', async () => {
    h = await openAcd({ routing: { maxWaitTime: 30 } });
    for (const agent of AGENTS) await h.platform.acd.setJoinedQueues(h.tenant.id, agent, []);
    h.call('+16175550001');
    await h.clock.advance(MINUTE);
    expect(h.platform.timers.pending()).toBe(0);
  });

  it('drops the no-agent and tier-level timers as soon as the last waiting caller leaves', async () => {
    h = await openAcd({
      routing: { maxWaitTimeWithNoAgent: 300, tierRulesApply: true, tierRuleWaitSecond: 300 }, telephony: IMPATIENT,
      tiers: [{ agent: 'agA', position: 1, level: 1 }, { agent: 'agB', position: 1, level: 2 }],
    });
    await h.platform.agentStatus.set(h.tenant.id, 'agA', { status: 1, reason: null }, 'vcc');
    await h.platform.agentStatus.set(h.tenant.id, 'agB', { status: 3, reason: BREAK }, 'vcc');
    h.call('+19995550001'); // waits for level 2 (a timer), hangs up after 10 s
    await h.clock.advance(5_000);
    await h.platform.agentStatus.set(h.tenant.id, 'agB', { status: 1, reason: null }, 'vcc'); // nobody logged in: the no-agent timer
    await h.clock.advance(5_000);
    expect(ofType(await h.events(0), 'caller.left').map((e) => e.cause)).toEqual(['BREAK_OUT']);
    expect(h.platform.timers.pending()).toBe(0);
  });

  it('with a time group in use, exactly the group’s timer', async () => {
    h = await openAcd({
      routing: BUSY_ROUTING, telephony: IMPATIENT, agents: { noAnswerDelayTime: 15, maxNoAnswer: 3 },
      tiers: [...TIERS, { agent: 'agC', position: 2, level: 1, timeGroup: 7 }].filter((t, i) => i !== 2),
      tenantFields: { timeGroups: [{ id: 7, name: 'Late', rules: [{ days: [1], from: '09:00', to: '09:05' }] }] },
    });
    await traffic(h);
    expect(offeredAgents(await h.events(0))).toContain('agC');
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)).toEqual([]);
    expect(h.platform.timers.pending()).toBe(1);
    expect(h.errors).toEqual([]);
  });
  it('drops the timer of a time group that no tier uses any more', async () => {
    h = await openAcd({
      tiers: [{ agent: 'agA', position: 1, level: 1, timeGroup: 7 }],
      tenantFields: { timeGroups: [{ id: 7, name: 'Late', rules: [{ days: [1], from: '09:30', to: '10:00' }] }] },
    });
    expect(h.platform.timers.pending()).toBe(1);
    await h.apply({ queues: [h.queue({ tiers: [{ agent: 'agA', position: 1, level: 1 }] })] });
    await h.clock.advance(0);
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual(['agA']);
    expect(h.platform.timers.pending()).toBe(0);
  });
});

describe('a restart', () => {
  it('ends callers who were waiting with NONE, empties the queue, and keeps agents’ routing counters', async () => {
    h = await openAcd();
    h.call('+16175550001');
    await h.clock.advance(72_000); // agA: one call of 60 s, wrapped up
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agA', []);
    for (const agent of ['agB', 'agC']) await h.platform.agentStatus.set(h.tenant.id, agent, { status: 3, reason: BREAK }, 'vcc');
    h.call('+16175550002');
    h.call('+16175550003');
    await h.clock.advance(5_000);
    const waiting = h.platform.acd.state.callersOf(h.tenant.id, QUEUE).map((c) => c.callerId).sort();
    expect(waiting).toHaveLength(2);
    const seq = await h.lastSeq();
    const counters = h.platform.directory.requireAgent(h.tenant.id, 'agA').state.routing;
    expect(counters).toMatchObject({ callsAnswered: 1, talkTimeMs: 60_000 });

    h = await h.restart();
    const left = ofType(await h.events(seq), 'caller.left');
    expect(left.map((e) => `${e.callerId}:${e.cause}`).sort()).toEqual(waiting.map((id) => `${id}:NONE`));
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)).toEqual([]);
    expect(h.platform.acd.state.router(h.tenant.id).waiting(QUEUE)).toEqual([]);
    expect(h.platform.directory.requireAgent(h.tenant.id, 'agA').state.routing).toEqual(counters);
    expect(h.platform.timers.pending()).toBe(0);
  });

  it('ends a caller who was ringing an agent, frees the agent, and routes new callers afterwards', async () => {
    h = await openAcd({ telephony: { agentDevices: { answer: 'by_hand' } } });
    h.call('+16175550001');
    await h.clock.advance(1_000);
    expect(h.status('agA')).toBe(6);
    const seq = await h.lastSeq();
    h = await h.restart();
    expect(ofType(await h.events(seq), 'caller.left').map((e) => e.cause)).toEqual(['NONE']);
    expect(AGENTS.map((a) => h!.status(a))).toEqual([4, 4, 4]);
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual(['agA', 'agB', 'agC']);
    const next = await h.lastSeq();
    h.call('+16175550002');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(next))).toEqual(['agA']);
  });

  it('carries on a wrap-up that was running, and the agent gets offers after it', async () => {
    h = await openAcd();
    h.call('+16175550001');
    await h.clock.advance(65_000); // agA wraps up until 72 s
    expect(h.status('agA')).toBe(8);
    h = await h.restart();
    expect(h.status('agA')).toBe(8);
    await h.clock.advance(7_000);
    expect(h.status('agA')).toBe(4);
    const seq = await h.lastSeq();
    h.call('+16175550002');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA']);
  });

  it('keeps an agent’s no-answer delay: it is offered again when the delay ends after the restart', async () => {
    h = await openAcd({ routing: { strategy: 'top-down' }, telephony: { agentDevices: { answer: 'by_hand' } }, agents: { noAnswerDelayTime: 60 } });
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agB', []);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agC', []);
    h.call('+16175550001');
    await h.clock.advance(30_000); // agA missed: delayed until 90 s
    h = await h.restart(); // the caller ends (NONE); the delay is stored with the agent
    const seq = await h.lastSeq();
    h.call('+16175550002');
    await h.clock.advance(59_999);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    await h.clock.advance(1);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA']);
  });

  it('keeps abandoned places: the caller resumes after the restart within the window', async () => {
    h = await openAcd({
      routing: { abandonedResumeAllowed: true, discardAbandonedAfter: 120 },
      telephony: { numbers: [{ pattern: '^\\+1999', patienceSeconds: 10 }] },
    });
    for (const agent of AGENTS) await h.platform.acd.setJoinedQueues(h.tenant.id, agent, []);
    h.call('+19995550001');
    await h.clock.advance(30_000);
    h = await h.restart();
    const seq = await h.lastSeq();
    h.call('+19995550001');
    await h.clock.advance(0);
    expect(ofType(await h.events(seq), 'caller.joined').map((e) => e.resumed)).toEqual([true]);
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)[0]?.joinedAt).toBe(h.clock.now() - 30_000);
  });

  it('does not resume a place twice: one already taken back before the restart stays taken', async () => {
    h = await openAcd({
      routing: { abandonedResumeAllowed: true, discardAbandonedAfter: 300 },
      telephony: { numbers: [{ pattern: '^\\+1999', patienceSeconds: 10, talkSeconds: 20, hangup: 'callee' }] },
    });
    for (const agent of AGENTS) await h.platform.acd.setJoinedQueues(h.tenant.id, agent, []);
    h.call('+19995550001'); // abandons at 10 s
    await h.clock.advance(20_000);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agA', [QUEUE]);
    h.call('+19995550001'); // resumes, is answered, talks 20 s
    await h.clock.advance(60_000);
    h = await h.restart();
    const seq = await h.lastSeq();
    h.call('+19995550001');
    await h.clock.advance(0);
    expect(ofType(await h.events(seq), 'caller.joined').map((e) => e.resumed)).toEqual([false]);
  });
});
