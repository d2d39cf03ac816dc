import type { Clock } from '../domain/ports.ts';
import type { Store } from '../ports/storage.ts';

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
  private constructor(
    private current: number,
    private readonly store: Store,
  ) {}

  static async open(store: Store): Promise<VirtualClock> {
    const saved = await store.getSetting(VIRTUAL_NOW_KEY);
    return new VirtualClock(saved === undefined ? VIRTUAL_EPOCH : Number(saved), store);
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward and persists the new position. */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('a clock only moves forward');
    this.current += ms;
    const value = String(this.current);
    await this.store.transaction((tx) => tx.setSetting(VIRTUAL_NOW_KEY, value));
  }
}
