import type { ActivityKind, Presence } from './agent.ts';

/** Who asked for a change; every family's events can tell their own changes apart. */
export const ChangeSource = {
  Vcc: 'vcc',
  Ccs: 'ccs',
  Pbx: 'pbx',
  Workspace: 'workspace',
  Admin: 'admin',
  System: 'system',
} as const;
export type ChangeSource = (typeof ChangeSource)[keyof typeof ChangeSource];

export interface TenantCreated {
  readonly type: 'tenant.created';
  readonly name: string;
}
export interface TenantCredentialsRotated {
  readonly type: 'tenant.credentials_rotated';
}
export interface TenantFeatureChanged {
  readonly type: 'tenant.feature_changed';
  readonly feature: 'agentStatusApi';
  readonly enabled: boolean;
}
/** The tenant's time zone changed (time groups and reports are read in it). */
export interface TenantTimezoneChanged {
  readonly type: 'tenant.timezone_changed';
  readonly timezone: string;
}
export interface CatalogueDefined {
  readonly type: 'catalogue.defined';
  readonly statusCodeListIds: readonly number[];
  readonly agentGroupIds: readonly number[];
}
/** Queues, code lists, dial plans, channels or call defaults were defined or changed. */
export interface CallConfigDefined {
  readonly type: 'call_config.defined';
  readonly queueIds: readonly number[];
  readonly transactionCodeListIds: readonly number[];
  readonly dialPlanIds: readonly number[];
  readonly channelsChanged: boolean;
  readonly defaultsChanged: boolean;
  readonly agentIds: readonly string[];
  /** The tenant's simulated-telephony rules changed. */
  readonly telephonyChanged: boolean;
  readonly timeGroupIds: readonly number[];
  /** Tenant numbers added or pointed at another queue. */
  readonly dids: readonly string[];
}
export interface AgentCreated {
  readonly type: 'agent.created';
  readonly agentId: string;
  readonly userId: number;
  readonly name: string;
}
export interface AgentUpdated {
  readonly type: 'agent.updated';
  readonly agentId: string;
  readonly name: string;
  readonly groupId: number | null;
}
export interface AgentPresenceChanged {
  readonly type: 'agent.presence_changed';
  readonly agentId: string;
  readonly from: Presence;
  readonly to: Presence;
  readonly by: ChangeSource;
  /** The device the agent checked in with (PBX `checkIn`/`checkInDevice`); absent when none was named. */
  readonly device?: DeviceRef | null;
  /** The agent's activity when the presence changed (so views need no later state; absent in older events). */
  readonly activity?: ActivityKind;
}

/** A PBX device as events name it. */
export interface DeviceRef {
  readonly id: number;
  readonly name: string;
}
/** A change asked for during a call: it takes effect when the call and post-processing end. */
export interface AgentPresenceChangeDeferred {
  readonly type: 'agent.presence_change_deferred';
  readonly agentId: string;
  readonly requested: Presence;
  readonly by: ChangeSource;
}

/** The call part of an agent's status changed (VCC 6–10, `NOTES.md` §3). */
export interface AgentActivityChanged {
  readonly type: 'agent.activity_changed';
  readonly agentId: string;
  // Not `from`/`to`: readers narrow presence changes with `'from' in event`.
  readonly fromActivity: ActivityKind;
  readonly toActivity: ActivityKind;
  /** The agent's presence when the activity changed (so views need no later state; absent in older events). */
  readonly presence?: Presence;
}
/** A call placed for an agent (VCC place call); the agent's device is dialled first. */
export interface InteractionCreated {
  readonly type: 'interaction.created';
  readonly interactionGuid: string;
  readonly agentId: string;
  readonly queueId: number | null;
  readonly direction: 'inbound' | 'outbound';
  readonly line: 1 | 2;
  /** The E.164 number the customer leg dials. */
  readonly destination: string;
  /** The caller id presented to the customer, null when none is configured. */
  readonly callerId: string | null;
}
/** Which side of a two-party call a leg connects. */
export type LegSide = 'agent' | 'customer';
/** Who ended a call: one of its parties, or the system (API request, supervisor, line freed). */
export type CallParty = 'agent' | 'customer' | 'system';
export interface LegRinging {
  readonly type: 'leg.ringing';
  readonly interactionGuid: string;
  readonly leg: LegSide;
  readonly legId: string;
}
export interface LegAnswered {
  readonly type: 'leg.answered';
  readonly interactionGuid: string;
  readonly leg: LegSide;
  readonly legId: string;
}
export interface LegEnded {
  readonly type: 'leg.ended';
  readonly interactionGuid: string;
  readonly leg: LegSide;
  readonly legId: string;
  /** An `EndCause` of `src/domain/calls/interaction.ts`. */
  readonly cause: string;
  readonly hungUpBy: CallParty | null;
}
export interface InteractionBridged {
  readonly type: 'interaction.bridged';
  readonly interactionGuid: string;
}
export interface InteractionEnded {
  readonly type: 'interaction.ended';
  readonly interactionGuid: string;
  readonly agentId: string;
  readonly cause: string;
  readonly hungUpBy: CallParty | null;
}
export interface PostProcessingStarted {
  readonly type: 'post_processing.started';
  readonly interactionGuid: string;
  readonly agentId: string;
  /** When the wrap-up timer fires (contact-center time, ms). */
  readonly dueAt: number;
}
/** The wrap-up timer was moved (PBX `cc_agent/wrapup`): post-processing now ends at `dueAt`. */
export interface PostProcessingRescheduled {
  readonly type: 'post_processing.rescheduled';
  readonly interactionGuid: string;
  readonly agentId: string;
  /** When the wrap-up timer fires now (contact-center time, ms). */
  readonly dueAt: number;
  readonly by: ChangeSource;
}
export interface PostProcessingEnded {
  readonly type: 'post_processing.ended';
  readonly interactionGuid: string;
  readonly agentId: string;
  /** `timer` when the wrap-up time ran out, else who ended it. */
  readonly by: ChangeSource | 'timer';
}
export interface TransactionCodesSet {
  readonly type: 'transaction_codes.set';
  readonly interactionGuid: string;
  readonly agentId: string;
  readonly codes: readonly { readonly listId: number; readonly itemId: number }[];
}
/** The agent's notes on a call changed (the workspace); the text is on the interaction. */
export interface InteractionNotesSet {
  readonly type: 'interaction.notes_set';
  readonly interactionGuid: string;
  readonly agentId: string;
  readonly length: number;
}

