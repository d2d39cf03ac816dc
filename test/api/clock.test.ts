import { describe, expect, it } from 'vitest';
import { VIRTUAL_EPOCH, VirtualClock } from '../../src/app/clock.ts';
import { openSqliteStore } from '../../src/storage/sqlite.ts';
import { startTestServer } from '../support/server.ts';

describe('virtual clock', () => {
  it('starts at its epoch, moves only when told, and persists its position', async () => {
    const store = await openSqliteStore(':memory:');
    const clock = await VirtualClock.open(store);
    expect(clock.now()).toBe(VIRTUAL_EPOCH);
    await clock.advance(90_000);
    expect(clock.now()).toBe(VIRTUAL_EPOCH + 90_000);
    expect((await VirtualClock.open(store)).now()).toBe(VIRTUAL_EPOCH + 90_000);
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
    await store.close();
  });

  it('serve --clock virtual stamps changes with contact-center time', async () => {
    const server = await startTestServer({ clock: 'virtual' });
    const res = await fetch(`${server.url}/admin/v1/clock`, { headers: { authorization: server.admin } });
    expect(await res.json()).toEqual({ mode: 'virtual', now: VIRTUAL_EPOCH, iso: new Date(VIRTUAL_EPOCH).toISOString(), pendingTimers: 0 });
    const log = await fetch(`${server.url}/admin/v1/tenants/acmecorp01/events?limit=1`, { headers: { authorization: server.admin } });
    expect(((await log.json()) as { events: { at: string }[] }).events[0]?.at).toBe(new Date(VIRTUAL_EPOCH).toISOString());
    const advance = (seconds: string) => fetch(`${server.url}/admin/v1/clock/advance?seconds=${seconds}`, { method: 'POST', headers: { authorization: server.admin } });
    const fired: number[] = [];
    server.platform.timers.at(VIRTUAL_EPOCH + 300_000, () => void fired.push(server.platform.clock.now()));
    const moved = await advance('600');
    expect(await moved.json()).toMatchObject({ mode: 'virtual', now: VIRTUAL_EPOCH + 600_000, timersRun: 1 });
    expect(fired).toEqual([VIRTUAL_EPOCH + 300_000]);
    expect((await advance('-1')).status).toBe(400);
    expect((await advance('lots')).status).toBe(400);
    await server.close();
  });

  it('a wall-clock server refuses to advance (409)', async () => {
    const server = await startTestServer();
    const res = await fetch(`${server.url}/admin/v1/clock/advance?seconds=1`, { method: 'POST', headers: { authorization: server.admin } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toMatch(/--clock virtual/);
    await server.close();
  });
});
