import { afterEach, describe, expect, it } from 'vitest';
import { AGENTS, BREAK, offeredAgents, openAcd, QUEUE, type AcdHarness } from './harness.ts';

let h: AcdHarness | null = null;
afterEach(async () => { await h?.close(); h = null; });

async function setStatus(harness: AcdHarness, agentId: string, status: number, reason: { listId: number; itemId: number } | null = null): Promise<void> {
  await harness.platform.agentStatus.set(harness.tenant.id, agentId, { status, reason }, 'vcc');
}

describe('VCC status of an agent taking a queue call', () => {
  it('reads 6 while ringing, 7 connected, 8 in post-processing, then 4', async () => {
    h = await openAcd({ telephony: { agentDevices: { answer: 'by_hand' } } });
    h.call('+16175550001');
    await h.clock.advance(5_000);
    expect(h.status('agA')).toBe(6);
    h.sim().answer(h.agentLeg('agA') as string);
    await h.clock.advance(0);
    expect(h.status('agA')).toBe(7);
    await h.clock.advance(60_000);
    expect(h.status('agA')).toBe(8);
    await h.clock.advance(9_999);
    expect(h.status('agA')).toBe(8);
    await h.clock.advance(1);
    expect(h.status('agA')).toBe(4);
  });
});

describe('a break asked for during a queue call', () => {
  it('shows 7, then 8, then 3 after the wrap-up, and the agent gets no offers meanwhile', async () => {
    h = await openAcd({ telephony: { numbers: [{ pattern: '^\\+1555', talkSeconds: 3600, hangup: 'callee' }, { pattern: '.*', talkSeconds: 60, hangup: 'callee' }] } });
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agC', []);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(2_000);
    expect(h.status('agA')).toBe(7);
    await setStatus(h, 'agA', 3, BREAK);
    expect(h.status('agA')).toBe(7);
    h.call('+15550000001'); // agB, for an hour
    await h.clock.advance(60_000); // 62 s: agA's caller hangs up
    expect(h.status('agA')).toBe(8);
    h.call('+16175550002'); // waits: agA is wrapping up and asked for a break
    await h.clock.advance(10_000);
    expect(h.statusOf('agA')).toEqual({ status: 3, reason: BREAK });
    await h.clock.advance(300_000);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA', 'agB']);
    expect(h.platform.acd.state.router(h.tenant.id).waiting(QUEUE)).toHaveLength(1);
    // Back from the break: offered at once.
    await setStatus(h, 'agA', 4);
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA', 'agB', 'agA']);
  });
});

describe('a status change asked for while an offer rings', () => {
  const options = { routing: { strategy: 'top-down' }, telephony: { agentDevices: { answer: 'by_hand' } } } as const;

  it('applies when the offer ends unanswered; the caller goes to the next agent', async () => {
    h = await openAcd(options);
    h.call('+16175550001');
    await h.clock.advance(1_000);
    await setStatus(h, 'agA', 3, BREAK);
    expect(h.status('agA')).toBe(6);
    await h.clock.advance(29_000);
    expect(h.statusOf('agA')).toEqual({ status: 3, reason: BREAK });
    expect(h.ringing()).toEqual(['agB']);
  });

  it('a logout asked for is kept even when that miss reaches max_no_answer (no system break)', async () => {
    h = await openAcd({ ...options, agents: { maxNoAnswer: 1 } });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(1_000);
    await setStatus(h, 'agA', 1);
    await h.clock.advance(29_000);
    expect(h.status('agA')).toBe(1);
    const presence = (await h.events(seq)).filter((e) => e.type === 'agent.presence_changed');
    expect(presence).toEqual([expect.objectContaining({ agentId: 'agA', to: { kind: 'logged_out', reason: null } })]);
    expect(h.ringing()).toEqual(['agB']);
  });
});

