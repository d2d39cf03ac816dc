import { describe, expect, it } from 'vitest';
import type { CcsCallRecord } from '../../../src/domain/ccs/call-record.ts';
import {
  CATEGORY_OF, PERMISSION_OF_CATEGORY, WsEventName, agentPhoneStateEvent, agentStateEvent, answeredBy, callEvent, endedBy, enveloped,
  phoneStatesOf, queueCallerEvent, queueCountsEvent,
} from '../../../src/domain/ccs/ws-events.ts';

const EXT = { uuid: 'az123456-5cca-4ff1-874e-dc1c92d6de64', extension: '101' };
const SALES = { uuid: 'az123456-f645-47b6-bd71-e9f493ff8ac9', name: 'Sales', extension: '701' };
const RECORD: CcsCallRecord = {
  callId: '0KUGX3Z8ABCDE', tenantId: 't1', direction: 'inbound', state: 'ended', queueCallerId: 'qc-1', interactionGuid: 'int-1',
  customerLegId: 'l1', agentLegId: 'l2', callingNumber: '+16175550177', calledNumber: '+18005550201', queueId: 701, agentId: 'ag1',
  waiting: false, startedAt: 1000, answeredAt: 3000, endedAt: 9000, endCause: 'completed', recording: false, suppressed: [], transferredTo: null,
};

describe('names, categories and permissions', () => {
  it('gives every event a category and every category its permission', () => {
    for (const name of Object.values(WsEventName)) expect(name.startsWith(`${CATEGORY_OF[name]}.`)).toBe(true);
    expect(PERMISSION_OF_CATEGORY).toEqual({ agent: 'agent_events', call: 'call_events', queue: 'inbound_queue_events' });
  });
});

describe('enveloped', () => {
  it('adds tenant_id, seq, n in order and ISO time, the name first', () => {
    const bodies = enveloped([queueCountsEvent(SALES, 1), queueCountsEvent(SALES, 2)], { tenantUuid: 'c255', seq: 42, at: 0 });
    expect(bodies).toEqual([
      { event: 'queue.counts', tenant_id: 'c255', seq: 42, n: 0, at: '1970-01-01T00:00:00.000Z', acd: SALES, waiting: 1 },
      { event: 'queue.counts', tenant_id: 'c255', seq: 42, n: 1, at: '1970-01-01T00:00:00.000Z', acd: SALES, waiting: 2 },
    ]);
    expect(Object.keys(bodies[0] ?? {}).slice(0, 5)).toEqual(['event', 'tenant_id', 'seq', 'n', 'at']);
  });
});

describe('agent events', () => {
  it('names presences as REST 4.15 does', () => {
    expect(agentStateEvent(EXT, { kind: 'available', reason: null }, null)).toEqual({ event: 'agent.state', extension: EXT, agent_state: { state: { type: 'ready', name: 'Ready' } } });
    expect(agentStateEvent(EXT, { kind: 'on_break', reason: { listId: 1, itemId: 2 } }, 'Lunch Break').agent_state).toEqual({ state: { type: 'away', name: 'Lunch Break' } });
    expect(agentStateEvent(EXT, { kind: 'logged_out', reason: null }, null).agent_state).toEqual({ state: { type: 'sign_out', name: 'Sign Out' } });
  });

  it('derives phone and queue state from the activity', () => {
    const sales = { kind: 'queue', name: 'Sales' } as const;
    expect(phoneStatesOf('offered', sales)).toEqual({ phone_state: { state: 'Ringing' }, queue_state: { state: 'Offered', queue: 'Sales' } });
    expect(phoneStatesOf('on_queue_call', sales)).toEqual({ phone_state: { state: 'Busy' }, queue_state: { state: 'Connected', queue: 'Sales' } });
    expect(phoneStatesOf('on_queue_call', { kind: 'unknown' }).queue_state).toEqual({ state: 'Connected', queue: '' });
    expect(phoneStatesOf('on_direct_call', { kind: 'direct' })).toEqual({ phone_state: { state: 'Busy' }, queue_state: { state: 'None', queue: '' } });
    expect(phoneStatesOf('both_lines', sales).queue_state).toEqual({ state: 'Connected', queue: 'Sales' });
    expect(phoneStatesOf('both_lines', { kind: 'direct' }).queue_state.state).toBe('None');
    expect(phoneStatesOf('post_processing', sales)).toEqual({ phone_state: { state: 'Idle' }, queue_state: { state: 'Wrap Up', queue: 'Sales' } });
    expect(phoneStatesOf('post_processing', { kind: 'direct' }).queue_state.state).toBe('None');
    expect(phoneStatesOf('idle', sales)).toEqual({ phone_state: { state: 'Idle' }, queue_state: { state: 'None', queue: '' } });
    expect(agentPhoneStateEvent(EXT, 'idle', { kind: 'unknown' })).toMatchObject({ event: 'agent.phone_state', extension: EXT });
  });
});

describe('call and queue events', () => {
  it('carries the REST call fields and the event own ones', () => {
    const facts = { callId: 'C1', direction: 'inbound', callingNumber: '+1', calledNumber: '+2', acd: SALES, extension: null } as const;
    expect(callEvent('call.ended', facts, { end_cause: 'completed' })).toEqual({
      event: 'call.ended', call_id: 'C1', direction: 'inbound', calling_number: '+1', called_number: '+2', acd: SALES, extension: null, end_cause: 'completed',
    });
    expect(queueCallerEvent('queue.caller_joined', SALES, 'C1', '+1')).toEqual({ event: 'queue.caller_joined', acd: SALES, call_id: 'C1', calling_number: '+1' });
    expect(queueCallerEvent('queue.caller_left', SALES, 'C1', '+1', 'BREAK_OUT')).toMatchObject({ cause: 'BREAK_OUT' });
  });

  it('finds the one event that ended a call', () => {
    const ended = { type: 'interaction.ended', interactionGuid: 'int-1', agentId: 'ag1', cause: 'completed', hungUpBy: 'customer' } as const;
    const left = { type: 'caller.left', callerId: 'qc-1', queueId: 701, cause: 'answered', waitedMs: 2000 } as const;
    expect(endedBy(RECORD, { tenantId: 't1', seq: 9, at: 9000, event: ended })).toBe(true);
    expect(endedBy(RECORD, { tenantId: 't1', seq: 10, at: 9000, event: left })).toBe(false);
    expect(endedBy(RECORD, { tenantId: 't1', seq: 9, at: 9000, event: { ...ended, interactionGuid: 'int-0' } })).toBe(false);
    const abandoned: CcsCallRecord = { ...RECORD, answeredAt: null, interactionGuid: null, endCause: 'BREAK_OUT' };
    expect(endedBy(abandoned, { tenantId: 't1', seq: 10, at: 9000, event: { ...left, cause: 'BREAK_OUT' } })).toBe(true);
    expect(endedBy({ ...RECORD, state: 'answered', endedAt: null }, { tenantId: 't1', seq: 9, at: 9000, event: ended })).toBe(false);
  });

  it('answers a call once: on the bridge of its connected interaction', () => {
    expect(answeredBy(RECORD, 'int-1')).toBe(true);
    expect(answeredBy(RECORD, 'int-0')).toBe(false);
    expect(answeredBy({ ...RECORD, answeredAt: null }, 'int-1')).toBe(false);
  });
});
