import { afterEach, describe, expect, it } from 'vitest';
import { AgentStatus } from '../../../src/domain/agent-status.ts';
import { stageOf, type Interaction } from '../../../src/domain/calls/interaction.ts';
import type { ScriptedDriver } from '../../../src/telephony/scripted/scripted-driver.ts';
import { openHarness, type Harness } from './harness.ts';
import { deliver, find, lastSeq, logSince, request, status } from './helpers.ts';

type Scripted = Harness & { scripted: ScriptedDriver | null };
let h: Scripted | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function open(): Promise<{ harness: Scripted; driver: ScriptedDriver; call: Interaction }> {
  h = await openHarness({ driver: 'scripted' });
  const placed = await h.platform.calls.place(h.tenant, request());
  return { harness: h, driver: h.scripted as ScriptedDriver, call: await find(h, placed.interactionGuid) };
}

/** Brings the call to "customer ringing" (the agent answered). */
async function toCustomerRinging(harness: Scripted, driver: ScriptedDriver, call: Interaction): Promise<void> {
  driver.emit(call.agentLeg.id, 'ringing');
  driver.emit(call.agentLeg.id, 'answered');
  await deliver(harness);
  driver.emit(call.customerLeg.id, 'ringing');
  await deliver(harness);
}

/** Asserts that what happens in `act` leaves the interaction, the agent and the log as they were. */
async function expectNoChange(harness: Scripted, call: Interaction, act: () => Promise<void>): Promise<void> {
  const before = { interaction: await find(harness, call.guid), status: status(harness), seq: await lastSeq(harness) };
  await act();
  expect(await find(harness, call.guid)).toEqual(before.interaction);
  expect(status(harness)).toBe(before.status);
  expect(await logSince(harness, before.seq)).toEqual([]);
}

