import type { DomainEvent, LoggedEvent } from '../../domain/events.ts';
import type { Platform } from '../platform.ts';
import { agentView } from './agent-view.ts';
import type { QueueDayStats } from './queue-day-stats.ts';
import { tenantView } from './supervisor-view.ts';
import type { SupervisorView } from './view.ts';

/** One open page: an agent's workspace or a tenant's supervisor page. */
export interface LiveSubscriber {
  readonly tenantId: string;
  readonly agentId: string;
  readonly kind: 'agent' | 'supervisor';
  /** Sends one encoded message; false when the connection is too far behind to take it now. */
  send(message: string): boolean;
  /** The view could not be built (the agent was deleted, say): the page is closed with the reason. */
  fail(reason: string): void;
}

export interface LiveOptions {
  /** How long changes to one agent's view are gathered before one snapshot goes out (ms). */
  readonly agentDelayMs: number;
  /** The same for a supervisor page, which every event of the tenant touches (ms). */
  readonly supervisorDelayMs: number;
}

export const LIVE_DEFAULTS: LiveOptions = { agentDelayMs: 15, supervisorDelayMs: 100 };

interface Subscription {
  readonly subscriber: LiveSubscriber;
  /** The last view sent, without its `now` (so an unchanged view is not sent again). */
  last: string | null;
  timer: ReturnType<typeof setTimeout> | null;
  closed: boolean;
}

/** A view ready to send: `key` (the view without `now`, to tell a change) and the encoded message. */
interface Encoded {
  readonly key: string;
  readonly message: string;
}

/** The tenant's supervisor view, built once per change of the tenant for all its supervisors. */
interface SharedView {
  readonly epoch: number;
  readonly view: Promise<{ readonly body: string }>;
}

/**
 * The message of a view whose JSON (without `now`, and without `viewer` for a supervisor's) is
 * `body`: one `JSON.stringify` per view, the small per-page fields spliced in front.
 */
function message(now: number, body: string, viewer?: SupervisorView['viewer']): string {
  const extra = viewer === undefined ? '' : `"viewer":${JSON.stringify(viewer)},`;
  return `{"type":"snapshot","view":{"now":${now},${extra}${body.slice(1)}}`;
}

/** Events that only touch the queue side: callers come and go without changing an agent's page. */
const CALLER_ONLY: ReadonlySet<DomainEvent['type']> = new Set(['caller.joined', 'caller.left', 'call.transferred', 'call.suppression_changed']);

/**
 * Live pages (`/AGUI/`): each subscriber gets its whole view at once and again whenever an event
 * of its tenant changes it. Changes are gathered for a few milliseconds, so a burst of events
 * (a call being answered is half a dozen) costs one snapshot; an unchanged view is not re-sent.
 * A page's view is the committed state: events arrive after their commit.
 * @example const stop = live.subscribe({ tenantId, agentId, kind: 'agent', send: (m) => ws.send(m), fail: () => ws.close() });
 */
export class WorkspaceLive {
  private readonly byTenant = new Map<string, Set<Subscription>>();
  /** Events seen per tenant: a supervisor view built at one epoch serves every supervisor flushing at it. */
  private readonly epochs = new Map<string, number>();
  private readonly shared = new Map<string, SharedView>();
  private readonly options: LiveOptions;

  constructor(private readonly platform: Platform, private readonly stats: QueueDayStats, options: Partial<LiveOptions> = {}) {
    this.options = { ...LIVE_DEFAULTS, ...options };
    platform.bus.subscribe((logged) => this.observe(logged));
  }

  /** Starts sending views to a page; returns the function that stops it. */
  subscribe(subscriber: LiveSubscriber): () => void {
    const subscription: Subscription = { subscriber, last: null, timer: null, closed: false };
    const subs = this.byTenant.get(subscriber.tenantId) ?? new Set<Subscription>();
    subs.add(subscription);
    this.byTenant.set(subscriber.tenantId, subs);
    this.schedule(subscription, 0);
    return () => this.unsubscribe(subscription);
  }

