import { describe, expect, it } from 'vitest';
import { ActivityKind, INITIAL_STATE, type ActivityKind as Activity, type AgentState, type Presence } from '../../../src/domain/agent.ts';
import { AgentUnavailableError } from '../../../src/domain/calls/errors.ts';
import { FREE_LINES, activityFor, chooseLine, isEligibleForQueueCall, type AgentLines, type LineUse } from '../../../src/domain/calls/lines.ts';
import { LUNCH, TRAIN } from '../fixtures.ts';

const CALL: LineUse = { queued: false, agentAnswered: true };
const PRESENCES: Record<string, Presence> = {
  available: { kind: 'available', reason: null },
  working_offline: { kind: 'working_offline', reason: TRAIN },
  on_break: { kind: 'on_break', reason: LUNCH },
  logged_out: { kind: 'logged_out', reason: null },
  never_logged_in: { kind: 'never_logged_in', reason: null },
};
const LINE_STATES: Record<string, AgentLines> = {
  'both free': FREE_LINES,
  'line 1 busy': { 1: CALL, 2: null },
  'line 2 busy': { 1: null, 2: CALL },
  'both busy': { 1: CALL, 2: CALL },
};

function state(presence: Presence, activity: Activity = ActivityKind.Idle): AgentState {
  return { ...INITIAL_STATE, presence, activity };
}

/** The document's forceCall row, with working offline allowed to place calls (a decision). */
function expected(presence: string, lines: string, force: boolean): number | string {
  if (presence === 'on_break') return 'on_break';
  if (presence === 'logged_out' || presence === 'never_logged_in') return 'not_logged_in';
  if (lines === 'both busy') return 'both_lines_busy';
  if (lines === 'both free') return 1;
  if (!force) return 'force_call_required';
  return lines === 'line 1 busy' ? 2 : 1;
}

function outcome(run: () => number): number | string {
  try {
    return run();
  } catch (error) {
    if (error instanceof AgentUnavailableError) return error.reason;
    throw error;
  }
}

describe('chooseLine: the forceCall matrix', () => {
  for (const [presenceName, presence] of Object.entries(PRESENCES)) {
    for (const [linesName, lines] of Object.entries(LINE_STATES)) {
      for (const force of [false, true]) {
        const want = expected(presenceName, linesName, force);
        it(`${presenceName}, ${linesName}, forceCall ${force} → ${want}`, () => {
          expect(outcome(() => chooseLine('agX', state(presence), lines, force))).toBe(want);
        });
      }
    }
  }

  it('treats post-processing like "busy on chat": both lines free, but forceCall is needed', () => {
    const wrapping = state(PRESENCES.available!, ActivityKind.PostProcessing);
    expect(outcome(() => chooseLine('agX', wrapping, FREE_LINES, false))).toBe('force_call_required');
    expect(chooseLine('agX', wrapping, FREE_LINES, true)).toBe(1);
  });

  it('names the field and the busy line in its reasons', () => {
    try {
      chooseLine('agX', state(PRESENCES.available!), LINE_STATES['line 1 busy']!, false);
    } catch (error) {
      expect(error).toMatchObject({ field: 'forceCall', message: 'Agent [agX] is busy (on line 1); set forceCall to place the call on line 2' });
    }
    expect.assertions(1);
  });
});

describe('activityFor (NOTES.md §3/§4)', () => {
  it.each([
    [FREE_LINES, false, 'idle'],
    [FREE_LINES, true, 'post_processing'],
    [{ 1: { queued: true, agentAnswered: false }, 2: null }, false, 'offered'],
    [{ 1: null, 2: { queued: true, agentAnswered: true } }, true, 'on_queue_call'],
    [{ 1: CALL, 2: null }, false, 'on_direct_call'],
    [{ 1: CALL, 2: { queued: true, agentAnswered: true } }, false, 'both_lines'],
  ] as const)('%j, post-processing %j → %s', (lines, wrapUp, activity) => {
    expect(activityFor(lines, wrapUp)).toBe(activity);
  });
});

describe('isEligibleForQueueCall', () => {
  it('only when available, with both lines free and nothing running', () => {
    const available = PRESENCES.available!;
    expect(isEligibleForQueueCall(state(available), FREE_LINES)).toBe(true);
    expect(isEligibleForQueueCall(state(available), LINE_STATES['line 2 busy']!)).toBe(false);
    expect(isEligibleForQueueCall(state(available, ActivityKind.PostProcessing), FREE_LINES)).toBe(false);
    expect(isEligibleForQueueCall(state(PRESENCES.working_offline!), FREE_LINES)).toBe(false);
  });
});
