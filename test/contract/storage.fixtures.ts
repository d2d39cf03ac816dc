import { ACTIVITY_KINDS, INITIAL_STATE, PRESENCE_KINDS, type AgentState, type Presence } from '../../src/domain/agent.ts';
import type { DomainEvent } from '../../src/domain/events.ts';
import type { StatusCodeList } from '../../src/domain/reason-codes.ts';
import type { NewAgent, NewTenant, Store } from '../../src/ports/storage.ts';
import type { StoreFactory } from './storage.contract.ts';

/** Support for the storage contract: store lifecycle, and inputs chosen to expose lossy or mis-ordered storage. */

/** One database an adapter test can create: opened (maybe repeatedly, one store at a time) and finally dropped. */
export interface TestDatabase {
  open(): Promise<Store>;
  drop(): Promise<void>;
}

/** A StoreFactory that makes a new database per `open()` and owns the stores' lifecycle. */
export function factoryOf(createDatabase: () => Promise<TestDatabase>): StoreFactory {
  const databases: TestDatabase[] = [];
  const stores: Store[] = [];
  const closeAll = async (): Promise<void> => {
    for (const store of stores.splice(0)) await store.close();
  };
  const track = async (store: Promise<Store>): Promise<Store> => {
    stores.push(await store);
    return store;
  };
  return {
    async open() {
      const db = await createDatabase();
      databases.push(db);
      return track(db.open());
    },
    async reopen() {
      const db = databases.at(-1);
      if (!db) throw new Error('reopen() before open()');
      await closeAll();
      return track(db.open());
    },
    async cleanup() {
      // Drop even when a close fails, so a broken test leaves no database behind.
      try {
        await closeAll();
      } finally {
        for (const db of databases.splice(0)) await db.drop();
      }
    },
  };
}

let serial = 0;
/** A tenant whose unique columns (name, uuid, api username) differ from every other one made here. */
export function newTenant(overrides: Partial<NewTenant> = {}): NewTenant {
  const n = ++serial;
  return {
    id: `tenant-${n}`,
    name: `acme${n}`,
    ccsUuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    timezone: 'Europe/Berlin',
    apiUsername: `acme${n}-api`,
    actionTokenHash: 'a'.repeat(64),
    features: { agentStatusApi: true },
    ...overrides,
  };
}

export function newAgent(tenantId: string, agentId: string, overrides: Partial<NewAgent> = {}): NewAgent {
  return { tenantId, agentId, name: `Agent ${agentId}`, username: null, passwordHash: null, groupId: null, state: INITIAL_STATE, ...overrides };
}

export const BREAKS: StatusCodeList = {
  id: 801,
  name: 'Breaks',
  // Deliberately not in id order: reads must order items by id.
  items: [
    { listId: 801, id: 1726, shortCode: 'Train', label: 'Training', kind: 'break' },
    { listId: 801, id: 1700, shortCode: null, label: 'Lunch', kind: 'break' },
    { listId: 801, id: 1800, shortCode: 'Off', label: 'Offline work', kind: 'offline' },
  ],
};
export const SYSTEM: StatusCodeList = {
  id: -1,
  name: 'System',
  items: [{ listId: -1, id: 1, shortCode: null, label: 'Logged out by the system', kind: 'sign_out' }],
};

/** Events with nested objects, nulls, booleans, arrays and non-ASCII text, to catch lossy JSON. */
export const EVENTS: readonly DomainEvent[] = [
  { type: 'tenant.created', name: 'Zoë "quoted" \\ 🎧' },
  { type: 'tenant.feature_changed', feature: 'agentStatusApi', enabled: false },
  { type: 'catalogue.defined', statusCodeListIds: [-1, 801], agentGroupIds: [] },
  {
    type: 'agent.presence_changed',
    agentId: 'agA',
    from: { kind: 'available', reason: null },
    to: { kind: 'on_break', reason: { listId: 801, itemId: 1726 } },
    by: 'vcc',
  },
  { type: 'agent.presence_change_deferred', agentId: 'agA', requested: { kind: 'logged_out', reason: null }, by: 'pbx' },
];
export const event = (i: number): DomainEvent => EVENTS[i % EVENTS.length] ?? { type: 'tenant.credentials_rotated' };
export const events = (from: number, count: number): DomainEvent[] => Array.from({ length: count }, (_, i) => event(from + i));

/** Beyond 2^31, so a 32-bit column or parser would corrupt it. */
export const T0 = 1_760_000_000_123;

const PENDING: readonly (Presence | null)[] = [null, { kind: 'available', reason: null }, { kind: 'working_offline', reason: { listId: 801, itemId: 1800 } }];

/** Every presence kind and every activity at least once, with and without reasons and pending presences. */
export const STATES: readonly AgentState[] = Array.from({ length: Math.max(PRESENCE_KINDS.length, ACTIVITY_KINDS.length) }, (_, i) => ({
  presence: {
    kind: PRESENCE_KINDS[i % PRESENCE_KINDS.length] ?? 'available',
    reason: i % 2 === 0 ? null : { listId: i === 1 ? -1 : 801, itemId: 1700 + i },
  },
  presenceSince: T0 + i,
  activity: ACTIVITY_KINDS[i % ACTIVITY_KINDS.length] ?? 'idle',
  pendingPresence: PENDING[i % PENDING.length] ?? null,
}));

export const stateAt = (i: number): AgentState => STATES[i] ?? INITIAL_STATE;
export const byId = <T extends { id: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

/** A fresh store holding one tenant: the starting point of the contract's feature suites. */
export async function openWithTenant(factory: StoreFactory): Promise<{ store: Store; tenantId: string }> {
  const store = await factory.open();
  const tenantId = (await store.transaction((tx) => tx.insertTenant(newTenant()))).id;
  return { store, tenantId };
}
