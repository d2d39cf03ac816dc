import { afterEach, describe, expect, it } from 'vitest';
import { AGENTS, ofType, openAcd, QUEUE, type AcdHarness, type AcdOptions } from './harness.ts';

let h: AcdHarness | null = null;
afterEach(async () => { await h?.close(); h = null; });

/** Callers from +1999… hang up after 10 s of waiting; everyone talks 60 s once connected. */
const IMPATIENT = {
  numbers: [
    { pattern: '^\\+1999', patienceSeconds: 10, talkSeconds: 60, hangup: 'callee' },
    { pattern: '.*', talkSeconds: 60, hangup: 'callee' },
  ],
};

async function open(options: AcdOptions, joined = false): Promise<AcdHarness> {
  const harness = await openAcd(options);
  // No agent serves the queue unless asked: callers wait.
  if (!joined) for (const agent of AGENTS) await harness.platform.acd.setJoinedQueues(harness.tenant.id, agent, []);
  return harness;
}

async function logout(harness: AcdHarness, agentId: string): Promise<void> {
  await harness.platform.agentStatus.set(harness.tenant.id, agentId, { status: 1, reason: null }, 'vcc');
}

function callerLegUp(harness: AcdHarness, legId: string): boolean {
  return harness.sim().legs().some((l) => l.legId === legId);
}

describe('a caller who runs out of patience', () => {
  it('abandons: caller.left BREAK_OUT after its patience, and the queue is empty', async () => {
    h = await open({ telephony: IMPATIENT });
    const seq = await h.lastSeq();
    const leg = h.call('+19995550001');
    await h.clock.advance(9_999);
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)).toHaveLength(1);
    await h.clock.advance(1);
    expect(await h.log(seq)).toEqual(['caller.joined', 'caller.left:BREAK_OUT']);
    expect(ofType(await h.events(seq), 'caller.left')[0]?.waitedMs).toBe(10_000);
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)).toEqual([]);
    expect(h.platform.acd.state.router(h.tenant.id).waiting(QUEUE)).toEqual([]);
    expect(callerLegUp(h, leg)).toBe(false);
  });

  it('hanging up while an agent rings cancels the offer; the agent is free again', async () => {
    h = await open({ telephony: { ...IMPATIENT, agentDevices: { answer: 'by_hand' } } }, true);
    const seq = await h.lastSeq();
    h.call('+19995550001');
    await h.clock.advance(5_000);
    expect(h.status('agA')).toBe(6);
    await h.clock.advance(5_000);
    expect(h.ringing()).toEqual([]);
    expect(h.status('agA')).toBe(4);
    const events = await h.events(seq);
    expect(ofType(events, 'offer.failed')).toEqual([expect.objectContaining({ agentId: 'agA', cause: 'cancelled' })]);
    expect(ofType(events, 'caller.left').map((e) => e.cause)).toEqual(['BREAK_OUT']);
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual(['agA', 'agB', 'agC']);
  });
});

describe('max_wait_time', () => {
  it('the caller leaves with TIMEOUT after that long and its leg is hung up', async () => {
    h = await open({ routing: { maxWaitTime: 30 } });
    const seq = await h.lastSeq();
    const leg = h.call('+16175550001');
    await h.clock.advance(29_999);
    expect(callerLegUp(h, leg)).toBe(true);
    await h.clock.advance(1);
    expect(await h.log(seq)).toEqual(['caller.joined', 'caller.left:TIMEOUT']);
    expect(callerLegUp(h, leg)).toBe(false);
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)).toEqual([]);
  });

  it('takes back an offer still ringing when the time is up', async () => {
    h = await open({ routing: { maxWaitTime: 30, ringTimeout: 60 }, telephony: { agentDevices: { answer: 'by_hand' } } }, true);
    const seq = await h.lastSeq();
    const leg = h.call('+16175550001');
    await h.clock.advance(30_000);
    expect(h.ringing()).toEqual([]);
    expect(h.status('agA')).toBe(4);
    expect(callerLegUp(h, leg)).toBe(false);
    expect(ofType(await h.events(seq), 'caller.left').map((e) => e.cause)).toEqual(['TIMEOUT']);
  });

  it('does not cut a caller who was answered in time', async () => {
    h = await open({ routing: { maxWaitTime: 30 } }, true);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(62_000);
    expect(ofType(await h.events(seq), 'caller.left').map((e) => e.cause)).toEqual(['answered']);
  });
});

