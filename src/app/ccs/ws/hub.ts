import type { LoggedEvent } from '../../../domain/events.ts';
import type { Platform } from '../../platform.ts';
import type { WsEvent } from './event-mapper.ts';
import { TenantStream, type EventSink, type StreamPosition } from './tenant-stream.ts';

/** The mapping the hub uses (`CcsEventMapper`): each logged event once, in log order. */
export interface EventMapping {
  map(logged: LoggedEvent): Promise<WsEvent[]>;
}

/** What a client gets for one tenant on connect: the tenant's last seq now and whether its position was honoured. */
export interface OpenedStream {
  readonly stream: TenantStream;
  readonly seq: number;
  readonly resumed: boolean;
  readonly reason?: string;
  /** Replays the missed events (when resumed), then switches the stream to live. */
  start(): Promise<void>;
}

const REPLAY_PAGE = 500;

/** One tenant's live events: mapped one at a time, in log order, then offered to every stream. */
class TenantFeed {
  readonly streams = new Set<TenantStream>();
  private readonly queue: LoggedEvent[] = [];
  private draining = false;

  constructor(
    private readonly mapper: EventMapping,
    private readonly onError: (error: unknown) => void,
  ) {}

  push(event: LoggedEvent): void {
    this.queue.push(event);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      let events: WsEvent[];
      try {
        events = await this.mapper.map(next);
      } catch (error) {
        this.onError(error);
        continue;
      }
      // One client's failure must not stop the others.
      for (const stream of this.streams) {
        try {
          stream.offer(events);
        } catch (error) {
          this.onError(error);
        }
      }
    }
    this.draining = false;
  }
}

/**
 * The CCS WebSocket fan-out (`docs/ccs-events.md`): follows the bus for the tenants some client
 * watches, maps each logged event once, and offers the result to those clients' streams, which
 * filter by permission and position and hand frames over without waiting. Resume replays the
 * durable log through the same mapping.
 * @example const hub = new CcsEventHub(platform, new CcsEventMapper(platform), { retentionEvents: 100_000 }); hub.start();
 */
export class CcsEventHub {
  private readonly feeds = new Map<string, TenantFeed>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly platform: Platform,
    private readonly mapper: EventMapping,
    private readonly options: { readonly retentionEvents: number },
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  start(): void {
    this.unsubscribe ??= this.platform.bus.subscribe((event) => this.feeds.get(event.tenantId)?.push(event));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.feeds.clear();
  }

  /**
   * Registers a client's stream of a tenant (buffering) and reads the tenant's last seq after that,
   * so every later event reaches the buffer; `start()` replays up to that seq and goes live.
   */
  async open(tenantId: string, sink: EventSink, resume: StreamPosition | undefined): Promise<OpenedStream> {
    const stream = new TenantStream(tenantId, sink);
    this.feedOf(tenantId).streams.add(stream);
    const last = await this.platform.store.lastEventSeq(tenantId);
    const refusal = resume === undefined ? undefined : this.refusal(resume, last);
    const honoured = resume !== undefined && refusal === undefined;
    stream.startAt(honoured ? resume : { seq: last, n: Infinity });
    return {
      stream, seq: last, resumed: honoured, ...(refusal !== undefined && { reason: refusal }),
      start: async () => {
        if (honoured) await this.replay(stream, resume, last);
        stream.goLive(last);
      },
    };
  }

  /** Forgets a stream (the client left). */
  close(stream: TenantStream): void {
    const feed = this.feeds.get(stream.tenantId);
    if (!feed) return;
    feed.streams.delete(stream);
    if (feed.streams.size === 0) this.feeds.delete(stream.tenantId);
  }

  private feedOf(tenantId: string): TenantFeed {
    let feed = this.feeds.get(tenantId);
    if (!feed) {
      feed = new TenantFeed(this.mapper, this.onError);
      this.feeds.set(tenantId, feed);
    }
    return feed;
  }

  private refusal(resume: StreamPosition, last: number): string | undefined {
    if (resume.seq > last) return `position seq ${resume.seq} is ahead of the tenant's log (last seq ${last}); streaming from now`;
    if (last - resume.seq > this.options.retentionEvents) {
      return `position seq ${resume.seq} is older than the retention window (the last ${this.options.retentionEvents} events); streaming from now`;
    }
    return undefined;
  }

  /** The log after the position up to `last`, in pages, through the same mapping as live events. */
  private async replay(stream: TenantStream, from: StreamPosition, last: number): Promise<void> {
    // A partly seen seq is read again; the stream's position drops the events already seen.
    let after = from.n === Infinity ? from.seq : from.seq - 1;
    while (after < last && !stream.sink.closed) {
      const page = await this.platform.store.readEvents(stream.tenantId, after, REPLAY_PAGE);
      if (page.length === 0) return;
      for (const logged of page) {
        if (logged.seq > last || stream.sink.closed) return;
        stream.deliver(await this.mapper.map(logged));
        after = logged.seq;
      }
    }
  }
}
