import { describe, expect, it } from 'vitest';
import { stageOf } from '../../../src/domain/calls/interaction.ts';
import type { CallSignal } from '../../../src/domain/calls/call-flow.ts';
import { LUNCH } from '../fixtures.ts';
import { CallRun, QUEUE } from './fixtures.ts';

const activities = (run: CallRun): string[] =>
  run.log.flatMap((event) => (event.type === 'agent.activity_changed' ? [event.toActivity] : []));

describe('a direct call, start to end', () => {
  it('runs created → agent ringing → answered → customer ringing → talking → ended, status 10 throughout', () => {
    const run = new CallRun(null);
    expect(stageOf(run.interaction)).toBe('agent_dialling');
    expect(run.agent.state.activity).toBe('on_direct_call');
    run.signal({ kind: 'ringing', leg: 'agent' });
    expect(stageOf(run.interaction)).toBe('agent_ringing');
    run.signal({ kind: 'answered', leg: 'agent' });
    expect(stageOf(run.interaction)).toBe('customer_dialling');
    run.signal({ kind: 'ringing', leg: 'customer' });
    expect(stageOf(run.interaction)).toBe('customer_ringing');
    run.signal({ kind: 'answered', leg: 'customer' });
    expect(stageOf(run.interaction)).toBe('talking');
    expect(run.interaction.bridgedAt).toBe(run.now);
    run.signal({ kind: 'hangup', leg: 'customer' });
    expect(stageOf(run.interaction)).toBe('completed');
    expect(run.types()).toEqual([
      'interaction.created', 'agent.activity_changed', 'leg.ringing', 'leg.answered', 'leg.ringing', 'leg.answered',
      'interaction.bridged', 'leg.ended', 'leg.ended', 'interaction.ended', 'agent.activity_changed',
    ]);
    expect(activities(run)).toEqual(['on_direct_call', 'idle']);
    expect(run.interaction.postProcessing).toBeNull();
  });

  it('records who hung up: the customer', () => {
    const run = new CallRun(null);
    run.connect();
    run.signal({ kind: 'hangup', leg: 'customer' });
    expect(run.interaction).toMatchObject({ endCause: 'completed', hungUpBy: 'customer' });
    expect(run.interaction.customerLeg.endCause).toBe('hangup');
    expect(run.interaction.agentLeg.endCause).toBe('cleared');
    expect(run.log).toContainEqual({ type: 'leg.ended', interactionGuid: run.interaction.guid, leg: 'agent', legId: 'acme-agTest-uuid', cause: 'cleared', hungUpBy: 'customer' });
  });

  it('records who hung up: the agent', () => {
    const run = new CallRun(null);
    run.connect();
    run.signal({ kind: 'hangup', leg: 'agent' });
    expect(run.interaction).toMatchObject({ endCause: 'completed', hungUpBy: 'agent' });
    expect(run.interaction.agentLeg.endCause).toBe('hangup');
    expect(run.interaction.customerLeg.endCause).toBe('cleared');
  });

  it('the VCC hang-up-agent route hangs up the agent leg on the system\'s behalf', () => {
    const run = new CallRun(null);
    run.connect();
    run.signal({ kind: 'hangup', leg: 'agent', by: 'system' });
    expect(run.interaction).toMatchObject({ endCause: 'completed', hungUpBy: 'system' });
    expect(run.interaction.agentLeg.endCause).toBe('cleared');
  });

  it('end call (VCC DELETE) ends a talking call for both sides', () => {
    const run = new CallRun(null);
    run.connect();
    run.signal({ kind: 'end', by: 'system' });
    expect(run.interaction).toMatchObject({ endCause: 'completed', hungUpBy: 'system' });
    expect(run.log.filter((event) => event.type === 'leg.ended')).toHaveLength(2);
  });

  it('end call while the agent\'s device rings cancels it; the undialled customer leg logs nothing', () => {
    const run = new CallRun(null);
    run.signal({ kind: 'ringing', leg: 'agent' });
    run.signal({ kind: 'end', by: 'system' });
    expect(run.interaction).toMatchObject({ endCause: 'cancelled', hungUpBy: 'system' });
    expect(run.interaction.agentLeg.endCause).toBe('cancelled');
    expect(run.interaction.customerLeg).toMatchObject({ state: 'ended', endCause: 'cancelled' });
    expect(run.log.filter((event) => event.type === 'leg.ended')).toHaveLength(1);
  });
});

