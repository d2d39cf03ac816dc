import { randomBytes, randomUUID } from 'node:crypto';
import type { RandomSource } from '../../domain/ports.ts';
import { NotFoundError, RuleViolationError } from '../../domain/errors.ts';
import type { DeliveryCounts, DeliveryDestination, Store } from '../../ports/storage.ts';
import type { EventBus } from '../event-bus.ts';
import { WallTimers } from '../timers.ts';
import { OutboundPolicy, type Lookup } from './address-policy.ts';
import { BACKOFF, type BackoffOptions } from './backoff.ts';
import { LogFollower } from './follower.ts';
import { MapperRegistry } from './mappers.ts';
import { Sender } from './sender.ts';
import { SerialLoop } from './serial-loop.ts';

export interface DeliveryOptions {
  /** CIDRs (or addresses) outbound requests may reach although not public (`SWITCHBOARD_OUTBOUND_ALLOW`). */
  readonly allow: readonly string[];
  readonly backoff: BackoffOptions;
  /** Per request (ms). */
  readonly timeoutMs: number;
  /** Events read per follower step. */
  readonly batch: number;
  /** Name resolution (tests may replace it); default: the system's (`dns.lookup`, every address). */
  readonly lookup?: Lookup;
  /** A failure no request waits for (a store error in a loop); the loop is retried after `backoff.baseMs`. */
  readonly onError: (error: unknown, context: string) => void;
}

export const DELIVERY_DEFAULTS: DeliveryOptions = { allow: [], backoff: BACKOFF, timeoutMs: 10_000, batch: 200, onError: () => undefined };

/** What creating a destination takes (the admin API's body). */
export interface NewDestination {
  readonly url: string;
  /** Generated when omitted (and then shown once). */
  readonly secret?: string;
  /** The event mapper; default `events`. */
  readonly kind?: string;
  /** A fixed id (e.g. the PBX push destination `pbx-push`); default a new `wh_…` id. */
  readonly destinationId?: string;
}

/** What `update` may change; the cursor and the outbox stay. */
export interface DestinationPatch {
  readonly url?: string;
  readonly secret?: string;
  readonly enabled?: boolean;
}

/** One destination's delivery state, as the admin API shows it. */
export interface DeliveryState extends DeliveryCounts {
  /** The head message has failed at least once and is being retried. */
  readonly failing: boolean;
  readonly cursor: number;
}

/** What every destination's worker shares. */
interface WorkerDeps {
  readonly store: Store;
  readonly timers: WallTimers;
  readonly random: RandomSource;
  readonly mappers: MapperRegistry;
  readonly policy: OutboundPolicy;
}

/** The follower and sender of one destination, each in its own serial loop. */
class Worker {
  readonly follow: SerialLoop;
  readonly send: SerialLoop;
  private readonly sender: Sender;
  private readonly retries = new Set<() => void>();

  constructor(readonly destination: DeliveryDestination, deps: WorkerDeps, options: DeliveryOptions) {
    const { store, timers, random, mappers, policy } = deps;
    const mapper = mappers.get(destination.kind);
    if (!mapper) throw new RuleViolationError(`no event mapper for destination kind '${destination.kind}'`, 'kind');
    const retryLater = (loop: () => SerialLoop, context: string) => (error: unknown) => {
      options.onError(error, `delivery to ${destination.destinationId}: ${context}`);
      const cancel = timers.at(Date.now() + options.backoff.baseMs, () => void (this.retries.delete(cancel), loop().kick()));
      this.retries.add(cancel);
    };
    const wire = mappers.wireOf(destination.kind);
    this.sender = new Sender(destination, { store, policy, timers, now: Date.now, random, backoff: options.backoff, timeoutMs: options.timeoutMs, wire }, () => this.send.kick());
    this.send = new SerialLoop(() => this.sender.pass(), retryLater(() => this.send, 'sending'));
    const follower = new LogFollower(destination, { store, mapper, now: Date.now, newId: randomUUID, batch: options.batch }, () => this.send.kick());
    this.follow = new SerialLoop(() => follower.pass(), retryLater(() => this.follow, 'following the event log'));
  }

  async stop(): Promise<void> {
    for (const cancel of this.retries) cancel();
    this.sender.stop();
    await Promise.all([this.follow.stop(), this.send.stop()]);
    this.sender.stop(); // a pass that ended after the first stop may have armed a retry
  }
}

/**
 * The shared outbound delivery service (`NOTES.md` §6): per destination, a log follower turns the
 * tenant's events into a durable ordered outbox, and a sender posts it at least once, in order,
 * signed, with retries. Webhooks use it now; click-to-dial callbacks and PBX push events register
 * their own mapper kinds. Delivery runs on wall-clock time.
 * @example const delivery = new DeliveryService(store, bus, cryptoRandom, { allow: ['127.0.0.1/32'] }); await delivery.start();
 */
