import { ActivityKind, PresenceKind, type AgentState } from '../agent.ts';
import { AgentUnavailableError, UnavailableReason } from './errors.ts';

/** An agent has line 1 and line 2 (`NOTES.md` §4). */
export const LINE_NUMBERS = [1, 2] as const;
export type LineNumber = (typeof LINE_NUMBERS)[number];

/** What one busy line carries, as far as the agent's status is concerned. */
export interface LineUse {
  /** A queue call (statuses 6/7) rather than a direct call (10). */
  readonly queued: boolean;
  /** The agent's device has answered (before that a queue call is only offered). */
  readonly agentAnswered: boolean;
}

/** The agent's two lines: what each carries, or null when free. */
export type AgentLines = Readonly<Record<LineNumber, LineUse | null>>;

export const FREE_LINES: AgentLines = { 1: null, 2: null };

/**
 * The other line.
 * @example otherLine(1); // 2
 */
export function otherLine(line: LineNumber): LineNumber {
  return line === 1 ? 2 : 1;
}

/** Presences in which an agent can be given a placed call (working offline still makes outbound calls). */
const CAN_PLACE: ReadonlySet<string> = new Set([PresenceKind.Available, PresenceKind.WorkingOffline]);

/**
 * Picks the line for a call placed for an agent, per the place-call `forceCall` rules:
 * both lines free and nothing else going on → line 1; one line busy (or the agent in
 * post-processing, the analogue of "busy on chat") → the free line, only with `forceCall`;
 * both lines busy, on break, logged out or never logged in → refused even with `forceCall`.
 * @example chooseLine('ag1', state, { 1: { queued: false, agentAnswered: true }, 2: null }, true); // 2
 * @throws AgentUnavailableError
 */
export function chooseLine(agentId: string, state: AgentState, lines: AgentLines, forceCall: boolean): LineNumber {
  refuseUnavailablePresence(agentId, state);
  const free = LINE_NUMBERS.filter((line) => lines[line] === null);
  const first = free[0];
  if (first === undefined) {
    throw new AgentUnavailableError(UnavailableReason.BothLinesBusy, `Agent [${agentId}] is busy on both lines`, 'agentId');
  }
  const busyElsewhere = free.length === 1 || state.activity !== ActivityKind.Idle;
  if (busyElsewhere && !forceCall) {
    throw new AgentUnavailableError(UnavailableReason.ForceCallRequired, `Agent [${agentId}] is busy (${busyDescription(lines, state)}); set forceCall to place the call on line ${first}`, 'forceCall');
  }
  return first;
}

function refuseUnavailablePresence(agentId: string, state: AgentState): void {
  const kind = state.presence.kind;
  if (CAN_PLACE.has(kind)) return;
  if (kind === PresenceKind.OnBreak) {
    throw new AgentUnavailableError(UnavailableReason.OnBreak, `Agent [${agentId}] is on break`, 'agentId');
  }
  throw new AgentUnavailableError(UnavailableReason.NotLoggedIn, `Agent [${agentId}] is not logged in`, 'agentId');
}

function busyDescription(lines: AgentLines, state: AgentState): string {
  const busy = LINE_NUMBERS.filter((line) => lines[line] !== null);
  if (busy.length > 0) return `on line ${busy.join(' and ')}`;
  return state.activity === ActivityKind.PostProcessing ? 'in post-processing' : state.activity;
}

/**
 * The agent's activity for its lines (`NOTES.md` §3/§4): both lines → both_lines (9); one queue
 * call → offered (6) until the agent answers, then on_queue_call (7); one direct call →
 * on_direct_call (10); no call → post_processing (8) while a wrap-up runs, else idle.
 * @example activityFor({ 1: { queued: true, agentAnswered: false }, 2: null }, false); // 'offered'
 */
export function activityFor(lines: AgentLines, postProcessing: boolean): ActivityKind {
  const busy = LINE_NUMBERS.flatMap((line) => lines[line] ?? []);
  if (busy.length === 2) return ActivityKind.BothLines;
  const use = busy[0];
  if (use === undefined) return postProcessing ? ActivityKind.PostProcessing : ActivityKind.Idle;
  if (!use.queued) return ActivityKind.OnDirectCall;
  return use.agentAnswered ? ActivityKind.OnQueueCall : ActivityKind.Offered;
}

/**
 * Whether the agent may be offered a queue call now: available, no live call on any line and
 * not in post-processing (`NOTES.md` §4).
 * @example isEligibleForQueueCall(state, FREE_LINES); // true when available and idle
 */
export function isEligibleForQueueCall(state: AgentState, lines: AgentLines): boolean {
  const linesFree = LINE_NUMBERS.every((line) => lines[line] === null);
  return state.presence.kind === PresenceKind.Available && linesFree && state.activity === ActivityKind.Idle;
}
