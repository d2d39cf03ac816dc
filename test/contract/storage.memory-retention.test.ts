import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, type Agent } from '../../src/domain/agent.ts';
import { applySignal } from '../../src/domain/calls/call-flow.ts';
import { placeCall } from '../../src/domain/calls/interaction.ts';
import { MemoryDatabase, openMemoryStore } from '../../src/storage/memory/memory-store.ts';
import { events, newTenant } from './storage.fixtures.ts';

const agent = (tenantId: string): Agent => ({
  tenantId, agentId: 'agA', userId: 1, name: 'A', username: null, groupId: null, version: 1,
  state: { ...INITIAL_STATE, presence: { kind: 'available', reason: null } },
});

async function withTenant(database: MemoryDatabase) {
  const store = await openMemoryStore(database);
  const tenantId = (await store.transaction((tx) => tx.insertTenant(newTenant()))).id;
  return { store, tenantId };
}

describe('memory store retention (what a long simulation keeps)', () => {
  it('keeps every event by default', async () => {
    const { store, tenantId } = await withTenant(new MemoryDatabase());
    for (let i = 0; i < 10; i++) await store.transaction((tx) => tx.appendEvents(tenantId, i, events(i * 5, 5)));
    expect((await store.readEvents(tenantId, 0, 100)).map((e) => e.seq)).toStrictEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('lets go of events beyond twice the window, numbering on without gaps from the oldest kept', async () => {
    const { store, tenantId } = await withTenant(new MemoryDatabase({ eventWindow: 10 }));
    for (let i = 0; i < 10; i++) await store.transaction((tx) => tx.appendEvents(tenantId, i, events(i * 5, 5)));
    const kept = await store.readEvents(tenantId, 0, 100);
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThanOrEqual(20);
    expect(kept.at(-1)?.seq).toBe(50);
    expect(kept.map((e) => e.seq)).toStrictEqual(Array.from({ length: kept.length }, (_, i) => 51 - kept.length + i));
    expect((await store.readEvents(tenantId, 45, 100)).map((e) => e.seq)).toStrictEqual([46, 47, 48, 49, 50]);
    const [next] = await store.transaction((tx) => tx.appendEvents(tenantId, 99, events(0, 1)));
    expect(next?.seq).toBe(51);
  });

  it('without history, a completed interaction is let go while a live one stays', async () => {
    const { store, tenantId } = await withTenant(new MemoryDatabase({ keepHistory: false }));
    const place = (guid: string) => placeCall(
      { guid, agentLegId: `${guid}-a`, customerLegId: `${guid}-c`, tenantId, agent: agent(tenantId), queue: null, line: 1, destination: '+16175551984', callerId: null, wrapUpSeconds: 0 },
      { agent: agent(tenantId), now: 1000, otherLine: null, otherPostProcessing: false },
    ).interaction;
    const first = place('int-1');
    await store.transaction(async (tx) => {
      await tx.insertInteraction(first);
      await tx.insertInteraction(place('int-2'));
    });
    const ended = applySignal(first, { kind: 'end', by: 'system' }, { agent: agent(tenantId), now: 2000, otherLine: null, otherPostProcessing: false });
    if (!ended.changed) throw new Error('the call should end');
    await store.transaction((tx) => tx.saveInteraction({ ...ended.interaction, transactionNumber: 1 }));
    expect(await store.getInteraction(tenantId, 'int-1')).toBeUndefined();
    expect((await store.listActiveInteractions()).map((i) => i.guid)).toStrictEqual(['int-2']);
    expect((await store.listAgentInteractions(tenantId, 'agA', 10)).map((i) => i.guid)).toStrictEqual(['int-2']);
  });

  it('rolls back an append inside a failed transaction and prunes only committed logs', async () => {
    const { store, tenantId } = await withTenant(new MemoryDatabase({ eventWindow: 2 }));
    await store.transaction((tx) => tx.appendEvents(tenantId, 1, events(0, 3)));
    await expect(store.transaction(async (tx) => {
      await tx.appendEvents(tenantId, 2, events(0, 5));
      throw new Error('refused');
    })).rejects.toThrow('refused');
    const [next] = await store.transaction((tx) => tx.appendEvents(tenantId, 3, events(0, 1)));
    expect(next?.seq).toBe(4);
  });
});
