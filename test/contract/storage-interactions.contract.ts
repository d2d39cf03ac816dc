import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INITIAL_STATE, type Agent } from '../../src/domain/agent.ts';
import { applySignal } from '../../src/domain/calls/call-flow.ts';
import { placeCall, type Interaction } from '../../src/domain/calls/interaction.ts';
import type { Store } from '../../src/ports/storage.ts';
import type { StoreFactory } from './storage.contract.ts';
import { newTenant, openWithTenant } from './storage.fixtures.ts';

function agent(tenantId: string, agentId: string): Agent {
  return {
    tenantId, agentId, userId: 1, name: agentId, username: null, groupId: null, version: 1,
    state: { ...INITIAL_STATE, presence: { kind: 'available', reason: null } },
  };
}

/** A direct call placed by the pure core, so the stored document has the real shape. */
function placed(tenantId: string, agentId: string, guid: string, now: number): Interaction {
  return placeCall(
    { guid, agentLegId: `${guid}-a`, customerLegId: `${guid}-c`, tenantId, agent: agent(tenantId, agentId), queue: null, line: 1,
      destination: '+16175551984', callerId: '+12015551212', wrapUpSeconds: 0, ctlUserData: [{ name: 'AccountRef', value: 'BB123987 ✓' }] },
    { agent: agent(tenantId, agentId), now, otherLine: null, otherPostProcessing: false },
  ).interaction;
}

/** The interactions part of the storage contract. */
export function interactionsContract(name: string, factory: StoreFactory): void {
  describe(`storage contract (interactions): ${name}`, () => {
    let store: Store;
    let tenantId: string;
    beforeEach(async () => void ({ store, tenantId } = await openWithTenant(factory)));
    afterEach(() => factory.cleanup());

    it('numbers interactions 1, 2, … per tenant and round-trips the document', async () => {
      const first = placed(tenantId, 'agA', 'int-1', 1000);
      const numbers = await store.transaction(async (tx) => [await tx.insertInteraction(first), await tx.insertInteraction(placed(tenantId, 'agB', 'int-2', 2000))]);
      expect(numbers).toStrictEqual([1, 2]);
      const other = (await store.transaction((tx) => tx.insertTenant(newTenant()))).id;
      expect(await store.transaction((tx) => tx.insertInteraction(placed(other, 'agA', 'int-1', 1000)))).toBe(1);
      expect(await store.getInteraction(tenantId, 'int-1')).toStrictEqual({ ...first, transactionNumber: 1 });
      expect(await store.getInteraction(tenantId, 'int-x')).toBeUndefined();
    });

    it('lists active interactions (the live registry) until they complete, and an agent\'s newest first', async () => {
      const call = placed(tenantId, 'agA', 'int-1', 1000);
      await store.transaction(async (tx) => {
        await tx.insertInteraction(call);
        await tx.insertInteraction(placed(tenantId, 'agA', 'int-2', 2000));
      });
      expect((await store.listActiveInteractions()).map((i) => i.guid)).toStrictEqual(['int-1', 'int-2']);
      const ctx = { agent: agent(tenantId, 'agA'), now: 3000, otherLine: null, otherPostProcessing: false };
      const ended = applySignal(call, { kind: 'end', by: 'system' }, ctx);
      if (!ended.changed) throw new Error('the call should end');
      await store.transaction((tx) => tx.saveInteraction({ ...ended.interaction, transactionNumber: 1 }));
      expect((await store.listActiveInteractions()).map((i) => i.guid)).toStrictEqual(['int-2']);
      expect((await store.getInteraction(tenantId, 'int-1'))?.endedAt).toBe(3000);
      expect((await store.listAgentInteractions(tenantId, 'agA', 10)).map((i) => i.guid)).toStrictEqual(['int-2', 'int-1']);
      expect((await store.listAgentInteractions(tenantId, 'agA', 1)).map((i) => i.guid)).toStrictEqual(['int-2']);
    });

    it('refuses to save an interaction that was never stored, and rolls back with its transaction', async () => {
      await expect(store.transaction((tx) => tx.saveInteraction(placed(tenantId, 'agA', 'int-9', 1)))).rejects.toThrow(/not stored/);
      await expect(
        store.transaction(async (tx) => {
          await tx.insertInteraction(placed(tenantId, 'agA', 'int-3', 1));
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(await store.getInteraction(tenantId, 'int-3')).toBeUndefined();
      expect(await store.transaction((tx) => tx.insertInteraction(placed(tenantId, 'agA', 'int-4', 1)))).toBe(1);
    });
  });
}
