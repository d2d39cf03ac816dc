import { afterEach, describe, expect, it } from 'vitest';
import { AGENTS, ofType, offeredAgents, openAcd, QUEUE, type AcdHarness } from './harness.ts';

let h: AcdHarness | null = null;
afterEach(async () => { await h?.close(); h = null; });

/** Callers from +16175552… talk 20 s, +16175554… 40 s, everyone else 60 s. */
const TALK = {
  numbers: [
    { pattern: '^\\+16175552', talkSeconds: 20, hangup: 'callee' },
    { pattern: '^\\+16175554', talkSeconds: 40, hangup: 'callee' },
    { pattern: '.*', talkSeconds: 60, hangup: 'callee' },
  ],
};

async function offersAfter(harness: AcdHarness, seq: number): Promise<string[]> {
  return offeredAgents(await harness.events(seq));
}

/** One call at a time, each answered, talked and wrapped up before the next. */
async function oneByOne(harness: AcdHarness, count: number): Promise<string[]> {
  const seq = await harness.lastSeq();
  for (let i = 0; i < count; i++) {
    harness.call(`+1617555${String(1000 + i)}`);
    await harness.clock.advance(2_000 + 60_000 + 10_000);
  }
  return offersAfter(harness, seq);
}

describe('longest-idle-agent', () => {
  it('offers never-bridged agents first (by position), then the one whose last call ended earliest', async () => {
    h = await openAcd({ routing: { strategy: 'longest-idle-agent' }, telephony: TALK });
    const seq = await h.lastSeq();
    h.call('+16175550001'); // talks 60 s → agA
    h.call('+16175552001'); // talks 20 s → agB
    await h.clock.advance(100_000); // both calls and wrap-ups are over; agB has been idle longer than agA
    h.call('+16175550002');
    h.call('+16175550003');
    h.call('+16175550004');
    await h.clock.advance(0);
    expect(await offersAfter(h, seq)).toEqual(['agA', 'agB', 'agC', 'agB', 'agA']);
  });
});

describe('round-robin', () => {
  it('starts after the agent offered the previous caller, wrapping around', async () => {
    h = await openAcd({ routing: { strategy: 'round-robin' } });
    expect(await oneByOne(h, 5)).toEqual(['agA', 'agB', 'agC', 'agA', 'agB']);
  });

  it('sequentially-by-next-agent-order is the same', async () => {
    h = await openAcd({ routing: { strategy: 'sequentially-by-next-agent-order' } });
    expect(await oneByOne(h, 4)).toEqual(['agA', 'agB', 'agC', 'agA']);
  });

  it('contrasts with sequentially-by-agent-order, where every caller starts at the top', async () => {
    h = await openAcd({ routing: { strategy: 'sequentially-by-agent-order' } });
    expect(await oneByOne(h, 3)).toEqual(['agA', 'agA', 'agA']);
  });
});

describe('top-down', () => {
  const byHand = { agentDevices: { answer: 'by_hand' } };

  it('moves a caller to the next agent after a miss, and wraps to the top after the last', async () => {
    h = await openAcd({ routing: { strategy: 'top-down' }, telephony: byHand });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(0);
    for (const agent of ['agA', 'agB', 'agC']) {
      expect(h.ringing()).toEqual([agent]);
      expect(h.sim().reject(h.agentLeg(agent) as string)).toBe(true);
      await h.clock.advance(0);
    }
    expect(h.ringing()).toEqual(['agA']);
    expect(ofType(await h.events(seq), 'offer.failed').map((e) => `${e.agentId}:${e.cause}`)).toEqual(['agA:rejected', 'agB:rejected', 'agC:rejected']);
  });

  it('skips an agent who is not eligible instead of stalling the caller', async () => {
    h = await openAcd({ routing: { strategy: 'top-down' }, telephony: byHand });
    h.call('+16175550001');
    await h.clock.advance(0);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agB', []);
    h.sim().reject(h.agentLeg('agA') as string);
    await h.clock.advance(0);
    expect(h.ringing()).toEqual(['agC']);
  });

  it('sequentially-by-agent-order goes back to the top after a miss', async () => {
    h = await openAcd({ routing: { strategy: 'sequentially-by-agent-order' }, telephony: byHand });
    h.call('+16175550001');
    await h.clock.advance(0);
    h.sim().reject(h.agentLeg('agA') as string);
    await h.clock.advance(0);
    expect(h.ringing()).toEqual(['agA']);
  });
});

