import { describe, expect, it } from 'vitest';
import { InteractionStateError } from '../../../src/domain/calls/errors.ts';
import { endPostProcessing, setTransactionCodes, wrapUpElapsed } from '../../../src/domain/calls/post-processing.ts';
import type { Presence } from '../../../src/domain/agent.ts';
import { LUNCH } from '../fixtures.ts';
import { CallRun, QUEUE } from './fixtures.ts';

const SALE = [{ listId: 12, itemId: 234 }];
const LUNCH_BREAK: Presence = { kind: 'on_break', reason: LUNCH };

/** A queue call that has been talked and hung up: the agent is in post-processing. */
function wrappingUp(options: { codesRequired?: boolean; pending?: Presence } = {}): CallRun {
  const run = new CallRun({ ...QUEUE, codesRequired: options.codesRequired ?? false }, { pending: options.pending ?? null });
  run.connect();
  run.signal({ kind: 'hangup', leg: 'customer' });
  return run;
}

function at(run: CallRun, now: number): ReturnType<CallRun['ctx']> {
  run.now = now;
  return run.ctx();
}

describe('the wrap-up timer', () => {
  it('ends post-processing at its due time, not before', () => {
    const run = wrappingUp();
    const dueAt = run.interaction.postProcessing?.dueAt ?? 0;
    expect(wrapUpElapsed(run.interaction, at(run, dueAt - 1))).toEqual({ changed: false });
    const events = run.take(wrapUpElapsed(run.interaction, at(run, dueAt)));
    expect(events).toEqual([
      { type: 'post_processing.ended', interactionGuid: run.interaction.guid, agentId: 'agTest', by: 'timer' },
      { type: 'agent.activity_changed', agentId: 'agTest', fromActivity: 'post_processing', toActivity: 'idle', presence: run.agent.state.presence },
    ]);
    expect(run.interaction.postProcessing).toMatchObject({ endedAt: dueAt, endedBy: 'timer' });
    expect(wrapUpElapsed(run.interaction, at(run, dueAt + 5))).toEqual({ changed: false });
  });

  it('then applies the presence asked for during the call', () => {
    const run = wrappingUp({ pending: LUNCH_BREAK });
    expect(run.agent.state.presence.kind).toBe('available');
    run.take(wrapUpElapsed(run.interaction, at(run, run.interaction.postProcessing?.dueAt ?? 0)));
    expect(run.agent.state).toMatchObject({ presence: LUNCH_BREAK, pendingPresence: null, activity: 'idle' });
    expect(run.log.at(-1)).toMatchObject({ type: 'agent.presence_changed', to: LUNCH_BREAK });
  });

  it('waits for required codes, and setting them ends it', () => {
    const run = wrappingUp({ codesRequired: true });
    const dueAt = run.interaction.postProcessing?.dueAt ?? 0;
    expect(run.take(wrapUpElapsed(run.interaction, at(run, dueAt)))).toEqual([]);
    expect(run.interaction.postProcessing?.awaitingCodes).toBe(true);
    expect(run.agent.state.activity).toBe('post_processing');
    expect(wrapUpElapsed(run.interaction, at(run, dueAt + 1))).toEqual({ changed: false });
    const events = run.take(setTransactionCodes(run.interaction, SALE, at(run, dueAt + 9000), 'vcc'));
    expect(events.map((event) => event.type)).toEqual(['transaction_codes.set', 'post_processing.ended', 'agent.activity_changed']);
    expect(run.interaction.postProcessing).toMatchObject({ endedBy: 'vcc', awaitingCodes: false });
  });

  it('ends by itself when the required codes were set during the call', () => {
    const run = new CallRun({ ...QUEUE, codesRequired: true });
    run.connect();
    run.take(setTransactionCodes(run.interaction, SALE, run.ctx(), 'vcc'));
    run.signal({ kind: 'hangup', leg: 'customer' });
    run.take(wrapUpElapsed(run.interaction, at(run, run.interaction.postProcessing?.dueAt ?? 0)));
    expect(run.agent.state.activity).toBe('idle');
  });
});

describe('endPostProcessing', () => {
  it('ends it early on request', () => {
    const run = wrappingUp();
    run.take(endPostProcessing(run.interaction, run.ctx(), { by: 'workspace', force: false }));
    expect(run.interaction.postProcessing?.endedBy).toBe('workspace');
    expect(run.agent.state.activity).toBe('idle');
  });

  it('refuses without required codes, unless forced (VCC endPostProcessing=true)', () => {
    const run = wrappingUp({ codesRequired: true });
    expect(() => endPostProcessing(run.interaction, run.ctx(), { by: 'workspace', force: false })).toThrow(InteractionStateError);
    run.take(endPostProcessing(run.interaction, run.ctx(), { by: 'vcc', force: true }));
    expect(run.interaction.postProcessing?.endedBy).toBe('vcc');
  });

  it('changes nothing when there is no post-processing (direct call, still talking, already ended)', () => {
    const direct = new CallRun(null);
    direct.connect();
    expect(endPostProcessing(direct.interaction, direct.ctx(), { by: 'vcc', force: true })).toEqual({ changed: false });
    direct.signal({ kind: 'hangup', leg: 'agent' });
    expect(endPostProcessing(direct.interaction, direct.ctx(), { by: 'vcc', force: true })).toEqual({ changed: false });
    const queued = wrappingUp();
    queued.take(endPostProcessing(queued.interaction, queued.ctx(), { by: 'vcc', force: true }));
    expect(endPostProcessing(queued.interaction, queued.ctx(), { by: 'vcc', force: true })).toEqual({ changed: false });
  });
});

describe('setTransactionCodes', () => {
  it('stores the codes during the call and replaces them on a second PUT', () => {
    const run = new CallRun(QUEUE);
    run.connect();
    const events = run.take(setTransactionCodes(run.interaction, SALE, run.ctx(), 'vcc'));
    expect(events).toEqual([{ type: 'transaction_codes.set', interactionGuid: run.interaction.guid, agentId: 'agTest', codes: SALE }]);
    run.take(setTransactionCodes(run.interaction, [{ listId: 12, itemId: 235 }], run.ctx(), 'vcc'));
    expect(run.interaction.transactionCodes).toEqual([{ listId: 12, itemId: 235 }]);
    expect(run.agent.state.activity).toBe('on_queue_call');
  });

  it('refuses once the interaction is complete', () => {
    const run = new CallRun(null);
    run.connect();
    run.signal({ kind: 'hangup', leg: 'agent' });
    expect(() => setTransactionCodes(run.interaction, SALE, run.ctx(), 'vcc')).toThrow(/is complete/);
  });
});