describe('who is never offered', () => {
  it('agents on break or logged out', async () => {
    h = await openAcd();
    await setStatus(h, 'agA', 3, BREAK);
    await setStatus(h, 'agB', 1);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    h.call('+16175550002');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agC']);
    await h.clock.advance(600_000);
    expect(offeredAgents(await h.events(seq))).toEqual(['agC', 'agC']);
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual(['agC']);
  });

  it('an agent working offline', async () => {
    h = await openAcd({ tenantFields: { statusCodeLists: [{ id: 10, name: 'Codes', items: [{ id: 1, shortCode: 'Lun', label: 'Lunch', kind: 'break' }, { id: 2, shortCode: 'Adm', label: 'Admin', kind: 'offline' }] }] } });
    await setStatus(h, 'agA', 5, { listId: 10, itemId: 2 });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agB']);
  });

  it('an agent who left the queue, until it joins again', async () => {
    h = await openAcd();
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agA', []);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agB']);
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual(['agC']);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agA', [QUEUE]);
    await h.clock.advance(100_000);
    h.call('+16175550002');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agB', 'agA']);
  });

  it('an agent without a tier in the queue, even if joined', async () => {
    h = await openAcd({ tiers: [{ agent: 'agB', position: 1, level: 1 }] });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    h.call('+16175550002');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agB']);
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)).toHaveLength(2);
  });
});

describe('no eligible agent is idle while a caller waits', () => {
  /** Callers talk 20–200 s; agents answer after 1–40 s, so about a quarter of the offers time out (30 s). */
  const MIXED = {
    numbers: [{ pattern: '.*', talkSeconds: { distribution: 'uniform', min: 20, max: 200 }, hangup: 'callee' }],
    agentDevices: { ringSeconds: { min: 1, max: 40 } },
  };

  /** Returns whether a caller was waiting (the check had something to check). */
  function check(harness: AcdHarness, at: string, ringAll: boolean): boolean {
    const router = harness.platform.acd.state.router(harness.tenant.id);
    // Ring-all adds agents to a caller already ringing others: such a caller counts as waiting too.
    const waiting = harness.platform.acd.state.callersOf(harness.tenant.id, QUEUE).filter((c) => c.state === 'waiting' || (ringAll && c.state === 'offered'));
    if (waiting.length === 0) return false;
    // Every joined agent with a tier is busy: nobody eligible, nobody available and idle.
    expect(router.eligible(QUEUE), at).toEqual([]);
    for (const agentId of AGENTS) {
      const agent = harness.platform.directory.requireAgent(harness.tenant.id, agentId);
      const idle = agent.state.presence.kind === 'available' && agent.state.activity === 'idle';
      const delayed = (agent.state.routing?.readyAt ?? 0) > harness.clock.now();
      expect(idle && !delayed && agent.state.routing?.joined.includes(QUEUE), `${at}: ${agentId} idle while a caller waits`).toBe(false);
    }
    return true;
  }

  for (const strategy of ['longest-idle-agent', 'round-robin', 'ring-all', 'top-down', 'agent-with-fewest-calls']) {
    it(`holds at every step of a busy half hour (${strategy})`, async () => {
      h = await openAcd({ routing: { strategy }, telephony: MIXED, agents: { noAnswerDelayTime: 5 }, seed: 3 });
      let caller = 0;
      let checked = 0;
      for (let t = 0; t < 1_800; t++) {
        if (t % 23 === 0 || t % 37 === 0) h.call(`+1617555${String(1000 + caller++)}`);
        if (t === 600) await setStatus(h, 'agB', 3, BREAK);
        if (t === 900) await setStatus(h, 'agB', 4);
        await h.clock.advance(1_000);
        if (check(h, `t=${t}`, strategy === 'ring-all')) checked++;
      }
      const events = await h.events(0);
      expect(checked).toBeGreaterThan(600);
      expect(offeredAgents(events).length).toBeGreaterThan(30);
      expect(events.filter((e) => e.type === 'offer.failed').length).toBeGreaterThan(3);
      expect(h.errors).toEqual([]);
    });
  }
});
