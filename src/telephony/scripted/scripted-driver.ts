import { ManualClock } from '../../domain/ports.ts';
import type { HangupSide, IncomingCall, LegEvent, LegEventType, OriginateRequest, RecordingAction, TelephonyDriver } from '../../ports/telephony.ts';
import { VirtualTimers } from '../../app/timers.ts';

/** One step of an auto-played script: this event, `afterMs` after the originate. */
export interface ScriptStep {
  readonly type: LegEventType;
  readonly afterMs: number;
  readonly by?: HangupSide;
  readonly detail?: string;
}

export interface EmitOptions {
  readonly by?: HangupSide;
  readonly detail?: string;
  /** Stamp the event with this time instead of the scripted clock's now (a "late" event). */
  readonly at?: number;
}

export interface ScriptedDriverOptions {
  /** Events to auto-play for a request; none (the default) means the test emits by hand. */
  readonly script?: (request: OriginateRequest) => readonly ScriptStep[] | undefined;
  /** `hangup` of a live leg emits `hung_up` by `local` (default true); false leaves it to the test. */
  readonly autoHangup?: boolean;
  /** Where the scripted clock starts (ms). */
  readonly startAt?: number;
}

/** An event the test holds back and releases when (and in the order) it chooses. */
export interface HeldEvent {
  readonly event: LegEvent;
}

const FINAL: ReadonlySet<LegEventType> = new Set(['busy', 'no_answer', 'rejected', 'failed', 'hung_up']);
const DEFAULTS = { script: () => undefined, autoHangup: true, startAt: 0 } satisfies Required<ScriptedDriverOptions>;

/**
 * A telephony driver for tests. It records every request (`originated`, `bridged`, `hungUp`,
 * `recordings`) and delivers only the events the test (or a per-request script) asks for,
 * always on a later macrotask, never inside a driver call. Unlike the simulator it enforces no
 * order: a test can make a hang-up race an answer or a ring arrive after a cancel (`hold` and
 * `release`), or stamp an event late (`at`).
 *
 * Scripted steps wait on the driver's own virtual clock; `advance(ms)` moves it and delivers
 * what fell due. A leg counts as ended once a final event for it is queued, so `hangup` and
 * `recording` see the state the core will see after delivery.
 *
 * @example
 * const driver = new ScriptedDriver();
 * await driver.originate({ legId: 'l1', to, callerId: '+15550199', ringTimeoutMs: 30_000 });
 * driver.emit('l1', 'ringing');
 * driver.emit('l1', 'answered');
 * await driver.settle();
 */
export class ScriptedDriver implements TelephonyDriver {
  readonly originated: OriginateRequest[] = [];
  readonly bridged: [string, string][] = [];
  readonly hungUp: string[] = [];
  readonly recordings: { legId: string; action: RecordingAction }[] = [];
  readonly accepted: string[] = [];

  private readonly opts: Required<ScriptedDriverOptions>;
  private readonly clock: ManualClock;
  private readonly timers = new VirtualTimers();
  private readonly listeners = new Set<(event: LegEvent) => void>();
  private readonly incomingListeners = new Set<(call: IncomingCall) => void>();
  /** Incoming legs not yet accepted. */
  private readonly ringingIn = new Set<string>();
  private readonly outbox: LegEvent[] = [];
  private readonly holding: HeldEvent[] = [];
  /** Live legs and the cancels of their pending script steps. */
  private readonly live = new Map<string, (() => void)[]>();
  private draining: Promise<void> | null = null;

  constructor(options: ScriptedDriverOptions = {}) {
    this.opts = { ...DEFAULTS, ...options };
    this.clock = new ManualClock(this.opts.startAt);
  }

  /** The scripted clock. */
  now(): number {
    return this.clock.now();
  }

  async originate(request: OriginateRequest): Promise<void> {
    this.originated.push(request);
    if (this.live.has(request.legId)) throw new Error(`leg ${request.legId} already exists`);
    const start = this.clock.now();
    const cancels = (this.opts.script(request) ?? []).map((step) =>
      this.timers.at(start + step.afterMs, () => {
        if (this.live.has(request.legId)) this.emit(request.legId, step.type, { by: step.by, detail: step.detail });
      }),
    );
    this.live.set(request.legId, cancels);
  }

