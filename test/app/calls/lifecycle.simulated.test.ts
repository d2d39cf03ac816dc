import { afterEach, describe, expect, it } from 'vitest';
import { AgentStatus } from '../../../src/domain/agent-status.ts';
import { InteractionStateError } from '../../../src/domain/calls/errors.ts';
import { stageOf } from '../../../src/domain/calls/interaction.ts';
import { ILYA, openHarness, type Harness } from './harness.ts';
import { CUSTOMER, agent, eventsSince, find, fixedNumbers, lastSeq, logSince, request, simulator, status } from './helpers.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A harness whose outside numbers ring 4 s and talk 90 s (agent devices answer after 2 s). */
async function open(options: Parameters<typeof fixedNumbers>[1] = {}): Promise<Harness> {
  h = await openHarness();
  await fixedNumbers(h.platform, options);
  return h;
}

/** The log since `seq` as `[ms after t0, event]`. */
async function timeline(harness: Harness, seq: number, t0: number): Promise<[number, string][]> {
  const described = await logSince(harness, seq);
  return (await eventsSince(harness, seq)).map((e, i) => [e.at - t0, described[i] as string]);
}

const ANSWERED_UP_TO_CUSTOMER: [number, string][] = [
  [0, 'interaction.created'], [0, 'agent.activity_changed:offered'], [0, 'leg.ringing:agent'],
  [2_000, 'leg.answered:agent'], [2_000, 'agent.activity_changed:on_queue_call'],
];

describe('a queue call, customer hangs up', () => {
  it('goes 6 → 7 → 8 → 4 with the interaction following each step', async () => {
    const harness = await open();
    const { platform, clock, tenant } = harness;
    const t0 = clock.now();
    const placed = await platform.calls.place(tenant, request());
    expect(placed).toMatchObject({ line: 1, transactionNumber: 1 });
    expect(status(harness)).toBe(AgentStatus.TransactOffered);
    const created = await find(harness, placed.interactionGuid);
    expect(created).toMatchObject({
      agentId: ILYA, queueId: 598, line: 1, direction: 'outbound', destination: CUSTOMER, callerId: '12015551212',
      wrapUpSeconds: 30, codesRequired: false, createdAt: t0, endedAt: null, postProcessing: null,
    });
    expect(created.agentLeg.id).toBe(placed.agentLegId);
    expect(stageOf(created)).toBe('agent_dialling');

    await clock.advance(1_000);
    expect(stageOf(await find(harness, placed.interactionGuid))).toBe('agent_ringing');
    expect(status(harness)).toBe(AgentStatus.TransactOffered);

    await clock.advance(1_000);
    const agentAnswered = await find(harness, placed.interactionGuid);
    expect(stageOf(agentAnswered)).toBe('customer_ringing');
    expect(agentAnswered.agentLeg.answeredAt).toBe(t0 + 2_000);
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);

    await clock.advance(4_000);
    const talking = await find(harness, placed.interactionGuid);
    expect(stageOf(talking)).toBe('talking');
    expect(talking.bridgedAt).toBe(t0 + 6_000);
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);

    await clock.advance(90_000);
    const ended = await find(harness, placed.interactionGuid);
    expect(ended).toMatchObject({ endedAt: t0 + 96_000, endCause: 'completed', hungUpBy: 'customer' });
    expect(ended.customerLeg).toMatchObject({ state: 'ended', endCause: 'hangup' });
    expect(ended.agentLeg).toMatchObject({ state: 'ended', endCause: 'cleared' });
    expect(ended.postProcessing).toEqual({ startedAt: t0 + 96_000, dueAt: t0 + 126_000, awaitingCodes: false, endedAt: null, endedBy: null });
    expect(agent(harness)).toMatchObject({ status: AgentStatus.PostProcess, activity: 'post_processing', presence: 'available' });

    await clock.advance(29_999);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await clock.advance(1);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect((await find(harness, placed.interactionGuid)).postProcessing).toMatchObject({ endedAt: t0 + 126_000, endedBy: 'timer' });
    expect(simulator(harness).legs()).toEqual([]);
    expect(platform.timers.pending()).toBe(0);
  });

  it('logs every step at its time', async () => {
    const harness = await open();
    const t0 = harness.clock.now();
    const seq = await lastSeq(harness);
    await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(200_000);
    expect(await timeline(harness, seq, t0)).toEqual([
      ...ANSWERED_UP_TO_CUSTOMER,
      [2_000, 'leg.ringing:customer'], [6_000, 'leg.answered:customer'], [6_000, 'interaction.bridged'],
      [96_000, 'leg.ended:agent:cleared'], [96_000, 'leg.ended:customer:hangup'], [96_000, 'interaction.ended:completed'],
      [96_000, 'post_processing.started'], [96_000, 'agent.activity_changed:post_processing'],
      [126_000, 'post_processing.ended:timer'], [126_000, 'agent.activity_changed:idle'],
    ]);
  });

  it('takes transaction codes during post-processing without ending it early', async () => {
    const harness = await open();
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(100_000);
    const seq = await lastSeq(harness);
    await harness.platform.calls.setTransactionCodes(harness.tenant.id, placed.interactionGuid, ILYA, [{ id: 12, codes: [{ id: 234 }] }, { id: 2281, codes: [{ id: 7361 }, { id: 7362 }] }], 'vcc');
    const coded = await find(harness, placed.interactionGuid);
    expect(coded.transactionCodes).toEqual([{ listId: 12, itemId: 234 }, { listId: 2281, itemId: 7361 }, { listId: 2281, itemId: 7362 }]);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    expect(await logSince(harness, seq)).toEqual(['transaction_codes.set']);
    await harness.clock.advance(26_000);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect((await find(harness, placed.interactionGuid)).postProcessing?.endedBy).toBe('timer');
  });
});

