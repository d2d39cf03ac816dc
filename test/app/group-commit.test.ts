import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/app/event-bus.ts';
import { GroupCommitter } from '../../src/app/group-commit.ts';
import { Platform } from '../../src/app/platform.ts';
import { demoDocument } from '../../src/app/demo.ts';
import type { LoggedEvent } from '../../src/domain/events.ts';
import { ManualClock, seededRandom } from '../../src/domain/ports.ts';
import type { Store } from '../../src/ports/storage.ts';
import { openSqliteStore } from '../../src/storage/sqlite.ts';

let store: Store;
let transactions = 0;
let tenantId: string;

beforeEach(async () => {
  store = await openSqliteStore(':memory:');
  const platform = await Platform.open({ store, clock: new ManualClock(0), random: seededRandom(3) });
  await platform.apply(demoDocument('group-commit-secret'));
  tenantId = platform.directory.tenantByName('acmecorp01')!.id;
  const transaction = store.transaction.bind(store);
  transactions = 0;
  store.transaction = (fn) => {
    transactions++;
    return transaction(fn);
  };
});
afterEach(() => store.close());

const event = (n: number) => ({ type: 'tenant.feature_changed' as const, feature: 'agentStatusApi' as const, enabled: n % 2 === 0 });

describe('GroupCommitter', () => {
  it('commits changes submitted together in one transaction, in order, each with its own events', async () => {
    const bus = new EventBus();
    const published: LoggedEvent[] = [];
    bus.subscribe((e) => published.push(e));
    const committer = new GroupCommitter(store, new ManualClock(42), bus);
    const applied: number[] = [];
    const results = await Promise.all(
      [1, 2, 3].map((n) => committer.submit(tenantId, { events: [event(n), event(n)], write: async () => n, apply: (r) => void applied.push(r) })),
    );
    expect(transactions).toBe(1);
    expect(applied).toEqual([1, 2, 3]);
    const seqs = results.map((r) => r.logged.map((e) => e.seq));
    const first = seqs[0]![0]!;
    expect(seqs).toEqual([[first, first + 1], [first + 2, first + 3], [first + 4, first + 5]]);
    expect(published.map((e) => e.seq)).toEqual(seqs.flat());
    expect(published.every((e) => e.at === 42)).toBe(true);
  });

  it('retries a failed batch one by one, so one bad change fails alone', async () => {
    const committer = new GroupCommitter(store, new ManualClock(0), new EventBus());
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        committer.submit(tenantId, {
          events: [event(n)],
          write: async () => {
            if (n === 2) throw new Error('bad change');
            return n;
          },
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(transactions).toBe(4); // the shared attempt, then one each
    const logged = await store.readEvents(tenantId, 0, 1000);
    const seqs = logged.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1)); // no gap where the bad change was
  });

  it('acknowledges nothing that did not commit', async () => {
    const committer = new GroupCommitter(store, new ManualClock(0), new EventBus());
    const before = (await store.readEvents(tenantId, 0, 1000)).length;
    await expect(committer.submit('no-such-tenant', { events: [event(1)], write: async () => 1 })).rejects.toThrow(/does not exist/);
    expect((await store.readEvents(tenantId, 0, 1000)).length).toBe(before);
  });
});

describe('AgentStatusService under concurrency', () => {
  it('decides each change on the newest state, even before the previous one committed', async () => {
    const platform = await Platform.open({ store, clock: new ManualClock(0), random: seededRandom(4) });
    const agent = 'agAQDqmvKiRbG4ekigNSmbbb';
    const lunch = { status: 3, reason: { listId: 801, itemId: 1725 } };
    const train = { status: 5, reason: { listId: 801, itemId: 1726 } };
    const [a, b, c] = await Promise.all([
      platform.agentStatus.set(tenantId, agent, lunch, 'vcc'),
      platform.agentStatus.set(tenantId, agent, train, 'vcc'),
      platform.agentStatus.set(tenantId, agent, train, 'vcc'), // the same as the newest decided state: a no-op
    ]);
    expect([a.changed, b.changed, c.changed]).toEqual([true, true, false]);
    expect(platform.directory.agent(tenantId, agent)?.state.presence).toEqual({ kind: 'working_offline', reason: { listId: 801, itemId: 1726 } });
    const changes = (await store.readEvents(tenantId, 0, 1000)).filter((e) => e.event.type === 'agent.presence_changed').map((e) => e.event);
    expect(changes.map((e) => ('from' in e ? [e.from.kind, e.to.kind] : []))).toEqual([['available', 'on_break'], ['on_break', 'working_offline']]);
    expect((await store.getAgent(tenantId, agent))?.version).toBe(platform.directory.agent(tenantId, agent)?.version);
  });
});
