import { afterEach, describe, expect, it } from 'vitest';
import { openAcd, QUEUE, type AcdHarness } from './harness.ts';

let h: AcdHarness | null = null;
afterEach(async () => { await h?.close(); h = null; });

describe('an inbound call', () => {
  it('joins the queue, rings the first agent, is bridged, talks, and the agent wraps up', async () => {
    h = await openAcd();
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(0);
    expect(h.status('agA')).toBe(6); // offered
    expect(h.status('agB')).toBe(4);
    await h.clock.advance(2_000);
    expect(h.status('agA')).toBe(7); // connected
    await h.clock.advance(60_000);
    expect(h.status('agA')).toBe(8); // post-processing
    await h.clock.advance(10_000);
    expect(h.status('agA')).toBe(4);
    expect(await h.log(seq)).toEqual([
      'caller.joined', 'interaction.created:agA', 'agent.activity_changed:offered', 'agent.offered:agA',
      'leg.ringing', 'leg.answered', 'interaction.bridged', 'agent.activity_changed:on_queue_call', 'bridge.started:agA', 'agent.counters_changed:agA',
      // The caller hangs up after 60 s: the agent's leg is cleared.
      'leg.ended:cleared', 'leg.ended:hangup', 'interaction.ended:completed', 'post_processing.started:agA', 'agent.activity_changed:post_processing',
      'bridge.ended:agA', 'agent.counters_changed:agA', 'caller.left:answered',
      'post_processing.ended:agA', 'agent.activity_changed:idle',
    ]);
    expect(h.platform.acd.state.callersOf(h.tenant.id, QUEUE)).toEqual([]);
  });

  it('records what the caller hears while waiting: the queue\'s music on hold (a fact, not audio)', async () => {
    h = await openAcd({ queueFields: { settings: { mohId: 7 } } });
    const seq = await h.lastSeq();
    h.call('+16175550001');
    await h.clock.advance(0);
    const joined = (await h.platform.store.readEvents(h.tenant.id, seq, 10)).map((e) => e.event).find((e) => e.type === 'caller.joined');
    expect(joined).toMatchObject({ type: 'caller.joined', number: '+16175550001', dialled: '+18005550100', resumed: false, musicOnHold: 7 });
  });
});
