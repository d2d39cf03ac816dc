import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, type Agent, type AgentState } from '../../../src/domain/agent.ts';
import type { Interaction, Leg } from '../../../src/domain/calls/interaction.ts';
import { agentStateView, decideCcsPresence, formatDuration, targetPresence } from '../../../src/domain/ccs/agent-state.ts';
import { findPresenceOption, presenceOptionsOf } from '../../../src/domain/ccs/presence-options.ts';
import { stableUuid } from '../../../src/domain/ccs/stable-ids.ts';
import type { StatusCodeList } from '../../../src/domain/reason-codes.ts';

const LISTS: StatusCodeList[] = [
  { id: -1, name: 'System', items: [{ listId: -1, id: 1, shortCode: null, label: 'Logged out by the system', kind: 'sign_out' }] },
  { id: 802, name: 'Presence', items: [
    { listId: 802, id: 1801, shortCode: 'L', label: 'Lunch Break', kind: 'break' },
    { listId: 802, id: 1802, shortCode: 'T', label: 'Training', kind: 'offline' },
    { listId: 802, id: 1803, shortCode: 'H', label: 'Holiday In Bahamas', kind: 'sign_out' },
  ] },
  { id: 803, name: 'Other group', items: [{ listId: 803, id: 1, shortCode: 'X', label: 'Secret Nap', kind: 'break' }] },
];
const T0 = 1_700_000_000_000;
const options = presenceOptionsOf('tenant-uuid', LISTS);
const usable = options.filter((o) => o.listId === 802);

const leg = (over: Partial<Leg> = {}): Leg => ({ id: 'l', side: 'agent', state: 'ringing', ringingAt: T0, answeredAt: null, endedAt: null, endCause: null, ...over });
const interaction = (over: Partial<Interaction>): Interaction => ({
  guid: 'g', tenantId: 't', agentId: 'a', queueId: 700, direction: 'outbound', line: 1, transactionNumber: null, destination: '+1', callerId: null,
  agentLeg: leg(), customerLeg: leg({ side: 'customer', state: 'pending', ringingAt: null }), extTransactionData: [], ctlUserData: [], transactionCodes: [],
  codesRequired: false, wrapUpSeconds: 10, createdAt: T0, bridgedAt: null, endedAt: null, endCause: null, hungUpBy: null, postProcessing: null, ...over,
});
const available: AgentState = { ...INITIAL_STATE, presence: { kind: 'available', reason: null }, presenceSince: T0 };
const agentIn = (state: AgentState): Agent => ({ tenantId: 't', agentId: 'a', userId: 1, name: 'A', username: null, groupId: 1, state, version: 1 });

describe('presence options', () => {
  it('maps every list but the system list; stable uuids; away for break and offline', () => {
    expect(options.map((o) => [o.name, o.type])).toEqual([['Lunch Break', 'away'], ['Training', 'away'], ['Holiday In Bahamas', 'sign_out'], ['Secret Nap', 'away']]);
    expect(options[0]?.uuid).toBe(stableUuid('presence/tenant-uuid/802/1801'));
  });

  it('finds a name exactly first, then ignoring case', () => {
    expect(findPresenceOption(options, 'lunch break')?.itemId).toBe(1801);
    expect(findPresenceOption(options, 'Nope')).toBeUndefined();
  });
});

