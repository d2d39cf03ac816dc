import type { WsCategory, WsEvent } from './event-mapper.ts';

/** Where a client is in a tenant's events: it has seen (seq, n); n = Infinity: every event of seq. */
export interface StreamPosition {
  readonly seq: number;
  readonly n: number;
}

/** A client as the hub sees it: what it may receive and how to hand it a frame (never waits). */
export interface EventSink {
  allows(category: WsCategory): boolean;
  send(body: Record<string, unknown>): void;
  readonly closed: boolean;
}

const isAfter = (seq: number, n: number, floor: StreamPosition): boolean => seq > floor.seq || (seq === floor.seq && n > floor.n);

/**
 * One client's view of one tenant's events. It starts buffering (registered before the tenant's
 * last seq is read, so no live event can slip between the replay and the live stream), replays
 * the log, then flushes what arrived meanwhile. Every event goes through one position check —
 * (seq, n) strictly after the last one passed — so overlaps between replay and live are dropped
 * and nothing is reordered. The position moves on filtered events too (n counts before filtering).
 */
export class TenantStream {
  private buffered: WsEvent[][] | null = [];
  /** Set by `startAt` once the tenant's last seq is known; nothing is delivered before. */
  private position: StreamPosition = { seq: 0, n: -1 };

  constructor(
    readonly tenantId: string,
    readonly sink: EventSink,
  ) {}

  /** The position the client starts after (its resume position, or the tenant's last seq). */
  startAt(position: StreamPosition): void {
    this.position = position;
  }

  /** A live tenant's events (one logged event's worth, in log order). */
  offer(events: readonly WsEvent[]): void {
    if (this.buffered) this.buffered.push([...events]);
    else this.deliver(events);
  }

  /** Passes events at or before the current position over; sends the rest the client may see. */
  deliver(events: readonly WsEvent[]): void {
    for (const event of events) {
      if (this.sink.closed) return;
      const { seq, n } = event.body as { seq: number; n: number };
      if (!isAfter(seq, n, this.position)) continue;
      this.position = { seq, n };
      if (this.sink.allows(event.category)) this.sink.send(event.body);
    }
  }

  /** After the replay up to `replayedSeq`: everything up to it is done; the buffered live events follow. */
  goLive(replayedSeq: number): void {
    if (replayedSeq > this.position.seq) this.position = { seq: replayedSeq, n: Infinity };
    const buffered = this.buffered ?? [];
    this.buffered = null;
    for (const events of buffered) this.deliver(events);
  }
}
