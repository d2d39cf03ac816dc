import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INITIAL_STATE, type Agent } from '../../src/domain/agent.ts';
import { placeCall, type Interaction } from '../../src/domain/calls/interaction.ts';
import type { Queue } from '../../src/domain/calls/queue.ts';
import type { DeliveryDestination, NewOutboxMessage, Store, StoredRecord } from '../../src/ports/storage.ts';
import type { StoreFactory } from './storage.contract.ts';
import { T0, newAgent, newTenant, openWithTenant } from './storage.fixtures.ts';

/** Bodies chosen to catch lossy JSON: nesting, arrays, nulls, numbers beyond 2^31, fractions, non-ASCII text. */
const BODIES: readonly unknown[] = [
  { name: 'Zoë "quoted" \\ 🎧', nested: { list: [1, -2.5, null, true, { deep: ['x', []] }], empty: {} }, big: T0, zero: 0, none: null },
  [3, 'two', { one: 1 }, [null]],
  null,
  42.125,
  'just text ✓',
  false,
];

/**
 * Keys deliberately not in insertion order, mixing case, punctuation, digits, non-ASCII and a
 * character beyond U+FFFF: listing must follow the bytes (UTF-8), the same on every adapter,
 * whatever the database's collation (en-US would put 'agB' after 'aga', '_' before 'a').
 */
const KEYS = ['b', 'a', 'B', 'a_1', 'a-1', 'a1', '10', '9', 'é', 'Z', '\uFF21', '😀', 'aa', 'A'];
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const SORTED = [...KEYS].sort(byBytes);

function queue(tenantId: string, id: number): Queue {
  return { tenantId, id, name: `Queue ${id}`, type: 'inbound', ccsUuid: null, extension: null, wrapUpSeconds: null, transactionCodeListIds: [], codesRequired: false };
}

function agent(tenantId: string, agentId: string): Agent {
  return {
    tenantId, agentId, userId: 1, name: agentId, username: null, groupId: null, version: 1,
    state: { ...INITIAL_STATE, presence: { kind: 'available', reason: null } },
  };
}

/** A direct call placed by the pure core, so the stored document has the real shape. */
function placed(tenantId: string, agentId: string, guid: string): Interaction {
  return placeCall(
    { guid, agentLegId: `${guid}-a`, customerLegId: `${guid}-c`, tenantId, agent: agent(tenantId, agentId), queue: null, line: 1,
      destination: '+16175551984', callerId: '+12015551212', wrapUpSeconds: 0, ctlUserData: [] },
    { agent: agent(tenantId, agentId), now: T0, otherLine: null, otherPostProcessing: false },
  ).interaction;
}