describe('late and out-of-order telephony events', () => {
  it('a customer hang-up that overtakes its answer: the call ends, the late answer changes nothing', async () => {
    const { harness, driver, call } = await open();
    await toCustomerRinging(harness, driver, call);
    const answer = driver.hold(call.customerLeg.id, 'answered');
    driver.emit(call.customerLeg.id, 'hung_up', { by: 'remote' });
    await deliver(harness);
    expect(await find(harness, call.guid)).toMatchObject({ endCause: 'customer_rejected', bridgedAt: null });
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await expectNoChange(harness, call, async () => {
      driver.release(answer);
      await deliver(harness);
    });
    expect(driver.bridged).toEqual([]);
  });

  it('an answer and a hang-up delivered together: bridged, then completed', async () => {
    const { harness, driver, call } = await open();
    await toCustomerRinging(harness, driver, call);
    driver.emit(call.customerLeg.id, 'answered');
    driver.emit(call.customerLeg.id, 'hung_up', { by: 'remote' });
    await deliver(harness);
    const ended = await find(harness, call.guid);
    expect(ended).toMatchObject({ endCause: 'completed', hungUpBy: 'customer' });
    expect(ended.bridgedAt).not.toBeNull();
    // The bridge was asked for after the answer committed; the leg was gone by then, and its hang-up ended the call.
    expect(driver.bridged).toEqual([[call.agentLeg.id, call.customerLeg.id]]);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
  });

  it('ringing and answer after the call was cancelled change nothing and dial no one', async () => {
    const { harness, driver, call } = await open();
    driver.emit(call.agentLeg.id, 'ringing');
    await deliver(harness);
    const lateRing = driver.hold(call.agentLeg.id, 'ringing');
    const lateAnswer = driver.hold(call.agentLeg.id, 'answered');
    await harness.platform.calls.endCall(harness.tenant.id, call.guid, { endPostProcessing: false, by: 'vcc' });
    await deliver(harness);
    expect(await find(harness, call.guid)).toMatchObject({ endCause: 'cancelled', hungUpBy: 'system', postProcessing: null });
    expect(driver.hungUp).toEqual([call.agentLeg.id, call.customerLeg.id]);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    await expectNoChange(harness, call, async () => {
      driver.release(lateRing, lateAnswer);
      await deliver(harness);
    });
    expect(driver.originated).toHaveLength(1);
  });

  it('a duplicate agent answer dials the customer once and logs one answer', async () => {
    const { harness, driver, call } = await open();
    const seq = await lastSeq(harness);
    driver.emit(call.agentLeg.id, 'answered');
    driver.emit(call.agentLeg.id, 'answered');
    await deliver(harness);
    driver.emit(call.agentLeg.id, 'answered');
    await deliver(harness);
    expect(driver.originated.map((o) => o.to.kind)).toEqual(['agent', 'number']);
    expect(await logSince(harness, seq)).toEqual(['leg.answered:agent', 'agent.activity_changed:on_queue_call']);
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);
  });

  it('an answer without a ringing first is taken (ringing may be skipped); a late ringing is ignored', async () => {
    const { harness, driver, call } = await open();
    driver.emit(call.agentLeg.id, 'answered');
    await deliver(harness);
    const answered = await find(harness, call.guid);
    expect(answered.agentLeg.ringingAt).toBe(answered.agentLeg.answeredAt);
    await expectNoChange(harness, call, async () => {
      driver.emit(call.agentLeg.id, 'ringing');
      await deliver(harness);
    });
  });

  it('a duplicate customer answer bridges once', async () => {
    const { harness, driver, call } = await open();
    await toCustomerRinging(harness, driver, call);
    driver.emit(call.customerLeg.id, 'answered');
    await deliver(harness);
    await expectNoChange(harness, call, async () => {
      driver.emit(call.customerLeg.id, 'answered');
      await deliver(harness);
    });
    expect(driver.bridged).toHaveLength(1);
  });

  it('customer events before the agent answered are stray and ignored', async () => {
    const { harness, driver, call } = await open();
    driver.emit(call.agentLeg.id, 'ringing');
    await deliver(harness);
    await expectNoChange(harness, call, async () => {
      driver.emit(call.customerLeg.id, 'ringing');
      driver.emit(call.customerLeg.id, 'answered');
      driver.emit(call.customerLeg.id, 'busy');
      await deliver(harness);
    });
    expect(stageOf(await find(harness, call.guid))).toBe('agent_ringing');
    expect(driver.bridged).toEqual([]);
  });

  it('a failure reported for an answered leg is ignored (only a hang-up ends it)', async () => {
    const { harness, driver, call } = await open();
    await toCustomerRinging(harness, driver, call);
    driver.emit(call.customerLeg.id, 'answered');
    await deliver(harness);
    await expectNoChange(harness, call, async () => {
      driver.emit(call.agentLeg.id, 'no_answer');
      driver.emit(call.customerLeg.id, 'busy');
      await deliver(harness);
    });
    expect(stageOf(await find(harness, call.guid))).toBe('talking');
  });

  it('events after the call ended (in post-processing) change nothing', async () => {
    const { harness, driver, call } = await open();
    await toCustomerRinging(harness, driver, call);
    driver.emit(call.customerLeg.id, 'answered');
    driver.emit(call.customerLeg.id, 'hung_up', { by: 'remote' });
    await deliver(harness);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await expectNoChange(harness, call, async () => {
      for (const type of ['ringing', 'answered', 'hung_up', 'failed'] as const) driver.emit(call.agentLeg.id, type);
      driver.emit(call.customerLeg.id, 'answered');
      await deliver(harness);
    });
    expect(driver.hungUp).toEqual([call.agentLeg.id, call.customerLeg.id]);
  });

  it('events for a completed interaction (out of the registry) and for unknown legs are ignored', async () => {
    const { harness, driver, call } = await open();
    driver.emit(call.agentLeg.id, 'rejected');
    await deliver(harness);
    expect(await find(harness, call.guid)).toMatchObject({ endCause: 'agent_rejected' });
    expect(harness.platform.calls.engine.registry.size).toBe(0);
    await expectNoChange(harness, call, async () => {
      driver.emit(call.agentLeg.id, 'answered');
      driver.emit('no-such-leg', 'answered');
      await deliver(harness);
    });
    expect(driver.originated).toHaveLength(1);
  });

  it('a hang-up by local for a live call (nobody asked) ends it as the system', async () => {
    const { harness, driver, call } = await open();
    await toCustomerRinging(harness, driver, call);
    driver.emit(call.customerLeg.id, 'answered');
    await deliver(harness);
    driver.emit(call.customerLeg.id, 'hung_up', { by: 'local' });
    await deliver(harness);
    expect(await find(harness, call.guid)).toMatchObject({ endCause: 'completed', hungUpBy: 'system' });
  });
});
