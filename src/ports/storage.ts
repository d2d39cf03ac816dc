import type { Agent, AgentGroup, AgentState } from '../domain/agent.ts';
import type { DomainEvent, LoggedEvent } from '../domain/events.ts';
import type { StatusCodeList } from '../domain/reason-codes.ts';
import type { Tenant, TenantFeatures } from '../domain/tenant.ts';
import type { DialPlan } from '../domain/calls/dial-plan.ts';
import type { Queue, TransactionCodeList } from '../domain/calls/queue.ts';
import type { Interaction } from '../domain/calls/interaction.ts';
import type { AgentOverrides } from '../domain/acd/agent-routing.ts';
import type { QueueCaller } from '../domain/acd/queue-caller.ts';
import type { TimeGroup } from '../domain/acd/time-groups.ts';

/** A tenant with the secrets the domain never sees (hashes only). */
export interface TenantRecord extends Tenant {
  /** SHA-256 (hex) of the VCC Action Request Token. */
  readonly actionTokenHash: string;
}

export type NewTenant = Omit<TenantRecord, 'pbxAccountId'> & { readonly pbxAccountId?: number };

export interface NewAgent {
  readonly tenantId: string;
  readonly agentId: string;
  readonly name: string;
  readonly username: string | null;
  readonly passwordHash: string | null;
  readonly groupId: number | null;
  readonly state: AgentState;
}

export interface AgentProfile {
  readonly name: string;
  readonly username: string | null;
  readonly groupId: number | null;
  /** Undefined leaves the stored password as it is. */
  readonly passwordHash?: string | null;
}

/** A timer persisted with the state it belongs to (post-processing end, delays, timeouts). */
export interface StoredTimer {
  readonly tenantId: string;
  /** Unique within the tenant; scheduling the same id again replaces it. */
  readonly timerId: string;
  /** Contact-center time (ms). */
  readonly dueAt: number;
  readonly kind: string;
  readonly payload: unknown;
}

/** A tenant's defaults for calls. */
export interface TenantCallDefaults {
  /** Post-processing length when neither the agent nor the queue sets one. */
  readonly wrapUpSeconds: number;
  readonly dialPlanId: number | null;
}

/** An agent's own call settings; null means "use the tenant's". */
export interface AgentCallSettings {
  readonly agentId: string;
  /** The caller id presented when the requested one is not a channel (`NOTES.md` §4). */
  readonly callerId: string | null;
  readonly dialPlanId: number | null;
  /** The agent's wrap-up override (seconds). */
  readonly wrapUpSeconds: number | null;
  /** Routing overrides (delays after missed offers, max no answer); absent: the defaults. */
  readonly overrides?: AgentOverrides;
}

/** A tenant number (DID) and the inbound queue its calls go to. */
export interface Did {
  readonly number: string;
  readonly tenantId: string;
  readonly queueId: number;
}

/**
 * An outbound delivery destination (a webhook URL; later click-to-dial callbacks): what the log
 * follower maps events for and the sender posts to. `kind` names the registered event mapper.
 */
export interface DeliveryDestination {
  readonly tenantId: string;
  readonly destinationId: string;
  readonly kind: string;
  readonly url: string;
  /** The HMAC-SHA256 signing secret (kept as given: signing needs it, a hash would not do). */
  readonly secret: string;
  readonly enabled: boolean;
  /** Wall-clock ms. */
  readonly createdAt: number;
  /** The last tenant event seq turned into messages (the log follower's cursor). */
  readonly cursor: number;
}

/** A message to enqueue: the store gives it the destination's next seq. */
export interface NewOutboxMessage {
  /** Unique platform-wide (a UUID); the receiver's de-duplication key, stable across retries. */
  readonly messageId: string;
  readonly type: string;
  readonly body: unknown;
  /** Wall-clock ms. */
  readonly createdAt: number;
}

/** A message of a destination's ordered outbox. Nothing is dropped: a message stays pending until delivered. */
export interface OutboxMessage extends NewOutboxMessage {
  readonly tenantId: string;
  readonly destinationId: string;
  /** 1, 2, … within the destination, in log order. */
  readonly seq: number;
  readonly status: 'pending' | 'delivered';
  /** Failed attempts so far (a delivered message keeps the count it needed). */
  readonly attempts: number;
  /** Wall-clock ms before which the message is not tried again. */
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly deliveredAt: number | null;
}

/** What the admin API shows of one destination's delivery. */
export interface DeliveryCounts {
  readonly pending: number;
  readonly delivered: number;
  /** The oldest pending message (the one being tried), if any. */
  readonly head: OutboxMessage | undefined;
}

/**
 * A tenant's record of a kind without a table of its own (PBX users' profiles, devices, phone
 * lists and leads, API keys, sessions): a JSON body under a key, unique per tenant and kind.
 * Listing is in key order; callers that need another order sort (see `docs/storage.md`).
 */
