import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_LIST_ID } from '../../../src/domain/reason-codes.ts';
import { ofType, offeredAgents, openAcd, QUEUE, type AcdHarness } from './harness.ts';

let h: AcdHarness | null = null;
afterEach(async () => { await h?.close(); h = null; });

const BY_HAND = { agentDevices: { answer: 'by_hand' } } as const;

function routingOf(harness: AcdHarness, agentId: string) {
  return harness.platform.directory.requireAgent(harness.tenant.id, agentId).state.routing;
}

async function answer(harness: AcdHarness, agentId: string): Promise<void> {
  expect(harness.sim().answer(harness.agentLeg(agentId) as string)).toBe(true);
  await harness.clock.advance(0);
}

describe('an offer nobody answers', () => {
  it('rings for the 30 s ring timeout, fails with no_answer, and the caller is offered to the next agent', async () => {
    h = await openAcd({ telephony: BY_HAND, routing: { strategy: 'top-down' } });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(29_999);
    expect(h.ringing()).toEqual(['agA']);
    expect(h.status('agA')).toBe(6);
    await h.clock.advance(1);
    expect(h.ringing()).toEqual(['agB']);
    expect(h.status('agA')).toBe(4);
    expect(h.status('agB')).toBe(6);
    const events = await h.events(seq);
    expect(ofType(events, 'offer.failed')).toEqual([expect.objectContaining({ agentId: 'agA', cause: 'no_answer', queueId: QUEUE })]);
    expect(ofType(events, 'caller.joined')).toHaveLength(1);
    expect(ofType(events, 'caller.left')).toEqual([]);
    expect(routingOf(h, 'agA')?.noAnswerCount).toBe(1);
  });

  it('honours the queue ring timeout when set', async () => {
    h = await openAcd({ telephony: BY_HAND, routing: { strategy: 'top-down', ringTimeout: 10 } });
    h.call('+16175550001');
    await h.clock.advance(10_000);
    expect(h.ringing()).toEqual(['agB']);
  });

  it('keeps the agent out for noAnswerDelayTime, then offers it again when the delay ends (a timer, no other event)', async () => {
    h = await openAcd({ telephony: BY_HAND, agents: { noAnswerDelayTime: 20 } });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(30_000); // agA missed at 30 s: delayed until 50 s
    await answer(h, 'agB');
    h.call('+16175550002');
    await h.clock.advance(0);
    await answer(h, 'agC'); // agA is still in its delay
    h.call('+16175550003');
    await h.clock.advance(19_999); // 49.999 s
    expect(h.ringing()).toEqual([]);
    expect(h.platform.acd.state.router(h.tenant.id).waiting(QUEUE)).toHaveLength(1);
    await h.clock.advance(1);
    expect(h.ringing()).toEqual(['agA']);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA', 'agB', 'agC', 'agA']);
  });
});