describe('a queue call, the agent hangs up', () => {
  it('ends completed by the agent, then post-processing, then available', async () => {
    const harness = await open({ hangup: 'caller' });
    const { platform, clock, tenant } = harness;
    const t0 = clock.now();
    const seq = await lastSeq(harness);
    const placed = await platform.calls.place(tenant, request());
    await clock.advance(10_000);
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);
    expect(await platform.calls.hangUpAgent(tenant.id, placed.interactionGuid, ILYA)).toBe(placed.agentLegId);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    const ended = await find(harness, placed.interactionGuid);
    expect(ended).toMatchObject({ endedAt: t0 + 10_000, endCause: 'completed', hungUpBy: 'agent' });
    expect(ended.agentLeg.endCause).toBe('hangup');
    expect(ended.customerLeg.endCause).toBe('cleared');
    await clock.advance(0);
    expect(simulator(harness).legs()).toEqual([]);
    await clock.advance(30_000);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect((await timeline(harness, seq, t0)).slice(5)).toEqual([
      [2_000, 'leg.ringing:customer'], [6_000, 'leg.answered:customer'], [6_000, 'interaction.bridged'],
      [10_000, 'leg.ended:agent:hangup'], [10_000, 'leg.ended:customer:cleared'], [10_000, 'interaction.ended:completed'],
      [10_000, 'post_processing.started'], [10_000, 'agent.activity_changed:post_processing'],
      [40_000, 'post_processing.ended:timer'], [40_000, 'agent.activity_changed:idle'],
    ]);
  });

  it('refuses a second hang-up of a call that has ended', async () => {
    const harness = await open({ hangup: 'caller' });
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(10_000);
    await harness.platform.calls.hangUpAgent(harness.tenant.id, placed.interactionGuid, ILYA);
    const seq = await lastSeq(harness);
    await expect(harness.platform.calls.hangUpAgent(harness.tenant.id, placed.interactionGuid, ILYA)).rejects.toBeInstanceOf(InteractionStateError);
    expect(await logSince(harness, seq)).toEqual([]);
  });

  it('hanging up while the customer still rings cancels the call (post-processing follows)', async () => {
    const harness = await open();
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(3_000);
    await harness.platform.calls.hangUpAgent(harness.tenant.id, placed.interactionGuid, ILYA);
    const ended = await find(harness, placed.interactionGuid);
    expect(ended).toMatchObject({ endCause: 'cancelled', hungUpBy: 'agent', bridgedAt: null });
    expect(ended.customerLeg.endCause).toBe('cancelled');
    expect(status(harness)).toBe(AgentStatus.PostProcess);
  });
});

describe('the customer leg fails (injected on the simulator)', () => {
  const cases = [
    { outcome: 'busy', cause: 'customer_busy', endsAt: 2_000, rang: false },
    { outcome: 'fail', cause: 'customer_failed', endsAt: 2_000, rang: false },
    { outcome: 'reject', cause: 'customer_rejected', endsAt: 6_000, rang: true },
    { outcome: 'no_answer', cause: 'customer_no_answer', endsAt: 62_000, rang: true },
  ] as const;

  it.each(cases)('$outcome ends the call as $cause, then post-processing', async ({ outcome, cause, endsAt, rang }) => {
    const harness = await open();
    simulator(harness).injectNextOutcome(harness.tenant.id, CUSTOMER, outcome);
    const t0 = harness.clock.now();
    const seq = await lastSeq(harness);
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(endsAt - 1);
    // The agent answers at 2 s; busy and fail end the call in the same instant.
    expect(status(harness)).toBe(endsAt > 2_000 ? AgentStatus.ProcessTransact : AgentStatus.TransactOffered);
    await harness.clock.advance(1);
    const ended = await find(harness, placed.interactionGuid);
    expect(ended).toMatchObject({ endedAt: t0 + endsAt, endCause: cause, hungUpBy: null, bridgedAt: null });
    expect(ended.customerLeg).toMatchObject({ state: 'ended', endCause: cause.replace('customer_', ''), answeredAt: null, ringingAt: rang ? t0 + 2_000 : null });
    expect(ended.postProcessing).toMatchObject({ startedAt: t0 + endsAt, dueAt: t0 + endsAt + 30_000 });
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    expect(await timeline(harness, seq, t0)).toEqual([
      ...ANSWERED_UP_TO_CUSTOMER,
      ...(rang ? [[2_000, 'leg.ringing:customer'] as [number, string]] : []),
      [endsAt, 'leg.ended:agent:cleared'],
      // Logged whether or not it rang: the telephony was asked to dial it.
      [endsAt, `leg.ended:customer:${cause.replace('customer_', '')}`],
      [endsAt, `interaction.ended:${cause}`], [endsAt, 'post_processing.started'], [endsAt, 'agent.activity_changed:post_processing'],
    ]);
    await harness.clock.advance(30_000);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
  });

  it('affects only the next call to that number', async () => {
    const harness = await open();
    simulator(harness).injectNextOutcome(harness.tenant.id, CUSTOMER, 'busy');
    const first = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(40_000);
    const second = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(10_000);
    expect((await find(harness, first.interactionGuid)).endCause).toBe('customer_busy');
    expect(stageOf(await find(harness, second.interactionGuid))).toBe('talking');
    expect(second.transactionNumber).toBe(first.transactionNumber + 1);
  });

  it('a dropped connected customer leg ends the call by the system', async () => {
    const harness = await open({ hangup: 'caller' });
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(10_000);
    const call = await find(harness, placed.interactionGuid);
    expect(simulator(harness).dropLeg(call.customerLeg.id)).toBe(true);
    await harness.clock.advance(0);
    expect(await find(harness, placed.interactionGuid)).toMatchObject({ endCause: 'completed', hungUpBy: 'system' });
    expect(status(harness)).toBe(AgentStatus.PostProcess);
  });
});