  async bridge(legA: string, legB: string): Promise<void> {
    this.bridged.push([legA, legB]);
    if (!this.live.has(legA) || !this.live.has(legB)) throw new Error(`cannot bridge ${legA} and ${legB}: a leg is unknown or ended`);
  }

  async hangup(legId: string): Promise<void> {
    this.hungUp.push(legId);
    if (this.opts.autoHangup && this.live.has(legId)) this.emit(legId, 'hung_up', { by: 'local' });
  }

  async recording(legId: string, action: RecordingAction): Promise<void> {
    this.recordings.push({ legId, action });
    if (!this.live.has(legId)) throw new Error(`leg ${legId} is unknown or ended`);
  }

  onEvent(listener: (event: LegEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onIncoming(listener: (call: IncomingCall) => void): () => void {
    this.incomingListeners.add(listener);
    return () => this.incomingListeners.delete(listener);
  }

  async accept(legId: string): Promise<void> {
    this.accepted.push(legId);
    if (!this.ringingIn.delete(legId)) throw new Error(`leg ${legId} is not an incoming call waiting to be answered`);
  }

  /** A call arrives from `from` at `to`: delivered to `onIncoming` listeners on a later macrotask. The leg is live until a final event. */
  incoming(legId: string, from: string, to: string): void {
    this.live.set(legId, []);
    this.ringingIn.add(legId);
    const call: IncomingCall = { legId, from, to, at: this.clock.now() };
    setImmediate(() => {
      for (const listener of [...this.incomingListeners]) listener(call);
    });
  }

  async close(): Promise<void> {
    for (const cancels of this.live.values()) cancels.forEach((cancel) => cancel());
    this.live.clear();
    await this.settle();
    this.listeners.clear();
    this.incomingListeners.clear();
  }

  /** Queues an event, delivered on a later macrotask in emit order. Any order the test likes is allowed. */
  emit(legId: string, type: LegEventType, options: EmitOptions = {}): void {
    this.enqueue(this.event(legId, type, options));
  }

  /** Creates an event but holds it back until `release`: the way to deliver late or out of order. */
  hold(legId: string, type: LegEventType, options: EmitOptions = {}): HeldEvent {
    const held = { event: this.event(legId, type, options) };
    this.holding.push(held);
    return held;
  }

  /** The events still held. */
  held(): readonly HeldEvent[] {
    return [...this.holding];
  }

  /** Queues held events in the order given (all held ones, in hold order, when none are named). */
  release(...events: HeldEvent[]): void {
    for (const held of events.length > 0 ? events : [...this.holding]) {
      const index = this.holding.indexOf(held);
      if (index < 0) throw new Error('event is not held (already released?)');
      this.holding.splice(index, 1);
      this.enqueue(held.event);
    }
  }

  /** Moves the scripted clock forward, queues the script steps that fell due and waits for delivery. */
  async advance(ms: number): Promise<void> {
    const until = this.clock.now() + ms;
    await this.timers.runUntil(until, (t) => this.clock.set(t));
    this.clock.set(until);
    await this.settle();
  }

  /** Whether the driver still counts the leg as live (no final event queued yet). */
  isLive(legId: string): boolean {
    return this.live.has(legId);
  }

  /** Resolves once every queued event has been delivered. */
  async settle(): Promise<void> {
    while (this.outbox.length > 0 || this.draining) await (this.draining ?? this.drain());
  }

  private event(legId: string, type: LegEventType, options: EmitOptions): LegEvent {
    const { at = this.clock.now(), by, detail } = options;
    return { legId, type, at, ...(by === undefined ? {} : { by }), ...(detail === undefined ? {} : { detail }) };
  }

  private enqueue(event: LegEvent): void {
    if (FINAL.has(event.type)) {
      this.live.get(event.legId)?.forEach((cancel) => cancel());
      this.live.delete(event.legId);
    }
    this.outbox.push(event);
    this.draining ??= this.drain();
  }

  /**
   * Delivers what is queued now on the next macrotask, so nothing reaches a listener inside a
   * driver call; what listeners queue meanwhile waits for the next round, after their awaits resume.
   */
  private drain(): Promise<void> {
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        const batch = this.outbox.splice(0);
        try {
          for (const event of batch) for (const listener of [...this.listeners]) listener(event);
        } finally {
          this.draining = this.outbox.length > 0 ? this.drain() : null;
          resolve();
        }
      });
    });
  }
}