  private unsubscribe(subscription: Subscription): void {
    subscription.closed = true;
    if (subscription.timer !== null) clearTimeout(subscription.timer);
    const subs = this.byTenant.get(subscription.subscriber.tenantId);
    subs?.delete(subscription);
    if (subs?.size === 0) {
      this.byTenant.delete(subscription.subscriber.tenantId);
      this.shared.delete(subscription.subscriber.tenantId);
      this.epochs.delete(subscription.subscriber.tenantId);
    }
  }

  private observe(logged: LoggedEvent): void {
    const subs = this.byTenant.get(logged.tenantId);
    if (subs === undefined) return;
    this.epochs.set(logged.tenantId, (this.epochs.get(logged.tenantId) ?? 0) + 1);
    for (const subscription of subs) {
      const { kind, agentId } = subscription.subscriber;
      if (kind === 'supervisor') this.schedule(subscription, this.options.supervisorDelayMs);
      else if (this.concernsAgent(logged, agentId)) this.schedule(subscription, this.options.agentDelayMs);
    }
  }

  /** Whether an event may change this agent's page: its own events, its calls', and configuration. */
  private concernsAgent(logged: LoggedEvent, agentId: string): boolean {
    const { event } = logged;
    if ('agentId' in event) return event.agentId === agentId;
    if (CALLER_ONLY.has(event.type)) return false;
    if ('interactionGuid' in event && typeof event.interactionGuid === 'string') {
      const call = this.platform.calls.engine.registry.get(logged.tenantId, event.interactionGuid);
      return call === undefined || call.agentId === agentId;
    }
    return true;
  }

  private schedule(subscription: Subscription, delayMs: number): void {
    if (subscription.timer !== null || subscription.closed) return;
    subscription.timer = setTimeout(() => {
      subscription.timer = null;
      void this.flush(subscription);
    }, delayMs);
  }

  private async flush(subscription: Subscription): Promise<void> {
    let encoded: Encoded;
    try {
      encoded = await this.encode(subscription.subscriber);
    } catch (error) {
      subscription.subscriber.fail(error instanceof Error ? error.message : String(error));
      return this.unsubscribe(subscription);
    }
    if (subscription.closed || encoded.key === subscription.last) return;
    // A connection too far behind takes nothing now; the newest view goes out once it drains.
    if (!subscription.subscriber.send(encoded.message)) return this.schedule(subscription, 250);
    subscription.last = encoded.key;
  }

  private async encode(subscriber: LiveSubscriber): Promise<Encoded> {
    const { tenantId, agentId } = subscriber;
    if (subscriber.kind === 'agent') {
      const { now, ...rest } = agentView(this.platform, tenantId, agentId);
      const body = JSON.stringify(rest);
      return { key: body, message: message(now, body) };
    }
    const viewer = this.platform.directory.requireAgent(tenantId, agentId);
    const { body } = await this.sharedView(tenantId);
    // `now` fresh: a view shared since the tenant's last event may be old, and the page runs its clocks from it.
    return { key: body, message: message(this.platform.clock.now(), body, { agentId, name: viewer.name }) };
  }

  /** The tenant's supervisor view at the current epoch: built by the first supervisor to flush, reused by the others. */
  private sharedView(tenantId: string): SharedView['view'] {
    const epoch = this.epochs.get(tenantId) ?? 0;
    const cached = this.shared.get(tenantId);
    if (cached?.epoch === epoch) return cached.view;
    const view = tenantView(this.platform, this.stats, tenantId).then(({ now: _now, ...rest }) => ({ body: JSON.stringify(rest) }));
    this.shared.set(tenantId, { epoch, view });
    view.catch(() => this.shared.delete(tenantId)); // the next flush builds it again
    return view;
  }
}
