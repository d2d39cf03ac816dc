import { afterEach, describe, expect, it } from 'vitest';
import { AgentStatus } from '../../../src/domain/agent-status.ts';
import type { ScriptedDriver } from '../../../src/telephony/scripted/scripted-driver.ts';
import { ILYA, openHarness, type Harness } from './harness.ts';
import { agent, deliver, eventsSince, find, lastSeq, logSince, openCallsUp, request, status } from './helpers.ts';

let h: Harness | null = null;
/** Platforms left open by a simulated crash; closed (without cleanup of the shared directory) after each test. */
const crashed: Harness[] = [];
afterEach(async () => {
  for (const old of crashed.splice(0)) await old.platform.close().catch(() => undefined);
  await h?.close();
  h = null;
});

/** Numbers ring 4 s and never hang up by themselves: calls stay up across the restart. */
async function open(): Promise<Harness> {
  h = await openCallsUp();
  return h;
}

async function restart(harness: Harness, options: { crashed?: boolean } = {}): Promise<Harness> {
  if (options.crashed) crashed.push(harness);
  h = await harness.restart(options);
  return h;
}

describe('restart mid-call', () => {
  it.each([{ crashed: false }, { crashed: true }])('crashed=$crashed: a talking queue call ends as failed, the agent goes to post-processing', async (mode) => {
    const before = await open();
    const placed = await before.platform.calls.place(before.tenant, request());
    await before.clock.advance(10_000);
    expect(status(before)).toBe(AgentStatus.ProcessTransact);
    const stoppedAt = before.clock.now();
    const seq = await lastSeq(before);

    const after = await restart(before, mode);
    expect(after.clock.now()).toBe(stoppedAt);
    const ended = await find(after, placed.interactionGuid);
    expect(ended).toMatchObject({ endedAt: stoppedAt, endCause: 'failed', hungUpBy: 'system' });
    expect([ended.agentLeg.endCause, ended.customerLeg.endCause]).toEqual(['failed', 'failed']);
    expect(ended.postProcessing).toMatchObject({ startedAt: stoppedAt, dueAt: stoppedAt + 30_000, endedAt: null });
    expect(status(after)).toBe(AgentStatus.PostProcess);
    const log = await eventsSince(after, seq);
    expect(log.map((e) => e.at)).toEqual(Array(5).fill(stoppedAt));
    expect(await logSince(after, seq)).toEqual([
      'leg.ended:agent:failed', 'leg.ended:customer:failed', 'interaction.ended:failed', 'post_processing.started', 'agent.activity_changed:post_processing',
    ]);

    await after.clock.advance(30_000);
    expect(status(after)).toBe(AgentStatus.WaitTransact);
    expect((await find(after, placed.interactionGuid)).postProcessing?.endedBy).toBe('timer');
  });

  it('an offer the agent had not answered ends as failed, back to idle without post-processing', async () => {
    const before = await open();
    const placed = await before.platform.calls.place(before.tenant, request());
    await before.clock.advance(1_000);
    const seq = await lastSeq(before);
    const after = await restart(before, { crashed: true });
    expect(await find(after, placed.interactionGuid)).toMatchObject({ endCause: 'failed', postProcessing: null });
    expect(status(after)).toBe(AgentStatus.WaitTransact);
    expect(await logSince(after, seq)).toEqual(['leg.ended:agent:failed', 'interaction.ended:failed', 'agent.activity_changed:idle']);
    expect(after.platform.calls.engine.registry.size).toBe(0);
  });

  it('a direct call ends as failed, back to idle', async () => {
    const before = await open();
    const placed = await before.platform.calls.place(before.tenant, request({ queueId: null }));
    await before.clock.advance(10_000);
    expect(status(before)).toBe(AgentStatus.DirectCall);
    const after = await restart(before);
    expect(await find(after, placed.interactionGuid)).toMatchObject({ endCause: 'failed', postProcessing: null });
    expect(status(after)).toBe(AgentStatus.WaitTransact);
  });

  it('both lines: both calls end as failed', async () => {
    const before = await open();
    const first = await before.platform.calls.place(before.tenant, request());
    await before.clock.advance(6_000);
    const second = await before.platform.calls.place(before.tenant, request({ queueId: null, forceCall: true }));
    await before.clock.advance(6_000);
    expect(status(before)).toBe(AgentStatus.Busy);
    const after = await restart(before, { crashed: true });
    expect((await find(after, first.interactionGuid)).endCause).toBe('failed');
    expect((await find(after, second.interactionGuid)).endCause).toBe('failed');
    expect(status(after)).toBe(AgentStatus.PostProcess);
  });

  it('a deferred break survives and applies after the failed call’s post-processing', async () => {
    const before = await open();
    await before.platform.calls.place(before.tenant, request());
    await before.clock.advance(10_000);
    await before.platform.agentStatus.set(before.tenant.id, ILYA, { status: 3, reason: { listId: 801, itemId: 1725 } }, 'vcc');
    const after = await restart(before, { crashed: true });
    expect(agent(after)).toMatchObject({ status: AgentStatus.PostProcess, pending: 'on_break' });
    await after.clock.advance(30_000);
    expect(agent(after)).toMatchObject({ status: AgentStatus.OnBreak, reason: { listId: 801, itemId: 1725 }, pending: null });
  });

  it('the reopened platform asks its telephony to hang up the lost legs', async () => {
    const scripted = await openHarness({ driver: 'scripted' });
    h = scripted;
    const placed = await scripted.platform.calls.place(scripted.tenant, request());
    const call = await find(scripted, placed.interactionGuid);
    (scripted.scripted as ScriptedDriver).emit(call.agentLeg.id, 'answered');
    await deliver(scripted);
    const after = (await restart(scripted, { crashed: true })) as Harness & { scripted: ScriptedDriver | null };
    await deliver(after);
    expect(after.scripted?.hungUp).toEqual([call.agentLeg.id, call.customerLeg.id]);
    expect(after.scripted?.originated).toEqual([]);
    expect((await find(after, placed.interactionGuid)).endCause).toBe('failed');
  });
});