const message = (n: number): NewOutboxMessage => ({
  messageId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`, type: 'agent.presence_changed', body: { n }, createdAt: T0,
});

const keysOf = (records: readonly StoredRecord[]): string[] => records.map((r) => r.key);

/** The records part of the storage contract, with the deletes of agents and queues and the patch of destinations. */
export function recordsContract(name: string, factory: StoreFactory): void {
  describe(`storage contract (records): ${name}`, () => {
    let store: Store;
    let tenantId: string;
    beforeEach(async () => void ({ store, tenantId } = await openWithTenant(factory)));
    afterEach(() => factory.cleanup());

    const putAll = (kind: string, keys: readonly string[], tenant = tenantId): Promise<void> =>
      store.transaction(async (tx) => {
        for (const key of keys) await tx.putRecord(tenant, kind, key, { key });
      });

    it('puts, gets and replaces a record', async () => {
      expect(await store.getRecord(tenantId, 'device', 'd1')).toBeUndefined();
      await store.transaction((tx) => tx.putRecord(tenantId, 'device', 'd1', { model: 'T46', lines: 2 }));
      expect(await store.getRecord(tenantId, 'device', 'd1')).toStrictEqual({ tenantId, kind: 'device', key: 'd1', body: { model: 'T46', lines: 2 } });
      await store.transaction((tx) => tx.putRecord(tenantId, 'device', 'd1', { model: 'T58' }));
      expect(await store.getRecord(tenantId, 'device', 'd1')).toStrictEqual({ tenantId, kind: 'device', key: 'd1', body: { model: 'T58' } });
      expect(await store.countRecords(tenantId, 'device')).toBe(1);
      // Inside the transaction, its own writes are visible.
      expect(await store.transaction(async (tx) => {
        await tx.putRecord(tenantId, 'device', 'd2', 'x');
        return tx.getRecord(tenantId, 'device', 'd2');
      })).toStrictEqual({ tenantId, kind: 'device', key: 'd2', body: 'x' });
      // The kind is part of the key.
      expect(await store.getRecord(tenantId, 'session', 'd1')).toBeUndefined();
    });

    it('refuses a record of a tenant that does not exist', async () => {
      await expect(store.transaction((tx) => tx.putRecord('no-such-tenant', 'device', 'd1', {}))).rejects.toThrow();
      expect(await store.listRecords(null, 'device')).toStrictEqual([]);
    });

    it('round-trips JSON bodies, and every read is a fresh copy', async () => {
      await store.transaction(async (tx) => {
        for (const [i, body] of BODIES.entries()) await tx.putRecord(tenantId, 'doc', `k${i}`, body);
      });
      for (const [i, body] of BODIES.entries()) expect((await store.getRecord(tenantId, 'doc', `k${i}`))?.body).toStrictEqual(body);
      expect((await store.listRecords(tenantId, 'doc')).map((r) => r.body)).toStrictEqual(BODIES);
      const read = await store.getRecord<{ nested: { list: unknown[] } }>(tenantId, 'doc', 'k0');
      read?.body.nested.list.push('mutated');
      expect((await store.getRecord(tenantId, 'doc', 'k0'))?.body).toStrictEqual(BODIES[0]);
    });

    it('lists in key (byte) order and pages with afterKey and limit', async () => {
      await putAll('lead', KEYS);
      const all = await store.listRecords(tenantId, 'lead');
      expect(keysOf(all)).toStrictEqual(SORTED);
      expect(all[0]).toStrictEqual({ tenantId, kind: 'lead', key: SORTED[0], body: { key: SORTED[0] } });
      expect(keysOf(await store.listRecords(tenantId, 'lead', { limit: 3 }))).toStrictEqual(SORTED.slice(0, 3));
      expect(keysOf(await store.listRecords(tenantId, 'lead', { afterKey: 'a', limit: 2 }))).toStrictEqual(SORTED.slice(SORTED.indexOf('a') + 1, SORTED.indexOf('a') + 3));
      // afterKey need not exist; it is exclusive.
      expect(keysOf(await store.listRecords(tenantId, 'lead', { afterKey: 'a0' }))).toStrictEqual(SORTED.filter((k) => byBytes(k, 'a0') > 0));
      expect(await store.listRecords(tenantId, 'lead', { afterKey: SORTED.at(-1) })).toStrictEqual([]);
      expect(await store.listRecords(tenantId, 'lead', { limit: 0 })).toStrictEqual([]);
      // Walking the pages gives every record once, in order.
      const walked: string[] = [];
      let afterKey: string | undefined;
      for (;;) {
        const page = await store.listRecords(tenantId, 'lead', { ...(afterKey !== undefined && { afterKey }), limit: 4 });
        walked.push(...keysOf(page));
        if (page.length < 4) break;
        afterKey = page.at(-1)?.key;
      }
      expect(walked).toStrictEqual(SORTED);
      expect(await store.listRecords(tenantId, 'other-kind')).toStrictEqual([]);
    });

    it('lists a kind across tenants by tenant (bytes), then key', async () => {
      // 'Zeta' sorts before 'tenant-…' by bytes (an en-US collation says otherwise).
      const other = (await store.transaction((tx) => tx.insertTenant(newTenant({ id: 'Zeta' })))).id;
      await putAll('apikey', ['k2', 'k1'], tenantId);
      await putAll('apikey', ['k3', 'k0'], other);
      await putAll('session', ['s1'], other);
      const all = await store.listRecords(null, 'apikey');
      expect(all.map((r) => [r.tenantId, r.key])).toStrictEqual([[other, 'k0'], [other, 'k3'], [tenantId, 'k1'], [tenantId, 'k2']]);
      expect((await store.listRecords(null, 'apikey', { limit: 3 })).map((r) => [r.tenantId, r.key])).toStrictEqual([[other, 'k0'], [other, 'k3'], [tenantId, 'k1']]);
      expect(keysOf(await store.listRecords(null, 'session'))).toStrictEqual(['s1']);
    });

    it('counts, deletes one and deletes all of a kind, leaving other kinds and tenants alone', async () => {
      const other = (await store.transaction((tx) => tx.insertTenant(newTenant()))).id;
      await putAll('lead:7', ['l1', 'l2', 'l3']);
      await putAll('lead:8', ['l1']);
      await putAll('lead:7', ['l1', 'l2'], other);
      expect(await store.countRecords(tenantId, 'lead:7')).toBe(3);
      expect(await store.countRecords(tenantId, 'nothing')).toBe(0);
      expect(await store.countRecords('no-such-tenant', 'lead:7')).toBe(0);

      expect(await store.transaction((tx) => tx.deleteRecord(tenantId, 'lead:7', 'l2'))).toBe(true);
      expect(await store.transaction((tx) => tx.deleteRecord(tenantId, 'lead:7', 'l2'))).toBe(false);
      expect(await store.transaction((tx) => tx.deleteRecord(tenantId, 'nothing', 'l1'))).toBe(false);
      expect(keysOf(await store.listRecords(tenantId, 'lead:7'))).toStrictEqual(['l1', 'l3']);
      expect(await store.countRecords(tenantId, 'lead:7')).toBe(2);

      expect(await store.transaction((tx) => tx.deleteRecords(tenantId, 'lead:7'))).toBe(2);
      expect(await store.transaction((tx) => tx.deleteRecords(tenantId, 'lead:7'))).toBe(0);
      expect(await store.listRecords(tenantId, 'lead:7')).toStrictEqual([]);
      expect(await store.countRecords(tenantId, 'lead:7')).toBe(0);
      expect(keysOf(await store.listRecords(tenantId, 'lead:8'))).toStrictEqual(['l1']);
      expect(keysOf(await store.listRecords(other, 'lead:7'))).toStrictEqual(['l1', 'l2']);
      // A deleted key can be used again.
      await putAll('lead:7', ['l2']);
      expect(keysOf(await store.listRecords(tenantId, 'lead:7'))).toStrictEqual(['l2']);
    });

    it('keeps tenants apart: the same kind and key are two records', async () => {
      const other = (await store.transaction((tx) => tx.insertTenant(newTenant()))).id;
      await store.transaction(async (tx) => {
        await tx.putRecord(tenantId, 'profile', 'u1', { owner: 'first' });
        await tx.putRecord(other, 'profile', 'u1', { owner: 'second' });
      });
      expect((await store.getRecord(tenantId, 'profile', 'u1'))?.body).toStrictEqual({ owner: 'first' });
      expect((await store.getRecord(other, 'profile', 'u1'))?.body).toStrictEqual({ owner: 'second' });
      expect(await store.transaction((tx) => tx.deleteRecords(other, 'profile'))).toBe(1);
      expect((await store.getRecord(tenantId, 'profile', 'u1'))?.body).toStrictEqual({ owner: 'first' });
      expect(await store.listRecords(other, 'profile')).toStrictEqual([]);
      expect(await store.countRecords(tenantId, 'profile')).toBe(1);
    });

    it('leaves nothing of a rolled-back transaction', async () => {
      const dest: DeliveryDestination = { tenantId, destinationId: 'wh-1', kind: 'events', url: 'https://a.example.com/', secret: 's1', enabled: true, createdAt: T0, cursor: 3 };
      await store.transaction(async (tx) => {
        await tx.putRecord(tenantId, 'lead', 'keep', { v: 1 });
        await tx.putRecord(tenantId, 'lead', 'gone', { v: 2 });
        await tx.insertAgent(newAgent(tenantId, 'agA', { username: 'ada' }));
        await tx.putAgentCallSettings(tenantId, { agentId: 'agA', callerId: '12015551212', dialPlanId: null, wrapUpSeconds: 5 });
        await tx.putQueue(queue(tenantId, 600));
        await tx.putDid({ number: '+18005550100', tenantId, queueId: 600 });
        await tx.insertDestination(dest);
      });
      const before = {
        records: await store.listRecords(tenantId, 'lead'), agents: await store.listAgents(tenantId), settings: await store.listAgentCallSettings(tenantId),
        queues: await store.listQueues(tenantId), dids: await store.listDids(tenantId), destinations: await store.listDestinations(tenantId),
      };
      await expect(store.transaction(async (tx) => {
        await tx.putRecord(tenantId, 'lead', 'keep', { v: 'changed' });
        await tx.putRecord(tenantId, 'lead', 'new', { v: 3 });
        await tx.putRecord(tenantId, 'other', 'x', null);
        expect(await tx.deleteRecord(tenantId, 'lead', 'gone')).toBe(true);
        expect(await tx.deleteRecords(tenantId, 'lead')).toBe(2);
        expect(await tx.countRecords(tenantId, 'lead')).toBe(0);
        expect(await tx.deleteAgent(tenantId, 'agA')).toBe(true);
        expect(await tx.deleteQueue(tenantId, 600)).toBe(true);
        await tx.updateDestination(tenantId, 'wh-1', { url: 'https://b.example.com/', secret: 's2', enabled: false });
        throw new Error('rollback');
      })).rejects.toThrow('rollback');
      expect({
        records: await store.listRecords(tenantId, 'lead'), agents: await store.listAgents(tenantId), settings: await store.listAgentCallSettings(tenantId),
        queues: await store.listQueues(tenantId), dids: await store.listDids(tenantId), destinations: await store.listDestinations(tenantId),
      }).toStrictEqual(before);
      expect(await store.listRecords(tenantId, 'other')).toStrictEqual([]);
      expect((await store.getAgentByUsername('ada'))?.agentId).toBe('agA');
    });

    it('deletes an agent with its call settings; its interactions and events stay', async () => {
      await store.transaction(async (tx) => {
        await tx.insertAgent(newAgent(tenantId, 'agA', { username: 'ada' }));
        await tx.insertAgent(newAgent(tenantId, 'agB', { username: 'bob' }));
        await tx.putAgentCallSettings(tenantId, { agentId: 'agA', callerId: '12015551212', dialPlanId: 12, wrapUpSeconds: 10, overrides: { noAnswerDelayTime: 10, rejectDelayTime: 5, busyDelayTime: 3, maxNoAnswer: 2 } });
        await tx.putAgentCallSettings(tenantId, { agentId: 'agB', callerId: null, dialPlanId: null, wrapUpSeconds: 20 });
        await tx.insertInteraction(placed(tenantId, 'agA', 'call-1'));
        await tx.appendEvents(tenantId, T0, [{ type: 'tenant.credentials_rotated' }]);
      });
      const agB = await store.getAgent(tenantId, 'agB');
      const agBSettings = (await store.listAgentCallSettings(tenantId)).find((s) => s.agentId === 'agB');

      expect(await store.transaction((tx) => tx.deleteAgent(tenantId, 'agA'))).toBe(true);
      expect(await store.getAgent(tenantId, 'agA')).toBeUndefined();
      expect(await store.getAgentByUsername('ada')).toBeUndefined();
      expect(await store.listAgents(tenantId)).toStrictEqual([agB]);
      expect(await store.listAgentCallSettings(tenantId)).toStrictEqual([agBSettings]);
      expect((await store.getInteraction(tenantId, 'call-1'))?.agentId).toBe('agA');
      expect(await store.listAgentInteractions(tenantId, 'agA', 10)).toHaveLength(1);
      expect(await store.readEvents(tenantId, 0, 10)).toHaveLength(1);

      expect(await store.transaction((tx) => tx.deleteAgent(tenantId, 'agA'))).toBe(false);
      expect(await store.transaction((tx) => tx.deleteAgent('no-such-tenant', 'agB'))).toBe(false);
      expect(await store.getAgent(tenantId, 'agB')).toStrictEqual(agB);

      // The agent id and username are free again, and the new agent starts with no call settings.
      await store.transaction((tx) => tx.insertAgent(newAgent(tenantId, 'agA', { username: 'ada' })));
      expect((await store.getAgentByUsername('ada'))?.agentId).toBe('agA');
      expect((await store.listAgentCallSettings(tenantId)).find((s) => s.agentId === 'agA')).toStrictEqual({ agentId: 'agA', callerId: null, dialPlanId: null, wrapUpSeconds: null });
    });

    it('never hands out a deleted user\'s id again (NOTES.md §2)', async () => {
      const a = await store.transaction((tx) => tx.insertAgent(newAgent(tenantId, 'agA')));
      const b = await store.transaction((tx) => tx.insertAgent(newAgent(tenantId, 'agB')));
      expect(await store.transaction((tx) => tx.deleteAgent(tenantId, 'agB'))).toBe(true);
      const c = await store.transaction((tx) => tx.insertAgent(newAgent(tenantId, 'agC')));
      expect(c.userId).toBeGreaterThan(b.userId);
      expect(await store.transaction((tx) => tx.deleteAgent(tenantId, 'agA'))).toBe(true);
      expect(await store.transaction((tx) => tx.deleteAgent(tenantId, 'agC'))).toBe(true);
      const d = await store.transaction((tx) => tx.insertAgent(newAgent(tenantId, 'agD')));
      expect(d.userId).toBeGreaterThan(c.userId);
      expect(a.userId).toBeLessThan(b.userId);
    });

    it('deletes a queue with the numbers leading to it', async () => {
      const other = (await store.transaction((tx) => tx.insertTenant(newTenant()))).id;
      await store.transaction(async (tx) => {
        await tx.putQueue(queue(tenantId, 600));
        await tx.putQueue(queue(tenantId, 601));
        await tx.putQueue(queue(other, 600));
        await tx.putDid({ number: '+18005550100', tenantId, queueId: 600 });
        await tx.putDid({ number: '+18005550101', tenantId, queueId: 600 });
        await tx.putDid({ number: '+18005550102', tenantId, queueId: 601 });
        await tx.putDid({ number: '+18005550103', tenantId: other, queueId: 600 });
      });
      expect(await store.transaction((tx) => tx.deleteQueue(tenantId, 600))).toBe(true);
      expect(await store.listQueues(tenantId)).toStrictEqual([queue(tenantId, 601)]);
      expect(await store.listDids(tenantId)).toStrictEqual([{ number: '+18005550102', tenantId, queueId: 601 }]);
      expect(await store.listQueues(other)).toStrictEqual([queue(other, 600)]);
      expect(await store.listDids(other)).toStrictEqual([{ number: '+18005550103', tenantId: other, queueId: 600 }]);
      expect(await store.transaction((tx) => tx.deleteQueue(tenantId, 600))).toBe(false);
      // A number of the deleted queue can be given to another queue.
      await store.transaction((tx) => tx.putDid({ number: '+18005550100', tenantId, queueId: 601 }));
      expect(await store.listDids(tenantId)).toHaveLength(2);
    });

    it('updates a destination\'s url, secret and switch, keeping its cursor and outbox', async () => {
      const dest: DeliveryDestination = { tenantId, destinationId: 'wh-1', kind: 'events', url: 'https://a.example.com/x', secret: 's1', enabled: true, createdAt: T0, cursor: 7 };
      const other: DeliveryDestination = { ...dest, destinationId: 'wh-2', createdAt: T0 + 1 };
      await store.transaction(async (tx) => {
        await tx.insertDestination(dest);
        await tx.insertDestination(other);
        await tx.enqueueMessages(tenantId, 'wh-1', [message(1), message(2)], 7, 9);
      });
      await store.transaction((tx) => tx.recordFailedAttempt(tenantId, 'wh-1', 1, 'HTTP 500', T0 + 10));
      const outbox = await store.listOutbox(tenantId, 'wh-1', 0, 10);

      await store.transaction((tx) => tx.updateDestination(tenantId, 'wh-1', { url: 'https://b.example.com/y', secret: 's2', enabled: false }));
      const changed = { ...dest, url: 'https://b.example.com/y', secret: 's2', enabled: false, cursor: 9 };
      expect(await store.getDestination(tenantId, 'wh-1')).toStrictEqual(changed);
      expect(await store.listOutbox(tenantId, 'wh-1', 0, 10)).toStrictEqual(outbox);
      expect(await store.deliveryCounts(tenantId, 'wh-1')).toMatchObject({ pending: 2, delivered: 0, head: { seq: 1, attempts: 1 } });
      expect(await store.getDestination(tenantId, 'wh-2')).toStrictEqual(other);

      // A partial patch changes only what it names; an empty one and an unknown destination change nothing.
      await store.transaction((tx) => tx.updateDestination(tenantId, 'wh-1', { enabled: true }));
      await store.transaction((tx) => tx.updateDestination(tenantId, 'wh-1', {}));
      await store.transaction((tx) => tx.updateDestination(tenantId, 'nope', { url: 'https://c.example.com/' }));
      expect(await store.getDestination(tenantId, 'wh-1')).toStrictEqual({ ...changed, enabled: true });
      expect(await store.listDestinations(tenantId)).toStrictEqual([{ ...changed, enabled: true }, other]);
      // The cursor still moves on from where it was.
      await store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [message(3)], 9, 10));
      expect((await store.listOutbox(tenantId, 'wh-1', 0, 10)).map((m) => m.seq)).toStrictEqual([1, 2, 3]);
    });

    const reopen = factory.reopen?.bind(factory);
    if (reopen) {
      it('keeps records across a restart', async () => {
        await putAll('lead', KEYS);
        await store.transaction((tx) => tx.putRecord(tenantId, 'doc', 'k', BODIES[0]));
        const before = await store.listRecords(tenantId, 'lead');
        store = await reopen();
        expect(await store.listRecords(tenantId, 'lead')).toStrictEqual(before);
        expect((await store.getRecord(tenantId, 'doc', 'k'))?.body).toStrictEqual(BODIES[0]);
        expect(await store.countRecords(tenantId, 'lead')).toBe(KEYS.length);
      });
    }
  });
}
