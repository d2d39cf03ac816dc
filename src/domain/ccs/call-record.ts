/**
 * A CCS call (`ccs-api-overview.txt` 4.19–4.27; `NOTES.md` §2, §7, §8): one telephone call as the
 * CCS API sees it — an inbound caller from the moment it reaches a queue (through offers to
 * agents, the connection and the end), or a call placed for an agent (CCS `dial`, VCC place call,
 * PBX originate). Built from the tenant's event log by the call projector and stored as the record
 * `ccs_call` under its id, so it survives restarts and lists in start order.
 */
export const CcsCallState = {
  /** Not answered yet: waiting in a queue, ringing an agent, or dialling. */
  Progress: 'progress',
  /** Connected (agent and customer talking). */
  Answered: 'answered',
  Ended: 'ended',
} as const;
export type CcsCallState = (typeof CcsCallState)[keyof typeof CcsCallState];

/** A span of suppressed recording (contact-center ms; `end` null while it lasts). */
export interface SuppressedSpan {
  readonly start: number;
  readonly end: number | null;
}

export interface CcsCallRecord {
  /** 13 upper-case alphanumerics (`ccsCallId`). */
  readonly callId: string;
  readonly tenantId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly state: CcsCallState;
  /** An inbound call's queue caller id (`qc-…`); null for placed calls. */
  readonly queueCallerId: string | null;
  /** The current (or last) interaction: the agent's side of the call; null while only waiting. */
  readonly interactionGuid: string | null;
  /** The customer's leg (the telephony's id). */
  readonly customerLegId: string | null;
  readonly agentLegId: string | null;
  /** The calling party's number (E.164 or extension). */
  readonly callingNumber: string;
  readonly calledNumber: string;
  /** The inbound queue, or a placed call's (outbound) queue; null for a direct call. */
  readonly queueId: number | null;
  /** The agent the call is offered or connected to (last one for an ended call). */
  readonly agentId: string | null;
  /** Waiting in a queue for an agent (what the wait_* requests act on). */
  readonly waiting: boolean;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  /** Why it ended (an interaction end cause or a queue leave cause). */
  readonly endCause: string | null;
  /** Recording of the call runs (the agent's extension records: Mandatory). */
  readonly recording: boolean;
  readonly suppressed: readonly SuppressedSpan[];
  /** Where a wait_transfer / wait_redirect sent it, if it did. */
  readonly transferredTo: string | null;
}

export const CALL_RECORD = 'ccs_call';