describe('restart mid-post-processing', () => {
  it.each([{ crashed: false }, { crashed: true }])('crashed=$crashed: the wrap-up timer survives and fires at its time', async (mode) => {
    const before = await open();
    const placed = await before.platform.calls.place(before.tenant, request());
    await before.clock.advance(10_000);
    await before.platform.calls.hangUpAgent(before.tenant.id, placed.interactionGuid, ILYA);
    const dueAt = (await find(before, placed.interactionGuid)).postProcessing?.dueAt as number;
    await before.clock.advance(10_000);
    const seq = await lastSeq(before);

    const after = await restart(before, mode);
    expect(after.platform.durableTimers.armedCount()).toBe(1);
    expect(status(after)).toBe(AgentStatus.PostProcess);
    expect(await find(after, placed.interactionGuid)).toMatchObject({ endCause: 'completed', postProcessing: { dueAt, endedAt: null } });
    expect(await logSince(after, seq)).toEqual([]);

    await after.clock.advance(dueAt - after.clock.now() - 1);
    expect(status(after)).toBe(AgentStatus.PostProcess);
    await after.clock.advance(1);
    expect(status(after)).toBe(AgentStatus.WaitTransact);
    expect((await find(after, placed.interactionGuid)).postProcessing).toMatchObject({ endedAt: dueAt, endedBy: 'timer' });
    const log = await eventsSince(after, seq);
    expect(log.map((e) => [e.at, e.event.type])).toEqual([[dueAt, 'post_processing.ended'], [dueAt, 'agent.activity_changed']]);
  });

  it('moving the reopened clock far past the due time fires the stored timer exactly once', async () => {
    const before = await open();
    const placed = await before.platform.calls.place(before.tenant, request());
    await before.clock.advance(10_000);
    await before.platform.calls.hangUpAgent(before.tenant.id, placed.interactionGuid, ILYA);
    const after = await restart(before);
    await after.clock.advance(60_000);
    expect(status(after)).toBe(AgentStatus.WaitTransact);
    const ended = (await eventsSince(after, 0)).filter((e) => e.event.type === 'post_processing.ended');
    expect(ended).toHaveLength(1);
  });

  it('a wrap-up waiting for required codes still waits after the restart, and codes end it', async () => {
    const before = await open();
    await before.platform.apply({ tenants: [{ name: before.tenant.name, queues: [{ id: 599, name: 'Required', type: 'outbound', wrapUpSeconds: 30, transactionCodeLists: [12], codesRequired: true }] }] });
    const placed = await before.platform.calls.place(before.tenant, request({ queueId: 599 }));
    await before.clock.advance(10_000);
    await before.platform.calls.hangUpAgent(before.tenant.id, placed.interactionGuid, ILYA);
    await before.clock.advance(30_000);
    expect((await find(before, placed.interactionGuid)).postProcessing?.awaitingCodes).toBe(true);
    const after = await restart(before, { crashed: true });
    await after.clock.advance(60_000);
    expect(status(after)).toBe(AgentStatus.PostProcess);
    await after.platform.calls.setTransactionCodes(after.tenant.id, placed.interactionGuid, ILYA, [{ id: 12, codes: [{ id: 234 }] }], 'vcc');
    expect(status(after)).toBe(AgentStatus.WaitTransact);
  });

  it('nothing is ended twice: a second restart finds nothing left to end', async () => {
    const before = await open();
    await before.platform.calls.place(before.tenant, request());
    await before.clock.advance(10_000);
    const middle = await restart(before);
    const seq = await lastSeq(middle);
    const after = await restart(middle);
    expect(await logSince(after, seq)).toEqual([]);
    expect(status(after)).toBe(AgentStatus.PostProcess);
  });
});
