import type { DomainEvent, LoggedEvent } from '../../domain/events.ts';
import type { Platform } from '../platform.ts';
import { agentView } from './agent-view.ts';
import type { QueueDayStats } from './queue-day-stats.ts';
import { supervisorView } from './supervisor-view.ts';
import type { AgentView, SupervisorView } from './view.ts';

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

  /** The view a subscriber sees now. */
  viewFor(subscriber: Pick<LiveSubscriber, 'tenantId' | 'agentId' | 'kind'>): Promise<AgentView | SupervisorView> | AgentView {
    return subscriber.kind === 'agent'
      ? agentView(this.platform, subscriber.tenantId, subscriber.agentId)
      : supervisorView(this.platform, this.stats, subscriber.tenantId, subscriber.agentId);
  }

  private unsubscribe(subscription: Subscription): void {
    subscription.closed = true;
    if (subscription.timer !== null) clearTimeout(subscription.timer);
    const subs = this.byTenant.get(subscription.subscriber.tenantId);
    subs?.delete(subscription);
    if (subs?.size === 0) this.byTenant.delete(subscription.subscriber.tenantId);
  }

  private observe(logged: LoggedEvent): void {
    const subs = this.byTenant.get(logged.tenantId);
    if (subs === undefined) return;
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
    let view: AgentView | SupervisorView;
    try {
      view = await this.viewFor(subscription.subscriber);
    } catch (error) {
      subscription.subscriber.fail(error instanceof Error ? error.message : String(error));
      return this.unsubscribe(subscription);
    }
    if (subscription.closed) return;
    const { now: _now, ...rest } = view;
    const key = JSON.stringify(rest);
    if (key === subscription.last) return;
    // A connection too far behind takes nothing now; the newest view goes out once it drains.
    if (!subscription.subscriber.send(JSON.stringify({ type: 'snapshot', view }))) return this.schedule(subscription, 250);
    subscription.last = key;
  }
}
