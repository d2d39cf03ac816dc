import { afterEach, describe, expect, it } from 'vitest';
import { ILYA, openHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => { await h?.close(); h = null; });

describe('calls smoke', () => {
  it('runs a queue call to the end on the simulated telephony', async () => {
    h = await openHarness();
    const { platform, clock, tenant } = h;
    const before = (await platform.store.readEvents(tenant.id, 0, 1000)).length;
    const placed = await platform.calls.place(tenant, { agentId: ILYA, prefix: '1', number: '6175551984', callerId: '12015551212', queueId: 598, dialPlanId: 12, forceCall: true });
    expect(placed.line).toBe(1);
    const activity = () => platform.directory.requireAgent(tenant.id, ILYA).state.activity;
    expect(activity()).toBe('offered');
    await clock.advance(2_000);
    expect(activity()).toBe('on_queue_call');
    await clock.advance(600_000);
    expect(activity()).toBe('idle');
    const done = await platform.calls.find(tenant.id, placed.interactionGuid);
    expect(done?.endCause).toBe('completed');
    expect(done?.postProcessing?.endedBy).toBe('timer');
    const log = await platform.store.readEvents(tenant.id, before, 1000);
    const calls = log.map((e) => e.event.type + ('leg' in e.event ? `:${e.event.leg}` : '') + ('toActivity' in e.event ? `:${e.event.toActivity}` : ''));
    expect(calls).toEqual([
      'interaction.created', 'agent.activity_changed:offered',
      'leg.ringing:agent', 'leg.answered:agent', 'agent.activity_changed:on_queue_call',
      'leg.ringing:customer', 'leg.answered:customer', 'interaction.bridged',
      'leg.ended:agent', 'leg.ended:customer', 'interaction.ended', 'post_processing.started', 'agent.activity_changed:post_processing',
      'post_processing.ended', 'agent.activity_changed:idle',
    ]);
    expect(platform.timers.pending()).toBe(0);
  });
});
