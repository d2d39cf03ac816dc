import type { StoredTimer, StoreTx } from '../ports/storage.ts';
import type { Timers } from '../ports/timers.ts';
import type { Change, GroupCommitter } from './group-commit.ts';

/** Decides what a fired timer changes, on the in-memory state; null when nothing is left to do. */
export type TimerHandler = (timer: StoredTimer) => Change<unknown> | null;

/** The part of a change that schedules or cancels a timer: `write` in its transaction, `after` once committed. */
export interface TimerEdit {
  write(tx: StoreTx): Promise<void>;
  after(): void;
}

const key = (tenantId: string, timerId: string): string => `${tenantId}\u0000${timerId}`;

/**
 * Timers persisted with the state they belong to (`NOTES.md` §4: post-processing end, delays,
 * timeouts). A timer row is written in the same transaction as the change that needs it and
 * armed in memory once that commits; at start every stored timer is armed again. When one
 * fires, its handler's change commits together with the timer's deletion, so a timer that
 * fired and committed never fires again, and one cut off by a crash fires after the restart.
 * @example const edit = durable.schedule({ tenantId, timerId: `pp:${agentId}`, dueAt, kind: 'post_processing.end', payload: { agentId } });
 *          await committer.submit(tenantId, { events, write: async (tx) => { await save(tx); await edit.write(tx); }, apply: () => edit.after() });
 */
export class DurableTimers {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly armed = new Map<string, () => void>();

  constructor(
    private readonly timers: Timers,
    private readonly committer: GroupCommitter,
    private readonly listStored: () => Promise<StoredTimer[]>,
  ) {}

  /** Registers the handler of a kind of timer (looked up when one fires). */
  on(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Arms every stored timer (after a restart, the overdue ones fire at once). */
  async start(): Promise<number> {
    const stored = await this.listStored();
    for (const timer of stored) this.arm(timer);
    return stored.length;
  }

  schedule(timer: StoredTimer): TimerEdit {
    return { write: (tx) => tx.putTimer(timer), after: () => this.arm(timer) };
  }

  cancel(tenantId: string, timerId: string): TimerEdit {
    return {
      write: async (tx) => void (await tx.deleteTimer(tenantId, timerId)),
      after: () => this.disarm(tenantId, timerId),
    };
  }

  /** Timers armed in memory. */
  armedCount(): number {
    return this.armed.size;
  }

  private arm(timer: StoredTimer): void {
    this.disarm(timer.tenantId, timer.timerId);
    const cancel = this.timers.at(timer.dueAt, () => this.fire(timer));
    this.armed.set(key(timer.tenantId, timer.timerId), cancel);
  }

  private disarm(tenantId: string, timerId: string): void {
    this.armed.get(key(tenantId, timerId))?.();
    this.armed.delete(key(tenantId, timerId));
  }

  private async fire(timer: StoredTimer): Promise<void> {
    this.armed.delete(key(timer.tenantId, timer.timerId));
    const handler = this.handlers.get(timer.kind);
    if (!handler) return; // a kind this build doesn't know stays stored rather than being lost
    const change = handler(timer);
    await this.committer.submit(timer.tenantId, {
      events: change?.events ?? [],
      write: async (tx) => {
        await tx.deleteTimer(timer.tenantId, timer.timerId);
        return change ? change.write(tx) : undefined;
      },
      apply: (result) => change?.apply?.(result),
      ...(change?.failed && { failed: (error: unknown) => change.failed?.(error) }),
    });
  }
}
