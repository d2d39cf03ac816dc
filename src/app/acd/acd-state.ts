import type { QueueCaller } from '../../domain/acd/queue-caller.ts';
import { Router } from '../../domain/acd/router.ts';
import type { RandomSource } from '../../domain/ports.ts';

const key = (tenantId: string, id: string): string => `${tenantId}\u0000${id}`;

/**
 * The ACD's memory: a router per tenant (queue and agent ids are per tenant), the callers in
 * queues by id and by leg, the interactions each caller has open (offers, then its call), and
 * abandoned places that may be resumed.
 */
export class AcdState {
  private readonly routers = new Map<string, Router>();
  private readonly callers = new Map<string, QueueCaller>();
  /** Caller keys per tenant and queue, so a queue's callers are found without a scan. */
  private readonly byQueue = new Map<string, Set<string>>();
  private readonly legs = new Map<string, string>();
  private readonly open = new Map<string, Set<string>>();
  private readonly abandoned = new Map<string, QueueCaller>();
  private seq = 0;

  constructor(private readonly random: RandomSource) {}

  router(tenantId: string): Router {
    let router = this.routers.get(tenantId);
    if (!router) {
      router = new Router(this.random);
      this.routers.set(tenantId, router);
    }
    return router;
  }

  tenants(): string[] {
    return [...this.routers.keys()];
  }

  nextSeq(): number {
    return ++this.seq;
  }

  caller(tenantId: string, callerId: string): QueueCaller | undefined {
    return this.callers.get(key(tenantId, callerId));
  }

  callerByLeg(legId: string): QueueCaller | undefined {
    const k = this.legs.get(legId);
    return k === undefined ? undefined : this.callers.get(k);
  }

  /** Records the caller's newest state; a caller who left is forgotten (its abandoned place kept when given). */
  putCaller(caller: QueueCaller): void {
    const k = key(caller.tenantId, caller.callerId);
    const queueKey = `${caller.tenantId}\u0000${caller.queueId}`;
    if (caller.state === 'left') {
      this.callers.delete(k);
      this.byQueue.get(queueKey)?.delete(k);
      this.legs.delete(caller.legId);
      this.open.delete(k);
      if (caller.cause === 'BREAK_OUT' && caller.agentId === null) this.abandoned.set(this.placeKey(caller), caller);
      return;
    }
    this.callers.set(k, caller);
    this.legs.set(caller.legId, k);
    this.byQueue.set(queueKey, (this.byQueue.get(queueKey) ?? new Set()).add(k));
  }

  /** The queue's callers (waiting, offered or connected), oldest first. */
  callersOf(tenantId: string, queueId: number): QueueCaller[] {
    const keys = this.byQueue.get(`${tenantId}\u0000${queueId}`) ?? [];
    return [...keys].flatMap((k) => this.callers.get(k) ?? []).sort((a, b) => a.seq - b.seq);
  }

  /** The abandoned place of this number in this queue, taken out (it is resumed at most once). */
  takeAbandoned(tenantId: string, queueId: number, number: string): QueueCaller | null {
    const k = `${tenantId}\u0000${queueId}\u0000${number}`;
    const found = this.abandoned.get(k) ?? null;
    this.abandoned.delete(k);
    return found;
  }

  /** Drops abandoned places older than `before`. */
  forgetAbandoned(before: number): void {
    for (const [k, c] of this.abandoned) if ((c.leftAt ?? 0) < before) this.abandoned.delete(k);
  }

  rememberAbandoned(caller: QueueCaller): void {
    this.abandoned.set(this.placeKey(caller), caller);
  }

  /** Interactions the caller has open: ringing offers, then its call. */
  interactions(tenantId: string, callerId: string): string[] {
    return [...(this.open.get(key(tenantId, callerId)) ?? [])];
  }

  opened(tenantId: string, callerId: string, guid: string): void {
    const k = key(tenantId, callerId);
    this.open.set(k, (this.open.get(k) ?? new Set()).add(guid));
  }

  closed(tenantId: string, callerId: string, guid: string): void {
    this.open.get(key(tenantId, callerId))?.delete(guid);
  }

  private placeKey(caller: QueueCaller): string {
    return `${caller.tenantId}\u0000${caller.queueId}\u0000${caller.number}`;
  }
}
