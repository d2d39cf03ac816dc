import type { Clock } from '../domain/ports.ts';
import type { Store } from '../ports/storage.ts';
import { VirtualTimers } from './timers.ts';

/** Contact-center time from the machine's clock. */
export const wallClock: Clock = { now: () => Date.now() };

const VIRTUAL_NOW_KEY = 'clock.virtual_now';
/** Where a new virtual clock starts: 2026-01-05 09:00 UTC, a Monday morning. */
export const VIRTUAL_EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);

/**
 * Contact-center time that moves only when told (`NOTES.md` §10). Its position is
 * persisted, so a restarted server resumes where it stopped.
 */
export class VirtualClock implements Clock {
  /** Timers in this clock's time; they fire only during `advance`. */
  readonly timers = new VirtualTimers();
  private advancing: Promise<unknown> = Promise.resolve();
  /** Waits for what a timer set in motion (commits) before the next timer runs. */
  private settle: () => Promise<void> = async () => undefined;

  private constructor(
    private current: number,
    private readonly store: Store,
    private readonly persist: boolean,
  ) {}

  /**
   * The clock where the store says it stopped (or at the epoch). `persist: false` keeps its
   * position in memory only: a simulation's store is thrown away, and a write per step is not free.
   */
  static async open(store: Store, options: { readonly persist?: boolean } = {}): Promise<VirtualClock> {
    const saved = await store.getSetting(VIRTUAL_NOW_KEY);
    return new VirtualClock(saved === undefined ? VIRTUAL_EPOCH : Number(saved), store, options.persist ?? true);
  }

  now(): number {
    return this.current;
  }

  /** Sets what `advance` waits for after each timer (the platform passes "all commits done"). */
  settleWith(settle: () => Promise<void>): void {
    this.settle = settle;
  }

  /**
   * Resolves once everything already set in motion has committed, including what that caused
   * (what `advance` waits for between timers). A simulated request awaits it so the next one
   * finds the same state however fast it arrives.
   */
  settled(): Promise<void> {
    return this.advancing.then(() => this.settle());
  }

  /**
   * Moves time forward by `ms`, running every timer due in that span in order (the clock
   * standing at each one's due time), then persists the new position. Returns how many ran.
   */
  advance(ms: number): Promise<number> {
    if (!Number.isFinite(ms) || ms < 0) return Promise.reject(new RangeError('a clock only moves forward'));
    // Advances run one after another, so two callers never interleave their timers.
    const run = this.advancing.then(() => this.advanceNow(ms));
    this.advancing = run.catch(() => undefined);
    return run;
  }

  private async advanceNow(ms: number): Promise<number> {
    const target = this.current + ms;
    await this.settle(); // what an API request started is part of "now", before time moves
    const ran = await this.timers.runUntil(target, (t) => (this.current = Math.max(this.current, t)), this.settle);
    this.current = target;
    const value = String(this.current);
    if (this.persist) await this.store.transaction((tx) => tx.setSetting(VIRTUAL_NOW_KEY, value));
    return ran;
  }
}