describe('max_wait_time_with_no_agent', () => {
  const routing = { maxWaitTimeWithNoAgent: 10, maxWaitTimeWithNoAgentTimeReached: 5 };

  it('callers leave with NO_AGENT_TIMEOUT once every agent has been logged out that long', async () => {
    h = await open({ routing }, true);
    for (const agent of AGENTS) await logout(h, agent);
    const seq = await h.lastSeq();
    const leg = h.call('+16175550001');
    await h.clock.advance(9_999);
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)).toHaveLength(1);
    await h.clock.advance(1);
    expect(await h.log(seq)).toEqual(['caller.joined', 'caller.left:NO_AGENT_TIMEOUT']);
    expect(callerLegUp(h, leg)).toBe(false);
  });

  it('a caller must also have waited the ..._time_reached grace', async () => {
    h = await open({ routing: { ...routing, maxWaitTimeWithNoAgentTimeReached: 20 } }, true);
    for (const agent of AGENTS) await logout(h, agent);
    await h.clock.advance(60_000); // no agent for a minute already
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(19_999);
    expect(await h.log(seq)).toEqual(['caller.joined']);
    await h.clock.advance(1);
    expect(await h.log(seq)).toEqual(['caller.joined', 'caller.left:NO_AGENT_TIMEOUT']);
  });

  it('an agent on break counts as logged in: no timeout', async () => {
    h = await open({ routing }, true);
    await logout(h, 'agA');
    await logout(h, 'agB');
    await h.platform.agentStatus.set(h.tenant.id, 'agC', { status: 3, reason: { listId: 10, itemId: 1 } }, 'vcc');
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(120_000);
    expect(await h.log(seq)).toEqual(['caller.joined']);
    // C logs out too: the clock starts then.
    await logout(h, 'agC');
    await h.clock.advance(10_000);
    expect(ofType(await h.events(seq), 'caller.left').map((e) => e.cause)).toEqual(['NO_AGENT_TIMEOUT']);
  });
});

describe('abandoned callers resuming their place', () => {
  const resume = { abandonedResumeAllowed: true, discardAbandonedAfter: 60 };

  it('the same number calling back within the window resumes with its original join time and is served first', async () => {
    h = await open({ routing: resume, telephony: IMPATIENT });
    const seq = await h.lastSeq();
    h.call('+19995550001'); // joins at 0, hangs up at 10 s
    await h.clock.advance(5_000);
    h.call('+16175550002'); // joins at 5 s
    await h.clock.advance(25_000); // 30 s
    h.call('+19995550001'); // back within 60 s of abandoning
    await h.clock.advance(0);
    const joined = ofType(await h.events(seq), 'caller.joined');
    expect(joined.map((e) => `${e.number}:${e.resumed}`)).toEqual(['+19995550001:false', '+16175550002:false', '+19995550001:true']);
    const router = h.platform.acd.state.router(h.tenant.id);
    const waiting = router.waiting(QUEUE);
    const resumed = h.platform.acd.state.callersOf(h.tenant.id, QUEUE).find((c) => c.resumed);
    expect(resumed?.joinedAt).toBe(h.clock.now() - 30_000);
    expect(waiting.map((c) => c.callerId)[0]).toBe(resumed?.callerId);
    // An agent comes: the resumed caller (joined at 0) goes before the one who joined at 5 s.
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agA', [QUEUE]);
    await h.clock.advance(2_000);
    const offered = ofType(await h.events(seq), 'agent.offered');
    expect(offered.map((e) => e.callerId)).toEqual([resumed?.callerId]);
  });

  it('after discard_abandoned_after the caller starts over, behind those who joined meanwhile', async () => {
    h = await open({ routing: resume, telephony: IMPATIENT });
    const seq = await h.lastSeq();
    h.call('+19995550001'); // abandons at 10 s
    await h.clock.advance(5_000);
    h.call('+16175550002');
    await h.clock.advance(66_000); // 71 s: 61 s after abandoning
    h.call('+19995550001');
    await h.clock.advance(0);
    const joined = ofType(await h.events(seq), 'caller.joined');
    expect(joined.at(-1)?.resumed).toBe(false);
    const fresh = h.platform.acd.state.callersOf(h.tenant.id, QUEUE).find((c) => c.number === '+19995550001');
    expect(fresh?.joinedAt).toBe(h.clock.now());
    expect(h.platform.acd.state.router(h.tenant.id).waiting(QUEUE).at(-1)?.callerId).toBe(fresh?.callerId);
  });

  it('without abandoned_resume_allowed a caller never resumes', async () => {
    h = await open({ routing: { discardAbandonedAfter: 60 }, telephony: IMPATIENT });
    const seq = await h.lastSeq();
    h.call('+19995550001');
    await h.clock.advance(20_000);
    h.call('+19995550001');
    await h.clock.advance(0);
    expect(ofType(await h.events(seq), 'caller.joined').map((e) => e.resumed)).toEqual([false, false]);
  });
});
