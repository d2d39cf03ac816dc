import { describe, expect, it } from 'vitest';
import { VirtualTimers } from '../../src/app/timers.ts';
import { ManualClock, seededRandom } from '../../src/domain/ports.ts';
import type { Endpoint, LegEvent } from '../../src/ports/telephony.ts';
import { parseTelephonyRules, resolveBehaviour, type TelephonyRules } from '../../src/telephony/simulated/rules.ts';
import { SimulatedDriver } from '../../src/telephony/simulated/simulated-driver.ts';

const T0 = 1_700_000_000_000;
const outside = (e164: string): Endpoint => ({ kind: 'number', tenantId: 't', e164 });
const agent = (agentId: string): Endpoint => ({ kind: 'agent', tenantId: 't', agentId, line: 1 });

function setup(rules: TelephonyRules = {}, seed = 42) {
  const clock = new ManualClock(T0);
  const timers = new VirtualTimers();
  const driver = new SimulatedDriver({ clock, timers, random: seededRandom(seed), rulesFor: () => rules });
  const events: LegEvent[] = [];
  driver.onEvent((e) => events.push(e));
  let seq = 0;
  return {
    driver, events, timers,
    call: async (to: Endpoint, ringTimeoutMs = 60_000) => {
      const legId = `leg-${++seq}`;
      await driver.originate({ legId, to, callerId: '+15550199', ringTimeoutMs });
      return legId;
    },
    advance: async (ms: number) => {
      const until = clock.now() + ms;
      await timers.runUntil(until, (t) => clock.set(t));
      clock.set(until);
    },
    of: (legId: string) => events.filter((e) => e.legId === legId).map(({ type, at, by, detail }) => ({ type, t: at - T0, by, detail })),
  };
}

/** A fixed scenario: the event sequence it yields depends only on the seed. */
async function scenario(seed: number): Promise<LegEvent[]> {
  const s = setup({ numbers: [{ pattern: '^\\+1555', outcome: { answer: 0.6, busy: 0.2, reject: 0.2 }, talkSeconds: { distribution: 'exponential', mean: 90 } }] }, seed);
  for (let i = 0; i < 20; i++) await s.call(outside(`+155501${String(i).padStart(2, '0')}`));
  await s.call(agent('a1'));
  await s.advance(3_600_000);
  return s.events;
}

