import { describe, expect, it } from 'vitest';
import type { CcsCallRecord } from '../../../src/domain/ccs/call-record.ts';
import { callRefOf, isSuppressed, projectCall, type ProjectionContext } from '../../../src/domain/ccs/call-projection.ts';
import { ccsCallId } from '../../../src/domain/ccs/stable-ids.ts';
import type { DomainEvent, LoggedEvent } from '../../../src/domain/events.ts';

const ctx: ProjectionContext = { extensionOf: (agentId) => (agentId === 'ag1' ? '101' : null) };
const T0 = 1_633_591_341_000;

/** Replays events through the projection the way the projector does: lookups by key, one record per call. */
function replay(events: readonly (readonly [number, DomainEvent])[]): { calls: Map<string, CcsCallRecord>; refs: Map<string, string>; history: CcsCallRecord[] } {
  const calls = new Map<string, CcsCallRecord>();
  const refs = new Map<string, string>();
  const history: CcsCallRecord[] = [];
  events.forEach(([offset, event], i) => {
    const logged: LoggedEvent = { tenantId: 't1', seq: i + 1, at: T0 + offset, event };
    const target = callRefOf(event);
    if (target === null) return;
    const callId = target.kind === 'ref' ? refs.get(target.ref) : target.kind === 'call' ? target.callId : undefined;
    const result = projectCall(callId === undefined ? undefined : calls.get(callId), logged, ctx);
    if (result === null) return;
    calls.set(result.record.callId, result.record);
    for (const ref of result.refs) refs.set(ref, result.record.callId);
    history.push(result.record);
  });
  return { calls, refs, history };
}

const joined = (callerId: string, extra: Partial<Extract<DomainEvent, { type: 'caller.joined' }>> = {}): DomainEvent => ({
  type: 'caller.joined', callerId, queueId: 600, number: '+15550100', dialled: '+18005550100', resumed: false, legId: 'leg-c', musicOnHold: null, ...extra,
});
const inboundCreated = (guid: string, agentId: string): DomainEvent => ({
  type: 'interaction.created', interactionGuid: guid, agentId, queueId: 600, direction: 'inbound', line: 1, destination: '+18005550100', callerId: '+15550100',
});
const offered = (guid: string, agentId: string): DomainEvent => ({ type: 'agent.offered', callerId: 'qc1', queueId: 600, agentId, interactionGuid: guid });
const leg = (type: 'leg.ringing' | 'leg.answered', guid: string, side: 'agent' | 'customer', legId: string): DomainEvent => ({ type, interactionGuid: guid, leg: side, legId });
const ended = (guid: string, agentId: string, cause: string): DomainEvent => ({ type: 'interaction.ended', interactionGuid: guid, agentId, cause, hungUpBy: 'customer' });

/** An inbound queue call as the ACD logs it: join, offer, ring, answer (bridge), talk, hang-up. */
const answeredInbound: (readonly [number, DomainEvent])[] = [
  [0, joined('qc1')],
  [2_000, inboundCreated('int-a', 'ag1')],
  [2_000, offered('int-a', 'ag1')],
  [2_100, leg('leg.ringing', 'int-a', 'agent', 'leg-a')],
  [5_000, leg('leg.answered', 'int-a', 'agent', 'leg-a')],
  [5_000, { type: 'interaction.bridged', interactionGuid: 'int-a' }],
  [5_000, { type: 'bridge.started', callerId: 'qc1', queueId: 600, agentId: 'ag1', interactionGuid: 'int-a' }],
  [65_000, { type: 'leg.ended', interactionGuid: 'int-a', leg: 'customer', legId: 'leg-c', cause: 'hangup', hungUpBy: 'customer' }],
  [65_000, ended('int-a', 'ag1', 'completed')],
  [65_000, { type: 'bridge.ended', callerId: 'qc1', queueId: 600, agentId: 'ag1', interactionGuid: 'int-a', talkMs: 60_000 }],
  [65_000, { type: 'caller.left', callerId: 'qc1', queueId: 600, cause: 'answered', waitedMs: 65_000, legId: 'leg-c' }],
];

