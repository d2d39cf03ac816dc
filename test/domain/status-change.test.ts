import { describe, expect, it } from 'vitest';
import { applyPresence, decideStatusChange, resolveReason } from '../../src/domain/status-change.ts';
import { RuleViolationError, TransitionNotAllowedError } from '../../src/domain/errors.ts';
import { ALLOWED, HOME, LUNCH, MEET, PRESENCE_FOR_STATUS, REQUEST_FOR_STATUS, TRAIN, agentIn } from './fixtures.ts';

/** `NOTES.md` §3: 3↔4, 4↔5, 3↔5 both ways; 3→1, 4→1, 5→1 one way; staying put is allowed. */
const ALLOWED_PAIRS = new Set(['3>4', '4>3', '4>5', '5>4', '3>5', '5>3', '3>1', '4>1', '5>1', '1>1', '3>3', '4>4', '5>5']);
const FROM = [0, 1, 3, 4, 5];
const SETTABLE = [1, 3, 4, 5];

describe('VCC transition table (NOTES.md §3)', () => {
  for (const from of FROM) {
    for (const to of SETTABLE) {
      const allowed = ALLOWED_PAIRS.has(`${from}>${to}`);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
        const agent = agentIn(PRESENCE_FOR_STATUS[from]!);
        const decide = () => decideStatusChange(agent, REQUEST_FOR_STATUS[to]!, ALLOWED, 5000, 'vcc');
        if (!allowed) {
          expect(decide).toThrow(TransitionNotAllowedError);
          return;
        }
        const outcome = decide();
        if (from === to && to === 4) return expect(outcome.changed).toBe(false); // 4 → 4 has no reason to change
        expect(outcome.changed).toBe(true);
        if (!outcome.changed) return;
        expect(outcome.state.presenceSince).toBe(5000);
        expect(outcome.events).toEqual([
          { type: 'agent.presence_changed', agentId: 'agTest', from: agent.state.presence, to: outcome.state.presence, by: 'vcc', activity: 'idle' },
        ]);
      });
    }
  }

  for (const status of [0, 2, 6, 7, 8, 9, 10, 11]) {
    it(`status ${status} can never be set`, () => {
      const agent = agentIn(PRESENCE_FOR_STATUS[4]!);
      expect(() => decideStatusChange(agent, { status, reason: null }, ALLOWED, 0, 'vcc')).toThrow(/cannot be set through the API/);
    });
  }

  it('refuses values that are not statuses', () => {
    const agent = agentIn(PRESENCE_FOR_STATUS[4]!);
    for (const status of [-1, 12, 99, 3.5]) {
      expect(() => decideStatusChange(agent, { status, reason: null }, ALLOWED, 0, 'vcc')).toThrow(RuleViolationError);
    }
  });

  it('explains that logging in is the agent\'s own act', () => {
    const agent = agentIn(PRESENCE_FOR_STATUS[1]!);
    expect(() => decideStatusChange(agent, { status: 4, reason: null }, ALLOWED, 0, 'vcc')).toThrow(/logging in is the agent's own act/);
  });
});

describe('same status', () => {
  it('with the same reason changes nothing', () => {
    const agent = agentIn({ kind: 'on_break', reason: LUNCH });
    expect(decideStatusChange(agent, { status: 3, reason: LUNCH }, ALLOWED, 0, 'vcc')).toEqual({ changed: false });
  });

  it('with another reason is a change', () => {
    const agent = agentIn({ kind: 'working_offline', reason: TRAIN });
    const outcome = decideStatusChange(agent, { status: 5, reason: MEET }, ALLOWED, 0, 'vcc');
    expect(outcome.changed && outcome.state.presence).toEqual({ kind: 'working_offline', reason: MEET });
  });

  it('logged out without a reason keeps the one it has (a re-run is a no-op)', () => {
    const agent = agentIn({ kind: 'logged_out', reason: { listId: -1, itemId: 1 } });
    expect(decideStatusChange(agent, { status: 1, reason: null }, ALLOWED, 0, 'vcc')).toEqual({ changed: false });
  });
});

