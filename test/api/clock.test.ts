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
    expect(await res.json()).toEqual({ now: VIRTUAL_EPOCH, iso: new Date(VIRTUAL_EPOCH).toISOString() });
    const log = await fetch(`${server.url}/admin/v1/tenants/acmecorp01/events?limit=1`, { headers: { authorization: server.admin } });
    expect(((await log.json()) as { events: { at: string }[] }).events[0]?.at).toBe(new Date(VIRTUAL_EPOCH).toISOString());
    await server.close();
  });
});
