import type { DeliveryDestination, NewOutboxMessage, Store } from '../../ports/storage.ts';
import { StaleWriteError } from '../../ports/storage.ts';
import type { LoggedEvent } from '../../domain/events.ts';
import type { EventMapper } from './mappers.ts';

export interface FollowerDeps {
  readonly store: Store;
  readonly mapper: EventMapper;
  /** Wall-clock ms (the message's creation time). */
  readonly now: () => number;
  /** A new unique message id (a UUID). */
  readonly newId: () => string;
  /** Events read (and enqueued in one transaction) per step. */
  readonly batch: number;
}

/**
 * The log follower of one destination: reads the tenant's event log after the destination's
 * cursor, maps each event (to any number of messages), and enqueues the messages in the same transaction as the cursor
 * moves — so a crash never loses nor duplicates an enqueue. `pass` runs until the log is drained;
 * the event bus (and the start) trigger it.
 * @example const follower = new LogFollower(destination, { store, mapper: eventsMapper, now: Date.now, newId: randomUUID, batch: 200 }, wakeSender);
 */
export class LogFollower {
  /** The cursor as last committed by this follower; null: read it from the store. */
  private cursor: number | null = null;

  constructor(
    private readonly destination: DeliveryDestination,
    private readonly deps: FollowerDeps,
    private readonly onEnqueued: () => void,
  ) {}

  async pass(): Promise<void> {
    const { tenantId, destinationId } = this.destination;
    const { store, batch } = this.deps;
    for (;;) {
      const from = this.cursor ?? (await store.getDestination(tenantId, destinationId))?.cursor;
      if (from === undefined) return; // deleted
      const events = await store.readEvents(tenantId, from, batch);
      const last = events.at(-1);
      if (!last) {
        this.cursor = from;
        return;
      }
      const messages = await this.map(events);
      try {
        await store.transaction((tx) => tx.enqueueMessages(tenantId, destinationId, messages, from, last.seq));
      } catch (error) {
        this.cursor = null;
        if (error instanceof StaleWriteError) continue; // someone else moved it: re-read and go on from there
        throw error;
      }
      this.cursor = last.seq;
      if (messages.length > 0) this.onEnqueued();
    }
  }

  /** Maps the events one after the other (a mapper may read the store), keeping the log's order. */
  private async map(events: readonly LoggedEvent[]): Promise<NewOutboxMessage[]> {
    const { mapper, store, newId, now } = this.deps;
    const messages: NewOutboxMessage[] = [];
    for (const logged of events) {
      for (const mapped of await mapper(logged, { store, destination: this.destination })) messages.push({ messageId: newId(), type: mapped.type, body: mapped.body, createdAt: now() });
    }
    return messages;
  }
}