describe('inbound queue calls', () => {
  it('waits, rings an agent, is answered, ends completed — one call with the caller\'s id', () => {
    const { calls, refs, history } = replay(answeredInbound);
    expect(calls.size).toBe(1);
    const callId = ccsCallId(T0, 'qc1');
    expect(refs.get('c:qc1')).toBe(callId);
    expect(refs.get('g:int-a')).toBe(callId);
    expect(history[0]).toMatchObject({ callId, direction: 'inbound', state: 'progress', waiting: true, agentId: null, callingNumber: '+15550100', calledNumber: '+18005550100', queueId: 600 });
    expect(history[1]).toMatchObject({ state: 'progress', waiting: true, agentId: 'ag1', interactionGuid: 'int-a' });
    expect(history.find((r) => r.state === 'answered')).toMatchObject({ answeredAt: T0 + 5_000, waiting: false, agentLegId: 'leg-a' });
    expect(calls.get(callId)).toMatchObject({ state: 'ended', endedAt: T0 + 65_000, endCause: 'completed', agentId: 'ag1', answeredAt: T0 + 5_000 });
  });

  it('a missed offer sends the caller back to waiting; a caller hanging up while waiting ends it BREAK_OUT', () => {
    const { calls, history } = replay([
      [0, joined('qc1')],
      [1_000, inboundCreated('int-a', 'ag1')],
      [1_000, offered('int-a', 'ag1')],
      [31_000, ended('int-a', 'ag1', 'agent_no_answer')],
      [31_000, { type: 'offer.failed', callerId: 'qc1', queueId: 600, agentId: 'ag1', cause: 'no_answer' }],
      [40_000, { type: 'caller.left', callerId: 'qc1', queueId: 600, cause: 'BREAK_OUT', waitedMs: 40_000 }],
    ]);
    expect(history.at(-2)).toMatchObject({ state: 'progress', waiting: true, agentId: null, interactionGuid: null });
    expect([...calls.values()][0]).toMatchObject({ state: 'ended', endCause: 'BREAK_OUT', answeredAt: null, endedAt: T0 + 40_000 });
  });

  it('ring-all: the agent who answers is the call\'s agent; the other offer\'s end changes nothing', () => {
    const { calls } = replay([
      [0, joined('qc1')],
      [1_000, offered('int-a', 'ag1')],
      [1_000, offered('int-b', 'ag2')],
      [3_000, { type: 'interaction.bridged', interactionGuid: 'int-a' }],
      [3_000, { type: 'bridge.started', callerId: 'qc1', queueId: 600, agentId: 'ag1', interactionGuid: 'int-a' }],
      [3_000, ended('int-b', 'ag2', 'cancelled')],
      [3_000, { type: 'offer.failed', callerId: 'qc1', queueId: 600, agentId: 'ag2', cause: 'cancelled' }],
    ]);
    expect([...calls.values()][0]).toMatchObject({ state: 'answered', agentId: 'ag1', interactionGuid: 'int-a', answeredAt: T0 + 3_000 });
  });

  it('wait_redirect: the call goes on in the other queue with the same id', () => {
    const { calls, refs } = replay([
      [0, joined('qc1')],
      [5_000, { type: 'caller.left', callerId: 'qc1', queueId: 600, cause: 'REDIRECTED', waitedMs: 5_000 }],
      [5_000, joined('qc2', { queueId: 601, redirectedFrom: 'qc1' })],
    ]);
    expect(calls.size).toBe(1);
    const callId = ccsCallId(T0, 'qc1');
    expect(refs.get('c:qc2')).toBe(callId);
    expect(calls.get(callId)).toMatchObject({ state: 'progress', waiting: true, queueId: 601, queueCallerId: 'qc2', startedAt: T0 });
  });

  it('wait_transfer: transferred_to is set and the call ends when the caller leaves (either order)', () => {
    const transfer: DomainEvent = { type: 'call.transferred', callerId: 'qc1', legId: 'leg-c', target: '19735552109', by: 'ccs' };
    const left: DomainEvent = { type: 'caller.left', callerId: 'qc1', queueId: 600, cause: 'TRANSFERRED', waitedMs: 5_000 };
    for (const order of [[transfer, left], [left, transfer]]) {
      const { calls } = replay([[0, joined('qc1')], [5_000, order[0] as DomainEvent], [5_000, order[1] as DomainEvent]]);
      expect([...calls.values()][0]).toMatchObject({ state: 'ended', transferredTo: '19735552109', waiting: false, endedAt: T0 + 5_000 });
    }
  });

  it('wait_transfer to an extension: the call goes on as that agent\'s direct interaction, answered then ended by it', () => {
    const { calls, history } = replay([
      [0, joined('qc1')],
      [1_000, { type: 'caller.left', callerId: 'qc1', queueId: 600, cause: 'TRANSFERRED', waitedMs: 1_000, legId: 'leg-c' }],
      [1_000, { type: 'call.transferred', callerId: 'qc1', legId: 'leg-c', target: '102', by: 'ccs', interactionGuid: 'int-t', agentId: 'ag2' }],
      [1_000, { type: 'interaction.created', interactionGuid: 'int-t', agentId: 'ag2', queueId: null, direction: 'inbound', line: 1, destination: '102', callerId: '+15550100' }],
      [1_100, leg('leg.ringing', 'int-t', 'agent', 'leg-t')],
      [3_000, leg('leg.answered', 'int-t', 'agent', 'leg-t')],
      [3_000, { type: 'interaction.bridged', interactionGuid: 'int-t' }],
      [9_000, ended('int-t', 'ag2', 'completed')],
    ]);
    expect(calls.size).toBe(1);
    expect(history.find((r) => r.state === 'answered')).toMatchObject({ agentId: 'ag2', interactionGuid: 'int-t', transferredTo: '102', answeredAt: T0 + 3_000 });
    expect([...calls.values()][0]).toMatchObject({ state: 'ended', endCause: 'completed', endedAt: T0 + 9_000 });
  });

  it('wait_transfer to an extension that never answers ends the call with the interaction\'s cause', () => {
    const { calls } = replay([
      [0, joined('qc1')],
      [1_000, { type: 'caller.left', callerId: 'qc1', queueId: 600, cause: 'TRANSFERRED', waitedMs: 1_000, legId: 'leg-c' }],
      [1_000, { type: 'call.transferred', callerId: 'qc1', legId: 'leg-c', target: '102', by: 'ccs', interactionGuid: 'int-t', agentId: 'ag2' }],
      [31_000, ended('int-t', 'ag2', 'agent_no_answer')],
    ]);
    expect([...calls.values()][0]).toMatchObject({ state: 'ended', endCause: 'agent_no_answer' });
  });

  it('a caller lost in a restart ends with the queue\'s cause', () => {
    const { calls } = replay([[0, joined('qc1')], [9_000, { type: 'caller.left', callerId: 'qc1', queueId: 600, cause: 'NONE', waitedMs: 9_000 }]]);
    expect([...calls.values()][0]).toMatchObject({ state: 'ended', endCause: 'NONE' });
  });
});