export class DeliveryService {
  readonly mappers = new MapperRegistry();
  private readonly options: DeliveryOptions;
  /** Where outbound requests may go (`NOTES.md` §6); the CRM connector uses it too. */
  readonly policy: OutboundPolicy;
  private readonly timers = new WallTimers(() => Date.now(), (error) => this.options.onError(error, 'delivery timer'));
  /** tenant → destination id → worker (the bus wakes only the followers of the event's tenant). */
  private readonly workers = new Map<string, Map<string, Worker>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly random: RandomSource,
    options: Partial<DeliveryOptions> = {},
  ) {
    this.options = { ...DELIVERY_DEFAULTS, ...options };
    this.policy = new OutboundPolicy(this.options.allow, this.options.lookup);
  }

  /** Starts a worker per enabled destination (pending messages resume, the log is caught up) and follows the bus. */
  async start(): Promise<void> {
    this.unsubscribe = this.bus.subscribe((logged) => {
      for (const worker of this.workers.get(logged.tenantId)?.values() ?? []) worker.follow.kick();
    });
    for (const destination of await this.store.listDestinations()) this.startWorker(destination);
  }

  /**
   * Creates a destination that receives the tenant's events from now on.
   * @throws RuleViolationError (bad URL or kind), OutboundAddressRefusedError (a literal address not allowed)
   */
  async create(tenantId: string, input: NewDestination): Promise<DeliveryDestination> {
    const url = this.checkUrl(input.url);
    const kind = input.kind ?? 'events';
    if (!this.mappers.get(kind)) throw new RuleViolationError(`kind '${kind}' is not one of ${this.mappers.kinds().join(', ')}`, 'kind');
    const destinationId = input.destinationId ?? `wh_${randomBytes(12).toString('base64url')}`;
    const destination = await this.store.transaction(async (tx) => {
      const created: DeliveryDestination = {
        tenantId, destinationId, kind, url: url.toString(), secret: input.secret ?? `whsec_${randomBytes(32).toString('base64url')}`,
        enabled: true, createdAt: Date.now(), cursor: await tx.lastEventSeq(tenantId),
      };
      await tx.insertDestination(created);
      return created;
    });
    this.startWorker(destination);
    return destination;
  }

  /**
   * Changes a destination's URL, secret or switch, keeping its cursor and its outbox (pending
   * messages go to the new URL, signed with the new secret). Its worker restarts with the change.
   * @throws NotFoundError, RuleViolationError (bad URL), OutboundAddressRefusedError
   * @example await delivery.update(tenantId, 'pbx-push', { url: 'https://crm.example.com/pbx' });
   */
  async update(tenantId: string, destinationId: string, patch: DestinationPatch): Promise<DeliveryDestination> {
    const url = patch.url === undefined ? undefined : this.checkUrl(patch.url).toString();
    const changes = { ...(url !== undefined && { url }), ...(patch.secret !== undefined && { secret: patch.secret }), ...(patch.enabled !== undefined && { enabled: patch.enabled }) };
    const worker = this.workers.get(tenantId)?.get(destinationId);
    this.workers.get(tenantId)?.delete(destinationId);
    await worker?.stop();
    const updated = await this.store.transaction(async (tx) => {
      if (!(await tx.getDestination(tenantId, destinationId))) return undefined;
      await tx.updateDestination(tenantId, destinationId, changes);
      return tx.getDestination(tenantId, destinationId);
    });
    if (!updated) throw new NotFoundError('webhook', destinationId);
    this.startWorker(updated);
    return updated;
  }

  async delete(tenantId: string, destinationId: string): Promise<void> {
    const worker = this.workers.get(tenantId)?.get(destinationId);
    this.workers.get(tenantId)?.delete(destinationId);
    await worker?.stop();
    const existed = await this.store.transaction((tx) => tx.deleteDestination(tenantId, destinationId));
    if (!existed) throw new NotFoundError('webhook', destinationId);
  }

  list(tenantId: string): Promise<DeliveryDestination[]> {
    return this.store.listDestinations(tenantId);
  }

  async get(tenantId: string, destinationId: string): Promise<DeliveryDestination> {
    const destination = await this.store.getDestination(tenantId, destinationId);
    if (!destination) throw new NotFoundError('webhook', destinationId);
    return destination;
  }

  async state(destination: DeliveryDestination): Promise<DeliveryState> {
    const counts = await this.store.deliveryCounts(destination.tenantId, destination.destinationId);
    const current = await this.store.getDestination(destination.tenantId, destination.destinationId);
    return { ...counts, failing: (counts.head?.attempts ?? 0) > 0, cursor: current?.cursor ?? destination.cursor };
  }

  /** Stops every loop and timer (messages stay in the outbox for the next start). */
  async close(): Promise<void> {
    this.unsubscribe?.();
    const workers = [...this.workers.values()].flatMap((byId) => [...byId.values()]);
    this.workers.clear();
    await Promise.all(workers.map((w) => w.stop()));
    this.timers.clear();
  }

  private checkUrl(text: string): URL {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new RuleViolationError(`url '${text}' is not an absolute URL`, 'url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RuleViolationError(`url must be http or https, not ${url.protocol}`, 'url');
    if (url.username || url.password) throw new RuleViolationError('url must not carry credentials (the signature authenticates Switchboard)', 'url');
    this.policy.checkLiteral(url);
    return url;
  }

  private startWorker(destination: DeliveryDestination): void {
    if (!destination.enabled || !this.unsubscribe) return;
    let worker: Worker;
    try {
      worker = new Worker(destination, { store: this.store, timers: this.timers, random: this.random, mappers: this.mappers, policy: this.policy }, this.options);
    } catch (error) {
      // A kind whose mapper is not registered in this build: its messages wait in the outbox.
      this.options.onError(error, `delivery to ${destination.destinationId}`);
      return;
    }
    const byId = this.workers.get(destination.tenantId) ?? new Map<string, Worker>();
    this.workers.set(destination.tenantId, byId.set(destination.destinationId, worker));
    worker.follow.kick();
    worker.send.kick();
  }
}
