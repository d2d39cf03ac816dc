import type { LoggedEvent } from '../domain/events.ts';

export type EventListener = (event: LoggedEvent) => void;

/**
 * In-process fan-out of committed events. Publishing happens only after the transaction
 * that logged them commits; a consumer that needs every event (webhooks, WebSocket resume)
 * reads the durable log from its last sequence number and uses the bus as a wake-up.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  /** Returns a function that unsubscribes. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: readonly LoggedEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch {
          // A failing listener must not stop the others nor the write that already committed.
        }
      }
    }
  }
}
