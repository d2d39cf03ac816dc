/**
 * What the agent workspace and the supervisor page show (`/AGUI/`, issue 9): the JSON the
 * workspace API answers and its WebSocket pushes. The pages import these types (type-only), so
 * the server and the pages agree on one shape. Times are contact-center time in ms (`now` is the
 * server's at the snapshot: a page adds the time passed since to show running durations).
 */

/** A reason an agent may choose: an item of a status code list of the agent's group. */
export interface ReasonOption {
  readonly listId: number;
  readonly itemId: number;
  readonly shortCode: string;
  readonly label: string;
  /** `break` (status 3), `offline` (status 5) or `sign_out` (status 1 with a reason). */
  readonly kind: 'break' | 'offline' | 'sign_out';
}

/** The agent's status: the VCC code and label (`NOTES.md` §3), the presence under it and its reason. */
export interface StatusView {
  /** VCC status 0–11. */
  readonly code: number;
  /** VCC label, e.g. `WAIT_TRANSACT`. */
  readonly label: string;
  /** `never_logged_in`, `logged_out`, `available`, `on_break`, `working_offline`. */
  readonly presence: string;
  /** The presence's reason, resolved to its list item (null when none). */
  readonly reason: ReasonOption | null;
  /** When the status shown began: the presence's change, or the call's ring, connection or wrap-up. */
  readonly since: number;
  /** A change asked for during a call, applied when the call and its post-processing end. */
  readonly pending: { readonly presence: string; readonly reason: ReasonOption | null } | null;
}

/** An inbound queue the agent holds a tier on, and whether the agent has joined it. */
export interface QueueMembership {
  readonly id: number;
  readonly name: string;
  readonly joined: boolean;
}

export interface QueueRef {
  readonly id: number;
  readonly name: string;
}

/** A transaction code list usable for a call. */
export interface CodeListView {
  readonly id: number;
  readonly name: string;
  readonly choice: 'single' | 'multiple';
  readonly items: readonly { readonly id: number; readonly label: string }[];
}

/** One call on one of the agent's lines. */
export interface LineView {
  readonly line: 1 | 2;
  readonly interactionGuid: string;
  readonly direction: 'inbound' | 'outbound';
  /** The queue of a queue call; null for a direct call. */
  readonly queue: QueueRef | null;
  /** The other party: the caller's number (inbound) or the number dialled (outbound). */
  readonly number: string;
  /**
   * `agent_dialling`, `agent_ringing` (an inbound offer rings the agent: answer or reject),
   * `customer_dialling`, `customer_ringing`, `talking`.
   */
  readonly stage: string;
  /** The call was created (offered or placed). */
  readonly startedAt: number;
  /** The two parties were connected; null until then. */
  readonly connectedAt: number | null;
  /** The call's `extTransactionData`. */
  readonly data: readonly { readonly name: string; readonly value: string }[];
  /** The page can answer or reject it (a ringing offer on a device set to answer by hand). */
  readonly answerable: boolean;
}

/** A wrap-up after a queue call: codes and notes, then end. */
export interface PostProcessingView {
  readonly interactionGuid: string;
  readonly queue: QueueRef | null;
  readonly number: string;
  readonly startedAt: number;
  /** When the wrap-up time runs out. */
  readonly dueAt: number;
  /** The queue requires codes: post-processing waits for them once the time has run out. */
  readonly codesRequired: boolean;
  readonly codeLists: readonly CodeListView[];
  /** The codes recorded so far. */
  readonly selected: readonly { readonly listId: number; readonly itemId: number }[];
  readonly maxCodes: number;
  readonly notes: string;
}

/** Everything the agent workspace shows. */
export interface AgentView {
  readonly kind: 'agent';
  readonly now: number;
  readonly tenant: { readonly name: string; readonly timezone: string };
  readonly agent: { readonly agentId: string; readonly userId: number; readonly name: string; readonly username: string | null; readonly supervisor: boolean };
  readonly status: StatusView;
  /** The reasons of the agent's group's lists (break, offline and sign-out kinds). */
  readonly reasons: readonly ReasonOption[];
  /** Inbound queues the agent may serve. */
  readonly queues: readonly QueueMembership[];
  /** Outbound queues a placed call may be associated with. */
  readonly outboundQueues: readonly QueueRef[];
  /** Calls on the agent's lines, line 1 first. */
  readonly lines: readonly LineView[];
  /** Wrap-ups running (usually none or one). */
  readonly postProcessing: readonly PostProcessingView[];
  /**
   * Screen pops waiting to be opened (click-to-dial's `ctl_launchopt=true`): the page opens
   * `/AGUI/screen-pop/{id}` in a window named `target` (a button when the browser blocks it).
   */
  readonly screenPops: readonly { readonly id: string; readonly target: string; readonly host: string }[];
}

/** One agent as the supervisor sees it. */
export interface SupervisedAgent {
  readonly agentId: string;
  readonly name: string;
  /** `since`: when the status shown began (as the agent's own `StatusView.since`). */
  readonly status: { readonly code: number; readonly label: string; readonly presence: string; readonly reason: string | null; readonly since: number };
  /** The agent's current call (the newest on its lines), null when none. */
  readonly call: { readonly number: string; readonly queue: string | null; readonly stage: string; readonly since: number; readonly direction: 'inbound' | 'outbound' } | null;
  /** Ids of the queues the agent has joined. */
  readonly joinedQueues: readonly number[];
}

/** One inbound queue, live and today (the tenant's day). */
export interface SupervisedQueue {
  readonly id: number;
  readonly name: string;
  /** Callers waiting (not yet connected to an agent), offered ones included. */
  readonly waiting: number;
  /** When the longest-waiting caller joined; null when nobody waits. */
  readonly oldestWaitingSince: number | null;
  readonly agentsJoined: number;
  readonly agentsAvailable: number;
  readonly today: {
    /** Callers that left the queue today: answered, abandoned or timed out. */
    readonly handled: number;
    readonly answered: number;
    readonly answeredInThreshold: number;
    readonly abandoned: number;
    /** The service-level threshold, seconds (the queue's `sla_answer_time`, default 20). */
    readonly thresholdSeconds: number;
    /** answeredInThreshold ÷ handled, 0–1; null before the first caller of the day. */
    readonly serviceLevel: number | null;
  };
}

/** Everything the supervisor page shows. */
export interface SupervisorView {
  readonly kind: 'supervisor';
  readonly now: number;
  readonly tenant: { readonly name: string; readonly timezone: string };
  /** The supervisor looking. */
  readonly viewer: { readonly agentId: string; readonly name: string };
  readonly agents: readonly SupervisedAgent[];
  readonly queues: readonly SupervisedQueue[];
}

/** What the workspace WebSocket sends: the whole view, whenever it changes. */
export type WorkspaceMessage = { readonly type: 'snapshot'; readonly view: AgentView | SupervisorView };
