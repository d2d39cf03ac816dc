import type { Clock, RandomSource } from '../../domain/ports.ts';
import type { NameValue } from '../../domain/calls/interaction.ts';
import type { Endpoint, HangupSide, IncomingCall, LegEvent, LegEventType, OriginateRequest, RecordingAction, TelephonyDriver } from '../../ports/telephony.ts';
import type { Timers } from '../../ports/timers.ts';
import { resolveBehaviour, resolveInbound, type Behaviour, type InboundBehaviour, type TelephonyRules } from './rules.ts';

export interface SimulatedDriverOptions {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: RandomSource;
  readonly rulesFor: (tenantId: string) => TelephonyRules;
  /** A throwing listener must not stop the others or the timers; default: ignore. */
  readonly onListenerError?: (error: unknown) => void;
}

/** A fault the next call to a number meets (one-shot, first in first out). */
export type InjectedOutcome = 'busy' | 'no_answer' | 'reject' | 'fail';

export type RecordingState = 'off' | 'recording' | 'paused';

/** A live leg as an admin would see it. */
export interface LiveLeg {
  readonly legId: string;
  readonly to: Endpoint;
  readonly state: 'ringing' | 'answered';
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly bridgedWith: string | null;
  readonly recording: RecordingState;
}

interface Leg {
  readonly request: OriginateRequest;
  readonly behaviour: Behaviour;
  state: 'ringing' | 'answered';
  readonly startedAt: number;
  answeredAt: number | null;
  bridgedWith: string | null;
  recording: RecordingState;
  /** The leg's pending transition (answer, outcome, remote hang-up); cancelled when it moves on. */
  cancelTransition: () => void;
  /** A caller calling in: patience while waiting, talk time once bridged. */
  readonly inbound?: InboundBehaviour & { readonly to: string };
}

/** An outside caller calling a tenant number (admin API, traffic generator). */
export interface InboundRequest {
  readonly legId: string;
  readonly tenantId: string;
  readonly from: string;
  readonly to: string;
  /** How this caller behaves, instead of the tenant's rules (a traffic generator decides it itself). */
  readonly behaviour?: InboundBehaviour;
  /** Data attached to the call (as an IVR would): the queue call's `extTransactionData`. */
  readonly data?: readonly NameValue[];
}

/** A text message (SMS or MMS) the simulated network carries to or from a tenant's number (`NOTES.md` §8). */
export interface CarriedText {
  readonly tenantId: string;
  /** E.164 of the sender; the tenant's number when outbound. */
  readonly from: string;
  /** E.164 of the receiver; the tenant's number when inbound. */
  readonly to: string;
  readonly kind: 'sms' | 'mms';
  readonly direction: 'inbound' | 'outbound';
}

/** A text once carried: its id (unique for this driver) and when. */
export interface TextEvent extends CarriedText {
  readonly textId: string;
  readonly at: number;
}

const RECORDING_NEXT: Record<RecordingAction, RecordingState> = { start: 'recording', stop: 'off', pause: 'paused', resume: 'recording' };
const INJECTED: Record<InjectedOutcome, Behaviour['outcome']> = { busy: 'busy', no_answer: 'no_answer', reject: 'reject', fail: 'fail' };

/**
 * The default telephony driver: every agent device and outside number is a virtual endpoint
 * whose behaviour comes from the tenant's rules (`rules.ts`). It uses only the injected clock,
 * timers and randomness, so on `VirtualTimers` a run is identical for a given seed.
 *
 * Every event is delivered through `timers.at`, never inside a driver call. A leg's state moves
 * when the driver decides (so `hangup` right after `originate` wins over a pending answer) and
 * each leg ends with exactly one final event. `hangup` of a ringing leg ends it with `hung_up`
 * by `local` (a CANCEL, from the core's side). Hanging up one leg of a bridge leaves the other
 * up: the core decides what happens to it.
 *
 * @example
 * const driver = new SimulatedDriver({ clock, timers, random: seededRandom(7), rulesFor: () => ({}) });
 * driver.onEvent((e) => console.log(e.type));
 * await driver.originate({ legId: 'l1', to: { kind: 'number', tenantId: 't', e164: '+15550100' }, callerId: '+15550199', ringTimeoutMs: 30_000 });
 */