/**
 * A click-to-dial transaction completed (`vcc-click-to-dial.txt`, `NOTES.md` §5): the call ended and
 * its post-processing is over; tokens were replaced, the action ran. What the callback posts.
 */
export interface ClickToDialCompleted {
  readonly type: 'click_to_dial.completed';
  readonly interactionGuid: string;
  readonly agentId: string;
  /** `SUCCESS`, `FAIL` or `IGNORE`. */
  readonly resultCode: string;
  readonly errorString: string;
  /** The `ctl_userdata` with its tokens replaced (and `[ctl_newRecordId|…]` appended after a create). */
  readonly ctlUserData: string;
  /** The callback's URL (tokens replaced), or null when there is none or the tenant's settings do not send it. */
  readonly callbackUrl: string | null;
  /** The record a create made, or null. */
  readonly newRecordId: string | null;
  /** The screen pop opened for the agent, or null. */
  readonly screenPopId: string | null;
}

/** A caller joined an inbound queue (or took back an abandoned place: `resumed`). */
export interface CallerJoined {
  readonly type: 'caller.joined';
  readonly callerId: string;
  readonly queueId: number;
  readonly number: string;
  readonly dialled: string;
  readonly resumed: boolean;
  /** The caller's leg (absent in older events). */
  readonly legId?: string;
  /** What the caller hears while waiting: the queue's music-on-hold media id (a recorded fact; no audio is played), null for the default. */
  readonly musicOnHold: number | null;
  /** The caller id of the place it left in another queue (CCS `wait_redirect`): the same call goes on. */
  readonly redirectedFrom?: string;
}
/** A caller left its queue: answered (after a bridge), or cancelled with a reason (`acd.md`). */
export interface CallerLeft {
  readonly type: 'caller.left';
  readonly callerId: string;
  readonly queueId: number;
  /** `answered`, `NONE`, `TIMEOUT`, `NO_AGENT_TIMEOUT`, `BREAK_OUT`, `EXIT_WITH_KEY`. */
  readonly cause: string;
  /** From joining (the original join for a resumed caller) to leaving. */
  readonly waitedMs: number;
  /** The caller's leg (absent in older events). */
  readonly legId?: string;
  /** The caller's number and the number it called (absent in older events). */
  readonly number?: string;
  readonly dialled?: string;
  /** When the system answered the caller's leg (absent in older events). */
  readonly answeredAt?: number;
}
export interface AgentOffered {
  readonly type: 'agent.offered';
  readonly callerId: string;
  readonly queueId: number;
  readonly agentId: string;
  readonly interactionGuid: string;
}
export interface OfferFailed {
  readonly type: 'offer.failed';
  readonly callerId: string;
  readonly queueId: number;
  readonly agentId: string;
  /** `no_answer`, `rejected`, `busy`, `failed`, or `cancelled` (another agent answered, the caller hung up). */
  readonly cause: string;
}
export interface BridgeStarted {
  readonly type: 'bridge.started';
  readonly callerId: string;
  readonly queueId: number;
  readonly agentId: string;
  readonly interactionGuid: string;
  /** How long the caller waited, from joining (a resumed caller: its first join) to this answer (absent in older events). */
  readonly waitedMs?: number;
}
export interface BridgeEnded {
  readonly type: 'bridge.ended';
  readonly callerId: string;
  readonly queueId: number;
  readonly agentId: string;
  readonly interactionGuid: string;
  readonly talkMs: number;
}
/** The agent missed `max_no_answer` offers in a row and was put on break. */
export interface AgentMaxNoAnswer {
  readonly type: 'agent.max_no_answer';
  readonly agentId: string;
  readonly count: number;
}
/** The routing counters of an agent changed (a call answered, a bridged call's talk time). */
export interface AgentCountersChanged {
  readonly type: 'agent.counters_changed';
  readonly agentId: string;
  readonly callsAnswered: number;
  readonly talkTimeMs: number;
}
/** The queues an agent serves changed (joined or left). */
export interface AgentQueuesChanged {
  readonly type: 'agent.queues_changed';
  readonly agentId: string;
  readonly joined: readonly number[];
  /** Queues joined by this change (absent in events logged before it was recorded). */
  readonly added?: readonly number[];
  /** Queues left by this change (absent in events logged before it was recorded). */
  readonly removed?: readonly number[];
}
/** A user (agent) was removed; its past calls and events stay. */
export interface AgentDeleted {
  readonly type: 'agent.deleted';
  readonly agentId: string;
  readonly userId: number;
}
/** A queue was removed (with the tenant numbers leading to it). */
export interface QueueDeleted {
  readonly type: 'queue.deleted';
  readonly queueId: number;
}
/** A PBX record (phone list, lead, device, API key, user profile) changed; `key` names it within its kind. */
export interface RecordChanged {
  readonly type: 'record.changed';
  readonly kind: string;
  readonly key: string;
  readonly change: 'put' | 'deleted';
}

