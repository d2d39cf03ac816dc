import type { QueueCaller } from '../../domain/acd/queue-caller.ts';
import { LeaveCause, type QueueRouting } from '../../domain/acd/routing.ts';
import { isActive, nextChange } from '../../domain/acd/time-groups.ts';
import { QueueType } from '../../domain/calls/queue.ts';
import type { Timers } from '../../ports/timers.ts';
import type { Core } from '../core.ts';
import type { AcdState } from './acd-state.ts';
import { routingOf } from './routing-facts.ts';

export interface AcdTimerHooks {
  agentReady(tenantId: string, agentId: string): void;
  callerTimeout(caller: QueueCaller, cause: LeaveCause): void;
  dispatch(tenantId: string, queueIds: readonly number[]): void;
}

/**
 * The ACD's timers, one per thing that needs one and only while it does (`acd.md`, Cost): a
 * caller's `max_wait_time`, an agent's delay after a missed offer, the next tier level opening
 * in a queue, a queue without logged-in agents (`max_wait_time_with_no_agent`), and the next
 * change of each time group a tier uses. They rebuild from state after a restart, so they live
 * in memory (the state they belong to is stored).
 */
export class AcdTimers {
  private readonly armed = new Map<string, { at: number; cancel: () => void }>();
  /** The time groups each tenant's tiers use (their timers are armed). */
  private readonly watchedGroups = new Map<string, ReadonlySet<number>>();

  constructor(
    private readonly core: Core,
    private readonly timers: Timers,
    private readonly state: AcdState,
    private readonly hooks: AcdTimerHooks,
  ) {}

  /** How many ACD timers are armed (an idle ACD has none but time groups in use). */
  count(): number {
    return this.armed.size;
  }

  watchCaller(caller: QueueCaller, routing: QueueRouting): void {
    if (routing.maxWaitTime > 0) {
      this.arm(`wait:${caller.tenantId}:${caller.callerId}`, caller.joinedAt + routing.maxWaitTime * 1000, () => this.hooks.callerTimeout(caller, LeaveCause.Timeout));
    }
    this.checkNoAgent(caller.tenantId, caller.queueId);
  }

  /** The caller left or was connected: its own timer goes, and the queue's go when no waiting caller needs them. */
  forgetCaller(caller: QueueCaller): void {
    this.disarm(`wait:${caller.tenantId}:${caller.callerId}`);
    this.levelOpening(caller.tenantId, caller.queueId);
    this.checkNoAgent(caller.tenantId, caller.queueId);
  }

  wakeAgentAt(tenantId: string, agentId: string, at: number): void {
    this.arm(`ready:${tenantId}:${agentId}`, at, () => this.hooks.agentReady(tenantId, agentId));
  }

  /** Arms the queue's next tier-level opening, if a waiting caller has one coming. */
  levelOpening(tenantId: string, queueId: number): void {
    const at = this.state.router(tenantId).nextLevelOpening(queueId, this.core.clock.now());
    const key = `level:${tenantId}:${queueId}`;
    if (at === null) this.disarm(key);
    else this.arm(key, at, () => this.hooks.dispatch(tenantId, [queueId]));
  }

  /** Agents logged in or out: queues with a no-agent timeout re-check their staffing. */
  staffingChanged(tenantId: string): void {
    for (const queue of this.core.directory.calls.of(tenantId).queues.values()) {
      if (queue.type === QueueType.Inbound && routingOf(queue).maxWaitTimeWithNoAgent > 0) this.checkNoAgent(tenantId, queue.id);
    }
  }

  /** Activates each time group a tier uses as of now and arms its next change. */
  watchTimeGroups(tenantId: string): void {
    const config = this.core.directory.calls.of(tenantId);
    const tenant = this.core.directory.tenantById(tenantId);
    const used = new Set([...config.queues.values()].flatMap((q) => (q.tiers ?? []).flatMap((t) => (t.timeGroupId === null ? [] : [t.timeGroupId]))));
    // A group no tier uses any more needs no timer.
    for (const groupId of this.watchedGroups.get(tenantId) ?? []) if (!used.has(groupId)) this.disarm(`group:${tenantId}:${groupId}`);
    this.watchedGroups.set(tenantId, used);
    for (const groupId of used) {
      const group = config.timeGroups.get(groupId);
      if (!group || !tenant) continue;
      const now = this.core.clock.now();
      const touched = this.state.router(tenantId).setTimeGroupActive(groupId, isActive(group, now, tenant.timezone), now);
      if (touched.length > 0) this.hooks.dispatch(tenantId, touched);
      const next = nextChange(group, now, tenant.timezone);
      // Beyond the eight-day horizon: look again then.
      this.arm(`group:${tenantId}:${groupId}`, next ?? now + 8 * 86_400_000, () => this.watchTimeGroups(tenantId));
    }
  }

  private checkNoAgent(tenantId: string, queueId: number): void {
    const queue = this.core.directory.calls.of(tenantId).queues.get(queueId);
    const key = `noagent:${tenantId}:${queueId}`;
    if (!queue) return this.disarm(key);
    const routing = routingOf(queue);
    const { noAgentSince } = this.state.router(tenantId).staffing(queueId);
    if (routing.maxWaitTimeWithNoAgent <= 0 || noAgentSince === null) return this.disarm(key);
    const waiting = this.state.callersOf(tenantId, queueId);
    if (waiting.length === 0) return this.disarm(key);
    const limit = noAgentSince + routing.maxWaitTimeWithNoAgent * 1000;
    const reached = routing.maxWaitTimeWithNoAgentTimeReached * 1000;
    const at = Math.max(limit, Math.min(...waiting.map((c) => c.joinedAt + reached)));
    this.arm(key, at, () => {
      const now = this.core.clock.now();
      for (const caller of this.state.callersOf(tenantId, queueId)) {
        if (caller.state !== 'connected' && now - caller.joinedAt >= reached) this.hooks.callerTimeout(caller, LeaveCause.NoAgentTimeout);
      }
      this.checkNoAgent(tenantId, queueId);
    });
  }

  private arm(key: string, at: number, fire: () => void): void {
    const current = this.armed.get(key);
    if (current?.at === at) return;
    current?.cancel();
    const cancel = this.timers.at(at, () => {
      this.armed.delete(key);
      fire();
    });
    this.armed.set(key, { at, cancel });
  }

  private disarm(key: string): void {
    this.armed.get(key)?.cancel();
    this.armed.delete(key);
  }
}
