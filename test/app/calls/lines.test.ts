import { afterEach, describe, expect, it } from 'vitest';
import type { PlacedCall } from '../../../src/app/calls/call-service.ts';
import type { TenantRecord } from '../../../src/ports/storage.ts';
import { AgentStatus } from '../../../src/domain/agent-status.ts';
import { AgentUnavailableError } from '../../../src/domain/calls/errors.ts';
import { stageOf } from '../../../src/domain/calls/interaction.ts';
import { NotFoundError } from '../../../src/domain/errors.ts';
import { ILYA, type Harness } from './harness.ts';
import { agent, find, lastSeq, logSince, openCallsUp, request, simulator, status } from './helpers.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Outside numbers answer after 4 s and never hang up: calls stay up until the test ends them. */
async function open(): Promise<Harness> {
  h = await openCallsUp();
  return h;
}

/** A queue call on line 1 and a direct call on line 2, both talking. */
async function bothLines(harness: Harness): Promise<{ queued: PlacedCall; direct: PlacedCall }> {
  const queued = await harness.platform.calls.place(harness.tenant, request());
  await harness.clock.advance(6_000);
  const direct = await harness.platform.calls.place(harness.tenant, request({ queueId: null, number: '6175550100', forceCall: true }));
  await harness.clock.advance(6_000);
  return { queued, direct };
}

/** Expects `place` to be refused with `reason`, leaving the log and the agent's calls as they were. */
async function expectRefused(harness: Harness, forceCall: boolean, reason: string, tenant: TenantRecord = harness.tenant): Promise<void> {
  const seq = await lastSeq(harness);
  const calls = harness.platform.calls.engine.registry.size;
  const before = status(harness);
  const refused = harness.platform.calls.place(tenant, request({ forceCall }));
  await expect(refused).rejects.toBeInstanceOf(AgentUnavailableError);
  await expect(refused).rejects.toMatchObject({ reason });
  expect(await logSince(harness, seq)).toEqual([]);
  expect(harness.platform.calls.engine.registry.size).toBe(calls);
  expect(status(harness)).toBe(before);
}

