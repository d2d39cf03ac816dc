import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VIRTUAL_EPOCH, VirtualClock } from '../../src/app/clock.ts';
import { VirtualTimers, WallTimers } from '../../src/app/timers.ts';
import { openSqliteStore } from '../../src/storage/sqlite.ts';

describe('VirtualTimers', () => {
  it('runs due timers in due order, ties in scheduling order, and only up to the target', async () => {
    const timers = new VirtualTimers();
    const ran: string[] = [];
    let now = 0;
    timers.at(30, () => void ran.push(`c@${now}`));
    timers.at(10, () => void ran.push(`a@${now}`));
    timers.at(10, () => void ran.push(`b@${now}`));
    timers.at(50, () => void ran.push(`late@${now}`));
    expect(await timers.runUntil(40, (t) => (now = t))).toBe(3);
    expect(ran).toEqual(['a@10', 'b@10', 'c@30']);
    expect(timers.pending()).toBe(1);
  });

  it('runs what a timer schedules inside the span, and skips cancelled ones', async () => {
    const timers = new VirtualTimers();
    const ran: number[] = [];
    let now = 0;
    timers.at(10, () => void timers.at(now + 5, () => void ran.push(now)));
    const cancel = timers.at(12, () => void ran.push(-1));
    cancel();
    cancel();
    await timers.runUntil(100, (t) => (now = t));
    expect(ran).toEqual([15]);
    expect(timers.pending()).toBe(0);
  });

  it('orders any set of timers like a sort by (due, scheduling order)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 200 }), async (dues) => {
        const timers = new VirtualTimers();
        const fired: number[] = [];
        dues.forEach((due, i) => timers.at(due, () => void fired.push(i)));
        await timers.runUntil(1000, () => {});
        const expected = dues.map((due, i) => ({ due, i })).sort((a, b) => a.due - b.due || a.i - b.i).map((x) => x.i);
        expect(fired).toEqual(expected);
      }),
    );
  });
});

describe('VirtualClock.advance', () => {
  it('runs timers at their due time, waits for async ones, and persists the position', async () => {
    const store = await openSqliteStore(':memory:');
    const clock = await VirtualClock.open(store);
    const seen: number[] = [];
    clock.timers.at(VIRTUAL_EPOCH + 60_000, async () => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(clock.now());
    });
    clock.timers.at(VIRTUAL_EPOCH + 61_000, () => void seen.push(clock.now()));
    expect(await clock.advance(600_000)).toBe(2);
    expect(seen).toEqual([VIRTUAL_EPOCH + 60_000, VIRTUAL_EPOCH + 61_000]);
    expect(clock.now()).toBe(VIRTUAL_EPOCH + 600_000);
    expect((await VirtualClock.open(store)).now()).toBe(VIRTUAL_EPOCH + 600_000);
    await store.close();
  });
});

describe('WallTimers', () => {
  it('fires on the machine clock and can be cancelled', async () => {
    const timers = new WallTimers();
    const fired: string[] = [];
    timers.at(Date.now() + 5, () => void fired.push('a'));
    const cancel = timers.at(Date.now() + 5, () => void fired.push('b'));
    cancel();
    expect(timers.pending()).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toEqual(['a']);
    expect(timers.pending()).toBe(0);
  });
});