export class SimulatedDriver implements TelephonyDriver {
  private readonly live = new Map<string, Leg>();
  /** Deliveries not yet made, so `close` leaves no timers behind. */
  private readonly deliveries = new Set<() => void>();
  private readonly listeners = new Set<(event: LegEvent) => void>();
  private readonly incomingListeners = new Set<(call: IncomingCall) => void>();
  private readonly textListeners = new Set<(text: TextEvent) => void>();
  private textCount = 0;
  private readonly injected = new Map<string, InjectedOutcome[]>();
  private readonly unreachable = new Set<string>();
  private closed = false;

  constructor(private readonly opts: SimulatedDriverOptions) {}

  async originate(request: OriginateRequest): Promise<void> {
    if (this.closed) throw new Error('telephony driver is closed');
    if (this.live.has(request.legId)) throw new Error(`leg ${request.legId} already exists`);
    const now = this.opts.clock.now();
    if (request.to.kind === 'agent' && this.unreachable.has(deviceKey(request.to.tenantId, request.to.agentId))) {
      this.finish(request.legId, { type: 'failed', detail: 'device unreachable' });
      return;
    }
    const behaviour = this.behaviourFor(request.to);
    if (behaviour.outcome === 'busy' || behaviour.outcome === 'fail') {
      this.finish(request.legId, behaviour.outcome === 'busy' ? { type: 'busy' } : { type: 'failed', detail: 'simulated failure' });
      return;
    }
    const leg: Leg = { request, behaviour, state: 'ringing', startedAt: now, answeredAt: null, bridgedWith: null, recording: 'off', cancelTransition: () => {} };
    this.live.set(request.legId, leg);
    this.deliver({ legId: request.legId, type: 'ringing' });
    this.scheduleRingEnd(leg, now);
  }

  async bridge(legA: string, legB: string): Promise<void> {
    const a = this.answeredLeg(legA);
    const b = this.answeredLeg(legB);
    if (a === b) throw new Error('cannot bridge a leg with itself');
    a.bridgedWith = legB;
    b.bridgedWith = legA;
    for (const leg of [a, b]) this.startInboundTalk(leg);
  }

  /**
   * An outside number calls a tenant number: the leg rings at the platform, which is told through
   * `onIncoming` and accepts it or hangs it up. The caller's rule (by its number) gives its patience
   * while waiting and its talk time once bridged, unless the request says (then nothing is drawn).
   */
  placeInbound(request: InboundRequest): void {
    if (this.closed) throw new Error('telephony driver is closed');
    if (this.live.has(request.legId)) throw new Error(`leg ${request.legId} already exists`);
    const now = this.opts.clock.now();
    const inbound = { ...(request.behaviour ?? resolveInbound(this.opts.rulesFor(request.tenantId), request.from, this.opts.random)), to: request.to };
    const to: Endpoint = { kind: 'number', tenantId: request.tenantId, e164: request.from };
    const behaviour: Behaviour = { outcome: 'answer', ringMs: 0, byHand: true, talkMs: inbound.talkMs };
    const originate = { legId: request.legId, to, callerId: request.from, ringTimeoutMs: 0 };
    this.live.set(request.legId, { request: originate, behaviour, state: 'ringing', startedAt: now, answeredAt: null, bridgedWith: null, recording: 'off', cancelTransition: () => {}, inbound });
    this.deliverIncoming({ legId: request.legId, from: request.from, to: request.to, at: now, ...(request.data && request.data.length > 0 && { data: request.data }) });
  }

  /**
   * One of the tenant's devices dials `number` (a PBX check-in code such as `***1234`): the leg
   * rings at the platform like an inbound call, delivered through `onIncoming` with `fromDevice`
   * set. The device stays on the line until the platform hangs up.
   */
  dialFromDevice(tenantId: string, deviceId: number, number: string, legId: string): void {
    if (this.closed) throw new Error('telephony driver is closed');
    if (this.live.has(legId)) throw new Error(`leg ${legId} already exists`);
    const now = this.opts.clock.now();
    const from = `device:${deviceId}`;
    const to: Endpoint = { kind: 'number', tenantId, e164: from };
    const behaviour: Behaviour = { outcome: 'answer', ringMs: 0, byHand: true, talkMs: null };
    const originate = { legId, to, callerId: from, ringTimeoutMs: 0 };
    const inbound = { patienceMs: null, talkMs: null, to: number };
    this.live.set(legId, { request: originate, behaviour, state: 'ringing', startedAt: now, answeredAt: null, bridgedWith: null, recording: 'off', cancelTransition: () => {}, inbound });
    this.deliverIncoming({ legId, from, to: number, at: now, fromDevice: { tenantId, deviceId } });
  }

