import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INITIAL_STATE } from '../../src/domain/agent.ts';
import type { DomainEvent } from '../../src/domain/events.ts';
import type { StatusCodeList } from '../../src/domain/reason-codes.ts';
import { StaleWriteError, type NewTenant, type Store, type TenantRecord } from '../../src/ports/storage.ts';
import { BREAKS, byId, event, events, newAgent, newTenant, stateAt, STATES, SYSTEM, T0 } from './storage.fixtures.ts';

/**
 * The storage port's contract: every adapter runs this same suite, so the SQLite and
 * PostgreSQL stores cannot drift apart. Each test gets a fresh database from the factory.
 */
export interface StoreFactory {
  /** A store over a new, empty (migrated) database. */
  open(): Promise<Store>;
  /** Closes the store of the last `open()` and opens its database again, for durability checks. */
  reopen?(): Promise<Store>;
  /** Closes every store still open and removes every database this factory made. */
  cleanup(): Promise<void>;
}

export function storageContract(name: string, factory: StoreFactory): void {
  describe(`storage contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(() => factory.cleanup());

    const addTenant = (overrides: Partial<NewTenant> = {}): Promise<TenantRecord> =>
      store.transaction((tx) => tx.insertTenant(newTenant(overrides)));
    const append = (tenantId: string, list: readonly DomainEvent[], at = T0) => store.transaction((tx) => tx.appendEvents(tenantId, at, list));

    describe('tenants', () => {
      it('inserts a tenant and reads it back by id and by name', async () => {
        const input = newTenant({ features: { agentStatusApi: false } });
        const saved = await store.transaction((tx) => tx.insertTenant(input));
        expect(saved).toStrictEqual({ ...input, pbxAccountId: saved.pbxAccountId });
        expect(Number.isInteger(saved.pbxAccountId)).toBe(true);
        expect(await store.getTenant(input.id)).toStrictEqual(saved);
        expect(await store.getTenantByName(input.name)).toStrictEqual(saved);
        expect(await store.getTenant('no-such-tenant')).toBeUndefined();
        expect(await store.getTenantByName('no-such-name')).toBeUndefined();
      });

      it('assigns unique pbx account ids, and keeps one that is given', async () => {
        const a = await addTenant();
        const given = await addTenant({ pbxAccountId: 424242 });
        const b = await addTenant();
        const c = await addTenant();
        expect(given.pbxAccountId).toBe(424242);
        expect((await store.getTenant(given.id))?.pbxAccountId).toBe(424242);
        const ids = [a, given, b, c].map((t) => t.pbxAccountId);
        expect(new Set(ids).size).toBe(4);
        for (const t of [a, b, c]) expect((await store.getTenant(t.id))?.pbxAccountId).toBe(t.pbxAccountId);
      });

      it('lists every tenant', async () => {
        expect(await store.listTenants()).toStrictEqual([]);
        const saved = [await addTenant(), await addTenant({ features: { agentStatusApi: false } }), await addTenant()];
        expect(byId(await store.listTenants())).toStrictEqual(byId(saved));
      });

      it('updates only the fields a patch names', async () => {
        const t = await addTenant();
        const other = await addTenant();
        await store.transaction((tx) => tx.updateTenant(t.id, { timezone: 'Asia/Tokyo' }));
        expect(await store.getTenant(t.id)).toStrictEqual({ ...t, timezone: 'Asia/Tokyo' });
        await store.transaction((tx) => tx.updateTenant(t.id, { apiUsername: 'renamed', features: { agentStatusApi: false } }));
        const updated = { ...t, timezone: 'Asia/Tokyo', apiUsername: 'renamed', features: { agentStatusApi: false } };
        expect(await store.getTenant(t.id)).toStrictEqual(updated);
        await store.transaction((tx) => tx.updateTenant(t.id, {}));
        expect(await store.getTenant(t.id)).toStrictEqual(updated);
        await store.transaction((tx) => tx.updateTenant(t.id, { features: { agentStatusApi: true } }));
        expect((await store.getTenant(t.id))?.features).toStrictEqual({ agentStatusApi: true });
        expect(await store.getTenant(other.id)).toStrictEqual(other);
      });

      it("sets one tenant's action token hash", async () => {
        const t = await addTenant();
        const other = await addTenant();
        await store.transaction((tx) => tx.setActionTokenHash(t.id, 'b'.repeat(64)));
        expect(await store.getTenant(t.id)).toStrictEqual({ ...t, actionTokenHash: 'b'.repeat(64) });
        expect(await store.getTenant(other.id)).toStrictEqual(other);
      });
    });

    describe('status code lists', () => {
      it('creates lists and reads them ordered by id, items ordered by id', async () => {
        const t = await addTenant();
        expect(await store.listStatusCodeLists(t.id)).toStrictEqual([]);
        await store.transaction(async (tx) => {
          await tx.putStatusCodeList(t.id, BREAKS);
          await tx.putStatusCodeList(t.id, SYSTEM);
        });
        const sortedItems = [...BREAKS.items].sort((a, b) => a.id - b.id);
        expect(await store.listStatusCodeLists(t.id)).toStrictEqual([SYSTEM, { ...BREAKS, items: sortedItems }]);
      });

      it('replaces a list with exactly the given items, leaving other lists and tenants alone', async () => {
        const t = await addTenant();
        const other = await addTenant();
        await store.transaction(async (tx) => {
          for (const id of [t.id, other.id]) {
            await tx.putStatusCodeList(id, BREAKS);
            await tx.putStatusCodeList(id, SYSTEM);
          }
        });
        const replaced: StatusCodeList = {
          id: 801,
          name: 'Pauses',
          items: [
            { listId: 801, id: 1900, shortCode: 'New', label: 'Brand new', kind: 'offline' },
            { listId: 801, id: 1726, shortCode: null, label: 'Training (renamed)', kind: 'sign_out' },
          ],
        };
        await store.transaction((tx) => tx.putStatusCodeList(t.id, replaced));
        expect(await store.listStatusCodeLists(t.id)).toStrictEqual([SYSTEM, { ...replaced, items: [...replaced.items].reverse() }]);
        await store.transaction((tx) => tx.putStatusCodeList(t.id, { id: 801, name: 'Empty', items: [] }));
        expect(await store.listStatusCodeLists(t.id)).toStrictEqual([SYSTEM, { id: 801, name: 'Empty', items: [] }]);
        const untouched = await store.listStatusCodeLists(other.id);
        expect(untouched.map((l) => [l.id, l.name, l.items.length])).toStrictEqual([[-1, 'System', 1], [801, 'Breaks', 3]]);
      });
    });

    describe('agent groups', () => {
      it('inserts groups, then updates one in place', async () => {
        const t = await addTenant();
        const other = await addTenant();
        const g7 = { tenantId: t.id, id: 7, name: 'Sales', statusCodeListIds: [801, -1] };
        const g3 = { tenantId: t.id, id: 3, name: 'Support', statusCodeListIds: [] };
        await store.transaction(async (tx) => {
          await tx.putAgentGroup(g7);
          await tx.putAgentGroup(g3);
          await tx.putAgentGroup({ ...g7, tenantId: other.id, name: 'Other sales' });
        });
        expect(await store.listAgentGroups(t.id)).toStrictEqual([g3, g7]);
        const renamed = { ...g7, name: 'Inside sales', statusCodeListIds: [-1] };
        await store.transaction((tx) => tx.putAgentGroup(renamed));
        expect(await store.listAgentGroups(t.id)).toStrictEqual([g3, renamed]);
        expect(await store.listAgentGroups(other.id)).toStrictEqual([{ ...g7, tenantId: other.id, name: 'Other sales' }]);
      });
    });

    describe('agents', () => {
      it('inserts an agent with a user id and version 1, never returning the password hash', async () => {
        const t = await addTenant();
        const input = newAgent(t.id, 'agOne', { username: 'one@acme', passwordHash: 'hash-1', groupId: 7, state: stateAt(1) });
        const saved = await store.transaction((tx) => tx.insertAgent(input));
        const { passwordHash: _hash, ...visible } = input;
        expect(saved).toStrictEqual({ ...visible, userId: saved.userId, version: 1 });
        expect(Number.isInteger(saved.userId)).toBe(true);
        expect(await store.getAgent(t.id, 'agOne')).toStrictEqual(saved);
        expect(await store.getAgent(t.id, 'agNone')).toBeUndefined();
      });

      it('assigns user ids that are unique and increasing across tenants', async () => {
        const [a, b] = [await addTenant(), await addTenant()];
        const userIds: number[] = [];
        for (const [i, t] of [a, b, a, b, a].entries()) {
          userIds.push((await store.transaction((tx) => tx.insertAgent(newAgent(t.id, `ag${i}`)))).userId);
        }
        expect([...userIds].sort((x, y) => x - y)).toStrictEqual(userIds);
        expect(new Set(userIds).size).toBe(userIds.length);
      });

      it("lists a tenant's agents ordered by agent id", async () => {
        const [t, other] = [await addTenant(), await addTenant()];
        // Mixed case: the order is by code unit, as JavaScript sorts strings.
        const ids = ['agb', 'agC', 'ag-1', 'agA', 'aga', 'ag_9'];
        await store.transaction(async (tx) => {
          for (const id of ids) await tx.insertAgent(newAgent(t.id, id));
          await tx.insertAgent(newAgent(other.id, 'agZ'));
        });
        const listed = await store.listAgents(t.id);
        expect(listed.map((a) => a.agentId)).toStrictEqual([...ids].sort());
        expect(listed.every((a) => a.tenantId === t.id)).toBe(true);
        expect(await store.listAgents('no-such-tenant')).toStrictEqual([]);
      });

      it('finds an agent by username, with its password hash', async () => {
        const [t, other] = [await addTenant(), await addTenant()];
        const [hashed, plain] = await store.transaction(async (tx) => [
          await tx.insertAgent(newAgent(t.id, 'agA', { username: 'anna@acme', passwordHash: 'hash-anna' })),
          await tx.insertAgent(newAgent(other.id, 'agB', { username: 'bob@other' })),
        ]);
        expect(await store.getAgentByUsername('anna@acme')).toStrictEqual({ ...hashed, passwordHash: 'hash-anna' });
        expect(await store.getAgentByUsername('bob@other')).toStrictEqual({ ...plain, passwordHash: null });
        expect(await store.getAgentByUsername('nobody')).toBeUndefined();
      });

      it('updates a profile, leaving the password alone unless one is given', async () => {
        const t = await addTenant();
        const saved = await store.transaction((tx) =>
          tx.insertAgent(newAgent(t.id, 'agA', { username: 'anna', passwordHash: 'hash-1', groupId: 1, state: stateAt(2) })),
        );
        const profile = { name: 'Anna B.', username: 'anna.b', groupId: 2 };
        await store.transaction((tx) => tx.updateAgentProfile(t.id, 'agA', profile));
        expect(await store.getAgent(t.id, 'agA')).toStrictEqual({ ...saved, ...profile });
        expect(await store.getAgentByUsername('anna')).toBeUndefined();
        expect((await store.getAgentByUsername('anna.b'))?.passwordHash).toBe('hash-1');
        await store.transaction((tx) => tx.updateAgentProfile(t.id, 'agA', { ...profile, passwordHash: 'hash-2' }));
        expect((await store.getAgentByUsername('anna.b'))?.passwordHash).toBe('hash-2');
        await store.transaction((tx) => tx.updateAgentProfile(t.id, 'agA', { name: 'Anna', username: 'anna.b', groupId: null, passwordHash: null }));
        expect(await store.getAgentByUsername('anna.b')).toStrictEqual({ ...saved, name: 'Anna', username: 'anna.b', groupId: null, passwordHash: null });
      });

      it('keeps the same agent id in two tenants as two agents', async () => {
        const [a, b] = [await addTenant(), await addTenant()];
        const [inA, inB] = await store.transaction(async (tx) => [
          await tx.insertAgent(newAgent(a.id, 'agSame', { name: 'In A' })),
          await tx.insertAgent(newAgent(b.id, 'agSame', { name: 'In B' })),
        ]);
        expect(inA.userId).not.toBe(inB.userId);
        await store.transaction((tx) => tx.saveAgentState(a.id, 'agSame', stateAt(1), 1));
        await store.transaction((tx) => tx.updateAgentProfile(a.id, 'agSame', { name: 'Renamed A', username: null, groupId: null }));
        expect(await store.getAgent(b.id, 'agSame')).toStrictEqual(inB);
        expect(await store.getAgent(a.id, 'agSame')).toMatchObject({ name: 'Renamed A', version: 2 });
      });
    });

    describe('agent state', () => {
      it('round-trips every field of the state and bumps the version on each save', async () => {
        const t = await addTenant();
        const saved = await store.transaction((tx) => tx.insertAgent(newAgent(t.id, 'agA')));
        let version = 1;
        for (const state of [...STATES, INITIAL_STATE]) {
          const next = await store.transaction((tx) => tx.saveAgentState(t.id, 'agA', state, version));
          expect(next).toBe(version + 1);
          version = next;
          expect(await store.getAgent(t.id, 'agA')).toStrictEqual({ ...saved, state, version });
        }
      });

      it('refuses a write on a stale version and changes nothing', async () => {
        const t = await addTenant();
        const saved = await store.transaction((tx) => tx.insertAgent(newAgent(t.id, 'agA')));
        const first = stateAt(1);
        await store.transaction((tx) => tx.saveAgentState(t.id, 'agA', first, 1));
        const expected = { ...saved, state: first, version: 2 };
        for (const stale of [1, 3]) {
          const error: unknown = await store.transaction((tx) => tx.saveAgentState(t.id, 'agA', INITIAL_STATE, stale)).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(StaleWriteError);
          expect(error).toMatchObject({ entity: 'agent', id: 'agA' });
        }
        // Caught inside a transaction that then commits: the refused write must still leave no trace.
        await store.transaction(async (tx) => {
          await expect(tx.saveAgentState(t.id, 'agA', INITIAL_STATE, 1)).rejects.toBeInstanceOf(StaleWriteError);
          await tx.setSetting('after-stale', 'committed');
        });
        expect(await store.getSetting('after-stale')).toBe('committed');
        expect(await store.getAgent(t.id, 'agA')).toStrictEqual(expected);
      });
    });

    describe('events', () => {
      it('numbers events 1, 2, 3 … per tenant without gaps, round-tripping them', async () => {
        const t = await addTenant();
        expect(await store.transaction((tx) => tx.appendEvents(t.id, T0, []))).toStrictEqual([]);
        const first = await append(t.id, events(0, 3), T0);
        const second = await append(t.id, events(3, 1), T0 + 5);
        const third = await append(t.id, events(4, 3), T0 + 9);
        expect(first).toStrictEqual(events(0, 3).map((e, i) => ({ tenantId: t.id, seq: i + 1, at: T0, event: e })));
        expect(second).toStrictEqual([{ tenantId: t.id, seq: 4, at: T0 + 5, event: event(3) }]);
        expect(third.map((e) => e.seq)).toStrictEqual([5, 6, 7]);
        expect(await store.readEvents(t.id, 0, 100)).toStrictEqual([...first, ...second, ...third]);
      });

      it('keeps each tenant its own sequence', async () => {
        const [a, b] = [await addTenant(), await addTenant()];
        const log = [await append(a.id, events(0, 2)), await append(b.id, events(2, 1)), await append(a.id, events(3, 2)), await append(b.id, events(1, 2))];
        expect(log.map((batch) => batch.map((e) => `${e.tenantId}:${e.seq}`))).toStrictEqual([
          [`${a.id}:1`, `${a.id}:2`],
          [`${b.id}:1`],
          [`${a.id}:3`, `${a.id}:4`],
          [`${b.id}:2`, `${b.id}:3`],
        ]);
        expect(await store.readEvents(a.id, 0, 100)).toStrictEqual([...(log[0] ?? []), ...(log[2] ?? [])]);
        expect(await store.readEvents(b.id, 0, 100)).toStrictEqual([...(log[1] ?? []), ...(log[3] ?? [])]);
      });

      it('reads events after a sequence number, at most `limit`, oldest first', async () => {
        const [t, other] = [await addTenant(), await addTenant()];
        await append(other.id, events(0, 4));
        const all = [...(await append(t.id, events(0, 3))), ...(await append(t.id, events(3, 4)))];
        expect((await store.readEvents(t.id, 0, 3)).map((e) => e.seq)).toStrictEqual([1, 2, 3]);
        expect((await store.readEvents(t.id, 2, 2)).map((e) => e.seq)).toStrictEqual([3, 4]);
        expect(await store.readEvents(t.id, 6, 10)).toStrictEqual(all.slice(6));
        expect(await store.readEvents(t.id, 7, 10)).toStrictEqual([]);
        const paged = [];
        for (let after = 0, page; (page = await store.readEvents(t.id, after, 2)).length > 0; after = page.at(-1)?.seq ?? NaN) paged.push(...page);
        expect(paged).toStrictEqual(all);
      });
    });

    describe('transactions', () => {
      it("returns the callback's value, and reads inside see the transaction's own writes", async () => {
        const input = newTenant();
        const seen = await store.transaction(async (tx) => {
          await tx.insertTenant(input);
          await tx.insertAgent(newAgent(input.id, 'agA'));
          await tx.setSetting('k', 'v');
          return [(await tx.getTenant(input.id))?.name, (await tx.listAgents(input.id)).length, await tx.getSetting('k')];
        });
        expect(seen).toStrictEqual([input.name, 1, 'v']);
      });

      it('keeps none of the writes of a callback that throws, and the event sequence continues without a gap', async () => {
        const t = await addTenant();
        const agent = await store.transaction((tx) => tx.insertAgent(newAgent(t.id, 'agA', { username: 'anna', passwordHash: 'h' })));
        const committed = await append(t.id, events(0, 2));
        const doomed = newTenant();
        const boom = new Error('boom');
        const run = store.transaction(async (tx) => {
          await tx.insertTenant(doomed);
          await tx.updateTenant(t.id, { timezone: 'Asia/Tokyo', features: { agentStatusApi: false } });
          await tx.setActionTokenHash(t.id, 'b'.repeat(64));
          await tx.putStatusCodeList(t.id, BREAKS);
          await tx.putAgentGroup({ tenantId: t.id, id: 1, name: 'G', statusCodeListIds: [801] });
          await tx.insertAgent(newAgent(t.id, 'agB'));
          await tx.updateAgentProfile(t.id, 'agA', { name: 'X', username: 'x', groupId: 1, passwordHash: 'other' });
          await tx.saveAgentState(t.id, 'agA', stateAt(3), 1);
          await tx.setSetting('doomed', 'yes');
          await tx.appendEvents(t.id, T0, events(2, 3));
          await tx.appendEvents(doomed.id, T0, events(0, 1));
          throw boom;
        });
        await expect(run).rejects.toBe(boom);
        expect(await store.getTenant(doomed.id)).toBeUndefined();
        expect(await store.listTenants()).toStrictEqual([t]);
        expect(await store.listStatusCodeLists(t.id)).toStrictEqual([]);
        expect(await store.listAgentGroups(t.id)).toStrictEqual([]);
        expect(await store.listAgents(t.id)).toStrictEqual([agent]);
        expect(await store.getAgentByUsername('anna')).toStrictEqual({ ...agent, passwordHash: 'h' });
        expect(await store.getSetting('doomed')).toBeUndefined();
        expect(await store.readEvents(t.id, 0, 100)).toStrictEqual(committed);
        expect((await append(t.id, events(2, 2))).map((e) => e.seq)).toStrictEqual([3, 4]);
        expect(await store.transaction((tx) => tx.saveAgentState(t.id, 'agA', INITIAL_STATE, 1))).toBe(2);
      });
    });

    describe('settings', () => {
      it('gets, sets and overwrites settings by key', async () => {
        expect(await store.getSetting('clock')).toBeUndefined();
        await store.transaction(async (tx) => {
          await tx.setSetting('clock', '1000');
          await tx.setSetting('other', '{"json": "ünïcode ✓"}');
        });
        expect(await store.getSetting('clock')).toBe('1000');
        await store.transaction((tx) => tx.setSetting('clock', ''));
        expect(await store.getSetting('clock')).toBe('');
        expect(await store.getSetting('other')).toBe('{"json": "ünïcode ✓"}');
      });
    });

    const reopen = factory.reopen?.bind(factory);
    if (reopen) {
      it('keeps committed data after the store is closed and opened again', async () => {
        const t = await addTenant();
        const agent = await store.transaction(async (tx) => {
          await tx.putStatusCodeList(t.id, SYSTEM);
          await tx.putAgentGroup({ tenantId: t.id, id: 1, name: 'G', statusCodeListIds: [-1] });
          await tx.setSetting('k', 'v');
          const a = await tx.insertAgent(newAgent(t.id, 'agA', { username: 'anna', passwordHash: 'h' }));
          await tx.saveAgentState(t.id, 'agA', stateAt(1), 1);
          return { ...a, state: stateAt(1), version: 2 };
        });
        const logged = await append(t.id, events(0, 3));
        store = await reopen();
        expect(await store.listTenants()).toStrictEqual([t]);
        expect(await store.listStatusCodeLists(t.id)).toStrictEqual([SYSTEM]);
        expect(await store.listAgentGroups(t.id)).toStrictEqual([{ tenantId: t.id, id: 1, name: 'G', statusCodeListIds: [-1] }]);
        expect(await store.getAgentByUsername('anna')).toStrictEqual({ ...agent, passwordHash: 'h' });
        expect(await store.getSetting('k')).toBe('v');
        expect(await store.readEvents(t.id, 0, 100)).toStrictEqual(logged);
        expect((await append(t.id, events(3, 1))).map((e) => e.seq)).toStrictEqual([4]);
      });
    }
  });
}
