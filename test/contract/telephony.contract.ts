import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Endpoint, LegEvent, LegEventType, OriginateRequest, TelephonyDriver } from '../../src/ports/telephony.ts';

/** How the contract wants an outside number to behave; each driver maps it onto its own means. */
export type ContractBehaviour =
  | { readonly kind: 'answer'; readonly ringSeconds: number; readonly talkSeconds: number | null }
  | { readonly kind: 'busy' }
  | { readonly kind: 'no_answer' }
  | { readonly kind: 'reject'; readonly ringSeconds: number }
  | { readonly kind: 'fail' };

export interface DriverHarness {
  readonly driver: TelephonyDriver;
  /** Makes the calls to this number (tenant `TENANT`) behave this way. */
  behave(e164: string, behaviour: ContractBehaviour): void;
  /** Lets `ms` of contact-center time pass and delivers what fell due. */
  advance(ms: number): Promise<void>;
}

export type DriverFactory = () => DriverHarness | Promise<DriverHarness>;

export const TENANT = 'tenant-contract';
const FINAL: ReadonlySet<LegEventType> = new Set(['busy', 'no_answer', 'rejected', 'failed', 'hung_up']);
const RING_TIMEOUT = 20_000;
const number = (e164: string): Endpoint => ({ kind: 'number', tenantId: TENANT, e164 });

