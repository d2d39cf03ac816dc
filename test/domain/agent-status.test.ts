import { describe, expect, it } from 'vitest';
import { visibleStatus } from '../../src/domain/agent-status.ts';
import { ACTIVITY_KINDS } from '../../src/domain/agent.ts';
import { LUNCH, PRESENCE_FOR_STATUS, agentIn } from './fixtures.ts';

describe('visible status (NOTES.md §3)', () => {
  it('shows the presence with its reason when idle', () => {
    for (const [status, presence] of Object.entries(PRESENCE_FOR_STATUS)) {
      expect(visibleStatus(agentIn(presence).state)).toEqual({ status: Number(status), reason: presence.reason });
    }
  });

  it('shows the call status while a call runs', () => {
    const expected = { idle: 3, offered: 6, on_queue_call: 7, on_direct_call: 10, both_lines: 9, post_processing: 8 };
    for (const activity of ACTIVITY_KINDS) {
      const { status, reason } = visibleStatus(agentIn({ kind: 'on_break', reason: LUNCH }, activity).state);
      expect(status).toBe(expected[activity]);
      expect(reason).toEqual(activity === 'idle' ? LUNCH : null);
    }
  });
});
