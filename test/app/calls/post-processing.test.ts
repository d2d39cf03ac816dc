import { afterEach, describe, expect, it } from 'vitest';
import type { PlacedCall } from '../../../src/app/calls/call-service.ts';
import { AgentStatus } from '../../../src/domain/agent-status.ts';
import { InteractionStateError } from '../../../src/domain/calls/errors.ts';
import type { CodeSelection } from '../../../src/domain/calls/transaction-codes.ts';
import { NotFoundError, RuleViolationError } from '../../../src/domain/errors.ts';
import { ILYA, type Harness } from './harness.ts';
import { configure, find, lastSeq, logSince, openCallsUp, request, status } from './helpers.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Calls stay up until ended (numbers never hang up); queue 599 requires codes; list 3000 has 7 items. */
async function open(): Promise<Harness> {
  h = await openCallsUp();
  await configure(h.platform, {
    transactionCodeLists: [
      { id: 3000, name: 'Survey', choice: 'multiple', items: [1, 2, 3, 4, 5, 6, 7].map((id) => ({ id, label: `Answer ${id}` })) },
      { id: 4000, name: 'Unassigned', choice: 'single', items: [{ id: 1, label: 'Other' }] },
    ],
    queues: [{ id: 599, name: 'Outbound, codes required', type: 'outbound', wrapUpSeconds: 30, transactionCodeLists: [12, 2281, 3000], codesRequired: true }],
  });
  return h;
}

/** Places a call and lets it talk (agent answers at 2 s, customer at 6 s). */
async function talking(harness: Harness, queueId: number | null = 598): Promise<PlacedCall> {
  const placed = await harness.platform.calls.place(harness.tenant, request({ queueId }));
  await harness.clock.advance(6_000);
  return placed;
}

const end = (harness: Harness, guid: string, endPostProcessing: boolean): Promise<void> =>
  harness.platform.calls.endCall(harness.tenant.id, guid, { endPostProcessing, by: 'vcc' });

const setCodes = (harness: Harness, guid: string, selections: CodeSelection[]): Promise<void> =>
  harness.platform.calls.setTransactionCodes(harness.tenant.id, guid, ILYA, selections, 'vcc');