describe('a queue call: 6 → 7 → 8 → presence', () => {
  it('is offered while the agent rings, processed once answered, post-processed after', () => {
    const run = new CallRun(QUEUE);
    expect(run.agent.state.activity).toBe('offered');
    run.signal({ kind: 'ringing', leg: 'agent' });
    run.signal({ kind: 'answered', leg: 'agent' });
    expect(run.agent.state.activity).toBe('on_queue_call');
    run.signal({ kind: 'ringing', leg: 'customer' });
    run.signal({ kind: 'answered', leg: 'customer' });
    run.signal({ kind: 'hangup', leg: 'agent' });
    expect(run.agent.state.activity).toBe('post_processing');
    expect(stageOf(run.interaction)).toBe('post_processing');
    expect(run.log).toContainEqual({ type: 'post_processing.started', interactionGuid: run.interaction.guid, agentId: 'agTest', dueAt: run.now + 30_000 });
    expect(activities(run)).toEqual(['offered', 'on_queue_call', 'post_processing']);
  });
});

describe('failure paths', () => {
  it.each(['no_answer', 'rejected', 'failed'] as const)('the agent leg fails (%s): the call ends and a queue offer leaves no wrap-up', (cause) => {
    const run = new CallRun(QUEUE);
    run.signal({ kind: 'ringing', leg: 'agent' });
    run.signal({ kind: 'failed', leg: 'agent', cause });
    expect(run.interaction).toMatchObject({ endCause: `agent_${cause}`, hungUpBy: null, postProcessing: null });
    expect(run.interaction.agentLeg.endCause).toBe(cause);
    expect(run.agent.state.activity).toBe('idle');
  });

  it.each(['busy', 'no_answer', 'failed', 'rejected'] as const)('the customer leg fails (%s): the agent wraps up the queue call', (cause) => {
    const run = new CallRun(QUEUE);
    run.signal({ kind: 'ringing', leg: 'agent' });
    run.signal({ kind: 'answered', leg: 'agent' });
    run.signal({ kind: 'ringing', leg: 'customer' });
    run.signal({ kind: 'failed', leg: 'customer', cause });
    expect(run.interaction.endCause).toBe(`customer_${cause}`);
    expect(run.interaction.agentLeg.endCause).toBe('cleared');
    expect(run.agent.state.activity).toBe('post_processing');
  });

  it('a customer failure on a direct call returns the agent to idle', () => {
    const run = new CallRun(null);
    run.signal({ kind: 'answered', leg: 'agent' });
    run.signal({ kind: 'failed', leg: 'customer', cause: 'busy' });
    expect(run.agent.state.activity).toBe('idle');
  });

  it('the agent hangs up while the customer rings: cancelled', () => {
    const run = new CallRun(null);
    run.signal({ kind: 'answered', leg: 'agent' });
    run.signal({ kind: 'ringing', leg: 'customer' });
    run.signal({ kind: 'hangup', leg: 'agent' });
    expect(run.interaction).toMatchObject({ endCause: 'cancelled', hungUpBy: 'agent', bridgedAt: null });
    expect(run.interaction.customerLeg.endCause).toBe('cancelled');
    expect(run.interaction.agentLeg.endCause).toBe('hangup');
  });

  it('the agent hangs up its own ringing device: a rejection', () => {
    const run = new CallRun(null);
    run.signal({ kind: 'ringing', leg: 'agent' });
    run.signal({ kind: 'hangup', leg: 'agent' });
    expect(run.interaction).toMatchObject({ endCause: 'agent_rejected', hungUpBy: 'agent' });
  });
});

