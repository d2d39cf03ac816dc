import { afterEach, describe, expect, it } from 'vitest';
import { ILYA, openHarness, type Harness } from './harness.ts';
import { eventsSince, lastSeq, request, simulator } from './helpers.ts';

const open: Harness[] = [];
afterEach(async () => {
  for (const harness of open.splice(0)) await harness.close();
});

/**
 * A scripted day on the default simulated telephony (random ring and talk times): calls in a row,
 * one busy, one hung up by the agent, one on both lines. Returns the log it produced.
 */
async function run(seed: number): Promise<{ at: number; event: unknown }[]> {
  const harness = await openHarness({ seed });
  open.push(harness);
  const { platform, clock, tenant } = harness;
  const seq = await lastSeq(harness);
  for (let i = 0; i < 3; i++) {
    await platform.calls.place(tenant, request());
    await clock.advance(200_000);
  }
  simulator(harness).injectNextOutcome(tenant.id, '+16175551984', 'busy');
  await platform.calls.place(tenant, request());
  await clock.advance(100_000);
  const held = await platform.calls.place(tenant, request());
  await clock.advance(10_000);
  await platform.calls.place(tenant, request({ queueId: null, number: '6175550100', forceCall: true }));
  await clock.advance(5_000);
  await platform.calls.hangUpAgent(tenant.id, held.interactionGuid, ILYA);
  await clock.advance(300_000);
  return (await eventsSince(harness, seq)).map((e) => ({ seq: e.seq - seq, at: e.at, event: e.event }));
}

describe('determinism', () => {
  it('the same seed gives the same event log, times included', async () => {
    const first = await run(7);
    const second = await run(7);
    expect(first.length).toBeGreaterThan(60);
    expect(second).toEqual(first);
  });

  it('the log records random durations: another seed gives other times', async () => {
    const first = await run(7);
    const other = await run(8);
    const times = (log: { at: number }[]) => log.map((e) => e.at);
    expect(times(other)).not.toEqual(times(first));
  });
});