describe('SimulatedDriver', () => {
  it('is deterministic for a seed: same calls, same events at the same times; another seed differs', async () => {
    const first = await scenario(7);
    expect(await scenario(7)).toStrictEqual(first);
    expect(await scenario(8)).not.toStrictEqual(first);
    expect(first.length).toBeGreaterThan(40);
  });

  it('answers an agent device after 2 s by default and never hangs it up itself', async () => {
    const s = setup();
    const leg = await s.call(agent('a1'));
    await s.advance(3_600_000);
    expect(s.of(leg)).toStrictEqual([
      { type: 'ringing', t: 0, by: undefined, detail: undefined },
      { type: 'answered', t: 2_000, by: undefined, detail: undefined },
    ]);
    expect(s.driver.legs()).toMatchObject([{ legId: leg, state: 'answered', answeredAt: T0 + 2_000 }]);
  });

  it('answers an outside number after 3–6 s by default and hangs up after 60–120 s', async () => {
    const s = setup();
    const legs = [];
    for (let i = 0; i < 50; i++) legs.push(await s.call(outside(`+4420700000${i}`)));
    await s.advance(3_600_000);
    for (const leg of legs) {
      const [ringing, answered, hungUp] = s.of(leg);
      expect(ringing?.type).toBe('ringing');
      expect(answered?.type).toBe('answered');
      expect(answered?.t).toBeGreaterThanOrEqual(3_000);
      expect(answered?.t).toBeLessThanOrEqual(6_000);
      expect(hungUp).toMatchObject({ type: 'hung_up', by: 'remote' });
      expect((hungUp?.t ?? 0) - (answered?.t ?? 0)).toBeGreaterThanOrEqual(60_000);
      expect((hungUp?.t ?? 0) - (answered?.t ?? 0)).toBeLessThanOrEqual(120_000);
    }
    expect(s.timers.pending()).toBe(0);
  });

  it('follows outcome weights over many calls', () => {
    const rules = parseTelephonyRules({ numbers: [{ pattern: '^\\+1', outcome: { answer: 0.8, busy: 0.2 } }] });
    const random = seededRandom(99);
    const outcomes = Array.from({ length: 1000 }, () => resolveBehaviour(rules, outside('+15550100'), random).outcome);
    const answered = outcomes.filter((o) => o === 'answer').length / 1000;
    expect(answered).toBeGreaterThan(0.75);
    expect(answered).toBeLessThan(0.85);
    expect(new Set(outcomes)).toStrictEqual(new Set(['answer', 'busy']));
  });

  it('uses the first matching rule and the defaults for the rest', () => {
    const rules = parseTelephonyRules({ numbers: [{ pattern: '^\\+1555', outcome: 'busy' }, { pattern: '^\\+1', outcome: 'fail' }] });
    const random = seededRandom(1);
    expect(resolveBehaviour(rules, outside('+15550100'), random).outcome).toBe('busy');
    expect(resolveBehaviour(rules, outside('+12120100'), random).outcome).toBe('fail');
    expect(resolveBehaviour(rules, outside('+442070000000'), random)).toMatchObject({ outcome: 'answer', byHand: false });
  });

  it('rejects invalid rules', () => {
    expect(() => parseTelephonyRules({ numbers: [{ pattern: '(' }] })).toThrow(SyntaxError);
    expect(() => parseTelephonyRules({ numbers: [{ pattern: '.', ringSeconds: { min: 5, max: 1 } }] })).toThrow(/min > max/);
    expect(() => parseTelephonyRules({ numbers: [{ pattern: '.', outcome: 'maybe' }] })).toThrow(/invalid telephony rules/);
  });

  it('lets an agent device set to answer by hand ring until the workspace answers or rejects', async () => {
    const s = setup({ agentDevices: { answer: 'by_hand' } });
    const answered = await s.call(agent('a1'));
    const rejected = await s.call(agent('a2'));
    const ignored = await s.call(agent('a3'), 30_000);
    await s.advance(10_000);
    expect(s.of(answered).map((e) => e.type)).toStrictEqual(['ringing']);
    expect(s.driver.answer(answered)).toBe(true);
    expect(s.driver.reject(rejected)).toBe(true);
    expect(s.driver.answer(answered)).toBe(false);
    await s.advance(30_000);
    expect(s.of(answered).map((e) => [e.type, e.t])).toStrictEqual([['ringing', 0], ['answered', 10_000]]);
    expect(s.of(rejected).map((e) => e.type)).toStrictEqual(['ringing', 'rejected']);
    expect(s.of(ignored).map((e) => [e.type, e.t])).toStrictEqual([['ringing', 0], ['no_answer', 30_000]]);
  });

  it('injects the next outcome for a number, once each, in order', async () => {
    const s = setup({ numbers: [{ pattern: '.', ringSeconds: 1 }] });
    for (const fault of ['busy', 'no_answer', 'reject', 'fail'] as const) s.driver.injectNextOutcome('t', '+15550100', fault);
    const legs = [];
    for (let i = 0; i < 5; i++) legs.push(await s.call(outside('+15550100'), 10_000));
    await s.advance(20_000);
    expect(legs.map((leg) => s.of(leg).map((e) => e.type).join(','))).toStrictEqual([
      'busy', 'ringing,no_answer', 'ringing,rejected', 'failed', 'ringing,answered',
    ]);
  });

  it('drops a live leg with hung_up by network, leaving its bridged partner up', async () => {
    const s = setup({ numbers: [{ pattern: '.', ringSeconds: 1, hangup: 'caller' }] });
    const a = await s.call(outside('+15550100'));
    const b = await s.call(agent('a1'));
    await s.advance(5_000);
    await s.driver.bridge(a, b);
    expect(s.driver.legs().map((l) => l.bridgedWith)).toStrictEqual([b, a]);
    expect(s.driver.dropLeg(a)).toBe(true);
    expect(s.driver.dropLeg(a)).toBe(false);
    await s.advance(0);
    expect(s.of(a).at(-1)).toMatchObject({ type: 'hung_up', by: 'network' });
    expect(s.driver.legs()).toMatchObject([{ legId: b, state: 'answered', bridgedWith: null }]);
  });

  it('fails calls to an unreachable agent device until it is reachable again', async () => {
    const s = setup();
    s.driver.setDeviceReachable('t', 'a1', false);
    const down = await s.call(agent('a1'));
    const other = await s.call(agent('a2'));
    s.driver.setDeviceReachable('t', 'a1', true);
    const up = await s.call(agent('a1'));
    await s.advance(5_000);
    expect(s.of(down)).toStrictEqual([{ type: 'failed', t: 0, by: undefined, detail: 'device unreachable' }]);
    expect(s.of(other).map((e) => e.type)).toStrictEqual(['ringing', 'answered']);
    expect(s.of(up).map((e) => e.type)).toStrictEqual(['ringing', 'answered']);
  });

  it('tracks recording state and refuses bridging legs that are not answered', async () => {
    const s = setup();
    const leg = await s.call(agent('a1'));
    await expect(s.driver.bridge(leg, 'nope')).rejects.toThrow(/not answered/);
    await s.advance(3_000);
    await s.driver.recording(leg, 'start');
    await s.driver.recording(leg, 'pause');
    expect(s.driver.legs()[0]?.recording).toBe('paused');
    await s.driver.hangup(leg);
    await expect(s.driver.recording(leg, 'resume')).rejects.toThrow(/unknown or ended/);
  });

  it('leaves no timers behind on close and delivers nothing after it', async () => {
    const s = setup();
    await s.call(outside('+15550100'));
    await s.driver.close();
    expect(s.timers.pending()).toBe(0);
    await s.advance(3_600_000);
    expect(s.events).toStrictEqual([]);
    await expect(s.call(agent('a1'))).rejects.toThrow(/closed/);
  });
});