describe('the agent leg fails', () => {
  it('an agent who does not answer is given up after the 30 s ring timeout, without post-processing', async () => {
    const harness = await open({ answer: 'by_hand' });
    const t0 = harness.clock.now();
    const seq = await lastSeq(harness);
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(29_999);
    expect(status(harness)).toBe(AgentStatus.TransactOffered);
    expect(stageOf(await find(harness, placed.interactionGuid))).toBe('agent_ringing');
    await harness.clock.advance(1);
    const ended = await find(harness, placed.interactionGuid);
    expect(ended).toMatchObject({ endedAt: t0 + 30_000, endCause: 'agent_no_answer', postProcessing: null });
    expect(ended.agentLeg.endCause).toBe('no_answer');
    expect(ended.customerLeg).toMatchObject({ endCause: 'cancelled', ringingAt: null });
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect(await timeline(harness, seq, t0)).toEqual([
      [0, 'interaction.created'], [0, 'agent.activity_changed:offered'], [0, 'leg.ringing:agent'],
      [30_000, 'leg.ended:agent:no_answer'], [30_000, 'interaction.ended:agent_no_answer'], [30_000, 'agent.activity_changed:idle'],
    ]);
    expect(harness.platform.timers.pending()).toBe(0);
  });

  it('an agent answering by hand moves the call on', async () => {
    const harness = await open({ answer: 'by_hand' });
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(5_000);
    expect(status(harness)).toBe(AgentStatus.TransactOffered);
    expect(simulator(harness).answer(placed.agentLegId)).toBe(true);
    await harness.clock.advance(0);
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);
    expect(stageOf(await find(harness, placed.interactionGuid))).toBe('customer_ringing');
  });

  it('an agent who rejects ends the call at once, without post-processing', async () => {
    const harness = await open({ answer: 'by_hand' });
    const t0 = harness.clock.now();
    const seq = await lastSeq(harness);
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(1_000);
    expect(simulator(harness).reject(placed.agentLegId)).toBe(true);
    await harness.clock.advance(0);
    expect(await find(harness, placed.interactionGuid)).toMatchObject({ endedAt: t0 + 1_000, endCause: 'agent_rejected', postProcessing: null });
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect((await logSince(harness, seq)).slice(3)).toEqual(['leg.ended:agent:rejected', 'interaction.ended:agent_rejected', 'agent.activity_changed:idle']);
  });

  it('an unreachable device fails the call before it rings', async () => {
    const harness = await open();
    simulator(harness).setDeviceReachable(harness.tenant.id, ILYA, false);
    const seq = await lastSeq(harness);
    const placed = await harness.platform.calls.place(harness.tenant, request());
    expect(status(harness)).toBe(AgentStatus.TransactOffered);
    await harness.clock.advance(0);
    const ended = await find(harness, placed.interactionGuid);
    expect(ended).toMatchObject({ endCause: 'agent_failed', postProcessing: null });
    expect(ended.agentLeg).toMatchObject({ endCause: 'failed', ringingAt: null });
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect(await logSince(harness, seq)).toEqual([
      'interaction.created', 'agent.activity_changed:offered', 'leg.ended:agent:failed', 'interaction.ended:agent_failed', 'agent.activity_changed:idle',
    ]);
    simulator(harness).setDeviceReachable(harness.tenant.id, ILYA, true);
    const next = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(2_000);
    expect(stageOf(await find(harness, next.interactionGuid))).toBe('customer_ringing');
  });
});