describe('rejected and failed offers', () => {
  it('a rejected offer keeps the agent out for rejectDelayTime', async () => {
    h = await openAcd({ telephony: BY_HAND, agents: { rejectDelayTime: 15, noAnswerDelayTime: 100 } });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(1_000);
    h.sim().reject(h.agentLeg('agA') as string);
    await h.clock.advance(0);
    expect(h.ringing()).toEqual(['agB']);
    expect(routingOf(h, 'agA')?.readyAt).toBe(h.clock.now() + 15_000);
    expect(routingOf(h, 'agA')?.noAnswerCount).toBe(0);
    await answer(h, 'agB');
    h.call('+16175550002');
    await h.clock.advance(0);
    expect(h.ringing()).toEqual(['agC']);
    await answer(h, 'agC');
    h.call('+16175550003');
    await h.clock.advance(14_999);
    expect(h.ringing()).toEqual([]);
    await h.clock.advance(1);
    expect(h.ringing()).toEqual(['agA']);
    expect(ofType(await h.events(seq), 'offer.failed').map((e) => e.cause)).toEqual(['rejected']);
  });

  it('a busy device keeps the agent out for busyDelayTime, without counting a miss', async () => {
    h = await openAcd({ agents: { busyDelayTime: 25, noAnswerDelayTime: 100, maxNoAnswer: 1 } });
    h.sim().setDeviceBusy('agA', true);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(0);
    expect(h.status('agB')).toBe(6);
    expect(ofType(await h.events(seq), 'offer.failed')).toEqual([expect.objectContaining({ agentId: 'agA', cause: 'busy' })]);
    expect(routingOf(h, 'agA')).toMatchObject({ readyAt: h.clock.now() + 25_000, noAnswerCount: 0 });
    expect(h.status('agA')).toBe(4);
    h.sim().setDeviceBusy('agA', false);
    h.call('+16175550002'); // agC
    h.call('+16175550003'); // waits for agA's delay
    await h.clock.advance(24_999);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA', 'agB', 'agC']);
    await h.clock.advance(1);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA', 'agB', 'agC', 'agA']);
  });

  it('an unreachable device fails at once: cause failed, the no-answer delay (not the busy delay) applies', async () => {
    h = await openAcd({ agents: { noAnswerDelayTime: 20, busyDelayTime: 100, rejectDelayTime: 300 } });
    h.sim().setDeviceReachable(h.tenant.id, 'agA', false);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(0);
    expect(h.status('agB')).toBe(6);
    const failed = ofType(await h.events(seq), 'offer.failed');
    expect(failed).toEqual([expect.objectContaining({ agentId: 'agA', cause: 'failed' })]);
    expect(routingOf(h, 'agA')).toMatchObject({ readyAt: h.clock.now() + 20_000, noAnswerCount: 1 });
    expect(h.status('agA')).toBe(4);
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual(['agC']);
  });
});

describe('max_no_answer', () => {
  it('after two missed offers in a row the agent goes on break with system reason -1/3, logged', async () => {
    h = await openAcd({ telephony: BY_HAND, agents: { maxNoAnswer: 2 } });
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agB', []);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agC', []);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(30_000);
    expect(h.ringing()).toEqual(['agA']); // missed once, offered again
    expect(h.status('agA')).toBe(6);
    await h.clock.advance(30_000);
    expect(h.ringing()).toEqual([]);
    expect(h.statusOf('agA')).toEqual({ status: 3, reason: { listId: SYSTEM_LIST_ID, itemId: 3 } });
    const events = await h.events(seq);
    expect(ofType(events, 'agent.max_no_answer')).toEqual([{ type: 'agent.max_no_answer', agentId: 'agA', count: 2 }]);
    expect(ofType(events, 'agent.presence_changed').at(-1)).toMatchObject({ agentId: 'agA', to: { kind: 'on_break', reason: { listId: -1, itemId: 3 } }, by: 'system' });
    // On break: never offered again; the caller waits.
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual([]);
    await h.clock.advance(120_000);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA', 'agA']);
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)).toHaveLength(1);
  });

  it('counts consecutive misses only: an answer resets the count', async () => {
    h = await openAcd({ telephony: BY_HAND, agents: { maxNoAnswer: 2 } });
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agB', []);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agC', []);
    h.call('+16175550001');
    await h.clock.advance(30_000); // miss 1
    expect(routingOf(h, 'agA')?.noAnswerCount).toBe(1);
    await answer(h, 'agA');
    expect(routingOf(h, 'agA')?.noAnswerCount).toBe(0);
    await h.clock.advance(70_000); // call and wrap-up over
    h.call('+16175550002');
    await h.clock.advance(30_000); // miss 1 again
    expect(h.status('agA')).toBe(6);
    expect(routingOf(h, 'agA')?.noAnswerCount).toBe(1);
  });

  it('unreachable devices reach the limit at once, and the caller goes on to the next agent', async () => {
    h = await openAcd({ agents: { maxNoAnswer: 2 } });
    h.sim().setDeviceReachable(h.tenant.id, 'agA', false);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agC', []);
    h.sim().setDeviceReachable(h.tenant.id, 'agB', false);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(0);
    // Every caller starts at the top (no delay): A fails twice and goes on break, then B; the caller waits.
    expect(h.status('agA')).toBe(3);
    expect(h.status('agB')).toBe(3);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA', 'agA', 'agB', 'agB']);
    await h.platform.acd.setJoinedQueues(h.tenant.id, 'agC', [QUEUE]);
    await h.clock.advance(2_000);
    expect(h.status('agC')).toBe(7);
  });
});