describe('ring-all', () => {
  it('rings every eligible agent; the first to answer wins and the others are free at once, without a delay', async () => {
    h = await openAcd({ routing: { strategy: 'ring-all' }, telephony: { agentDevices: { answer: 'by_hand' } }, agents: { noAnswerDelayTime: 60, rejectDelayTime: 60 } });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(1_000);
    expect(h.ringing()).toEqual(['agA', 'agB', 'agC']);
    expect(AGENTS.map((a) => h!.status(a))).toEqual([6, 6, 6]);
    expect(h.sim().answer(h.agentLeg('agB') as string)).toBe(true);
    await h.clock.advance(0);
    expect(AGENTS.map((a) => h!.status(a))).toEqual([4, 7, 4]);
    // The others' legs were hung up; only the winner's device is still up.
    expect(h.sim().legs().filter((l) => l.to.kind === 'agent').map((l) => l.to.kind === 'agent' && l.to.agentId)).toEqual(['agB']);
    const router = h.platform.acd.state.router(h.tenant.id);
    expect(router.eligible(QUEUE)).toEqual(['agA', 'agC']);
    for (const agent of ['agA', 'agC']) expect(h.platform.directory.requireAgent(h.tenant.id, agent).state.routing?.readyAt ?? null).toBeNull();
    const events = await h.events(seq);
    expect(ofType(events, 'offer.failed').map((e) => `${e.agentId}:${e.cause}`).sort()).toEqual(['agA:cancelled', 'agC:cancelled']);
    expect(ofType(events, 'bridge.started').map((e) => e.agentId)).toEqual(['agB']);
    expect(ofType(events, 'caller.joined')).toHaveLength(1);
    // A second caller rings the two free agents at once.
    h.call('+16175550002');
    await h.clock.advance(0);
    expect(h.ringing()).toEqual(['agA', 'agC']);
  });

  it('a second answer arriving before the first bridge has committed is withdrawn, not bridged twice', async () => {
    h = await openAcd({ routing: { strategy: 'ring-all' }, telephony: { agentDevices: { answer: 'by_hand' } } });
    h.call('+16175550001');
    await h.clock.advance(1_000);
    const { registry } = h.platform.calls.engine;
    const legA = h.agentLeg('agA') as string;
    const legB = h.agentLeg('agB') as string;
    const callA = registry.byLeg(legA);
    expect(callA).toBeDefined();
    // As on a wall clock: A's answer is decided (not yet committed) when B's answer event arrives.
    const committing = h.platform.calls.engine.signal(callA!, { kind: 'answered', leg: 'agent' });
    expect(h.platform.acd.onLegEvent({ legId: legB, type: 'answered', at: h.clock.now() })).toBe(true);
    await committing;
    await h.platform.committer.idle();
    await h.clock.advance(0);
    expect(AGENTS.map((a) => h!.status(a))).toEqual([7, 4, 4]);
    const events = await h.events(0);
    expect(ofType(events, 'bridge.started').map((e) => e.agentId)).toEqual(['agA']);
    expect(ofType(events, 'offer.failed').map((e) => e.agentId).sort()).toEqual(['agB', 'agC']);
  });

  it('adds agents who become eligible while the caller waits', async () => {
    h = await openAcd({ routing: { strategy: 'ring-all' }, telephony: { agentDevices: { answer: 'by_hand' } } });
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agC', []);
    h.call('+16175550001');
    await h.clock.advance(1_000);
    expect(h.ringing()).toEqual(['agA', 'agB']);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agC', [QUEUE]);
    await h.clock.advance(0);
    expect(h.ringing()).toEqual(['agA', 'agB', 'agC']);
    h.sim().answer(h.agentLeg('agC') as string);
    await h.clock.advance(0);
    expect(AGENTS.map((a) => h!.status(a))).toEqual([4, 4, 7]);
    expect(h.ringing()).toEqual([]);
  });
  it('a caller hanging up while every agent rings frees them all: each offer fails as cancelled and all are offered again', async () => {
    h = await openAcd({
      routing: { strategy: 'ring-all' },
      telephony: { numbers: [{ pattern: '^\\+1999', patienceSeconds: 10 }, { pattern: '.*', talkSeconds: 60, hangup: 'callee' }], agentDevices: { answer: 'by_hand' } },
    });
    const seq = await h.lastSeq();
    h.call('+19995550001');
    await h.clock.advance(5_000);
    expect(h.ringing()).toEqual(['agA', 'agB', 'agC']);
    await h.clock.advance(5_000); // the caller hangs up
    expect(h.ringing()).toEqual([]);
    expect(AGENTS.map((a) => h!.status(a))).toEqual([4, 4, 4]);
    const events = await h.events(seq);
    expect(ofType(events, 'caller.left').map((e) => e.cause)).toEqual(['BREAK_OUT']);
    expect(ofType(events, 'offer.failed').map((e) => `${e.agentId}:${e.cause}`).sort()).toEqual(['agA:cancelled', 'agB:cancelled', 'agC:cancelled']);
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual(['agA', 'agB', 'agC']);
    h.call('+16175550002');
    await h.clock.advance(1_000);
    expect(h.ringing()).toEqual(['agA', 'agB', 'agC']);
  });
});

