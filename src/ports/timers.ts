/**
 * Timers in contact-center time (`NOTES.md` §10). On the wall clock they are real timeouts;
 * on the virtual clock they run when the clock is advanced past them, in due order, with the
 * clock standing at each timer's due time while it runs (so what it schedules lands right).
 */
export type TimerCallback = () => void | Promise<void>;

export interface Timers {
  /**
   * Runs `fn` when contact-center time reaches `at` (ms since the epoch); when `at` is already
   * past, on the next turn (wall clock) or the next advance (virtual clock). A virtual advance
   * waits for a timer's returned promise before running the next one. Returns a cancel function.
   */
  at(at: number, fn: TimerCallback): () => void;
  /** How many timers are waiting (an idle system should have none it doesn't need). */
  pending(): number;
}
