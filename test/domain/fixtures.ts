import { INITIAL_STATE, type Agent, type Presence } from '../../src/domain/agent.ts';
import { ReasonCatalogue, type StatusCodeList } from '../../src/domain/reason-codes.ts';
import type { AllowedReasons } from '../../src/domain/status-change.ts';

export const LISTS: StatusCodeList[] = [
  {
    id: -1, name: 'System', items: [{ listId: -1, id: 1, shortCode: null, label: 'Logged out by the system', kind: 'sign_out' }],
  },
  {
    id: 801, name: 'Codes', items: [
      { listId: 801, id: 1722, shortCode: 'Meet', label: 'Meeting', kind: 'offline' },
      { listId: 801, id: 1725, shortCode: 'Lunch', label: 'Lunch', kind: 'break' },
      { listId: 801, id: 1726, shortCode: 'Train', label: 'Training', kind: 'offline' },
      { listId: 801, id: 1730, shortCode: 'Home', label: 'Gone home', kind: 'sign_out' },
      { listId: 801, id: 1731, shortCode: 'Coffee', label: 'Coffee break', kind: 'break' },
    ],
  },
  { id: 900, name: 'Other group', items: [{ listId: 900, id: 1, shortCode: 'Brk', label: 'Break', kind: 'break' }] },
];

export const ALLOWED: AllowedReasons = { catalogue: new ReasonCatalogue(LISTS), listIds: new Set([801]) };

export const LUNCH = { listId: 801, itemId: 1725 };
export const TRAIN = { listId: 801, itemId: 1726 };
export const MEET = { listId: 801, itemId: 1722 };
export const HOME = { listId: 801, itemId: 1730 };
export const COFFEE = { listId: 801, itemId: 1731 };

export function agentIn(presence: Presence, activity: Agent['state']['activity'] = 'idle'): Agent {
  return {
    tenantId: 't1', agentId: 'agTest', userId: 1, name: 'Test Agent', username: null, groupId: 1, version: 3,
    state: { ...INITIAL_STATE, presence, activity, presenceSince: 1000 },
  };
}

/** A presence of each status the API can start from, with a fitting reason. */
export const PRESENCE_FOR_STATUS: Record<number, Presence> = {
  0: { kind: 'never_logged_in', reason: null },
  1: { kind: 'logged_out', reason: null },
  3: { kind: 'on_break', reason: LUNCH },
  4: { kind: 'available', reason: null },
  5: { kind: 'working_offline', reason: TRAIN },
};

/** A valid request for each target status (the reason another than the fixture's, so it is a change). */
export const REQUEST_FOR_STATUS: Record<number, { status: number; reason: { listId: number; itemId: number } | null }> = {
  1: { status: 1, reason: HOME },
  3: { status: 3, reason: COFFEE },
  4: { status: 4, reason: null },
  5: { status: 5, reason: MEET },
};
