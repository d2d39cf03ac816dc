import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INITIAL_ROUTING, withJoined } from '../../src/domain/acd/agent-routing.ts';
import type { QueueCaller } from '../../src/domain/acd/queue-caller.ts';
import { DEFAULT_ROUTING } from '../../src/domain/acd/routing.ts';
import type { Agent } from '../../src/domain/agent.ts';
import type { Queue } from '../../src/domain/calls/queue.ts';
import type { Store } from '../../src/ports/storage.ts';
import type { StoreFactory } from './storage.contract.ts';
import { newAgent, newTenant, openWithTenant } from './storage.fixtures.ts';

function caller(tenantId: string, callerId: string, extra: Partial<QueueCaller> = {}): QueueCaller {
  return {
    callerId, tenantId, queueId: 600, legId: `leg-${callerId}`, number: '+16175550100', dialled: '+18005550100', answeredAt: 1000,
    joinedAt: 1000, baseScore: 0, seq: 1, state: 'waiting', agentId: null, offers: 0, resumed: false, leftAt: null, cause: null, ...extra,
  };
}

/** The ACD part of the storage contract: routing state, queue routing and tiers, time groups, numbers, queue callers. */
export function acdContract(name: string, factory: StoreFactory): void {
  describe(`storage contract (ACD): ${name}`, () => {
    let store: Store;
    let tenantId: string;
    beforeEach(async () => void ({ store, tenantId } = await openWithTenant(factory)));
    afterEach(() => factory.cleanup());

    it('keeps a queue\'s routing and tiers, and an agent\'s routing state and overrides', async () => {
      const queue: Queue = {
        tenantId, id: 600, name: 'Support', type: 'inbound', ccsUuid: null, extension: null, wrapUpSeconds: 10, transactionCodeListIds: [], codesRequired: false,
        routing: { ...DEFAULT_ROUTING, strategy: 'top-down', tierRulesApply: true },
        tiers: [{ agentId: 'agA', mode: 'Available', position: 1, level: 2, timeGroupId: 7 }],
        settings: { tvName: 'SUP', slaAnswerTime: 20, autoAnswer: false, labels: [3, 4], exits: [{ key: 1, to: 'voicemail' }], backgroundColor: '#ffcc00' },
      };
      const routing = { ...withJoined(INITIAL_ROUTING, [600]), callsAnswered: 3, talkTimeMs: 90_000, lastBridgeEndAt: 5000, readyAt: 9000 };
      const overrides = { noAnswerDelayTime: 10, rejectDelayTime: 5, busyDelayTime: 3, maxNoAnswer: 2 };
      await store.transaction(async (tx) => {
        await tx.putQueue(queue);
        await tx.insertAgent(newAgent(tenantId, 'agA'));
      });
      const agent = (await store.listAgents(tenantId))[0] as Agent;
      await store.transaction(async (tx) => {
        await tx.saveAgentState(tenantId, 'agA', { ...agent.state, routing }, agent.version);
        await tx.putAgentCallSettings(tenantId, { agentId: 'agA', callerId: null, dialPlanId: null, wrapUpSeconds: null, overrides });
      });
      expect(await store.listQueues(tenantId)).toStrictEqual([queue]);
      expect((await store.listAgents(tenantId))[0]?.state.routing).toStrictEqual(routing);
      expect(await store.listAgentCallSettings(tenantId)).toStrictEqual([{ agentId: 'agA', callerId: null, dialPlanId: null, wrapUpSeconds: null, overrides }]);
    });

    it('keeps time groups and numbers; a number belongs to one tenant', async () => {
      const group = { id: 7, name: 'Office', rules: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }] };
      await store.transaction(async (tx) => {
        await tx.putTimeGroup(tenantId, group);
        await tx.putDid({ number: '+18005550100', tenantId, queueId: 600 });
        await tx.putDid({ number: '+18005550100', tenantId, queueId: 601 });
      });
      expect(await store.listTimeGroups(tenantId)).toStrictEqual([group]);
      expect(await store.listDids()).toStrictEqual([{ number: '+18005550100', tenantId, queueId: 601 }]);
      const other = (await store.transaction((tx) => tx.insertTenant(newTenant()))).id;
      await expect(store.transaction((tx) => tx.putDid({ number: '+18005550100', tenantId: other, queueId: 1 }))).rejects.toThrow(/another tenant/);
      expect(await store.listDids(tenantId)).toStrictEqual([{ number: '+18005550100', tenantId, queueId: 601 }]);
      expect(await store.listDids(other)).toStrictEqual([]);
      await store.transaction((tx) => tx.deleteDid(tenantId, '+18005550100'));
      expect(await store.listDids()).toStrictEqual([]);
    });

    it('lists open queue callers in join order and the ones who left since a time', async () => {
      await store.transaction(async (tx) => {
        await tx.putQueueCaller(caller(tenantId, 'qc-2', { seq: 2 }));
        await tx.putQueueCaller(caller(tenantId, 'qc-1', { seq: 1, state: 'connected', agentId: 'agA' }));
        await tx.putQueueCaller(caller(tenantId, 'qc-3', { seq: 3, state: 'left', leftAt: 5000, cause: 'BREAK_OUT' }));
      });
      expect((await store.listOpenQueueCallers()).map((c) => c.callerId)).toStrictEqual(['qc-1', 'qc-2']);
      expect(await store.listQueueCallersLeftSince(5000)).toStrictEqual([caller(tenantId, 'qc-3', { seq: 3, state: 'left', leftAt: 5000, cause: 'BREAK_OUT' })]);
      expect(await store.listQueueCallersLeftSince(5001)).toStrictEqual([]);
      await store.transaction((tx) => tx.putQueueCaller(caller(tenantId, 'qc-2', { seq: 2, state: 'left', leftAt: 6000, cause: 'TIMEOUT' })));
      expect((await store.listOpenQueueCallers()).map((c) => c.callerId)).toStrictEqual(['qc-1']);
    });
  });
}