describe('targetPresence and decideCcsPresence', () => {
  it('Ready, break, offline and sign-out options; unknown and unusable names name `name`', () => {
    expect(targetPresence('ready', usable, options)).toEqual({ kind: 'available', reason: null });
    expect(targetPresence('Lunch Break', usable, options)).toEqual({ kind: 'on_break', reason: { listId: 802, itemId: 1801 } });
    expect(targetPresence('training', usable, options).kind).toBe('working_offline');
    expect(targetPresence('Holiday In Bahamas', usable, options).kind).toBe('logged_out');
    expect(() => targetPresence('Secret Nap', usable, options)).toThrow(/^name: .*may not use/);
    expect(() => targetPresence('Nap', usable, options)).toThrow("name: 'Nap' is not Ready or a presence option of this tenant");
  });

  it('applies now when idle, defers during a call, refuses away while signed out, ignores the same state', () => {
    const lunch = { kind: 'on_break', reason: { listId: 802, itemId: 1801 } } as const;
    const now = decideCcsPresence(agentIn(available), lunch, T0 + 5, 'ccs');
    expect(now.changed && now.state.presence).toEqual(lunch);
    const deferred = decideCcsPresence(agentIn({ ...available, activity: 'on_queue_call' }), lunch, T0 + 5, 'ccs');
    expect(deferred.changed && [deferred.state.presence.kind, deferred.state.pendingPresence]).toEqual(['available', lunch]);
    expect(() => decideCcsPresence(agentIn(INITIAL_STATE), lunch, T0, 'ccs')).toThrow(/^name: .*Ready/);
    expect(decideCcsPresence(agentIn(available), { kind: 'available', reason: null }, T0, 'ccs').changed).toBe(false);
  });
});

describe('agentStateView', () => {
  it('formats durations as H:MM:SS with hours unbounded', () => {
    expect(formatDuration(((117 * 60 + 11) * 60 + 18) * 1000 + 999)).toBe('117:11:18');
    expect(formatDuration(-5)).toBe('0:00:00');
  });

  it('idle and ready: queue None "0", phone idle since the last call ended', () => {
    const state = { ...available, routing: { joined: [], callsAnswered: 1, talkTimeMs: 0, lastBridgeEndAt: T0 + 60_000, noAnswerCount: 2, readyAt: null } };
    expect(agentStateView({ state, reasonLabel: null, calls: [] }, T0 + 120_000)).toEqual({
      queue_state: { state: 'None', queue: '', duration: '0' },
      phone_state: { state: 'Idle', duration: '0:01:00' },
      consecutive_missed: 2,
      agent_state: { state: { type: 'ready', name: 'Ready' }, duration: '0:02:00' },
    });
  });

  it('offered, connected and wrap-up on a queue call; a direct call is Busy without a queue state', () => {
    const view = (i: Interaction, queueName: string | null) => agentStateView({ state: available, reasonLabel: null, calls: [{ interaction: i, queueName }] }, T0 + 30_000);
    expect(view(interaction({}), 'Sales')).toMatchObject({ phone_state: { state: 'Ringing', duration: '0:00:30' }, queue_state: { state: 'Offered', queue: 'Sales' } });
    const answered = interaction({ agentLeg: leg({ state: 'answered', answeredAt: T0 + 10_000 }) });
    expect(view(answered, 'Sales')).toMatchObject({ phone_state: { state: 'Busy', duration: '0:00:20' }, queue_state: { state: 'Connected', queue: 'Sales', duration: '0:00:20' } });
    expect(view({ ...answered, queueId: null }, null)).toMatchObject({ phone_state: { state: 'Busy' }, queue_state: { state: 'None' } });
    const wrapping = { ...answered, endedAt: T0 + 20_000, postProcessing: { startedAt: T0 + 20_000, dueAt: T0 + 30_000, awaitingCodes: false, endedAt: null, endedBy: null } };
    expect(view(wrapping, 'Sales')).toMatchObject({ phone_state: { state: 'Idle', duration: '0:00:10' }, queue_state: { state: 'Wrap Up', queue: 'Sales', duration: '0:00:10' } });
  });

  it('away and sign_out names come from the reason; without one, defaults', () => {
    const onBreak = { ...available, presence: { kind: 'on_break', reason: { listId: 802, itemId: 1801 } } } as const;
    expect(agentStateView({ state: onBreak, reasonLabel: 'Lunch Break', calls: [] }, T0).agent_state.state).toEqual({ type: 'away', name: 'Lunch Break' });
    expect(agentStateView({ state: INITIAL_STATE, reasonLabel: null, calls: [] }, T0).agent_state.state).toEqual({ type: 'sign_out', name: 'Sign Out' });
  });
});
