import type { LoggedEvent } from '../../domain/events.ts';
import { countAnswer, countLeave, DEFAULT_SLA_SECONDS, EMPTY_DAY, localDate, type QueueDayCounts } from '../../domain/supervision/queue-day.ts';
import type { Platform } from '../platform.ts';

interface TenantDay {
  day: string;
  readonly counts: Map<number, QueueDayCounts>;
  /** Events up to this sequence number are counted (the load read them). */
  through: number;
  /** Events that arrived while the day was being read from the log. */
  pending: LoggedEvent[] | null;
  ready: Promise<void>;
}

const PAGE = 1000;

/**
 * Today's per-queue counts (`src/domain/supervision/queue-day.ts`), for the supervisor page. A
 * tenant's day is read from its event log the first time a supervisor asks — the first event of
 * the day is found by bisection over sequence numbers, since the log's times only grow — then
 * kept up to date from the event bus. The day turns over at midnight in the tenant's time zone.
 * @example const counts = await stats.today(tenant.id); counts.get(600)?.answered;
 */
export class QueueDayStats {
  private readonly tenants = new Map<string, TenantDay>();

  constructor(private readonly platform: Platform) {
    platform.bus.subscribe((logged) => this.observe(logged));
  }

  /** The tenant's counts today, per queue id (queues without callers today are absent). */
  async today(tenantId: string): Promise<ReadonlyMap<number, QueueDayCounts>> {
    let entry = this.tenants.get(tenantId);
    const day = this.dayOf(tenantId, this.platform.clock.now());
    if (entry !== undefined && entry.day !== day && entry.pending === null) this.turnOver(entry, day);
    if (entry === undefined) {
      const loading: TenantDay = { day, counts: new Map(), through: 0, pending: [], ready: Promise.resolve() };
      this.tenants.set(tenantId, loading);
      loading.ready = this.load(tenantId, loading).catch((error: unknown) => {
        this.tenants.delete(tenantId); // the next request reads the day again
        throw error;
      });
      entry = loading;
    }
    await entry.ready;
    return entry.counts;
  }

  private async load(tenantId: string, entry: TenantDay): Promise<void> {
    const { store } = this.platform;
    const last = await store.lastEventSeq(tenantId);
    let after = await this.firstSeqOfDay(tenantId, entry.day, last) - 1;
    while (after < last) {
      const page = await store.readEvents(tenantId, after, Math.min(PAGE, last - after));
      if (page.length === 0) break;
      for (const logged of page) this.count(entry, logged);
      after = page[page.length - 1]?.seq ?? last;
    }
    entry.through = last;
    const arrived = entry.pending ?? [];
    entry.pending = null;
    for (const logged of arrived) if (logged.seq > entry.through) this.apply(entry, logged);
  }

  /** The first sequence number whose event happened on `day` or later (last + 1 when none). */
  private async firstSeqOfDay(tenantId: string, day: string, last: number): Promise<number> {
    let low = 1;
    let high = last + 1;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      const [event] = await this.platform.store.readEvents(tenantId, mid - 1, 1);
      if (event === undefined || this.dayOf(tenantId, event.at) >= day) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  private observe(logged: LoggedEvent): void {
    const entry = this.tenants.get(logged.tenantId);
    if (entry === undefined) return;
    if (entry.pending !== null) entry.pending.push(logged);
    else this.apply(entry, logged);
  }

  private apply(entry: TenantDay, logged: LoggedEvent): void {
    const day = this.dayOf(logged.tenantId, logged.at);
    if (day > entry.day) this.turnOver(entry, day);
    entry.through = Math.max(entry.through, logged.seq);
    this.count(entry, logged);
  }

  private count(entry: TenantDay, logged: LoggedEvent): void {
    const { event } = logged;
    if ((event.type !== 'caller.left' && event.type !== 'bridge.started') || this.dayOf(logged.tenantId, logged.at) !== entry.day) return;
    const before = entry.counts.get(event.queueId) ?? EMPTY_DAY;
    const after = event.type === 'caller.left'
      ? countLeave(before, event.cause)
      : countAnswer(before, event.waitedMs ?? null, this.thresholdSeconds(logged.tenantId, event.queueId) * 1000);
    entry.counts.set(event.queueId, after);
  }

  private turnOver(entry: TenantDay, day: string): void {
    entry.day = day;
    entry.counts.clear();
  }

  /** The queue's service-level threshold: its `sla_answer_time` (PBX queue table), else 20 s. */
  thresholdSeconds(tenantId: string, queueId: number): number {
    const answerTime = this.platform.directory.calls.of(tenantId).queues.get(queueId)?.settings?.slaAnswerTime;
    return answerTime !== undefined && answerTime > 0 ? answerTime : DEFAULT_SLA_SECONDS;
  }

  private dayOf(tenantId: string, at: number): string {
    return localDate(at, this.platform.directory.tenantById(tenantId)?.timezone ?? 'UTC');
  }
}