/** The telephony driver contract: every driver gives the core the same guarantees. */
export function telephonyContract(name: string, factory: DriverFactory): void {
  describe(`telephony contract: ${name}`, () => {
    let h: DriverHarness;
    let events: LegEvent[];
    let legs: string[];
    let inCall: boolean;
    let syncDeliveries: number;

    /** Runs a driver call, noting any event delivered before it returns. */
    async function call<T>(fn: () => Promise<T>): Promise<T> {
      inCall = true;
      const pending = fn();
      inCall = false;
      return pending;
    }
    const types = (legId: string) => events.filter((e) => e.legId === legId).map((e) => e.type);
    let seq = 0;
    async function originate(e164: string, behaviour: ContractBehaviour): Promise<string> {
      const legId = `leg-${++seq}`;
      h.behave(e164, behaviour);
      const request: OriginateRequest = { legId, to: number(e164), callerId: '+15550199', ringTimeoutMs: RING_TIMEOUT };
      await call(() => h.driver.originate(request));
      legs.push(legId);
      return legId;
    }

    beforeEach(async () => {
      h = await factory();
      events = [];
      legs = [];
      inCall = false;
      syncDeliveries = 0;
      h.driver.onEvent((e) => {
        if (inCall) syncDeliveries++;
        events.push(e);
      });
    });

    afterEach(async () => {
      // End whatever is still up, then check the invariant on every leg of the case.
      for (const legId of legs) await call(() => h.driver.hangup(legId));
      await h.advance(2 * RING_TIMEOUT);
      for (const legId of legs) {
        const seen = types(legId);
        expect(seen.filter((t) => FINAL.has(t)), `${legId}: ${seen.join(',')}`).toHaveLength(1);
        expect(FINAL.has(seen.at(-1) as LegEventType), `${legId}: ${seen.join(',')}`).toBe(true);
      }
      expect(syncDeliveries).toBe(0);
      await h.driver.close();
    });

    it('reports ringing, then answered after the ring time', async () => {
      const leg = await originate('+15550101', { kind: 'answer', ringSeconds: 2, talkSeconds: null });
      expect(types(leg)).toStrictEqual([]);
      await h.advance(1_000);
      expect(types(leg)).toStrictEqual(['ringing']);
      await h.advance(1_500);
      expect(types(leg)).toStrictEqual(['ringing', 'answered']);
      const [ringing, answered] = events;
      expect(answered?.at).toBeGreaterThan(ringing?.at ?? Infinity);
    });

    it.each([
      ['busy', { kind: 'busy' }],
      ['failed', { kind: 'fail' }],
      ['rejected', { kind: 'reject', ringSeconds: 3 }],
    ] as const)('ends %s as the number says', async (type, behaviour) => {
      const leg = await originate('+15550102', behaviour);
      await h.advance(5_000);
      expect(types(leg).at(-1)).toBe(type);
      expect(types(leg)).not.toContain('answered');
    });

    it('ends no_answer at the ring timeout', async () => {
      const leg = await originate('+15550103', { kind: 'no_answer' });
      await h.advance(RING_TIMEOUT - 1_000);
      expect(types(leg)).toStrictEqual(['ringing']);
      await h.advance(2_000);
      expect(types(leg)).toStrictEqual(['ringing', 'no_answer']);
    });

    it('ends an answered leg hung_up by local when the core hangs up', async () => {
      const leg = await originate('+15550104', { kind: 'answer', ringSeconds: 1, talkSeconds: null });
      await h.advance(2_000);
      await call(() => h.driver.hangup(leg));
      await h.advance(0);
      expect(events.filter((e) => e.legId === leg).at(-1)).toMatchObject({ type: 'hung_up', by: 'local' });
    });

    it('ends a ringing leg with one final event when the core hangs up, and nothing follows', async () => {
      const leg = await originate('+15550105', { kind: 'answer', ringSeconds: 5, talkSeconds: 10 });
      await h.advance(1_000);
      await call(() => h.driver.hangup(leg));
      await h.advance(60_000);
      expect(types(leg)).toHaveLength(2);
      expect(types(leg)[0]).toBe('ringing');
      expect(FINAL.has(types(leg)[1] as LegEventType)).toBe(true);
    });

    it('reports hung_up by remote after the talk time', async () => {
      const leg = await originate('+15550106', { kind: 'answer', ringSeconds: 1, talkSeconds: 30 });
      await h.advance(20_000);
      expect(types(leg)).toStrictEqual(['ringing', 'answered']);
      await h.advance(15_000);
      expect(events.filter((e) => e.legId === leg).at(-1)).toMatchObject({ type: 'hung_up', by: 'remote' });
    });

    it('ignores a hangup of an unknown or ended leg', async () => {
      const leg = await originate('+15550107', { kind: 'busy' });
      await h.advance(1_000);
      const before = events.length;
      await call(() => h.driver.hangup(leg));
      await call(() => h.driver.hangup('no-such-leg'));
      await h.advance(1_000);
      expect(events).toHaveLength(before);
    });

    it('never delivers an event inside a driver call', async () => {
      const leg = await originate('+15550108', { kind: 'busy' });
      await call(() => h.driver.hangup(leg));
      expect(events).toStrictEqual([]);
      await h.advance(1_000);
      expect(types(leg)).toHaveLength(1);
    });

    it('rejects recording on an ended leg and accepts it on a live one', async () => {
      const live = await originate('+15550109', { kind: 'answer', ringSeconds: 1, talkSeconds: null });
      const ended = await originate('+15550110', { kind: 'busy' });
      await h.advance(2_000);
      await expect(call(() => h.driver.recording(live, 'start'))).resolves.toBeUndefined();
      await expect(call(() => h.driver.recording(ended, 'start'))).rejects.toThrow(Error);
      await expect(call(() => h.driver.recording('no-such-leg', 'stop'))).rejects.toThrow(Error);
    });

    it('bridges two answered legs; hanging up one leaves the other up', async () => {
      const a = await originate('+15550111', { kind: 'answer', ringSeconds: 1, talkSeconds: null });
      const b = await originate('+15550112', { kind: 'answer', ringSeconds: 1, talkSeconds: null });
      await h.advance(2_000);
      await call(() => h.driver.bridge(a, b));
      await call(() => h.driver.hangup(a));
      await h.advance(5_000);
      expect(types(a).at(-1)).toBe('hung_up');
      expect(types(b)).toStrictEqual(['ringing', 'answered']);
    });
  });
}
