import { describe, expect, it } from 'vitest';
import { InteractionStateError } from '../../../src/domain/calls/errors.ts';
import { followUps } from '../../../src/domain/calls/follow-ups.ts';
import { rescheduleWrapUp } from '../../../src/domain/calls/post-processing.ts';
import { CallRun, QUEUE } from './fixtures.ts';

/** PBX `cc_agent/wrapup`: moving the wrap-up timer of a call in post-processing. */
function wrappingUp(codesRequired = false): CallRun {
  const run = new CallRun({ ...QUEUE, codesRequired });
  run.connect();
  run.signal({ kind: 'hangup', leg: 'customer' });
  return run;
}

describe('rescheduleWrapUp', () => {
  it('moves the due time and re-arms the timer', () => {
    const run = wrappingUp();
    const before = run.interaction;
    const events = run.take(rescheduleWrapUp(before, run.now + 90_000, run.ctx(), 'pbx'));
    expect(events).toEqual([{ type: 'post_processing.rescheduled', interactionGuid: before.guid, agentId: 'agTest', dueAt: run.now + 90_000, by: 'pbx' }]);
    expect(run.interaction.postProcessing).toMatchObject({ dueAt: run.now + 90_000, endedAt: null });
    expect(followUps(before, run.interaction)).toEqual([{ kind: 'arm_wrap_up', dueAt: run.now + 90_000 }]);
  });

  it('now or earlier ends post-processing at once (and drops the timer)', () => {
    const run = wrappingUp();
    const before = run.interaction;
    const events = run.take(rescheduleWrapUp(before, run.now, run.ctx(), 'pbx'));
    expect(events.map((e) => e.type)).toEqual(['post_processing.rescheduled', 'post_processing.ended', 'agent.activity_changed']);
    expect(run.interaction.postProcessing).toMatchObject({ endedAt: run.now, endedBy: 'pbx' });
    expect(run.agent.state.activity).toBe('idle');
    expect(followUps(before, run.interaction)).toEqual([{ kind: 'disarm_wrap_up' }]);
  });

  it('still waits for required transaction codes', () => {
    const run = wrappingUp(true);
    run.take(rescheduleWrapUp(run.interaction, 0, run.ctx(), 'pbx'));
    expect(run.interaction.postProcessing).toMatchObject({ awaitingCodes: true, endedAt: null });
    expect(run.agent.state.activity).toBe('post_processing');
  });

  it('refuses a call that is not in post-processing', () => {
    const run = new CallRun({ ...QUEUE });
    run.connect();
    expect(() => rescheduleWrapUp(run.interaction, run.now, run.ctx(), 'pbx')).toThrow(InteractionStateError);
  });
});