  async accept(legId: string): Promise<void> {
    const leg = this.live.get(legId);
    if (leg?.inbound === undefined || leg.state !== 'ringing') throw new Error(`leg ${legId} is not an incoming call waiting to be answered`);
    const now = this.opts.clock.now();
    leg.state = 'answered';
    leg.answeredAt = now;
    const patience = leg.inbound.patienceMs;
    if (patience !== null) leg.cancelTransition = this.opts.timers.at(now + patience, () => this.finish(legId, { type: 'hung_up', by: 'remote' }));
  }

  onIncoming(listener: (call: IncomingCall) => void): () => void {
    this.incomingListeners.add(listener);
    return () => this.incomingListeners.delete(listener);
  }

  async hangup(legId: string): Promise<void> {
    if (this.live.has(legId)) this.finish(legId, { type: 'hung_up', by: 'local' });
  }

  async recording(legId: string, action: RecordingAction): Promise<void> {
    const leg = this.live.get(legId);
    if (!leg) throw new Error(`leg ${legId} is unknown or ended`);
    leg.recording = RECORDING_NEXT[action];
  }

  /**
   * Carries a text message; listeners (`onText`) hear of it on a later timer turn, like every
   * event. Returns the text's id.
   * @example const id = driver.carryText({ tenantId, from: '+15550100', to: '+18005550100', kind: 'sms', direction: 'inbound' });
   */
  carryText(text: CarriedText): string {
    if (this.closed) throw new Error('telephony driver is closed');
    const textId = `text-${++this.textCount}`;
    const at = this.opts.clock.now();
    const cancel = this.opts.timers.at(at, () => {
      this.deliveries.delete(cancel);
      for (const listener of [...this.textListeners]) {
        try {
          listener({ ...text, textId, at });
        } catch (error) {
          this.opts.onListenerError?.(error);
        }
      }
    });
    this.deliveries.add(cancel);
    return textId;
  }

  onText(listener: (text: TextEvent) => void): () => void {
    this.textListeners.add(listener);
    return () => this.textListeners.delete(listener);
  }

  onEvent(listener: (event: LegEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const leg of this.live.values()) leg.cancelTransition();
    for (const cancel of this.deliveries) cancel();
    this.deliveries.clear();
    this.live.clear();
    this.incomingListeners.clear();
    this.listeners.clear();
  }

  /** The workspace answers a ringing leg (usually an agent device set to answer by hand). False if it isn't ringing. */
  answer(legId: string): boolean {
    const leg = this.live.get(legId);
    if (leg?.state !== 'ringing' || leg.inbound) return false;
    this.answerLeg(leg);
    return true;
  }

  /** The workspace declines a ringing leg: it ends `rejected`. False if it isn't ringing. */
  reject(legId: string): boolean {
    const leg = this.live.get(legId);
    if (leg?.state !== 'ringing' || leg.inbound) return false;
    this.finish(legId, { type: 'rejected' });
    return true;
  }

  /** Fault injection: the next call to this number ends this way, whatever the rules say. */
  injectNextOutcome(tenantId: string, e164: string, outcome: InjectedOutcome): void {
    const key = numberKey(tenantId, e164);
    this.injected.set(key, [...(this.injected.get(key) ?? []), outcome]);
  }

  /** Fault injection: the network drops a live leg (`hung_up` by `network`). False if it isn't live. */
  dropLeg(legId: string): boolean {
    if (!this.live.has(legId)) return false;
    this.finish(legId, { type: 'hung_up', by: 'network' });
    return true;
  }

  /** Fault injection: calls to an unreachable agent device fail at once. Live legs are left alone (use `dropLeg`). */
  setDeviceReachable(tenantId: string, agentId: string, reachable: boolean): void {
    const key = deviceKey(tenantId, agentId);
    if (reachable) this.unreachable.delete(key);
    else this.unreachable.add(key);
  }

  /** The live legs, oldest first (for the admin API). */
  legs(): LiveLeg[] {
    return [...this.live.entries()].map(([legId, l]) => ({
      legId, to: l.request.to, state: l.state, startedAt: l.startedAt, answeredAt: l.answeredAt, bridgedWith: l.bridgedWith, recording: l.recording,
    }));
  }