describe('random', () => {
  async function run(seed: number): Promise<string[]> {
    const harness = await openAcd({ routing: { strategy: 'random' }, seed });
    try {
      return await oneByOne(harness, 8);
    } finally {
      await harness.close();
    }
  }

  it('is reproducible for a seed and spreads callers over the agents', async () => {
    const first = await run(11);
    expect(await run(11)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
    const other = await run(12);
    expect(other).toHaveLength(8);
  });
});

describe('counters from real calls', () => {
  it('agent-with-fewest-calls prefers agents who answered fewer calls, then position', async () => {
    h = await openAcd({ routing: { strategy: 'agent-with-fewest-calls' } });
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agB', []);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agC', []);
    expect(await oneByOne(h, 2)).toEqual(['agA', 'agA']);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agB', [QUEUE]);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agC', [QUEUE]);
    const seq = await h.lastSeq();
    h.call('+16175550101');
    h.call('+16175550102');
    await h.clock.advance(100_000);
    h.call('+16175550103');
    await h.clock.advance(2_000); // answered
    // A has 2 calls: B and C (0) go first; then B and C have 1 each and B wins on position.
    expect(await offersAfter(h, seq)).toEqual(['agB', 'agC', 'agB']);
    const calls = AGENTS.map((a) => h!.platform.directory.requireAgent(h!.tenant.id, a).state.routing?.callsAnswered);
    expect(calls).toEqual([2, 2, 1]);
  });

  it('counters restart when the agent becomes available after a break, not after each wrap-up', async () => {
    h = await openAcd({ routing: { strategy: 'agent-with-fewest-calls' } });
    const counts = () => AGENTS.map((a) => h!.platform.directory.requireAgent(h!.tenant.id, a).state.routing?.callsAnswered);
    h.call('+16175550001');
    h.call('+16175550002');
    await h.clock.advance(100_000);
    expect(counts()).toEqual([1, 1, 0]); // kept through the wrap-ups
    await h.platform.agentStatus.set(h.tenant.id, 'agA', { status: 3, reason: { listId: 10, itemId: 1 } }, 'vcc');
    await h.platform.agentStatus.set(h.tenant.id, 'agA', { status: 4, reason: null }, 'vcc');
    expect(counts()).toEqual([0, 1, 0]);
    const seq = await h.lastSeq();
    h.call('+16175550003');
    h.call('+16175550004');
    await h.clock.advance(0);
    expect(await offersAfter(h, seq)).toEqual(['agA', 'agC']);
  });

  it('agent-with-least-talk-time prefers agents who talked less', async () => {
    h = await openAcd({ routing: { strategy: 'agent-with-least-talk-time' }, telephony: TALK });
    const seq = await h.lastSeq();
    h.call('+16175550001'); // agA talks 60 s
    h.call('+16175552001'); // agB talks 20 s
    h.call('+16175554001'); // agC talks 40 s
    await h.clock.advance(100_000);
    const talk = AGENTS.map((a) => h!.platform.directory.requireAgent(h!.tenant.id, a).state.routing?.talkTimeMs);
    expect(talk).toEqual([60_000, 20_000, 40_000]);
    expect(ofType(await h.events(seq), 'bridge.ended').map((e) => `${e.agentId}:${e.talkMs}`).sort()).toEqual(['agA:60000', 'agB:20000', 'agC:40000']);
    const next = await h.lastSeq();
    h.call('+16175550002');
    h.call('+16175550003');
    h.call('+16175550004');
    await h.clock.advance(0);
    expect(await offersAfter(h, next)).toEqual(['agB', 'agC', 'agA']);
  });
});
