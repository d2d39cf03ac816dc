import { afterEach, describe, expect, it } from 'vitest';
import { AgentStatus } from '../../../src/domain/agent-status.ts';
import { RuleViolationError } from '../../../src/domain/errors.ts';
import type { AgentPresenceChanged } from '../../../src/domain/events.ts';
import type { StatusChangeRequest } from '../../../src/domain/status-change.ts';
import { ILYA, openHarness, type Harness } from './harness.ts';
import { agent, eventsSince, find, fixedNumbers, lastSeq, logSince, request, status } from './helpers.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const LUNCH: StatusChangeRequest = { status: 3, reason: { listId: 801, itemId: 1725 } };
const MEETING: StatusChangeRequest = { status: 5, reason: { listId: 801, itemId: 1722 } };

/** Numbers ring 4 s and talk 60 s: the call ends at 66 s, its wrap-up (30 s) at 96 s. */
async function open(options: Parameters<typeof fixedNumbers>[1] = {}): Promise<Harness> {
  h = await openHarness();
  await fixedNumbers(h.platform, { talkSeconds: 60, ...options });
  return h;
}

const set = (harness: Harness, change: StatusChangeRequest) => harness.platform.agentStatus.set(harness.tenant.id, ILYA, change, 'vcc');

describe('a status change requested during a call', () => {
  it('is accepted, the call status still shows, and the break applies when post-processing ends', async () => {
    const harness = await open();
    const t0 = harness.clock.now();
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(10_000);
    const seq = await lastSeq(harness);
    expect(await set(harness, LUNCH)).toEqual({ changed: true });
    expect(agent(harness)).toMatchObject({ status: AgentStatus.ProcessTransact, presence: 'available', pending: 'on_break' });
    expect(await logSince(harness, seq)).toEqual(['agent.presence_change_deferred:on_break']);

    await harness.clock.advance(56_000);
    expect((await find(harness, placed.interactionGuid)).endedAt).toBe(t0 + 66_000);
    expect(agent(harness)).toMatchObject({ status: AgentStatus.PostProcess, presence: 'available', pending: 'on_break' });

    await harness.clock.advance(29_999);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await harness.clock.advance(1);
    expect(agent(harness)).toMatchObject({ status: AgentStatus.OnBreak, presence: 'on_break', reason: { listId: 801, itemId: 1725 }, pending: null });
    const state = harness.platform.directory.requireAgent(harness.tenant.id, ILYA).state;
    expect(state.presenceSince).toBe(t0 + 96_000);

    const tail = (await eventsSince(harness, seq)).slice(-3);
    expect(tail.map((e) => [e.at - t0, e.event.type])).toEqual([
      [96_000, 'post_processing.ended'], [96_000, 'agent.activity_changed'], [96_000, 'agent.presence_changed'],
    ]);
    const changed = tail[2]?.event as AgentPresenceChanged;
    expect(changed).toMatchObject({ from: { kind: 'available', reason: null }, to: { kind: 'on_break', reason: { listId: 801, itemId: 1725 } }, by: 'system' });
  });

  it('while the call is only offered, applies when the unanswered offer ends (no post-processing)', async () => {
    const harness = await open({ answer: 'by_hand' });
    await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(1_000);
    await set(harness, MEETING);
    expect(agent(harness)).toMatchObject({ status: AgentStatus.TransactOffered, pending: 'working_offline' });
    await harness.clock.advance(29_000);
    expect(agent(harness)).toMatchObject({ status: AgentStatus.WorkOffline, presence: 'working_offline', reason: { listId: 801, itemId: 1722 }, pending: null });
  });

  it('during post-processing, waits for post-processing to end', async () => {
    const harness = await open();
    await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(70_000);
    expect(status(harness)).toBe(AgentStatus.PostProcess);
    await set(harness, MEETING);
    expect(agent(harness)).toMatchObject({ status: AgentStatus.PostProcess, pending: 'working_offline' });
    await harness.clock.advance(26_000);
    expect(status(harness)).toBe(AgentStatus.WorkOffline);
  });

  it('ending post-processing early (endPostProcessing) applies it at once', async () => {
    const harness = await open();
    const placed = await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(10_000);
    await set(harness, LUNCH);
    await harness.platform.calls.endCall(harness.tenant.id, placed.interactionGuid, { endPostProcessing: true, by: 'vcc' });
    expect(agent(harness)).toMatchObject({ status: AgentStatus.OnBreak, presence: 'on_break', pending: null });
  });

  it('the last request wins: break, then offline', async () => {
    const harness = await open();
    await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(10_000);
    await set(harness, LUNCH);
    await set(harness, MEETING);
    expect(agent(harness).pending).toBe('working_offline');
    await harness.clock.advance(100_000);
    expect(agent(harness)).toMatchObject({ status: AgentStatus.WorkOffline, reason: { listId: 801, itemId: 1722 } });
  });

  it('asking for the same pending change twice changes nothing the second time', async () => {
    const harness = await open();
    await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(10_000);
    await set(harness, LUNCH);
    const seq = await lastSeq(harness);
    expect(await set(harness, LUNCH)).toEqual({ changed: false });
    expect(await logSince(harness, seq)).toEqual([]);
  });

  it('asking for a break and then for available again leaves the presence untouched when the call ends', async () => {
    const harness = await open();
    const since = harness.platform.directory.requireAgent(harness.tenant.id, ILYA).state.presenceSince;
    await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(10_000);
    await set(harness, LUNCH);
    await set(harness, { status: 4, reason: null });
    const seq = await lastSeq(harness);
    await harness.clock.advance(100_000);
    expect(agent(harness)).toMatchObject({ status: AgentStatus.WaitTransact, presence: 'available', pending: null });
    // Still available since before the call: no presence change is logged and the presence time is kept.
    expect((await logSince(harness, seq)).filter((e) => e.startsWith('agent.presence'))).toEqual([]);
    expect(harness.platform.directory.requireAgent(harness.tenant.id, ILYA).state.presenceSince).toBe(since);
  });

  it('a transition the API does not allow is refused mid-call, and nothing is deferred', async () => {
    const harness = await open();
    await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(10_000);
    const seq = await lastSeq(harness);
    await expect(set(harness, { status: 7, reason: null })).rejects.toBeInstanceOf(RuleViolationError);
    await expect(set(harness, { status: 3, reason: null })).rejects.toBeInstanceOf(RuleViolationError);
    expect(agent(harness)).toMatchObject({ status: AgentStatus.ProcessTransact, pending: null });
    expect(await logSince(harness, seq)).toEqual([]);
  });

  it('logging out mid-call applies after the wrap-up; then no call can be placed', async () => {
    const harness = await open();
    await harness.platform.calls.place(harness.tenant, request());
    await harness.clock.advance(10_000);
    await set(harness, { status: 1, reason: null });
    expect(status(harness)).toBe(AgentStatus.ProcessTransact);
    await harness.clock.advance(100_000);
    expect(status(harness)).toBe(AgentStatus.LoggedOut);
    await expect(harness.platform.calls.place(harness.tenant, request({ forceCall: true }))).rejects.toMatchObject({ reason: 'not_logged_in' });
  });
});