export interface StoredRecord<T = unknown> {
  readonly tenantId: string;
  readonly kind: string;
  readonly key: string;
  readonly body: T;
}

/** Paging of `listRecords`: keys after `afterKey` (exclusive), at most `limit`. */
export interface RecordPage {
  readonly afterKey?: string;
  readonly limit?: number;
}

/** Reads, inside or outside a transaction. */
export interface StoreReads {
  listTenants(): Promise<TenantRecord[]>;
  getTenant(id: string): Promise<TenantRecord | undefined>;
  getTenantByName(name: string): Promise<TenantRecord | undefined>;
  listAgents(tenantId: string): Promise<Agent[]>;
  getAgent(tenantId: string, agentId: string): Promise<Agent | undefined>;
  getAgentByUsername(username: string): Promise<(Agent & { passwordHash: string | null }) | undefined>;
  listStatusCodeLists(tenantId: string): Promise<StatusCodeList[]>;
  listAgentGroups(tenantId: string): Promise<AgentGroup[]>;
  /** Events with `seq > afterSeq`, oldest first, at most `limit`. */
  readEvents(tenantId: string, afterSeq: number, limit: number): Promise<LoggedEvent[]>;
  /** The seq of the tenant's newest event (0: none, or no such tenant). */
  lastEventSeq(tenantId: string): Promise<number>;
  getSetting(key: string): Promise<string | undefined>;
  /** Every stored timer, earliest first (to re-arm them after a restart). */
  listTimers(): Promise<StoredTimer[]>;
  listQueues(tenantId: string): Promise<Queue[]>;
  listTransactionCodeLists(tenantId: string): Promise<TransactionCodeList[]>;
  listDialPlans(tenantId: string): Promise<DialPlan[]>;
  /** The tenant's channel numbers (those it may present as caller id), sorted. */
  listChannels(tenantId: string): Promise<string[]>;
  getCallDefaults(tenantId: string): Promise<TenantCallDefaults>;
  /** The tenant's telephony rules as stored (a JSON value the telephony adapter parses), or null. */
  getTelephonyRules(tenantId: string): Promise<unknown>;
  /** Call settings of the tenant's agents, ordered by agent id. */
  listAgentCallSettings(tenantId: string): Promise<AgentCallSettings[]>;
  getInteraction(tenantId: string, guid: string): Promise<Interaction | undefined>;
  /** Interactions whose call is up or whose post-processing runs, oldest first (the live registry). */
  listActiveInteractions(): Promise<Interaction[]>;
  listTimeGroups(tenantId: string): Promise<TimeGroup[]>;
  /** The numbers of one tenant, or of every tenant (they are unique platform-wide). */
  listDids(tenantId?: string): Promise<Did[]>;
  /** Queue callers waiting, offered or connected (all tenants), oldest first. */
  listOpenQueueCallers(): Promise<QueueCaller[]>;
  /** Callers who left a queue at or after `since` (for resuming abandoned places), oldest first. */
  listQueueCallersLeftSince(since: number): Promise<QueueCaller[]>;
  /** An agent's interactions, newest first, at most `limit`. */
  listAgentInteractions(tenantId: string, agentId: string, limit: number): Promise<Interaction[]>;
  /** Delivery destinations of one tenant, or of every tenant, by tenant then creation order. */
  listDestinations(tenantId?: string): Promise<DeliveryDestination[]>;
  getDestination(tenantId: string, destinationId: string): Promise<DeliveryDestination | undefined>;
  /** Outbox messages of a destination with `seq > afterSeq`, oldest first, at most `limit` (delivered ones too). */
  listOutbox(tenantId: string, destinationId: string, afterSeq: number, limit: number): Promise<OutboxMessage[]>;
  /** The oldest pending message of a destination: the only one the sender may try (per-destination order). */
  headOfOutbox(tenantId: string, destinationId: string): Promise<OutboxMessage | undefined>;
  deliveryCounts(tenantId: string, destinationId: string): Promise<DeliveryCounts>;
  getRecord<T = unknown>(tenantId: string, kind: string, key: string): Promise<StoredRecord<T> | undefined>;
  /** Records of a kind in key order: of one tenant, or of every tenant (null; then by tenant, then key). */
  listRecords<T = unknown>(tenantId: string | null, kind: string, page?: RecordPage): Promise<StoredRecord<T>[]>;
  countRecords(tenantId: string, kind: string): Promise<number>;
}