describe('reason codes', () => {
  const available = agentIn({ kind: 'available', reason: null });

  it('are required for break and working offline', () => {
    expect(() => decideStatusChange(available, { status: 3, reason: null }, ALLOWED, 0, 'vcc')).toThrow(/requires status-code-list-id/);
    expect(() => decideStatusChange(available, { status: 5, reason: null }, ALLOWED, 0, 'vcc')).toThrow(/requires status-code-list-id/);
  });

  it('are optional for logged out and available', () => {
    expect(decideStatusChange(available, { status: 1, reason: null }, ALLOWED, 0, 'vcc').changed).toBe(true);
    const logout = decideStatusChange(available, { status: 1, reason: HOME }, ALLOWED, 0, 'vcc');
    expect(logout.changed && logout.state.presence).toEqual({ kind: 'logged_out', reason: HOME });
  });

  it('must belong to a list of the agent\'s group', () => {
    expect(() => resolveReason({ listId: 900, itemId: 1 }, ALLOWED)).toThrow(/not assigned to the agent's group/);
    expect(() => resolveReason({ listId: 555, itemId: 1 }, ALLOWED)).toThrow(/does not exist/);
  });

  it('must name an item of the list, with a matching short code', () => {
    expect(() => resolveReason({ listId: 801, itemId: 9 }, ALLOWED)).toThrow(/not in status code list 801/);
    expect(() => resolveReason({ ...LUNCH, shortCode: 'Meet' }, ALLOWED)).toThrow(/does not match/);
    expect(resolveReason({ ...LUNCH, shortCode: 'Lunch' }, ALLOWED).id).toBe(1725);
  });

  it('refuse the system list', () => {
    expect(() => resolveReason({ listId: -1, itemId: 1 }, ALLOWED)).toThrow(/system list/);
  });

  it('must be of the kind the status needs', () => {
    expect(() => decideStatusChange(available, { status: 3, reason: TRAIN }, ALLOWED, 0, 'vcc')).toThrow(/offline reason/);
    expect(() => decideStatusChange(available, { status: 5, reason: LUNCH }, ALLOWED, 0, 'vcc')).toThrow(/break reason/);
    expect(() => decideStatusChange(available, { status: 1, reason: LUNCH }, ALLOWED, 0, 'vcc')).toThrow(/break reason/);
  });
});

describe('during a call (NOTES.md §3)', () => {
  it('a change is checked against the presence and deferred until the call ends', () => {
    const agent = agentIn({ kind: 'available', reason: null }, 'on_queue_call');
    const outcome = decideStatusChange(agent, { status: 3, reason: LUNCH }, ALLOWED, 0, 'vcc');
    expect(outcome.changed).toBe(true);
    if (!outcome.changed) return;
    expect(outcome.state.presence).toEqual(agent.state.presence);
    expect(outcome.state.pendingPresence).toEqual({ kind: 'on_break', reason: LUNCH });
    expect(outcome.events[0]?.type).toBe('agent.presence_change_deferred');
  });

  it('a forbidden transition is refused even mid-call', () => {
    const agent = agentIn({ kind: 'logged_out', reason: null }, 'on_direct_call');
    expect(() => decideStatusChange(agent, { status: 3, reason: LUNCH }, ALLOWED, 0, 'vcc')).toThrow(TransitionNotAllowedError);
  });
});

describe('applyPresence', () => {
  it('changes nothing when the agent is already there (a demo reset is idempotent)', () => {
    const agent = agentIn({ kind: 'on_break', reason: LUNCH });
    expect(applyPresence(agent, { kind: 'on_break', reason: LUNCH }, 0, 'admin')).toEqual({ changed: false });
    expect(applyPresence(agent, { kind: 'on_break', reason: TRAIN }, 0, 'admin').changed).toBe(true);
  });
});
