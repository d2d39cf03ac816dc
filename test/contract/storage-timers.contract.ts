import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/storage.ts';
import type { StoreFactory } from './storage.contract.ts';
import { openWithTenant } from './storage.fixtures.ts';

/** The timer part of the storage contract, run by every adapter beside `storageContract`. */
export function timersContract(name: string, factory: StoreFactory): void {
  describe(`storage contract (timers): ${name}`, () => {
    let store: Store;
    let tenantId: string;
    beforeEach(async () => void ({ store, tenantId } = await openWithTenant(factory)));
    afterEach(() => factory.cleanup());

    it('stores timers and lists them earliest first, payloads round-tripped', async () => {
      await store.transaction(async (tx) => {
        await tx.putTimer({ tenantId, timerId: 'late', dueAt: 3_000_000_000_000, kind: 'k', payload: { nested: ['ü', 1] } });
        await tx.putTimer({ tenantId, timerId: 'early', dueAt: 1000, kind: 'post_processing.end', payload: null });
      });
      expect(await store.listTimers()).toStrictEqual([
        { tenantId, timerId: 'early', dueAt: 1000, kind: 'post_processing.end', payload: null },
        { tenantId, timerId: 'late', dueAt: 3_000_000_000_000, kind: 'k', payload: { nested: ['ü', 1] } },
      ]);
    });

    it('replaces a timer with the same id, and deletes it once', async () => {
      await store.transaction((tx) => tx.putTimer({ tenantId, timerId: 't', dueAt: 1, kind: 'a', payload: 1 }));
      await store.transaction((tx) => tx.putTimer({ tenantId, timerId: 't', dueAt: 2, kind: 'b', payload: 2 }));
      expect(await store.listTimers()).toStrictEqual([{ tenantId, timerId: 't', dueAt: 2, kind: 'b', payload: 2 }]);
      expect(await store.transaction((tx) => tx.deleteTimer(tenantId, 't'))).toBe(true);
      expect(await store.transaction((tx) => tx.deleteTimer(tenantId, 't'))).toBe(false);
      expect(await store.listTimers()).toStrictEqual([]);
    });

    it('keeps no timer of a transaction that rolled back', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.putTimer({ tenantId, timerId: 'x', dueAt: 5, kind: 'k', payload: {} });
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(await store.listTimers()).toStrictEqual([]);
    });

    const reopen = factory.reopen?.bind(factory);
    if (reopen) {
      it('keeps timers across a restart', async () => {
        await store.transaction((tx) => tx.putTimer({ tenantId, timerId: 'd', dueAt: 42, kind: 'k', payload: { a: 1 } }));
        store = await reopen();
        expect(await store.listTimers()).toStrictEqual([{ tenantId, timerId: 'd', dueAt: 42, kind: 'k', payload: { a: 1 } }]);
      });
    }
  });
}
