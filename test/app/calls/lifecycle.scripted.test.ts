import { afterEach, describe, expect, it } from 'vitest';
import { AgentStatus } from '../../../src/domain/agent-status.ts';
import { stageOf, type Interaction } from '../../../src/domain/calls/interaction.ts';
import type { OriginateRequest } from '../../../src/ports/telephony.ts';
import { ScriptedDriver } from '../../../src/telephony/scripted/scripted-driver.ts';
import { ILYA, openHarness, type Harness } from './harness.ts';
import { CUSTOMER, deliver, find, lastSeq, logSince, request, status } from './helpers.ts';

type Scripted = Harness & { scripted: ScriptedDriver | null };
let h: Scripted | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function open(driver?: ScriptedDriver): Promise<{ harness: Scripted; driver: ScriptedDriver }> {
  h = await openHarness({ driver: 'scripted', ...(driver && { scripted: driver }) });
  return { harness: h, driver: h.scripted as ScriptedDriver };
}

/** Places a queue-598 call and returns it as first stored. */
async function place(harness: Scripted): Promise<Interaction> {
  const placed = await harness.platform.calls.place(harness.tenant, request());
  return find(harness, placed.interactionGuid);
}

/** Emits events for one leg and waits until the engine has committed what they changed. */
async function send(harness: Scripted, legId: string, ...types: Parameters<ScriptedDriver['emit']>[1][]): Promise<void> {
  for (const type of types) (harness.scripted as ScriptedDriver).emit(legId, type, type === 'hung_up' ? { by: 'remote' } : {});
  await deliver(harness);
}

describe('a queue call driven by scripted telephony events', () => {
  it('rings the agent first, dials the customer once the agent answers, bridges on answer', async () => {
    const { harness, driver } = await open();
    const call = await place(harness);
    expect(driver.originated).toEqual<OriginateRequest[]>([
      { legId: call.agentLeg.id, to: { kind: 'agent', tenantId: harness.tenant.id, agentId: ILYA, line: 1 }, callerId: CUSTOMER, ringTimeoutMs: 30_000 },
    ]);
    await send(harness, call.agentLeg.id, 'ringing');
    expect(stageOf(await find(harness, call.guid))).toBe('agent_ringing');
    expect(status(harness)).toBe(AgentStatus.TransactOffered);
    expect(driver.originated).toHaveLength(1);

    await send(harness, call.agentLeg.id, 'answered');
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);
    expect(driver.originated[1]).toEqual<OriginateRequest>({
      legId: call.customerLeg.id, to: { kind: 'number', tenantId: harness.tenant.id, e164: CUSTOMER }, callerId: '12015551212', ringTimeoutMs: 60_000,
    });
    await send(harness, call.customerLeg.id, 'ringing');
    expect(driver.bridged).toEqual([]);
    await send(harness, call.customerLeg.id, 'answered');
    expect(driver.bridged).toEqual([[call.agentLeg.id, call.customerLeg.id]]);
    expect(stageOf(await find(harness, call.guid))).toBe('talking');
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);
    expect(driver.hungUp).toEqual([]);
  });

  it('customer hangs up: both legs are hung up, post-processing runs, then available', async () => {
    const { harness, driver } = await open();
    const seq = await lastSeq(harness);
    const call = await place(harness);
    await send(harness, call.agentLeg.id, 'ringing', 'answered');
    await send(harness, call.customerLeg.id, 'ringing', 'answered');
    await send(harness, call.customerLeg.id, 'hung_up');
    expect(driver.hungUp).toEqual([call.agentLeg.id, call.customerLeg.id]);
    expect(await find(harness, call.guid)).toMatchObject({ endCause: 'completed', hungUpBy: 'customer' });
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await harness.clock.advance(30_000);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    // The agent leg's own `hung_up` (by local, after our hang-up) arrived too and changed nothing.
    expect(await logSince(harness, seq)).toEqual([
      'interaction.created', 'agent.activity_changed:offered', 'leg.ringing:agent', 'leg.answered:agent', 'agent.activity_changed:on_queue_call',
      'leg.ringing:customer', 'leg.answered:customer', 'interaction.bridged',
      'leg.ended:agent:cleared', 'leg.ended:customer:hangup', 'interaction.ended:completed', 'post_processing.started', 'agent.activity_changed:post_processing',
      'post_processing.ended:timer', 'agent.activity_changed:idle',
    ]);
  });

  it('agent hangs up (VCC hang-up): the engine hangs up both legs', async () => {
    const { harness, driver } = await open();
    const call = await place(harness);
    await send(harness, call.agentLeg.id, 'ringing', 'answered');
    await send(harness, call.customerLeg.id, 'ringing', 'answered');
    await harness.platform.calls.hangUpAgent(harness.tenant.id, call.guid, ILYA);
    await deliver(harness);
    expect(driver.hungUp).toEqual([call.agentLeg.id, call.customerLeg.id]);
    expect(driver.isLive(call.agentLeg.id)).toBe(false);
    expect(driver.isLive(call.customerLeg.id)).toBe(false);
    const ended = await find(harness, call.guid);
    expect(ended).toMatchObject({ endCause: 'completed', hungUpBy: 'agent' });
    expect([ended.agentLeg.endCause, ended.customerLeg.endCause]).toEqual(['hangup', 'cleared']);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
  });

  it('the agent hanging up on the device side (remote) ends the call the same way', async () => {
    const { harness } = await open();
    const call = await place(harness);
    await send(harness, call.agentLeg.id, 'ringing', 'answered');
    await send(harness, call.customerLeg.id, 'ringing', 'answered');
    await send(harness, call.agentLeg.id, 'hung_up');
    expect(await find(harness, call.guid)).toMatchObject({ endCause: 'completed', hungUpBy: 'agent' });
    expect(status(harness)).toBe(AgentStatus.PostProcess);
  });
});

