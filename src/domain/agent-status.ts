import { ActivityKind, PresenceKind, type AgentState, type Presence } from './agent.ts';
import type { ReasonRef } from './reason-codes.ts';

/** The VCC status values (`vcc-agent-status.md`, `NOTES.md` §3). */
export const AgentStatus = {
  Unknown: 0,
  LoggedOut: 1,
  LoggedIn: 2,
  OnBreak: 3,
  WaitTransact: 4,
  WorkOffline: 5,
  TransactOffered: 6,
  ProcessTransact: 7,
  PostProcess: 8,
  Busy: 9,
  DirectCall: 10,
  OnEmail: 11,
} as const;
export type AgentStatus = (typeof AgentStatus)[keyof typeof AgentStatus];

export const STATUS_LABELS: Readonly<Record<AgentStatus, string>> = {
  0: 'UNKNOWN',
  1: 'LOGGED_OUT',
  2: 'LOGGED_IN',
  3: 'ON_BREAK',
  4: 'WAIT_TRANSACT',
  5: 'WORK_OFFLINE',
  6: 'TRANSACT_OFFERED',
  7: 'PROCESS_TRANSACT',
  8: 'POST_PROCESS',
  9: 'BUSY',
  10: 'DIRECT_CALL',
  11: 'ON_EMAIL',
};

export function isAgentStatus(value: number): value is AgentStatus {
  return Number.isInteger(value) && value >= 0 && value <= 11;
}

const PRESENCE_STATUS: Readonly<Record<PresenceKind, AgentStatus>> = {
  never_logged_in: AgentStatus.Unknown,
  logged_out: AgentStatus.LoggedOut,
  available: AgentStatus.WaitTransact,
  on_break: AgentStatus.OnBreak,
  working_offline: AgentStatus.WorkOffline,
};

const ACTIVITY_STATUS: Readonly<Record<Exclude<ActivityKind, 'idle'>, AgentStatus>> = {
  offered: AgentStatus.TransactOffered,
  on_queue_call: AgentStatus.ProcessTransact,
  on_direct_call: AgentStatus.DirectCall,
  both_lines: AgentStatus.Busy,
  post_processing: AgentStatus.PostProcess,
};

/** The status the presence alone stands for (what transitions are checked against). */
export function presenceStatus(presence: Presence): AgentStatus {
  return PRESENCE_STATUS[presence.kind];
}

/** What reads show: the call status while one is running, else the presence with its reason. */
export function visibleStatus(state: AgentState): { status: AgentStatus; reason: ReasonRef | null } {
  if (state.activity !== ActivityKind.Idle) return { status: ACTIVITY_STATUS[state.activity], reason: null };
  return { status: presenceStatus(state.presence), reason: state.presence.reason };
}

/** The statuses the VCC API may set, and the presence each one means. */
export const SETTABLE_STATUSES: ReadonlyMap<AgentStatus, PresenceKind> = new Map<AgentStatus, PresenceKind>([
  [AgentStatus.LoggedOut, PresenceKind.LoggedOut],
  [AgentStatus.OnBreak, PresenceKind.OnBreak],
  [AgentStatus.WaitTransact, PresenceKind.Available],
  [AgentStatus.WorkOffline, PresenceKind.WorkingOffline],
]);

/**
 * The VCC transition diagram (`NOTES.md` §3): 3↔4, 4↔5, 3↔5 both ways; 3→1, 4→1, 5→1
 * one way. Staying in a settable status (with the same or another reason) is allowed too.
 */
const ALLOWED_TRANSITIONS: ReadonlySet<string> = new Set([
  '3>4', '4>3', '4>5', '5>4', '3>5', '5>3',
  '3>1', '4>1', '5>1',
  '1>1', '3>3', '4>4', '5>5',
]);

export function isTransitionAllowed(from: AgentStatus, to: AgentStatus): boolean {
  return ALLOWED_TRANSITIONS.has(`${from}>${to}`);
}
