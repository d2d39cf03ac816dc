import type { RandomSource } from '../../domain/ports.ts';
import type { DeliveryDestination, OutboxMessage, Store } from '../../ports/storage.ts';
import type { Timers } from '../../ports/timers.ts';
import type { OutboundPolicy } from './address-policy.ts';
import { retryDelay, type BackoffOptions } from './backoff.ts';
import { postOnce } from './http-post.ts';
import { deliveryHeaders } from './signing.ts';
import { jsonWire, type WireFormat } from './mappers.ts';

export interface SenderDeps {
  readonly store: Store;
  readonly policy: OutboundPolicy;
  /** Wall-clock timers (delivery runs on real time even when contact-center time is virtual). */
  readonly timers: Timers;
  readonly now: () => number;
  readonly random: RandomSource;
  readonly backoff: BackoffOptions;
  /** Per request. */
  readonly timeoutMs: number;
  /** How the destination's kind goes on the wire (default: JSON to the destination's URL). */
  readonly wire?: WireFormat;
}

/**
 * The sender of one destination: strictly in order — the head (oldest pending) message must be
 * delivered before the next is tried. A failed attempt is recorded (attempts, error, next time)
 * and retried after an exponential, jittered, capped delay, forever: nothing is dropped. Each
 * destination has its own sender, so one failing receiver never delays another.
 * @example const sender = new Sender(destination, deps, () => loop.kick()); const loop = new SerialLoop(() => sender.pass(), log);
 */
export class Sender {
  private cancelRetry: (() => void) | null = null;
  private readonly stopping = new AbortController();

  constructor(
    private readonly destination: DeliveryDestination,
    private readonly deps: SenderDeps,
    /** Called by the retry timer: runs `pass` again (through the destination's serial loop). */
    private readonly kick: () => void,
  ) {}

  /** Sends pending messages until the outbox is empty or the head must wait. */
  async pass(): Promise<void> {
    const { tenantId, destinationId } = this.destination;
    const { store } = this.deps;
    for (;;) {
      const head = await store.headOfOutbox(tenantId, destinationId);
      if (!head) return;
      if (head.nextAttemptAt > this.deps.now()) {
        this.retryAt(head.nextAttemptAt);
        return;
      }
      const error = await this.attempt(head);
      if (this.stopping.signal.aborted) return; // shutting down: an interrupted attempt is not the receiver's failure
      if (error === null) {
        await store.transaction((tx) => tx.markDelivered(tenantId, destinationId, head.seq, this.deps.now()));
        continue;
      }
      const next = this.deps.now() + retryDelay(head.attempts + 1, this.deps.backoff, this.deps.random);
      await store.transaction((tx) => tx.recordFailedAttempt(tenantId, destinationId, head.seq, error, next));
      this.retryAt(next);
      return;
    }
  }

  /** Aborts a request in flight and cancels the retry timer. */
  stop(): void {
    this.stopping.abort();
    this.cancelRetry?.();
    this.cancelRetry = null;
  }

  /** One POST of the head; the error text, or null when delivered. */
  private async attempt(head: OutboxMessage): Promise<string | null> {
    try {
      const wire = (this.deps.wire ?? jsonWire)(head.body, this.destination);
      const url = new URL(wire.url);
      // A kind may name the URL per message, but never leave the destination's origin (its policy check and secret).
      if (url.origin !== new URL(this.destination.url).origin) return `url ${url.origin} is not the destination's origin`;
      const [address] = await this.deps.policy.resolve(url);
      if (!address) return 'no address';
      const headers = deliveryHeaders(head.messageId, this.destination.secret, wire.body, this.deps.now(), wire.contentType);
      return (await postOnce(url, address, headers, wire.body, this.deps.timeoutMs, this.stopping.signal)).error;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  private retryAt(at: number): void {
    this.cancelRetry?.();
    if (this.stopping.signal.aborted) return;
    this.cancelRetry = this.deps.timers.at(at, () => {
      this.cancelRetry = null;
      this.kick();
    });
  }
}
