import type { AgentRouting } from './acd/agent-routing.ts';
import type { ReasonRef } from './reason-codes.ts';

/** What the agent is doing by choice (`NOTES.md` §3). */
export const PresenceKind = {
  NeverLoggedIn: 'never_logged_in',
  LoggedOut: 'logged_out',
  Available: 'available',
  OnBreak: 'on_break',
  WorkingOffline: 'working_offline',
} as const;
export type PresenceKind = (typeof PresenceKind)[keyof typeof PresenceKind];
export const PRESENCE_KINDS: readonly PresenceKind[] = Object.values(PresenceKind);

export interface Presence {
  readonly kind: PresenceKind;
  /** Required for break and offline, optional for logged out, absent otherwise. */
  readonly reason: ReasonRef | null;
}

/** What the agent is doing on top of the presence; calls (a later issue) set it. */
export const ActivityKind = {
  Idle: 'idle',
  Offered: 'offered',
  OnQueueCall: 'on_queue_call',
  OnDirectCall: 'on_direct_call',
  BothLines: 'both_lines',
  PostProcessing: 'post_processing',
} as const;
export type ActivityKind = (typeof ActivityKind)[keyof typeof ActivityKind];
export const ACTIVITY_KINDS: readonly ActivityKind[] = Object.values(ActivityKind);

export interface AgentState {
  readonly presence: Presence;
  /** When the presence last changed (contact-center time, ms). */
  readonly presenceSince: number;
  readonly activity: ActivityKind;
  /** A presence change requested during a call, applied when the call and its post-processing end. */
  readonly pendingPresence: Presence | null;
  /** Queues joined, routing counters and delays (`src/domain/acd/agent-routing.ts`); absent = none yet. */
  readonly routing?: AgentRouting;
}

/** An agent (a user who takes calls) within one tenant. */
export interface Agent {
  readonly tenantId: string;
  /** The VCC id, unique within the tenant (`NOTES.md` §2). */
  readonly agentId: string;
  /** The PBX user id, unique in the platform. */
  readonly userId: number;
  readonly name: string;
  readonly username: string | null;
  readonly groupId: number | null;
  readonly state: AgentState;
  /** Bumped on every state change; storage uses it to refuse lost updates. */
  readonly version: number;
}

/** An agent group: the status code lists its agents may use. */
export interface AgentGroup {
  readonly tenantId: string;
  readonly id: number;
  readonly name: string;
  readonly statusCodeListIds: readonly number[];
}

export const INITIAL_STATE: AgentState = {
  presence: { kind: PresenceKind.NeverLoggedIn, reason: null },
  presenceSince: 0,
  activity: ActivityKind.Idle,
  pendingPresence: null,
};