describe('endCall', () => {
  it('without endPostProcessing: the call ends, post-processing follows and ends on its timer', async () => {
    const harness = await open();
    const placed = await talking(harness);
    const endedAt = harness.clock.now();
    await end(harness, placed.interactionGuid, false);
    const ended = await find(harness, placed.interactionGuid);
    expect(ended).toMatchObject({ endedAt, endCause: 'completed', hungUpBy: 'system' });
    expect([ended.agentLeg.endCause, ended.customerLeg.endCause]).toEqual(['cleared', 'cleared']);
    expect(ended.postProcessing).toMatchObject({ startedAt: endedAt, dueAt: endedAt + 30_000, endedAt: null });
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await harness.clock.advance(29_999);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await harness.clock.advance(1);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect((await find(harness, placed.interactionGuid)).postProcessing).toMatchObject({ endedAt: endedAt + 30_000, endedBy: 'timer' });
  });

  it('with endPostProcessing: the agent is back to available at once and the wrap-up timer is dropped', async () => {
    const harness = await open();
    const placed = await talking(harness);
    const seq = await lastSeq(harness);
    const endedAt = harness.clock.now();
    await end(harness, placed.interactionGuid, true);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect((await find(harness, placed.interactionGuid)).postProcessing).toMatchObject({ startedAt: endedAt, endedAt, endedBy: 'vcc' });
    expect(await logSince(harness, seq)).toEqual([
      'leg.ended:agent:cleared', 'leg.ended:customer:cleared', 'interaction.ended:completed', 'post_processing.started',
      'agent.activity_changed:post_processing', 'post_processing.ended:vcc', 'agent.activity_changed:idle',
    ]);
    expect(harness.platform.durableTimers.armedCount()).toBe(0);
    const after = await lastSeq(harness);
    await harness.clock.advance(60_000);
    expect(await logSince(harness, after)).toEqual([]);
  });

  it('on a call still ringing the agent: cancelled, no post-processing', async () => {
    const harness = await open();
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(1_000);
    await end(harness, placed.interactionGuid, false);
    expect(await find(harness, placed.interactionGuid)).toMatchObject({ endCause: 'cancelled', hungUpBy: 'system', postProcessing: null });
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
  });

  it('on a call in post-processing without the flag: InteractionStateError, nothing changes', async () => {
    const harness = await open();
    const placed = await talking(harness);
    await end(harness, placed.interactionGuid, false);
    const seq = await lastSeq(harness);
    const refused = end(harness, placed.interactionGuid, false);
    await expect(refused).rejects.toBeInstanceOf(InteractionStateError);
    await expect(refused).rejects.toThrow(/endPostProcessing=true/);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    expect(await logSince(harness, seq)).toEqual([]);
  });

  it('on a call in post-processing with the flag: ends the post-processing', async () => {
    const harness = await open();
    const placed = await talking(harness);
    await end(harness, placed.interactionGuid, false);
    await harness.clock.advance(10_000);
    const seq = await lastSeq(harness);
    await end(harness, placed.interactionGuid, true);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect((await find(harness, placed.interactionGuid)).postProcessing).toMatchObject({ endedAt: harness.clock.now(), endedBy: 'vcc' });
    expect(await logSince(harness, seq)).toEqual(['post_processing.ended:vcc', 'agent.activity_changed:idle']);
    expect(harness.platform.durableTimers.armedCount()).toBe(0);
  });

  it('on a completed call: InteractionStateError with or without the flag', async () => {
    const harness = await open();
    const placed = await talking(harness);
    await end(harness, placed.interactionGuid, true);
    await expect(end(harness, placed.interactionGuid, false)).rejects.toBeInstanceOf(InteractionStateError);
    await expect(end(harness, placed.interactionGuid, true)).rejects.toBeInstanceOf(InteractionStateError);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
  });

  it('a direct call has no post-processing: ended once, then InteractionStateError', async () => {
    const harness = await open();
    const placed = await talking(harness, null);
    expect(status(harness)).toBe(AgentStatus.DirectCall);
    await end(harness, placed.interactionGuid, false);
    expect(await find(harness, placed.interactionGuid)).toMatchObject({ endCause: 'completed', postProcessing: null });
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    await expect(end(harness, placed.interactionGuid, true)).rejects.toBeInstanceOf(InteractionStateError);
  });

  it('an unknown interaction is not found', async () => {
    const harness = await open();
    await expect(end(harness, 'int-unknown', true)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('required transaction codes (queue 599)', () => {
  it('the wrap-up time runs out but the agent stays in post-processing until codes are set', async () => {
    const harness = await open();
    const placed = await talking(harness, 599);
    await end(harness, placed.interactionGuid, false);
    const seq = await lastSeq(harness);
    await harness.clock.advance(30_000);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    expect((await find(harness, placed.interactionGuid)).postProcessing).toMatchObject({ awaitingCodes: true, endedAt: null });
    expect(await logSince(harness, seq)).toEqual([]);
    await harness.clock.advance(600_000);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await setCodes(harness, placed.interactionGuid, [{ id: 12, codes: [{ id: 235 }] }]);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    const done = await find(harness, placed.interactionGuid);
    expect(done.transactionCodes).toEqual([{ listId: 12, itemId: 235 }]);
    expect(done.postProcessing).toMatchObject({ awaitingCodes: false, endedAt: harness.clock.now(), endedBy: 'vcc' });
    expect(await logSince(harness, seq)).toEqual(['transaction_codes.set', 'post_processing.ended:vcc', 'agent.activity_changed:idle']);
  });

  it('codes set before the time runs out: post-processing ends on its timer', async () => {
    const harness = await open();
    const placed = await talking(harness, 599);
    await setCodes(harness, placed.interactionGuid, [{ id: 2281, codes: [{ id: 7362 }] }]);
    await end(harness, placed.interactionGuid, false);
    await harness.clock.advance(10_000);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await harness.clock.advance(20_000);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect((await find(harness, placed.interactionGuid)).postProcessing?.endedBy).toBe('timer');
  });

  it('endPostProcessing ends it without codes', async () => {
    const harness = await open();
    const placed = await talking(harness, 599);
    await end(harness, placed.interactionGuid, false);
    await harness.clock.advance(30_000);
    await end(harness, placed.interactionGuid, true);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect(await find(harness, placed.interactionGuid)).toMatchObject({ transactionCodes: [], postProcessing: { endedBy: 'vcc', awaitingCodes: false } });
  });

  it('endCall with the flag on the live call ends call and post-processing without codes', async () => {
    const harness = await open();
    const placed = await talking(harness, 599);
    await end(harness, placed.interactionGuid, true);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect((await find(harness, placed.interactionGuid)).postProcessing?.endedBy).toBe('vcc');
  });

  it('codes replace the ones set before (and a repeated item counts once)', async () => {
    const harness = await open();
    const placed = await talking(harness, 599);
    await setCodes(harness, placed.interactionGuid, [{ id: 12, codes: [{ id: 234 }] }]);
    await setCodes(harness, placed.interactionGuid, [{ id: 2281, codes: [{ id: 7361 }, { id: 7361 }] }]);
    expect((await find(harness, placed.interactionGuid)).transactionCodes).toEqual([{ listId: 2281, itemId: 7361 }]);
  });

  it('six codes are accepted', async () => {
    const harness = await open();
    const placed = await talking(harness, 599);
    await setCodes(harness, placed.interactionGuid, [{ id: 3000, codes: [1, 2, 3, 4, 5, 6].map((id) => ({ id })) }]);
    expect((await find(harness, placed.interactionGuid)).transactionCodes).toHaveLength(6);
  });

  const invalid: { name: string; selections: CodeSelection[]; message: RegExp }[] = [
    { name: 'an unknown list', selections: [{ id: 999, codes: [{ id: 1 }] }], message: /list \[999\] does not exist/ },
    { name: 'a list not assigned to the queue', selections: [{ id: 4000, codes: [{ id: 1 }] }], message: /not assigned to queue \[599\]/ },
    { name: 'an item not in its list', selections: [{ id: 12, codes: [{ id: 7361 }] }], message: /\[7361\] is not an item of transaction code list \[12\]/ },
    { name: 'two items from single-choice list 12', selections: [{ id: 12, codes: [{ id: 234 }, { id: 235 }] }], message: /single choice/ },
    { name: 'more than six codes', selections: [{ id: 3000, codes: [1, 2, 3, 4, 5, 6, 7].map((id) => ({ id })) }], message: /At most 6/ },
    { name: 'seven codes over two lists', selections: [{ id: 12, codes: [{ id: 234 }] }, { id: 3000, codes: [1, 2, 3, 4, 5, 6].map((id) => ({ id })) }], message: /At most 6/ },
  ];

  it.each(invalid)('$name is refused and changes nothing', async ({ selections, message }) => {
    const harness = await open();
    const placed = await talking(harness, 599);
    await end(harness, placed.interactionGuid, false);
    await setCodes(harness, placed.interactionGuid, [{ id: 2281, codes: [{ id: 7361 }] }]);
    const before = await find(harness, placed.interactionGuid);
    const seq = await lastSeq(harness);
    const refused = setCodes(harness, placed.interactionGuid, selections);
    await expect(refused).rejects.toBeInstanceOf(RuleViolationError);
    await expect(refused).rejects.toThrow(message);
    expect(await find(harness, placed.interactionGuid)).toEqual(before);
    expect(await logSince(harness, seq)).toEqual([]);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
  });

  it('codes on a completed interaction: InteractionStateError', async () => {
    const harness = await open();
    const placed = await talking(harness, 599);
    await end(harness, placed.interactionGuid, true);
    const refused = setCodes(harness, placed.interactionGuid, [{ id: 12, codes: [{ id: 234 }] }]);
    await expect(refused).rejects.toBeInstanceOf(InteractionStateError);
  });

  it('codes on another agent’s interaction: not found', async () => {
    const harness = await open();
    await configure(harness.platform, { agents: [{ agentId: 'agSecondAgent', name: 'Second Agent', group: 1, initialPresence: { kind: 'available' } }] });
    const placed = await talking(harness, 599);
    const other = harness.platform.calls.setTransactionCodes(harness.tenant.id, placed.interactionGuid, 'agSecondAgent', [{ id: 12, codes: [{ id: 234 }] }], 'vcc');
    await expect(other).rejects.toBeInstanceOf(NotFoundError);
    await expect(other).rejects.toThrow(/agSecondAgent/);
    expect((await find(harness, placed.interactionGuid)).transactionCodes).toEqual([]);
  });
});