describe('late, repeated and out-of-order signals change nothing', () => {
  const IGNORED_AFTER_END: CallSignal[] = [
    { kind: 'ringing', leg: 'agent' }, { kind: 'answered', leg: 'customer' }, { kind: 'hangup', leg: 'customer' },
    { kind: 'failed', leg: 'agent', cause: 'failed' }, { kind: 'end', by: 'system' },
  ];

  it.each(IGNORED_AFTER_END)('after the call ended: %j', (signal) => {
    const run = new CallRun(null);
    run.signal({ kind: 'ringing', leg: 'agent' });
    run.signal({ kind: 'end', by: 'system' });
    const before = run.interaction;
    expect(run.signal(signal)).toEqual({ changed: false });
    expect(run.interaction).toBe(before);
  });

  it('customer signals before the agent answered (the customer is not dialled yet)', () => {
    const run = new CallRun(null);
    run.signal({ kind: 'ringing', leg: 'agent' });
    for (const signal of [{ kind: 'ringing', leg: 'customer' }, { kind: 'answered', leg: 'customer' }, { kind: 'hangup', leg: 'customer' }] as const) {
      expect(run.signal(signal)).toEqual({ changed: false });
    }
    expect(stageOf(run.interaction)).toBe('agent_ringing');
  });

  it('a ring after the answer, a second answer, a failure of a connected leg', () => {
    const run = new CallRun(null);
    run.connect();
    expect(run.signal({ kind: 'ringing', leg: 'agent' })).toEqual({ changed: false });
    expect(run.signal({ kind: 'ringing', leg: 'customer' })).toEqual({ changed: false });
    expect(run.signal({ kind: 'answered', leg: 'customer' })).toEqual({ changed: false });
    expect(run.signal({ kind: 'failed', leg: 'customer', cause: 'busy' })).toEqual({ changed: false });
    expect(stageOf(run.interaction)).toBe('talking');
  });

  it('an answer whose ringing was lost still counts', () => {
    const run = new CallRun(null);
    run.signal({ kind: 'answered', leg: 'agent' });
    expect(run.interaction.agentLeg).toMatchObject({ state: 'answered', ringingAt: run.now, answeredAt: run.now });
  });
});

describe('two lines', () => {
  it('a second call makes the agent busy on both lines (9); ending it shows the first call again', () => {
    const run = new CallRun(null, { otherLine: { queued: false, agentAnswered: true } });
    expect(run.interaction.line).toBe(2);
    expect(run.agent.state.activity).toBe('both_lines');
    run.connect();
    run.signal({ kind: 'hangup', leg: 'customer' });
    expect(run.agent.state.activity).toBe('on_direct_call');
  });

  it('a call forced during another interaction\'s wrap-up returns to post-processing', () => {
    const run = new CallRun(null, { otherPostProcessing: true });
    expect(run.agent.state.activity).toBe('on_direct_call');
    run.connect();
    run.signal({ kind: 'hangup', leg: 'agent' });
    expect(run.agent.state.activity).toBe('post_processing');
  });
});

describe('a presence change deferred during a call (NOTES.md §3)', () => {
  it('takes effect when a direct call ends', () => {
    const lunch = { kind: 'on_break', reason: LUNCH } as const;
    const run = new CallRun(null, { pending: lunch });
    run.connect();
    expect(run.agent.state.presence.kind).toBe('available');
    run.signal({ kind: 'hangup', leg: 'customer' });
    expect(run.agent.state).toMatchObject({ presence: lunch, pendingPresence: null, presenceSince: run.now, activity: 'idle' });
    expect(run.log.at(-1)).toMatchObject({ type: 'agent.presence_changed', to: lunch, by: 'system' });
  });

  it('waits while the other line is still busy', () => {
    const run = new CallRun(null, { pending: { kind: 'on_break', reason: LUNCH }, otherLine: { queued: false, agentAnswered: true } });
    run.connect();
    run.signal({ kind: 'hangup', leg: 'customer' });
    expect(run.agent.state.presence.kind).toBe('available');
    expect(run.agent.state.pendingPresence?.kind).toBe('on_break');
  });
});
