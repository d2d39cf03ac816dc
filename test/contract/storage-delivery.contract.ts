import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StaleWriteError, type DeliveryDestination, type NewOutboxMessage, type Store } from '../../src/ports/storage.ts';
import type { StoreFactory } from './storage.contract.ts';
import { T0, openWithTenant } from './storage.fixtures.ts';

let serial = 0;
const message = (body: unknown = { n: ++serial, text: 'Zoë "q" 🎧', nested: [null, true, 1.5] }): NewOutboxMessage => ({
  messageId: `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`, type: 'agent.presence_changed', body, createdAt: T0,
});

/** The outbound-delivery part of the storage contract: destinations, cursors and ordered outboxes. */
export function deliveryContract(name: string, factory: StoreFactory): void {
  describe(`storage contract (delivery): ${name}`, () => {
    let store: Store;
    let tenantId: string;
    let dest: DeliveryDestination;
    beforeEach(async () => {
      ({ store, tenantId } = await openWithTenant(factory));
      dest = { tenantId, destinationId: 'wh-1', kind: 'events', url: 'https://hooks.example.com/x?a=1', secret: 's3cr3t', enabled: true, createdAt: T0, cursor: 7 };
      await store.transaction((tx) => tx.insertDestination(dest));
    });
    afterEach(() => factory.cleanup());

    it('stores destinations and lists them per tenant and in all', async () => {
      const other = { ...dest, destinationId: 'wh-0', createdAt: T0 + 1, enabled: false, cursor: 0 };
      await store.transaction((tx) => tx.insertDestination(other));
      expect(await store.getDestination(tenantId, 'wh-1')).toStrictEqual(dest);
      expect(await store.getDestination(tenantId, 'nope')).toBeUndefined();
      expect(await store.listDestinations(tenantId)).toStrictEqual([dest, other]);
      expect(await store.listDestinations()).toStrictEqual([dest, other]);
      await expect(store.transaction((tx) => tx.insertDestination(dest))).rejects.toThrow();
    });

    it('tells the seq of the tenant\'s newest event', async () => {
      expect(await store.lastEventSeq(tenantId)).toBe(0);
      await store.transaction((tx) => tx.appendEvents(tenantId, T0, [{ type: 'tenant.credentials_rotated' }, { type: 'tenant.credentials_rotated' }]));
      expect(await store.lastEventSeq(tenantId)).toBe(2);
      expect(await store.transaction((tx) => tx.lastEventSeq(tenantId))).toBe(2);
      expect(await store.lastEventSeq('no-such-tenant')).toBe(0);
    });

    it('enqueues in order with the cursor, numbering 1, 2, … per destination', async () => {
      const [a, b, c] = [message(), message(), message()];
      await store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [a, b], 7, 9));
      await store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [], 9, 12));
      await store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [c], 12, 13));
      expect((await store.getDestination(tenantId, 'wh-1'))?.cursor).toBe(13);
      const outbox = await store.listOutbox(tenantId, 'wh-1', 0, 10);
      expect(outbox.map((m) => [m.seq, m.messageId, m.body])).toStrictEqual([[1, a.messageId, a.body], [2, b.messageId, b.body], [3, c.messageId, c.body]]);
      expect(outbox[0]).toStrictEqual({
        ...a, tenantId, destinationId: 'wh-1', seq: 1, status: 'pending', attempts: 0, nextAttemptAt: T0, lastError: null, deliveredAt: null,
      });
      expect((await store.listOutbox(tenantId, 'wh-1', 1, 1)).map((m) => m.seq)).toStrictEqual([2]);
    });

    it('refuses an enqueue from a stale cursor and keeps nothing of it', async () => {
      await store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [message()], 7, 8));
      await expect(store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [message()], 7, 8))).rejects.toBeInstanceOf(StaleWriteError);
      expect(await store.listOutbox(tenantId, 'wh-1', 0, 10)).toHaveLength(1);
      expect((await store.getDestination(tenantId, 'wh-1'))?.cursor).toBe(8);
    });

    it('refuses a message id used before', async () => {
      const m = message();
      await store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [m], 7, 8));
      await expect(store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [m], 8, 9))).rejects.toThrow();
      expect((await store.getDestination(tenantId, 'wh-1'))?.cursor).toBe(8);
    });

    it('tracks attempts and delivery: the head is the oldest pending message', async () => {
      await store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [message(), message(), message()], 7, 10));
      await store.transaction((tx) => tx.recordFailedAttempt(tenantId, 'wh-1', 1, 'HTTP 500', T0 + 1000));
      await store.transaction((tx) => tx.recordFailedAttempt(tenantId, 'wh-1', 1, 'timeout', T0 + 3000));
      let counts = await store.deliveryCounts(tenantId, 'wh-1');
      expect(counts).toMatchObject({ pending: 3, delivered: 0, head: { seq: 1, attempts: 2, lastError: 'timeout', nextAttemptAt: T0 + 3000 } });
      await store.transaction((tx) => tx.markDelivered(tenantId, 'wh-1', 1, T0 + 3001));
      await store.transaction((tx) => tx.markDelivered(tenantId, 'wh-1', 1, T0 + 9999)); // delivered stays as it was
      await store.transaction((tx) => tx.recordFailedAttempt(tenantId, 'wh-1', 1, 'late', T0));
      counts = await store.deliveryCounts(tenantId, 'wh-1');
      expect(counts).toMatchObject({ pending: 2, delivered: 1, head: { seq: 2, attempts: 0 } });
      expect((await store.listOutbox(tenantId, 'wh-1', 0, 1))[0]).toMatchObject({ status: 'delivered', deliveredAt: T0 + 3001, attempts: 2, lastError: null });
      expect(await store.headOfOutbox(tenantId, 'wh-1')).toMatchObject({ seq: 2 });
    });

    it('deletes a destination with its outbox; rolled-back enqueues leave nothing', async () => {
      await expect(store.transaction(async (tx) => {
        await tx.enqueueMessages(tenantId, 'wh-1', [message()], 7, 8);
        throw new Error('rollback');
      })).rejects.toThrow('rollback');
      expect(await store.deliveryCounts(tenantId, 'wh-1')).toStrictEqual({ pending: 0, delivered: 0, head: undefined });
      expect((await store.getDestination(tenantId, 'wh-1'))?.cursor).toBe(7);
      await store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [message()], 7, 8));
      expect(await store.transaction((tx) => tx.deleteDestination(tenantId, 'wh-1'))).toBe(true);
      expect(await store.transaction((tx) => tx.deleteDestination(tenantId, 'wh-1'))).toBe(false);
      expect(await store.listDestinations(tenantId)).toStrictEqual([]);
      expect(await store.listOutbox(tenantId, 'wh-1', 0, 10)).toStrictEqual([]);
    });

    const reopen = factory.reopen?.bind(factory);
    if (reopen) {
      it('keeps destinations, cursors and pending messages across a restart', async () => {
        await store.transaction((tx) => tx.enqueueMessages(tenantId, 'wh-1', [message(), message()], 7, 9));
        await store.transaction((tx) => tx.recordFailedAttempt(tenantId, 'wh-1', 1, 'HTTP 503', T0 + 5));
        const before = await store.listOutbox(tenantId, 'wh-1', 0, 10);
        store = await reopen();
        expect(await store.listOutbox(tenantId, 'wh-1', 0, 10)).toStrictEqual(before);
        expect((await store.getDestination(tenantId, 'wh-1'))?.cursor).toBe(9);
      });
    }
  });
}