describe('failures reported as scripted events', () => {
  const customerCases = [
    { type: 'busy', cause: 'customer_busy', legCause: 'busy' },
    { type: 'no_answer', cause: 'customer_no_answer', legCause: 'no_answer' },
    { type: 'rejected', cause: 'customer_rejected', legCause: 'rejected' },
    { type: 'failed', cause: 'customer_failed', legCause: 'failed' },
  ] as const;

  it.each(customerCases)('customer $type → $cause, post-processing follows', async ({ type, cause, legCause }) => {
    const { harness, driver } = await open();
    const call = await place(harness);
    await send(harness, call.agentLeg.id, 'ringing', 'answered');
    await send(harness, call.customerLeg.id, 'ringing', type);
    const ended = await find(harness, call.guid);
    expect(ended).toMatchObject({ endCause: cause, hungUpBy: null, bridgedAt: null });
    expect(ended.customerLeg.endCause).toBe(legCause);
    expect(ended.agentLeg.endCause).toBe('cleared');
    expect(ended.postProcessing).not.toBeNull();
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    expect(driver.bridged).toEqual([]);
    expect(driver.hungUp).toEqual([call.agentLeg.id, call.customerLeg.id]);
  });

  const agentCases = [
    { type: 'no_answer', cause: 'agent_no_answer' },
    { type: 'rejected', cause: 'agent_rejected' },
    { type: 'failed', cause: 'agent_failed' },
    { type: 'busy', cause: 'agent_busy' },
  ] as const;

  it.each(agentCases)('agent $type → $cause, no customer leg, no post-processing', async ({ type, cause }) => {
    const { harness, driver } = await open();
    const seq = await lastSeq(harness);
    const call = await place(harness);
    await send(harness, call.agentLeg.id, 'ringing', type);
    const ended = await find(harness, call.guid);
    expect(ended).toMatchObject({ endCause: cause, postProcessing: null });
    expect(ended.customerLeg).toMatchObject({ state: 'ended', endCause: 'cancelled' });
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
    expect(driver.originated).toHaveLength(1);
    expect(await logSince(harness, seq)).toEqual([
      'interaction.created', 'agent.activity_changed:offered', 'leg.ringing:agent',
      `leg.ended:agent:${cause.replace('agent_', '')}`, `interaction.ended:${cause}`, 'agent.activity_changed:idle',
    ]);
  });

  it('a ringing customer leg dropped by the network fails the call', async () => {
    const { harness, driver } = await open();
    const call = await place(harness);
    await send(harness, call.agentLeg.id, 'ringing', 'answered');
    await send(harness, call.customerLeg.id, 'ringing');
    driver.emit(call.customerLeg.id, 'hung_up', { by: 'network' });
    await deliver(harness);
    expect(await find(harness, call.guid)).toMatchObject({ endCause: 'customer_failed', hungUpBy: null });
  });

  it('a connected leg dropped by the network ends the call as completed by the system', async () => {
    const { harness, driver } = await open();
    const call = await place(harness);
    await send(harness, call.agentLeg.id, 'ringing', 'answered');
    await send(harness, call.customerLeg.id, 'ringing', 'answered');
    driver.emit(call.agentLeg.id, 'hung_up', { by: 'network' });
    await deliver(harness);
    expect(await find(harness, call.guid)).toMatchObject({ endCause: 'completed', hungUpBy: 'system' });
    expect(status(harness)).toBe(AgentStatus.PostProcess);
  });

  it('an originate the driver refuses fails the leg', async () => {
    class Refusing extends ScriptedDriver {
      override async originate(request: OriginateRequest): Promise<void> {
        await super.originate(request);
        if (request.to.kind === 'number') throw new Error('trunk down');
      }
    }
    const { harness, driver } = await open(new Refusing());
    const call = await place(harness);
    await send(harness, call.agentLeg.id, 'ringing', 'answered');
    await deliver(harness);
    expect(driver.originated).toHaveLength(2);
    expect(await find(harness, call.guid)).toMatchObject({ endCause: 'customer_failed' });
    expect(status(harness)).toBe(AgentStatus.PostProcess);
  });
});