/** Writes; only inside `Store.transaction`, so a change and its events commit together. */
export interface StoreTx extends StoreReads {
  insertTenant(tenant: NewTenant): Promise<TenantRecord>;
  updateTenant(id: string, patch: { timezone?: string; apiUsername?: string; features?: TenantFeatures }): Promise<void>;
  setActionTokenHash(tenantId: string, hash: string): Promise<void>;
  /** Creates or replaces a list with exactly the given items. */
  putStatusCodeList(tenantId: string, list: StatusCodeList): Promise<void>;
  putAgentGroup(group: AgentGroup): Promise<void>;
  insertAgent(agent: NewAgent): Promise<Agent>;
  updateAgentProfile(tenantId: string, agentId: string, profile: AgentProfile): Promise<void>;
  /**
   * Stores a new state if the stored version is still `expectedVersion`; returns the new version.
   * @throws StaleWriteError when someone else changed the agent first.
   */
  saveAgentState(tenantId: string, agentId: string, state: AgentState, expectedVersion: number): Promise<number>;
  /** Appends events to the tenant's log with the next sequence numbers. */
  appendEvents(tenantId: string, at: number, events: readonly DomainEvent[]): Promise<LoggedEvent[]>;
  setSetting(key: string, value: string): Promise<void>;
  /** Stores a timer, replacing one with the same tenant and id. */
  putTimer(timer: StoredTimer): Promise<void>;
  /** Removes a timer; returns whether it existed (a timer fires at most once). */
  deleteTimer(tenantId: string, timerId: string): Promise<boolean>;
  /** Creates or replaces a queue (by tenant and id). */
  putQueue(queue: Queue): Promise<void>;
  putTransactionCodeList(tenantId: string, list: TransactionCodeList): Promise<void>;
  putDialPlan(tenantId: string, plan: DialPlan): Promise<void>;
  /** Replaces the tenant's channel numbers with exactly these. */
  putChannels(tenantId: string, numbers: readonly string[]): Promise<void>;
  putCallDefaults(tenantId: string, defaults: TenantCallDefaults): Promise<void>;
  /** Replaces the tenant's telephony rules (null: back to the defaults). */
  putTelephonyRules(tenantId: string, rules: unknown): Promise<void>;
  putAgentCallSettings(tenantId: string, settings: AgentCallSettings): Promise<void>;
  putTimeGroup(tenantId: string, group: TimeGroup): Promise<void>;
  /** Creates or moves a tenant number; a number of another tenant is refused. */
  putDid(did: Did): Promise<void>;
  deleteDid(tenantId: string, number: string): Promise<void>;
  /** Creates or replaces a queue caller. */
  putQueueCaller(caller: QueueCaller): Promise<void>;
  /** Stores a new interaction with the tenant's next transaction number, which it returns. */
  insertInteraction(interaction: Interaction): Promise<number>;
  /** Replaces a stored interaction (its transaction number is kept). */
  saveInteraction(interaction: Interaction): Promise<void>;
  /** Creates a destination (its id unique within the tenant). */
  insertDestination(destination: DeliveryDestination): Promise<void>;
  /** Removes a destination and its outbox; returns whether it existed. */
  deleteDestination(tenantId: string, destinationId: string): Promise<boolean>;
  /**
   * Appends messages to the destination's outbox (next seqs) and moves its cursor from
   * `fromCursor` to `toCursor`, together: an event is enqueued exactly once.
   * @throws StaleWriteError when the cursor is no longer `fromCursor` (another follower went first).
   */
  enqueueMessages(tenantId: string, destinationId: string, messages: readonly NewOutboxMessage[], fromCursor: number, toCursor: number): Promise<void>;
  /** Marks a pending message delivered (a delivered one is left as it is). */
  markDelivered(tenantId: string, destinationId: string, seq: number, at: number): Promise<void>;
  /** Records a failed attempt: attempts + 1, the error, when to try next. */
  recordFailedAttempt(tenantId: string, destinationId: string, seq: number, error: string, nextAttemptAt: number): Promise<void>;
  /** Changes a destination's URL, secret or switch; its cursor and outbox are kept. */
  updateDestination(tenantId: string, destinationId: string, patch: { readonly url?: string; readonly secret?: string; readonly enabled?: boolean }): Promise<void>;
  /** Creates or replaces a record. */
  putRecord(tenantId: string, kind: string, key: string, body: unknown): Promise<void>;
  /** Removes a record; returns whether it existed. */
  deleteRecord(tenantId: string, kind: string, key: string): Promise<boolean>;
  /** Removes every record of a kind of a tenant (a phone list's leads); returns how many. */
  deleteRecords(tenantId: string, kind: string): Promise<number>;
  /** Removes an agent (user) with its call settings; its past interactions and events stay. Returns whether it existed. */
  deleteAgent(tenantId: string, agentId: string): Promise<boolean>;
  /** Removes a queue and the tenant numbers leading to it; returns whether it existed. */
  deleteQueue(tenantId: string, queueId: number): Promise<boolean>;
}

/**
 * The storage port. Adapters: SQLite and PostgreSQL (`src/storage/sql`), each run
 * through the same contract suite (`test/contract/storage.contract.ts`).
 */
export interface Store extends StoreReads {
  readonly kind: 'sqlite' | 'postgres' | 'memory';
  /** Runs `fn` in one transaction: all its writes commit, or none. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** An optimistic-concurrency check failed: the row changed since it was read. */
export class StaleWriteError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} '${id}' was changed concurrently`);
  }
}
