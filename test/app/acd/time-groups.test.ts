import { afterEach, describe, expect, it } from 'vitest';
import { offeredAgents, openAcd, QUEUE, type AcdHarness } from './harness.ts';

let h: AcdHarness | null = null;
afterEach(async () => { await h?.close(); h = null; });

const MINUTE = 60_000;
/** Mondays 09:30–10:00 UTC; the virtual clock starts Monday 09:00 UTC. */
const LATE = { id: 7, name: 'Late shift', rules: [{ days: [1], from: '09:30', to: '10:00' }] };

/** +1555… callers talk for an hour. */
const LONG = { numbers: [{ pattern: '^\\+1555', talkSeconds: 3600, hangup: 'callee' }, { pattern: '.*', talkSeconds: 60, hangup: 'callee' }] };

async function open(tiers: Record<string, unknown>[], tenantFields: Record<string, unknown> = {}): Promise<AcdHarness> {
  return openAcd({ tiers, telephony: LONG, tenantFields: { timeGroups: [LATE], ...tenantFields } });
}

describe('a tier limited to a time group', () => {
  it('is offered only once the group opens: the dispatch happens at the boundary without any other event', async () => {
    h = await open([{ agent: 'agA', position: 1, level: 1, timeGroup: 7 }]);
    const seq = await h.lastSeq();
    h.call('+16175550001'); // 09:00
    await h.clock.advance(30 * MINUTE - 1);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual([]);
    await h.clock.advance(1); // 09:30
    expect(offeredAgents(await h.events(seq))).toEqual(['agA']);
    expect(h.status('agA')).toBe(6);
  });

  it('stops being offered when the group closes', async () => {
    h = await open([{ agent: 'agA', position: 1, level: 1, timeGroup: 7 }]);
    await h.clock.advance(30 * MINUTE); // 09:30, open
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual(['agA']);
    await h.clock.advance(30 * MINUTE); // 10:00, closed
    expect(h.platform.acd.state.router(h.tenant.id).eligible(QUEUE)).toEqual([]);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(10 * MINUTE);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    expect(h.status('agA')).toBe(4);
  });

  it('only limits its own tier: other agents are offered outside the schedule', async () => {
    h = await open([
      { agent: 'agA', position: 1, level: 1, timeGroup: 7 },
      { agent: 'agB', position: 2, level: 1 },
    ]);
    const seq = await h.lastSeq();
    h.call('+15550000001'); // keeps agB busy for an hour
    h.call('+16175550002');
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agB']);
    await h.clock.advance(30 * MINUTE);
    expect(offeredAgents(await h.events(seq))).toEqual(['agB', 'agA']);
  });

  it('changing the schedule to include now opens the tier at once', async () => {
    h = await open([{ agent: 'agA', position: 1, level: 1, timeGroup: 7 }]);
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(MINUTE); // 09:01
    await h.apply({ timeGroups: [{ ...LATE, rules: [{ days: [1], from: '09:00', to: '10:00' }] }] });
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA']);
  });

  it('uses the tenant time zone', async () => {
    // 09:00 UTC is 04:00 in New York in January.
    h = await open([{ agent: 'agA', position: 1, level: 1, timeGroup: 7 }], {
      timezone: 'America/New_York', timeGroups: [{ id: 7, name: 'NY morning', rules: [{ days: [1], from: '04:30', to: '05:00' }] }],
    });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(30 * MINUTE - 1);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    await h.clock.advance(1);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA']);
  });

  it('a change of the tenant\'s time zone takes effect at once (it is an event the ACD hears)', async () => {
    // 09:00 UTC: outside 04:30–05:00 in New York, inside 09:00–09:30 in London.
    h = await open([{ agent: 'agA', position: 1, level: 1, timeGroup: 7 }], {
      timezone: 'America/New_York', timeGroups: [{ id: 7, name: 'Morning', rules: [{ days: [1], from: '09:00', to: '09:30' }] }],
    });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(MINUTE);
    expect(offeredAgents(await h.events(seq))).toEqual([]);
    await h.apply({ timezone: 'Europe/London' });
    await h.clock.advance(0);
    expect(offeredAgents(await h.events(seq))).toEqual(['agA']);
    expect((await h.events(seq)).some((e) => e.type === 'tenant.timezone_changed')).toBe(true);
  });
});