describe('placed calls', () => {
  const created: DomainEvent = {
    type: 'interaction.created', interactionGuid: 'int-p', agentId: 'ag1', queueId: 598, direction: 'outbound', line: 1, destination: '+819735552106', callerId: null,
  };
  it('dialling → customer answered → ended; the id comes from the creation time and guid', () => {
    const { calls, history } = replay([
      [0, created],
      [500, leg('leg.ringing', 'int-p', 'agent', 'leg-ag')],
      [2_000, leg('leg.answered', 'int-p', 'agent', 'leg-ag')],
      [2_500, leg('leg.ringing', 'int-p', 'customer', 'leg-cu')],
      [6_000, leg('leg.answered', 'int-p', 'customer', 'leg-cu')],
      [6_000, { type: 'interaction.bridged', interactionGuid: 'int-p' }],
      [8_000, { type: 'call.recording_changed', interactionGuid: 'int-p', recording: true }],
      [30_000, ended('int-p', 'ag1', 'completed')],
    ]);
    const callId = ccsCallId(T0, 'int-p');
    expect(history[0]).toMatchObject({ callId, direction: 'outbound', state: 'progress', callingNumber: '101', calledNumber: '+819735552106', queueId: 598, agentId: 'ag1', waiting: false });
    expect(history.find((r) => r.state === 'answered')).toMatchObject({ answeredAt: T0 + 6_000, customerLegId: 'leg-cu', agentLegId: 'leg-ag' });
    expect(calls.get(callId)).toMatchObject({ state: 'ended', endCause: 'completed', endedAt: T0 + 30_000, recording: false });
  });

  it('the agent not answering ends it unanswered; inbound creations are not new calls', () => {
    const { calls } = replay([[0, created], [30_000, ended('int-p', 'ag1', 'agent_no_answer')], [31_000, inboundCreated('int-x', 'ag1')]]);
    expect(calls.size).toBe(1);
    expect([...calls.values()][0]).toMatchObject({ state: 'ended', answeredAt: null, endCause: 'agent_no_answer' });
  });

  it('suppression opens and closes spans; repeats change nothing; the end closes an open span', () => {
    const callId = ccsCallId(T0, 'int-p');
    const suppress = (suppressed: boolean): DomainEvent => ({ type: 'call.suppression_changed', callId, interactionGuid: 'int-p', suppressed, by: 'ccs' });
    const { calls, history } = replay([
      [0, created],
      [1_000, suppress(true)],
      [2_000, suppress(true)],
      [3_000, suppress(false)],
      [4_000, suppress(false)],
      [5_000, suppress(true)],
    ]);
    expect(history).toHaveLength(4);
    const call = calls.get(callId);
    expect(call?.suppressed).toEqual([{ start: T0 + 1_000, end: T0 + 3_000 }, { start: T0 + 5_000, end: null }]);
    expect(call && isSuppressed(call)).toBe(true);
    const after = projectCall(call, { tenantId: 't1', seq: 99, at: T0 + 9_000, event: ended('int-p', 'ag1', 'completed') }, ctx);
    expect(after?.record.suppressed.at(-1)).toEqual({ start: T0 + 5_000, end: T0 + 9_000 });
  });

  it('the same events give the same ids (replay after a restart)', () => {
    expect([...replay(answeredInbound).calls.keys()]).toEqual([...replay(answeredInbound).calls.keys()]);
  });
});
