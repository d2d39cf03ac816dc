import type { DomainEvent, LoggedEvent } from '../domain/events.ts';
import type { Clock } from '../domain/ports.ts';
import type { Store, StoreTx } from '../ports/storage.ts';
import type { EventBus } from './event-bus.ts';

/** One change: its writes, the events that record it, and what to do in memory once committed. */
export interface Change<T> {
  /** The events, or a function of what `write` returned (e.g. ids the store assigned). */
  readonly events: readonly DomainEvent[] | ((result: T) => readonly DomainEvent[]);
  readonly write: (tx: StoreTx) => Promise<T>;
  /** Runs after the commit, before the events are published (e.g. update the directory). */
  readonly apply?: (result: T) => void | Promise<void>;
  /** Runs when the change is refused (it did not commit), so memory staged for it can be dropped. */
  readonly failed?: (error: unknown) => void;
}

export interface Committed<T> {
  readonly result: T;
  readonly logged: LoggedEvent[];
}

interface Pending {
  readonly change: Change<unknown>;
  readonly resolve: (value: Committed<unknown>) => void;
  readonly reject: (error: unknown) => void;
}

export type CommitOptions = Partial<typeof DEFAULTS>;

const DEFAULTS = {
  maxBatch: 256,
  /** One turn of the event loop; the simulator may pass a no-op to stay in step. */
  yieldToIo: (): Promise<void> => new Promise((resolve) => setImmediate(resolve)),
};

/**
 * Commits each tenant's changes in submission order with as few transactions as possible:
 * changes submitted while a transaction runs are committed together by the next one (group
 * commit). Each change's writes and events are still in the same transaction, and a change is
 * only acknowledged after that transaction commits. If a batch fails, its changes are retried
 * one by one, so one bad change never fails the others.
 * @example await committer.submit(tenantId, { events, write: (tx) => tx.saveAgentState(...) });
 */
export class GroupCommitter {
  private readonly queues = new Map<string, Pending[]>();
  private readonly draining = new Set<Promise<void>>();
  private readonly options: typeof DEFAULTS;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    options: CommitOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  submit<T>(tenantId: string, change: Change<T>): Promise<Committed<T>> {
    return new Promise<Committed<T>>((resolve, reject) => {
      const pending = { change, resolve, reject } as unknown as Pending;
      const queue = this.queues.get(tenantId);
      if (queue) return void queue.push(pending);
      this.queues.set(tenantId, [pending]);
      const drain = this.drain(tenantId);
      this.draining.add(drain);
      void drain.finally(() => this.draining.delete(drain));
    });
  }

  /**
   * Resolves once nothing is queued or committing, including changes that committed changes
   * cause (their `apply` may submit more). The virtual clock waits on it after each timer, so
   * a run is the same every time however fast the disk is.
   */
  async idle(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.draining.size === 0) return;
      await Promise.allSettled([...this.draining]);
    }
  }

  private async drain(tenantId: string): Promise<void> {
    const queue = this.queues.get(tenantId) as Pending[];
    while (queue.length > 0) {
      // Let requests that have already arrived decide and queue first. A synchronous driver
      // (better-sqlite3) would otherwise finish each transaction before anyone else got a turn.
      await this.options.yieldToIo();
      const batch = queue.splice(0, this.options.maxBatch);
      await this.commitBatch(tenantId, batch);
    }
    this.queues.delete(tenantId);
  }

  private async commitBatch(tenantId: string, batch: Pending[]): Promise<void> {
    let outcomes: Committed<unknown>[];
    try {
      outcomes = await this.commit(tenantId, batch.map((p) => p.change));
    } catch (error) {
      if (batch.length === 1) return reject(batch[0] as Pending, error);
      for (const pending of batch) await this.commitBatch(tenantId, [pending]);
      return;
    }
    await this.settle(batch, outcomes);
  }

  private commit(tenantId: string, changes: Change<unknown>[]): Promise<Committed<unknown>[]> {
    const at = this.clock.now();
    return this.store.transaction(async (tx) => {
      const results: unknown[] = [];
      const eventLists: (readonly DomainEvent[])[] = [];
      for (const change of changes) {
        const result = await change.write(tx);
        results.push(result);
        eventLists.push(typeof change.events === 'function' ? change.events(result) : change.events);
      }
      const logged = await tx.appendEvents(tenantId, at, eventLists.flat());
      let offset = 0;
      return results.map((result, i) => {
        const count = eventLists[i]?.length ?? 0;
        offset += count;
        return { result, logged: logged.slice(offset - count, offset) };
      });
    });
  }

  /** After the commit: update memory in order, then publish, then acknowledge. */
  private async settle(batch: Pending[], outcomes: Committed<unknown>[]): Promise<void> {
    const failures = new Map<number, unknown>();
    for (const [i, pending] of batch.entries()) {
      try {
        await pending.change.apply?.((outcomes[i] as Committed<unknown>).result);
      } catch (error) {
        failures.set(i, error); // committed, but memory could not follow: report it on this change only
      }
    }
    this.bus.publish(outcomes.flatMap((o) => o.logged));
    batch.forEach((pending, i) => (failures.has(i) ? pending.reject(failures.get(i)) : pending.resolve(outcomes[i] as Committed<unknown>)));
  }
}

function reject(pending: Pending, error: unknown): void {
  try {
    pending.change.failed?.(error);
  } finally {
    pending.reject(error);
  }
}