  private behaviourFor(to: Endpoint): Behaviour {
    // Draw even when a fault overrides the outcome, so injecting doesn't shift later legs' draws.
    const behaviour = resolveBehaviour(this.opts.rulesFor(to.tenantId), to, this.opts.random);
    if (to.kind !== 'number') return behaviour;
    const queue = this.injected.get(numberKey(to.tenantId, to.e164));
    const fault = queue?.shift();
    if (queue?.length === 0) this.injected.delete(numberKey(to.tenantId, to.e164));
    return fault ? { ...behaviour, outcome: INJECTED[fault], byHand: false } : behaviour;
  }

  private scheduleRingEnd(leg: Leg, now: number): void {
    const { behaviour, request } = leg;
    const timeoutAt = now + request.ringTimeoutMs;
    const decidesItself = !behaviour.byHand && behaviour.outcome !== 'no_answer' && behaviour.ringMs < request.ringTimeoutMs;
    if (!decidesItself) {
      leg.cancelTransition = this.opts.timers.at(timeoutAt, () => this.finish(request.legId, { type: 'no_answer' }));
      return;
    }
    leg.cancelTransition = this.opts.timers.at(now + behaviour.ringMs, () => {
      if (behaviour.outcome === 'answer') this.answerLeg(leg);
      else this.finish(request.legId, { type: 'rejected' });
    });
  }

  private answerLeg(leg: Leg): void {
    leg.cancelTransition();
    const now = this.opts.clock.now();
    leg.state = 'answered';
    leg.answeredAt = now;
    leg.cancelTransition = () => {};
    this.deliver({ legId: leg.request.legId, type: 'answered' });
    const talkMs = leg.behaviour.talkMs;
    if (talkMs !== null) {
      leg.cancelTransition = this.opts.timers.at(now + talkMs, () => this.finish(leg.request.legId, { type: 'hung_up', by: 'remote' }));
    }
  }

  /** Ends a leg now and delivers its one final event. */
  private finish(legId: string, event: { type: LegEventType; by?: HangupSide; detail?: string }): void {
    const leg = this.live.get(legId);
    leg?.cancelTransition();
    // The media bridge goes with the leg; the other leg stays up for the core to decide.
    const partner = leg?.bridgedWith ? this.live.get(leg.bridgedWith) : undefined;
    if (partner) partner.bridgedWith = null;
    this.live.delete(legId);
    this.deliver({ legId, ...event });
  }

  /** A caller who was waiting is bridged: patience no longer matters; its talk time starts. */
  private startInboundTalk(leg: Leg): void {
    if (leg.inbound === undefined) return;
    leg.cancelTransition();
    leg.cancelTransition = () => {};
    const talkMs = leg.inbound.talkMs;
    if (talkMs !== null) leg.cancelTransition = this.opts.timers.at(this.opts.clock.now() + talkMs, () => this.finish(leg.request.legId, { type: 'hung_up', by: 'remote' }));
  }

  private deliverIncoming(call: IncomingCall): void {
    const cancel = this.opts.timers.at(call.at, () => {
      this.deliveries.delete(cancel);
      for (const listener of [...this.incomingListeners]) {
        try {
          listener(call);
        } catch (error) {
          this.opts.onListenerError?.(error);
        }
      }
    });
    this.deliveries.add(cancel);
  }

  /** Delivers on a later timer turn, stamped with the time it was decided. */
  private deliver(event: Omit<LegEvent, 'at'>): void {
    const at = this.opts.clock.now();
    const cancel = this.opts.timers.at(at, () => {
      this.deliveries.delete(cancel);
      for (const listener of [...this.listeners]) {
        try {
          listener({ ...event, at });
        } catch (error) {
          this.opts.onListenerError?.(error);
        }
      }
    });
    this.deliveries.add(cancel);
  }

  private answeredLeg(legId: string): Leg {
    const leg = this.live.get(legId);
    if (leg?.state !== 'answered') throw new Error(`leg ${legId} is not answered`);
    return leg;
  }
}

function numberKey(tenantId: string, e164: string): string {
  return `${tenantId}\u0000${e164}`;
}

function deviceKey(tenantId: string, agentId: string): string {
  return `${tenantId}\u0000${agentId}`;
}
