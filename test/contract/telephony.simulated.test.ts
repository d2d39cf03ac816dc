import { VirtualTimers } from '../../src/app/timers.ts';
import { ManualClock, seededRandom } from '../../src/domain/ports.ts';
import type { NumberRule, TelephonyRules } from '../../src/telephony/simulated/rules.ts';
import { SimulatedDriver } from '../../src/telephony/simulated/simulated-driver.ts';
import { telephonyContract, TENANT, type ContractBehaviour } from './telephony.contract.ts';

/** The contract's behaviours as simulator rules: fixed ring and talk times, one rule per number. */
function ruleFor(e164: string, b: ContractBehaviour): NumberRule {
  const pattern = `^${e164.replace(/[+]/g, '\\+')}$`;
  switch (b.kind) {
    case 'answer':
      return { pattern, ringSeconds: b.ringSeconds, outcome: 'answer', talkSeconds: b.talkSeconds ?? 0, hangup: b.talkSeconds === null ? 'caller' : 'callee' };
    case 'reject':
      return { pattern, ringSeconds: b.ringSeconds, outcome: 'reject' };
    default:
      return { pattern, outcome: b.kind };
  }
}

telephonyContract('simulated', () => {
  // Not at 0, so nothing can lean on time starting at the epoch.
  const clock = new ManualClock(1_700_000_000_000);
  const timers = new VirtualTimers();
  const rules: Required<Pick<TelephonyRules, 'numbers'>> = { numbers: [] };
  const driver = new SimulatedDriver({ clock, timers, random: seededRandom(1), rulesFor: (t) => (t === TENANT ? rules : {}) });
  return {
    driver,
    behave: (e164, b) => void rules.numbers.unshift(ruleFor(e164, b)),
    advance: async (ms) => {
      const until = clock.now() + ms;
      await timers.runUntil(until, (t) => clock.set(t));
      clock.set(until);
    },
  };
});
