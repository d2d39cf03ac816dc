import type {
  AgentGroupsTable,
  AgentsTable,
  DeliveryDestinationsTable,
  DeliveryOutboxTable,
  DidsTable,
  EventsTable,
  InteractionsTable,
  QueueCallersTable,
  QueuesTable,
  RecordsTable,
  StatusCodeItemsTable,
  TenantsTable,
  TimersTable,
} from '../sql/schema.ts';

/**
 * The in-memory store's tables. Rows have the SQL adapter's row shapes (`../sql/schema.ts`) so
 * the SQL row mappers convert them: reads build fresh domain objects (JSON is parsed per read,
 * as in SQL), and rows themselves hold only primitives and are replaced whole, never mutated,
 * so nothing a caller gets aliases stored state.
 *
 * Every write goes through `set`/`delete`/`append`, which record an undo step in the open
 * transaction's journal; a transaction that throws replays its journal backwards.
 */
export type Undo = () => void;

/** A status code list with its items (replaced whole). */
export interface StoredStatusCodeList {
  readonly listId: number;
  readonly name: string;
  readonly items: readonly StatusCodeItemsTable[];
}

export type DocumentTable = 'transaction_code_lists' | 'dial_plans' | 'time_groups';

/** A composite key of two strings (NUL cannot occur in ids the API accepts). */
export const key2 = (a: string, b: string): string => `${a}\u0000${b}`;

/** Code-unit order, as JavaScript's default sort. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A tenant's event log in memory: the newest rows, and how many older ones were let go. */
export interface EventLog {
  base: number;
  readonly rows: EventsTable[];
}

/** What a memory database keeps (a long simulation keeps only what it needs, so memory stays flat). */
export interface MemoryRetention {
  /** Keep at least this many newest events per tenant and at most twice as many (default: every event). */
  readonly eventWindow: number;
  /** Keep completed interactions and callers who left their queue (default: true). */
  readonly keepHistory: boolean;
}

export const KEEP_EVERYTHING: MemoryRetention = { eventWindow: Infinity, keepHistory: true };

export class MemoryTables {
  /** The journal of the transaction running now; null outside one (writes are then refused). */
  journal: Undo[] | null = null;

  constructor(readonly retention: MemoryRetention = KEEP_EVERYTHING) {}

  readonly tenants = new Map<string, TenantsTable>();
  /** tenant → list id → list. */
  readonly statusCodeLists = new Map<string, Map<number, StoredStatusCodeList>>();
  /** tenant → group id → row. */
  readonly agentGroups = new Map<string, Map<number, AgentGroupsTable>>();
  /** tenant → agent id → row. */
  readonly agents = new Map<string, Map<string, AgentsTable>>();
  /** username → [tenant, agent id]: the unique index on agents.username. */
  readonly usernames = new Map<string, readonly [string, string]>();
  /** The largest pbx account id / user id handed out or given (ids are max + 1, as in SQL). */
  readonly maxIds = new Map<'pbx_account_id' | 'user_id', number>();
  /** tenant → events; seq = base + index + 1 (gapless; `base` > 0 once old events were let go). */
  readonly events = new Map<string, EventLog>();
  readonly settings = new Map<string, string>();
  /** tenant → timer id → row. */
  readonly timers = new Map<string, Map<string, TimersTable>>();
  /** tenant → queue id → row. */
  readonly queues = new Map<string, Map<number, QueuesTable>>();
  /** table → tenant → id → JSON text. */
  readonly documents: Record<DocumentTable, Map<string, Map<number, string>>> = {
    transaction_code_lists: new Map(),
    dial_plans: new Map(),
    time_groups: new Map(),
  };
  /** tenant → channel numbers (unique, replaced whole). */
  readonly channels = new Map<string, readonly string[]>();
  /** tenant → guid → row. */
  readonly interactions = new Map<string, Map<string, InteractionsTable>>();
  /** key2(tenant, guid) → row, for rows with active = 1 (the live registry). */
  readonly activeInteractions = new Map<string, InteractionsTable>();
  /** key2(tenant, agent id) → guid → row. */
  readonly agentInteractions = new Map<string, Map<string, InteractionsTable>>();
  /** number → row. */
  readonly dids = new Map<string, DidsTable>();
  /** key2(tenant, caller id) → row, split by the `active` column. */
  readonly openCallers = new Map<string, QueueCallersTable>();
  readonly leftCallers = new Map<string, QueueCallersTable>();
  /** key2(tenant, destination id) → row. */
  readonly destinations = new Map<string, DeliveryDestinationsTable>();
  /** key2(tenant, destination id) → seq → row (inserted in seq order). */
  readonly outbox = new Map<string, Map<number, DeliveryOutboxTable>>();
  /** The unique index on delivery_outbox.message_id. */
  readonly outboxMessageIds = new Map<string, true>();
  /** kind → tenant → record key → row (see `memory-records.ts`). */
  readonly records = new Map<string, Map<string, Map<string, RecordsTable>>>();

  set<K, V>(map: Map<K, V>, key: K, value: V): void {
    const journal = this.writable();
    if (map.has(key)) {
      const previous = map.get(key) as V;
      journal.push(() => map.set(key, previous));
    } else {
      journal.push(() => map.delete(key));
    }
    map.set(key, value);
  }

  delete<K, V>(map: Map<K, V>, key: K): boolean {
    const journal = this.writable();
    if (!map.has(key)) return false;
    const previous = map.get(key) as V;
    journal.push(() => map.set(key, previous));
    map.delete(key);
    return true;
  }

  append<T>(list: T[], items: readonly T[]): void {
    const journal = this.writable();
    const length = list.length;
    journal.push(() => void (list.length = length));
    list.push(...items);
  }

  private writable(): Undo[] {
    if (!this.journal) throw new Error('memory store: a write outside a transaction');
    return this.journal;
  }
}

/** The inner map of `outer` at `key`, created empty if missing (an empty inner map reads as no rows, so it needs no undo). */
export function inner<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let map = outer.get(key);
  if (!map) {
    map = new Map();
    outer.set(key, map);
  }
  return map;
}

/** Serialises transactions (and reads arriving while one runs), first come first served, like SQLite's one connection. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  private readonly release = (): void => void this.waiting--;

  get idle(): boolean {
    return this.waiting === 0;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(fn);
    // Registered before the caller's own reaction, so the lock is idle again when the caller resumes.
    this.tail = result.then(this.release, this.release);
    return result;
  }
}

/** One in-memory database: its tables and the lock its stores share (a store reopened on it sees the committed data). */
export class MemoryDatabase {
  readonly tables: MemoryTables;
  readonly lock = new Mutex();
  readonly retention: MemoryRetention;

  /**
   * @example new MemoryDatabase({ eventWindow: 100_000, keepHistory: false }); // a day-long simulation
   */
  constructor(retention: Partial<MemoryRetention> = {}) {
    this.retention = { ...KEEP_EVERYTHING, ...retention };
    this.tables = new MemoryTables(this.retention);
  }

  /** Lets go of events older than the window (between transactions, so no journal is involved). */
  prune(): void {
    const window = this.retention.eventWindow;
    if (window === Infinity) return;
    for (const log of this.tables.events.values()) {
      if (log.rows.length <= 2 * window) continue;
      const drop = log.rows.length - window;
      log.rows.splice(0, drop);
      log.base += drop;
    }
  }
}
