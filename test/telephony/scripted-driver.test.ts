import { describe, expect, it } from 'vitest';
import type { LegEvent, OriginateRequest } from '../../src/ports/telephony.ts';
import { ScriptedDriver } from '../../src/telephony/scripted/scripted-driver.ts';

const request = (legId: string): OriginateRequest => ({
  legId, to: { kind: 'number', tenantId: 't', e164: '+15550100' }, callerId: '+15550199', ringTimeoutMs: 30_000,
});

async function setup(options: ConstructorParameters<typeof ScriptedDriver>[0] = {}) {
  const driver = new ScriptedDriver(options);
  const events: LegEvent[] = [];
  driver.onEvent((e) => events.push(e));
  await driver.originate(request('l1'));
  return { driver, events, seen: () => events.map((e) => (e.by ? `${e.type}:${e.by}` : e.type)) };
}

describe('ScriptedDriver', () => {
  it('records every request', async () => {
    const { driver } = await setup();
    await driver.originate(request('l2'));
    await driver.bridge('l1', 'l2');
    await driver.recording('l1', 'start');
    await driver.hangup('l2');
    expect(driver.originated.map((r) => r.legId)).toStrictEqual(['l1', 'l2']);
    expect(driver.bridged).toStrictEqual([['l1', 'l2']]);
    expect(driver.recordings).toStrictEqual([{ legId: 'l1', action: 'start' }]);
    expect(driver.hungUp).toStrictEqual(['l2']);
    await expect(driver.recording('l2', 'stop')).rejects.toThrow(/unknown or ended/);
  });

  it('delivers emitted events on a later macrotask, in emit order', async () => {
    const { driver, seen } = await setup();
    driver.emit('l1', 'ringing');
    driver.emit('l1', 'answered');
    await Promise.resolve();
    expect(seen()).toStrictEqual([]);
    await driver.settle();
    expect(seen()).toStrictEqual(['ringing', 'answered']);
  });

  it('lets a hang-up race an answer: the answer arrives after the remote hang-up', async () => {
    const { driver, seen } = await setup();
    driver.emit('l1', 'ringing');
    const answered = driver.hold('l1', 'answered');
    driver.emit('l1', 'hung_up', { by: 'remote' });
    await driver.settle();
    expect(seen()).toStrictEqual(['ringing', 'hung_up:remote']);
    driver.release(answered);
    await driver.settle();
    expect(seen()).toStrictEqual(['ringing', 'hung_up:remote', 'answered']);
  });

  it('lets a ringing event arrive after the core cancelled the leg', async () => {
    const { driver, seen } = await setup();
    const ringing = driver.hold('l1', 'ringing');
    await driver.hangup('l1');
    await driver.settle();
    expect(seen()).toStrictEqual(['hung_up:local']);
    expect(driver.isLive('l1')).toBe(false);
    driver.release(ringing);
    await driver.settle();
    expect(seen()).toStrictEqual(['hung_up:local', 'ringing']);
  });

  it('releases held events in the order the test chooses, stamped late when asked', async () => {
    const { driver, events } = await setup({ startAt: 1_000 });
    const ringing = driver.hold('l1', 'ringing', { at: 500 });
    const answered = driver.hold('l1', 'answered');
    expect(driver.held()).toHaveLength(2);
    driver.release(answered, ringing);
    expect(() => driver.release(ringing)).toThrow(/not held/);
    await driver.settle();
    expect(events.map((e) => [e.type, e.at])).toStrictEqual([['answered', 1_000], ['ringing', 500]]);
  });

  it('auto-plays a script on its own clock and stops it when the leg ends', async () => {
    const driver = new ScriptedDriver({
      script: () => [{ type: 'ringing', afterMs: 0 }, { type: 'answered', afterMs: 2_000 }, { type: 'hung_up', by: 'remote', afterMs: 60_000 }],
    });
    const events: LegEvent[] = [];
    driver.onEvent((e) => events.push(e));
    await driver.originate(request('l1'));
    await driver.advance(2_000);
    expect(events.map((e) => [e.type, e.at])).toStrictEqual([['ringing', 0], ['answered', 2_000]]);
    await driver.hangup('l1');
    await driver.advance(120_000);
    expect(events.map((e) => e.type)).toStrictEqual(['ringing', 'answered', 'hung_up']);
    expect(events.at(-1)?.by).toBe('local');
  });

  it('leaves hang-ups to the test when autoHangup is off', async () => {
    const { driver, seen } = await setup({ autoHangup: false });
    await driver.hangup('l1');
    await driver.settle();
    expect(seen()).toStrictEqual([]);
    expect(driver.isLive('l1')).toBe(true);
  });

  it('delivers what a listener emits in a later round, after its own await resumes', async () => {
    const driver = new ScriptedDriver();
    const log: string[] = [];
    driver.onEvent((e) => {
      log.push(e.type);
      if (e.type === 'answered') void driver.hangup(e.legId).then(() => log.push('hangup resolved'));
    });
    await driver.originate(request('l1'));
    driver.emit('l1', 'answered');
    await driver.settle();
    expect(log).toStrictEqual(['answered', 'hangup resolved', 'hung_up']);
  });
});