describe('lines', () => {
  it('two calls use both lines: status 9 BUSY from the moment the second is placed', async () => {
    const harness = await open();
    const queued = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(6_000);
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);
    const direct = await harness.platform.calls.place(harness.tenant, request({ queueId: null, number: '6175550100', forceCall: true }));
    expect(direct.line).toBe(2);
    expect(status(harness)).toBe(AgentStatus.Busy);
    await harness.clock.advance(6_000);
    expect(status(harness)).toBe(AgentStatus.Busy);
    expect(stageOf(await find(harness, queued.interactionGuid))).toBe('talking');
    expect(stageOf(await find(harness, direct.interactionGuid))).toBe('talking');
    const agentLegs = simulator(harness).legs().filter((l) => l.to.kind === 'agent').map((l) => (l.to.kind === 'agent' ? l.to.line : 0));
    expect(agentLegs).toEqual([1, 2]);
  });

  it('freeing line 1 ends the queue call (post-processing) and leaves the direct call: 10 DIRECT_CALL', async () => {
    const harness = await open();
    const { queued, direct } = await bothLines(harness);
    const freed = await harness.platform.calls.freeLines(harness.tenant.id, ILYA, 1);
    expect(freed).toEqual([{ interactionGuid: queued.interactionGuid, agentLegId: queued.agentLegId, line: 1 }]);
    expect(await find(harness, queued.interactionGuid)).toMatchObject({ endCause: 'completed', hungUpBy: 'agent' });
    expect((await find(harness, queued.interactionGuid)).postProcessing?.endedAt).toBeNull();
    expect(stageOf(await find(harness, direct.interactionGuid))).toBe('talking');
    expect(status(harness)).toBe(AgentStatus.DirectCall);
    expect(await harness.platform.calls.freeLines(harness.tenant.id, ILYA, 1)).toEqual([]);
  });

  it('then freeing line 2 shows the queue call’s post-processing (8) until its timer', async () => {
    const harness = await open();
    const { queued, direct } = await bothLines(harness);
    await harness.platform.calls.freeLines(harness.tenant.id, ILYA, 1);
    const dueAt = (await find(harness, queued.interactionGuid)).postProcessing?.dueAt as number;
    await harness.clock.advance(5_000);
    await harness.platform.calls.freeLines(harness.tenant.id, ILYA, 2);
    const ended = await find(harness, direct.interactionGuid);
    expect(ended).toMatchObject({ endCause: 'completed', hungUpBy: 'agent', postProcessing: null, wrapUpSeconds: null });
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await harness.clock.advance(dueAt - harness.clock.now() - 1);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await harness.clock.advance(1);
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
  });

  it('freeing line 2 leaves the queue call on line 1: 7 PROCESS_TRANSACT', async () => {
    const harness = await open();
    const { queued, direct } = await bothLines(harness);
    const freed = await harness.platform.calls.freeLines(harness.tenant.id, ILYA, 2);
    expect(freed.map((f) => [f.interactionGuid, f.line])).toEqual([[direct.interactionGuid, 2]]);
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);
    expect(stageOf(await find(harness, queued.interactionGuid))).toBe('talking');
    expect((await find(harness, direct.interactionGuid)).endCause).toBe('completed');
  });

  it('freeing all lines ends both calls at once and hangs up every leg', async () => {
    const harness = await open();
    const { queued, direct } = await bothLines(harness);
    const seq = await lastSeq(harness);
    const freed = await harness.platform.calls.freeLines(harness.tenant.id, ILYA, null);
    expect(freed.map((f) => f.line).sort()).toEqual([1, 2]);
    expect((await find(harness, queued.interactionGuid)).endCause).toBe('completed');
    expect((await find(harness, direct.interactionGuid)).endCause).toBe('completed');
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await harness.clock.advance(0);
    expect(simulator(harness).legs()).toEqual([]);
    const log = await logSince(harness, seq);
    expect(log.filter((e) => e.startsWith('interaction.ended'))).toEqual(['interaction.ended:completed', 'interaction.ended:completed']);
    expect(log.filter((e) => e === 'post_processing.started')).toHaveLength(1);
    expect(log.at(-1)).toBe('agent.activity_changed:post_processing');
  });

  it('freeing lines that are free changes nothing; an unknown agent is not found', async () => {
    const harness = await open();
    const seq = await lastSeq(harness);
    expect(await harness.platform.calls.freeLines(harness.tenant.id, ILYA, null)).toEqual([]);
    expect(await logSince(harness, seq)).toEqual([]);
    await expect(harness.platform.calls.freeLines(harness.tenant.id, 'agNoSuchAgent', null)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('forceCall rules when placing', () => {
  it('a free agent gets line 1 without forceCall', async () => {
    const harness = await open();
    expect((await harness.platform.calls.place(harness.tenant, request({ forceCall: false }))).line).toBe(1);
    expect(status(harness)).toBe(AgentStatus.TransactOffered);
  });

  it('one line busy: refused without forceCall', async () => {
    const harness = await open();
    await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(6_000);
    await expectRefused(harness, false, 'force_call_required');
  });

  it('one line busy: line 2 with forceCall, even while the first call only rings the agent', async () => {
    const harness = await open();
    await harness.platform.calls.place(harness.tenant, request());
    const second = await harness.platform.calls.place(harness.tenant, request({ forceCall: true }));
    expect(second.line).toBe(2);
    expect(status(harness)).toBe(AgentStatus.Busy);
  });

  it('both lines busy: refused even with forceCall', async () => {
    const harness = await open();
    await bothLines(harness);
    await expectRefused(harness, true, 'both_lines_busy');
    await expectRefused(harness, false, 'both_lines_busy');
  });

  it('in post-processing: refused without forceCall', async () => {
    const harness = await open();
    const first = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(6_000);
    await harness.platform.calls.hangUpAgent(harness.tenant.id, first.interactionGuid, ILYA);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await expectRefused(harness, false, 'force_call_required');
  });

  it('in post-processing with forceCall: line 1; the agent shows 8 until both wrap-ups end', async () => {
    const harness = await open();
    const first = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(6_000);
    await harness.platform.calls.hangUpAgent(harness.tenant.id, first.interactionGuid, ILYA);
    const firstDue = (await find(harness, first.interactionGuid)).postProcessing?.dueAt as number;
    const second = await harness.platform.calls.place(harness.tenant, request({ forceCall: true }));
    expect(second.line).toBe(1);
    expect(status(harness)).toBe(AgentStatus.TransactOffered);
    await harness.clock.advance(6_000);
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);
    await harness.platform.calls.hangUpAgent(harness.tenant.id, second.interactionGuid, ILYA);
    const secondDue = (await find(harness, second.interactionGuid)).postProcessing?.dueAt as number;
    expect(secondDue).toBeGreaterThan(firstDue);
    await harness.clock.advance(firstDue - harness.clock.now());
    expect((await find(harness, first.interactionGuid)).postProcessing?.endedBy).toBe('timer');
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await harness.clock.advance(secondDue - harness.clock.now());
    expect(status(harness)).toBe(AgentStatus.WaitTransact);
  });

  it('on break: refused even with forceCall', async () => {
    const harness = await open();
    await harness.platform.agentStatus.set(harness.tenant.id, ILYA, { status: 3, reason: { listId: 801, itemId: 1725 } }, 'vcc');
    expect(status(harness)).toBe(AgentStatus.OnBreak);
    await expectRefused(harness, true, 'on_break');
  });

  it('logged out: refused even with forceCall', async () => {
    const harness = await open();
    await harness.platform.agentStatus.set(harness.tenant.id, ILYA, { status: 1, reason: null }, 'vcc');
    expect(status(harness)).toBe(AgentStatus.LoggedOut);
    await expectRefused(harness, true, 'not_logged_in');
  });

  it('never logged in: refused', async () => {
    const harness = await open();
    const acme = harness.platform.directory.tenantByName('acmecorp01') as TenantRecord;
    const paul = request({ agentId: 'ag1LmqEeEYRoOti9KjIi_Dng', queueId: null, dialPlanId: null, forceCall: true });
    await expect(harness.platform.calls.place(acme, paul)).rejects.toMatchObject({ reason: 'not_logged_in' });
  });

  it('working offline: may place without forceCall, and returns to 5 with its reason afterwards', async () => {
    const harness = await open();
    await harness.platform.agentStatus.set(harness.tenant.id, ILYA, { status: 5, reason: { listId: 801, itemId: 1722 } }, 'vcc');
    expect(status(harness)).toBe(AgentStatus.WorkOffline);
    const placed = await harness.platform.calls.place(harness.tenant, request({ forceCall: false }));
    expect(placed.line).toBe(1);
    expect(status(harness)).toBe(AgentStatus.TransactOffered);
    await harness.clock.advance(6_000);
    await harness.platform.calls.hangUpAgent(harness.tenant.id, placed.interactionGuid, ILYA);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await harness.clock.advance(30_000);
    expect(agent(harness)).toMatchObject({ status: AgentStatus.WorkOffline, presence: 'working_offline', reason: { listId: 801, itemId: 1722 } });
  });
});