/** CCS `startSuppression`/`stopSuppression`: the call's recording paused or resumed (`NOTES.md` §8). */
export interface CallSuppressionChanged {
  readonly type: 'call.suppression_changed';
  readonly callId: string;
  readonly interactionGuid: string | null;
  readonly suppressed: boolean;
  readonly by: ChangeSource;
}
/** Recording of an interaction's legs started (the agent's extension records: Mandatory) or stopped. */
export interface CallRecordingChanged {
  readonly type: 'call.recording_changed';
  readonly interactionGuid: string;
  readonly recording: boolean;
}
/** CCS `wait_transfer` to an outside number or an extension: the waiting caller left its queue for `target`. */
export interface CallTransferred {
  readonly type: 'call.transferred';
  readonly callerId: string;
  readonly legId: string;
  readonly target: string;
  readonly by: ChangeSource;
  /** Set when the target is an agent's extension: the call goes on as this (direct, inbound) interaction of that agent. */
  readonly interactionGuid?: string;
  readonly agentId?: string;
}

export type DomainEvent =
  | TenantCreated
  | TenantCredentialsRotated
  | TenantFeatureChanged
  | TenantTimezoneChanged
  | CatalogueDefined
  | CallConfigDefined
  | AgentCreated
  | AgentUpdated
  | AgentPresenceChanged
  | AgentPresenceChangeDeferred
  | AgentActivityChanged
  | InteractionCreated
  | LegRinging
  | LegAnswered
  | LegEnded
  | InteractionBridged
  | InteractionEnded
  | PostProcessingStarted
  | PostProcessingRescheduled
  | PostProcessingEnded
  | TransactionCodesSet
  | InteractionNotesSet
  | ClickToDialCompleted
  | CallerJoined
  | CallerLeft
  | AgentOffered
  | OfferFailed
  | BridgeStarted
  | BridgeEnded
  | AgentMaxNoAnswer
  | AgentCountersChanged
  | AgentQueuesChanged
  | AgentDeleted
  | QueueDeleted
  | RecordChanged
  | CallSuppressionChanged
  | CallRecordingChanged
  | CallTransferred;

export type DomainEventType = DomainEvent['type'];

/**
 * A `call_config.defined` event naming only the queues and agents whose configuration changed.
 * @example queuesOrAgentsChanged({ queueIds: [600] }); // { type: 'call_config.defined', queueIds: [600], agentIds: [], … }
 */
export function queuesOrAgentsChanged(change: { queueIds?: readonly number[]; agentIds?: readonly string[] }): CallConfigDefined {
  return {
    type: 'call_config.defined', queueIds: change.queueIds ?? [], transactionCodeListIds: [], dialPlanIds: [], channelsChanged: false,
    defaultsChanged: false, agentIds: change.agentIds ?? [], telephonyChanged: false, timeGroupIds: [], dids: [],
  };
}

/** An event as the tenant's log holds it: numbered in commit order. */
export interface LoggedEvent<E extends DomainEvent = DomainEvent> {
  readonly tenantId: string;
  /** 1, 2, 3 … per tenant, without gaps. */
  readonly seq: number;
  /** Contact-center time of the change (ms). */
  readonly at: number;
  readonly event: E;
}
