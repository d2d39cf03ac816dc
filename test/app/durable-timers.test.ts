import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/app/clock.ts';
import { Platform } from '../../src/app/platform.ts';
import { seededRandom } from '../../src/domain/ports.ts';
import { openSqliteStore } from '../../src/storage/sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'durable-timers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(db: string) {
  const store = await openSqliteStore(db);
  const clock = await VirtualClock.open(store);
  const platform = await Platform.open({ store, clock, random: seededRandom(9) });
  const fired: string[] = [];
  // A test kind: its change records the firing in a setting, in the same transaction as the timer's deletion.
  platform.durableTimers.on('test.note', (timer) => ({
    events: [],
    write: (tx) => tx.setSetting(`fired:${timer.timerId}`, String(clock.now())),
    apply: () => void fired.push(timer.timerId),
  }));
  return { store, clock, platform, fired };
}

describe('DurableTimers', () => {
  it('fire once at their due time, survive a restart, and can be cancelled', async () => {
    const db = join(dir, 't.sqlite');
    const first = await open(db);
    const { platform, clock, store } = first;
    await platform.apply({ tenants: [{ name: 'timers', actionRequestToken: 'timers-token' }] });
    const tenantId = platform.directory.tenantByName('timers')!.id;
    const t0 = clock.now();
    const schedule = (timerId: string, dueAt: number) => {
      const edit = platform.durableTimers.schedule({ tenantId, timerId, dueAt, kind: 'test.note', payload: {} });
      return platform.committer.submit(tenantId, { events: [], write: edit.write, apply: () => edit.after() });
    };
    await schedule('a', t0 + 10_000);
    await schedule('b', t0 + 20_000);
    await schedule('c', t0 + 30_000);
    const cancel = platform.durableTimers.cancel(tenantId, 'c');
    await platform.committer.submit(tenantId, { events: [], write: cancel.write, apply: () => cancel.after() });

    await clock.advance(15_000);
    expect(first.fired).toEqual(['a']);
    expect(await store.getSetting('fired:a')).toBe(String(t0 + 10_000));
    expect((await store.listTimers()).map((t) => t.timerId)).toEqual(['b']);
    await platform.close();

    const second = await open(db); // 'b' is re-armed from the store
    expect(second.platform.durableTimers.armedCount()).toBe(1);
    await second.clock.advance(10_000);
    expect(second.fired).toEqual(['b']);
    expect(await second.store.getSetting('fired:b')).toBe(String(t0 + 20_000));
    expect(await second.store.getSetting('fired:c')).toBeUndefined();
    expect(await second.store.listTimers()).toEqual([]);
    expect(second.platform.timers.pending()).toBe(0);
    await second.platform.close();
  });
});
