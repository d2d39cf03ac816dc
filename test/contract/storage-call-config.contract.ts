import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DialPlan } from '../../src/domain/calls/dial-plan.ts';
import type { Queue, TransactionCodeList } from '../../src/domain/calls/queue.ts';
import type { Store } from '../../src/ports/storage.ts';
import type { StoreFactory } from './storage.contract.ts';
import { newAgent, newTenant, openWithTenant } from './storage.fixtures.ts';

const US: DialPlan = { id: 12, name: 'US', countryCode: '1', nationalNumberLengths: [10], trunkPrefix: '1', internationalPrefix: '011' };
const TCL: TransactionCodeList = { id: 12, name: 'Outcome', choice: 'single', tenantWide: false, items: [{ id: 234, label: 'Sale ✓' }] };

function queue(tenantId: string, overrides: Partial<Queue> = {}): Queue {
  return {
    tenantId, id: 598, name: 'Outbound', type: 'outbound', ccsUuid: null, extension: null,
    wrapUpSeconds: 30, transactionCodeListIds: [12, 2281], codesRequired: true, ...overrides,
  };
}

/** The call-configuration part of the storage contract (queues, code lists, dial plans, channels, call settings). */
export function callConfigContract(name: string, factory: StoreFactory): void {
  describe(`storage contract (call configuration): ${name}`, () => {
    let store: Store;
    let tenantId: string;
    beforeEach(async () => void ({ store, tenantId } = await openWithTenant(factory)));
    afterEach(() => factory.cleanup());

    it('creates and replaces queues, listed by id', async () => {
      await store.transaction(async (tx) => {
        await tx.putQueue(queue(tenantId, { id: 700, type: 'inbound', ccsUuid: 'u-1', extension: '8001', wrapUpSeconds: null, codesRequired: false }));
        await tx.putQueue(queue(tenantId));
      });
      await store.transaction((tx) => tx.putQueue(queue(tenantId, { name: 'Renamed', transactionCodeListIds: [] })));
      expect(await store.listQueues(tenantId)).toStrictEqual([
        queue(tenantId, { name: 'Renamed', transactionCodeListIds: [] }),
        queue(tenantId, { id: 700, type: 'inbound', ccsUuid: 'u-1', extension: '8001', wrapUpSeconds: null, codesRequired: false }),
      ]);
    });

    it('round-trips code lists and dial plans as documents, replacing by id', async () => {
      await store.transaction(async (tx) => {
        await tx.putTransactionCodeList(tenantId, { ...TCL, id: 2281, choice: 'multiple', tenantWide: true });
        await tx.putTransactionCodeList(tenantId, TCL);
        await tx.putDialPlan(tenantId, US);
      });
      await store.transaction((tx) => tx.putDialPlan(tenantId, { ...US, trunkPrefix: null }));
      expect(await store.listTransactionCodeLists(tenantId)).toStrictEqual([TCL, { ...TCL, id: 2281, choice: 'multiple', tenantWide: true }]);
      expect(await store.listDialPlans(tenantId)).toStrictEqual([{ ...US, trunkPrefix: null }]);
    });

    it('replaces the channel set, sorted and without duplicates', async () => {
      await store.transaction((tx) => tx.putChannels(tenantId, ['12015551212', '12015550000', '12015551212']));
      expect(await store.listChannels(tenantId)).toStrictEqual(['12015550000', '12015551212']);
      await store.transaction((tx) => tx.putChannels(tenantId, []));
      expect(await store.listChannels(tenantId)).toStrictEqual([]);
    });

    it('keeps tenant call defaults and agent call settings', async () => {
      expect(await store.getCallDefaults(tenantId)).toStrictEqual({ wrapUpSeconds: 0, dialPlanId: null });
      await store.transaction(async (tx) => {
        await tx.insertAgent(newAgent(tenantId, 'agB'));
        await tx.insertAgent(newAgent(tenantId, 'agA'));
        await tx.putCallDefaults(tenantId, { wrapUpSeconds: 45, dialPlanId: 12 });
        await tx.putAgentCallSettings(tenantId, { agentId: 'agB', callerId: '12015551212', dialPlanId: 12, wrapUpSeconds: 10 });
      });
      expect(await store.getCallDefaults(tenantId)).toStrictEqual({ wrapUpSeconds: 45, dialPlanId: 12 });
      expect(await store.listAgentCallSettings(tenantId)).toStrictEqual([
        { agentId: 'agA', callerId: null, dialPlanId: null, wrapUpSeconds: null },
        { agentId: 'agB', callerId: '12015551212', dialPlanId: 12, wrapUpSeconds: 10 },
      ]);
    });

    it('keeps another tenant apart', async () => {
      const other = (await store.transaction((tx) => tx.insertTenant(newTenant()))).id;
      await store.transaction(async (tx) => {
        await tx.putQueue(queue(tenantId));
        await tx.putChannels(tenantId, ['1']);
      });
      expect(await store.listQueues(other)).toStrictEqual([]);
      expect(await store.listChannels(other)).toStrictEqual([]);
    });
  });
}
