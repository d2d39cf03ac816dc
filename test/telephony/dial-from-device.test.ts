import { describe, expect, it } from 'vitest';
import { VirtualTimers } from '../../src/app/timers.ts';
import { ManualClock, seededRandom } from '../../src/domain/ports.ts';
import type { IncomingCall, LegEvent } from '../../src/ports/telephony.ts';
import { SimulatedDriver } from '../../src/telephony/simulated/simulated-driver.ts';

/** A tenant's device dialling a service number (PBX check-in codes) on the simulated telephony. */
describe('SimulatedDriver.dialFromDevice', () => {
  it('delivers an incoming call marked fromDevice that can be accepted and hung up', async () => {
    const clock = new ManualClock(1_000);
    const timers = new VirtualTimers();
    const driver = new SimulatedDriver({ clock, timers, random: seededRandom(1), rulesFor: () => ({}) });
    const incoming: IncomingCall[] = [];
    const events: LegEvent[] = [];
    driver.onIncoming((c) => incoming.push(c));
    driver.onEvent((e) => events.push(e));
    driver.dialFromDevice('t1', 201, '***1234', 'dev-leg-1');
    expect(() => driver.dialFromDevice('t1', 201, '***1234', 'dev-leg-1')).toThrow(/already exists/);
    expect(incoming).toEqual([]); // delivered on a timer turn, never inside the call
    await timers.runUntil(1_000, (t) => clock.set(t));
    expect(incoming).toEqual([{ legId: 'dev-leg-1', from: 'device:201', to: '***1234', at: 1_000, fromDevice: { tenantId: 't1', deviceId: 201 } }]);
    await driver.accept('dev-leg-1');
    expect(driver.legs()).toMatchObject([{ legId: 'dev-leg-1', state: 'answered' }]);
    clock.set(61_000);
    await timers.runUntil(61_000, (t) => clock.set(t));
    expect(events).toEqual([]); // the device stays on the line until the platform hangs up
    await driver.hangup('dev-leg-1');
    await timers.runUntil(61_000, (t) => clock.set(t));
    expect(events).toEqual([{ legId: 'dev-leg-1', type: 'hung_up', by: 'local', at: 61_000 }]);
    expect(driver.legs()).toEqual([]);
  });
});
