import { withJoined, INITIAL_ROUTING } from '../../domain/acd/agent-routing.ts';
import { joinQueue, leaveQueue, resumable } from '../../domain/acd/caller-flow.ts';
import { CallerState, newQueueCallerId, type QueueCaller } from '../../domain/acd/queue-caller.ts';
import { LeaveCause } from '../../domain/acd/routing.ts';
import type { Agent } from '../../domain/agent.ts';
import { newAgentLegId, newCustomerLegId, newInteractionGuid } from '../../domain/calls/ids.ts';
import { offerCall, type Interaction, type NameValue } from '../../domain/calls/interaction.ts';
import { QueueType } from '../../domain/calls/queue.ts';
import { NotFoundError, RuleViolationError } from '../../domain/errors.ts';
import type { IncomingCall, LegEvent } from '../../ports/telephony.ts';
import type { Timers } from '../../ports/timers.ts';
import type { InboundBehaviour } from '../../telephony/simulated/rules.ts';
import { SimulatedDriver } from '../../telephony/simulated/simulated-driver.ts';
import type { AgentWriter } from '../agent-writer.ts';
import type { CallEngine, CallObserver, StepExtension } from '../calls/call-engine.ts';
import { signalFor } from '../calls/leg-signals.ts';
import type { Core } from '../core.ts';
import { AcdState } from './acd-state.ts';
import { acdStep, type StepContext } from './acd-steps.ts';
import { AcdTimers } from './acd-timers.ts';
import { routingAgentOf, routingOf } from './routing-facts.ts';
import { WaitControl } from './wait-control.ts';

const FINAL = new Set(['busy', 'no_answer', 'rejected', 'failed', 'hung_up']);
/** How long abandoned places are kept at most: the longest `discardAbandonedAfter` a queue may have (7 days). */
const ABANDONED_HORIZON_MS = 7 * 86_400_000;
/** Abandoned places are pruned once per this many calls in (amortised, instead of a timer). */
const PRUNE_EVERY = 1000;

/**
 * The ACD (`acd.md`): inbound calls at tenant numbers join queues, wait, and are offered to
 * agents by each queue's strategy. Routing decisions come from the pure `Router` (one per
 * tenant); this service feeds it facts as they happen — an agent's state staged anywhere, a
 * caller joining or hanging up, an offer answered or missed, a timer — and dispatches only the
 * queues those facts touch. No polling: an idle platform has only the timers its state needs.
 * @example platform.acd.placeInbound(tenant.id, '+16175550100', '+18005550100');
 */
export class AcdService implements CallObserver {
  readonly state: AcdState;
  /** CCS control of waiting callers: `wait_kill`, `wait_redirect`, `wait_transfer` (`NOTES.md` §8). */
  readonly waits: WaitControl;
  private readonly timers: AcdTimers;
  /** What every step gets but the time, built once (a step runs several times per call). */
  private readonly stepBase: Omit<StepContext, 'now'>;
  private readonly dispatchQueue = new Map<string, Set<number>>();
  private dispatchScheduled = false;
  private arrivals = 0;
  private readonly loadsDue = new Set<string>();

  constructor(
    private readonly core: Core,
    private readonly writer: AgentWriter,
    private readonly engine: CallEngine,
    timers: Timers,
    private readonly onError: (error: unknown, context: string) => void,
  ) {
    this.state = new AcdState(core.random);
    this.stepBase = {
      state: this.state,
      overrides: (tenantId, agentId) => this.core.directory.calls.of(tenantId).agentSettings.get(agentId)?.overrides,
      after: {
        withdraw: (tenantId, guids) => this.withdraw(tenantId, guids),
        forget: (caller) => this.timers.forgetCaller(caller),
        dispatch: (tenantId, queueIds) => this.scheduleDispatch(tenantId, queueIds),
        wakeAgentAt: (tenantId, agentId, at) => this.timers.wakeAgentAt(tenantId, agentId, at),
      },
    };
    this.timers = new AcdTimers(core, timers, this.state, {
      agentReady: (tenantId, agentId) => this.refreshAgent(tenantId, agentId),
      callerTimeout: (caller, cause) => void this.evict(caller, cause).catch((e: unknown) => onError(e, 'caller timeout')),
      dispatch: (tenantId, queueIds) => this.scheduleDispatch(tenantId, queueIds),
    });
    this.waits = new WaitControl(core, engine, {
      state: this.state, onError, withdraw: (tenantId, guids) => this.withdraw(tenantId, guids), leave: (caller, cause) => this.commitLeave(caller, cause),
      joined: (caller, queue) => {
        this.timers.watchCaller(caller, routingOf(queue));
        this.scheduleDispatch(caller.tenantId, [queue.id]);
      },
    });
  }

  /** Loads routing for every tenant, ends callers whose calls were lost in a restart, and starts listening. */
  async start(): Promise<void> {
    const now = this.core.clock.now();
    for (const old of await this.core.store.listQueueCallersLeftSince(now - ABANDONED_HORIZON_MS)) {
      if (old.cause === LeaveCause.BreakOut && old.agentId === null) this.state.rememberAbandoned(old);
      // A later call of the number took the place back or started anew: as in memory, the place is gone.
      else this.state.takeAbandoned(old.tenantId, old.queueId, old.number);
    }
    const lost = await this.core.store.listOpenQueueCallers();
    for (const caller of lost) this.state.takeAbandoned(caller.tenantId, caller.queueId, caller.number);
    for (const tenant of this.core.directory.tenants()) this.loadTenant(tenant.id);
    await Promise.all(lost.map((caller) => this.commitLeave(caller, LeaveCause.None)));
    this.engine.observe(this);
    this.writer.onStaged((agent) => this.agentStaged(agent));
    this.engine.driver.onIncoming((call) => void this.incoming(call).catch((e: unknown) => this.onError(e, 'incoming call')));
    this.core.bus.subscribe((logged) => {
      const { type } = logged.event;
      if (type === 'call_config.defined' || type === 'agent.created' || type === 'tenant.timezone_changed') this.scheduleLoad(logged.tenantId);
      if (logged.event.type === 'agent.deleted') this.forgetAgent(logged.tenantId, logged.event.agentId);
    });
  }

  /** A deleted user leaves routing at once (its tiers went in the same commit; the reload follows). */
  private forgetAgent(tenantId: string, agentId: string): void {
    const touched = this.state.router(tenantId).removeAgent(agentId, this.core.clock.now());
    if (touched.length > 0) this.timers.staffingChanged(tenantId);
  }

  /** Reloads once per turn however many events asked (a provisioning commit can create thousands of agents). */
  private scheduleLoad(tenantId: string): void {
    if (this.loadsDue.size === 0) queueMicrotask(() => {
      const due = [...this.loadsDue];
      this.loadsDue.clear();
      for (const id of due) this.loadTenant(id);
    });
    this.loadsDue.add(tenantId);
  }

  /** (Re)loads a tenant's queues, tiers, time groups and agents into its router. */
  loadTenant(tenantId: string): void {
    const now = this.core.clock.now();
    const router = this.state.router(tenantId);
    const config = this.core.directory.calls.of(tenantId);
    for (const queue of config.queues.values()) {
      if (queue.type === QueueType.Inbound) router.putQueue(queue.id, routingOf(queue), queue.tiers ?? [], now);
      else router.removeQueue(queue.id);
    }
    this.timers.watchTimeGroups(tenantId);
    for (const agent of this.core.directory.agentsPage(tenantId, null, Number.MAX_SAFE_INTEGER).agents) this.agentStaged(this.writer.current(tenantId, agent.agentId));
    this.scheduleDispatch(tenantId, [...config.queues.keys()]);
  }

  /** Joins or leaves queues for an agent (admin API now; PBX `setQueues` and the workspace later). */
  async setJoinedQueues(tenantId: string, agentId: string, queueIds: readonly number[]): Promise<readonly number[]> {
    const config = this.core.directory.calls.of(tenantId);
    queueIds.forEach((id, i) => {
      if (!config.queues.has(id)) throw new RuleViolationError(`Queue [${id}] does not exist`, `queues[${i}]`);
    });
    const agent = this.writer.current(tenantId, agentId);
    const before = agent.state.routing ?? INITIAL_ROUTING;
    const routing = withJoined(before, queueIds);
    const added = routing.joined.filter((id) => !before.joined.includes(id));
    const removed = before.joined.filter((id) => !routing.joined.includes(id));
    const change = this.writer.stage(agent, { ...agent.state, routing }, {
      events: [{ type: 'agent.queues_changed', agentId, joined: routing.joined, added, removed }],
      write: async () => undefined,
    });
    await this.core.committer.submit(tenantId, change);
    return routing.joined;
  }

  /** An outside number calls a tenant number on the simulated telephony; `behaviour` overrides the tenant's rules for this caller. */
  placeInbound(tenantId: string, from: string, to: string, behaviour?: InboundBehaviour, data?: readonly NameValue[]): string {
    const simulator = this.engine.driver;
    if (!(simulator instanceof SimulatedDriver)) throw new RuleViolationError('the telephony is not simulated; inbound calls come from the network', 'telephony');
    const did = this.core.directory.calls.did(to);
    if (did?.tenantId !== tenantId) throw new NotFoundError('tenant number', to);
    const legId = newCustomerLegId(this.core.random);
    simulator.placeInbound({ legId, tenantId, from, to, ...(behaviour && { behaviour }), ...(data && { data }) });
    return legId;
  }

  onStep(before: Interaction | null, after: Interaction, agent: Agent, agentState: Agent['state']): StepExtension | null {
    return acdStep(this.stepContext(), before, after, agent, agentState);
  }

  /** Events of a caller's leg: a waiting caller who hangs up abandons; during an offer or a call, the calls hear of it. */
  onLegEvent(event: LegEvent): boolean {
    if (event.type === 'answered' && this.lateAnswer(event.legId)) return true;
    const caller = this.state.callerByLeg(event.legId);
    // A caller that left (e.g. transferred to an extension) is no longer the ACD's: its leg's calls hear of it.
    if (caller === undefined || caller.state === CallerState.Left) return false;
    if (!FINAL.has(event.type)) return true;
    const open = this.state.interactions(caller.tenantId, caller.callerId).flatMap((g) => this.engine.registry.get(caller.tenantId, g) ?? []);
    if (open.length === 0) {
      void this.commitLeave(caller, LeaveCause.BreakOut).catch((e: unknown) => this.onError(e, 'caller hung up'));
      return true;
    }
    for (const call of open) {
      const signal = signalFor(call, event);
      if (signal) void this.engine.signal(call, signal).catch((e: unknown) => this.onError(e, 'caller hung up'));
    }
    return true;
  }

  /**
   * Ring-all: a second agent's answer arriving before the first one's bridge committed finds the
   * caller already connected (the ACD state moves at decision time). That offer is withdrawn —
   * its leg hung up — instead of bridging the caller twice.
   */
  private lateAnswer(legId: string): boolean {
    const call = this.engine.registry.byLeg(legId);
    if (call?.direction !== 'inbound' || call.agentLeg.id !== legId || call.queueCallerId === undefined) return false;
    const caller = this.state.caller(call.tenantId, call.queueCallerId);
    if (caller?.state !== CallerState.Connected || caller.agentId === call.agentId) return false;
    void this.engine.signal(call, { kind: 'withdraw' }).catch((e: unknown) => this.onError(e, 'withdraw late answer'));
    return true;
  }

  private stepContext(): StepContext {
    return { ...this.stepBase, now: this.core.clock.now() };
  }

  private async incoming(call: IncomingCall): Promise<void> {
    if (call.fromDevice !== undefined) return; // a device dialling a service code (PBX check-in), not a caller
    const did = this.core.directory.calls.did(call.to);
    const queue = did && this.core.directory.calls.of(did.tenantId).queues.get(did.queueId);
    if (!did || !queue || queue.type !== QueueType.Inbound) {
      await this.engine.driver.hangup(call.legId);
      return;
    }
    await this.engine.driver.accept(call.legId);
    const now = this.core.clock.now();
    if (++this.arrivals % PRUNE_EVERY === 0) this.state.forgetAbandoned(now - ABANDONED_HORIZON_MS);
    const abandoned = this.state.takeAbandoned(did.tenantId, queue.id, call.from);
    const resume = abandoned && resumable(abandoned, routingOf(queue), now) ? abandoned : null;
    const callerId = newQueueCallerId(this.core.random);
    const input = { callerId, tenantId: did.tenantId, queueId: queue.id, legId: call.legId, number: call.from, dialled: call.to, answeredAt: now, seq: this.state.nextSeq(), resume, ...(call.data && { data: call.data }) };
    const { caller, event } = joinQueue(input, now, queue.settings?.mohId ?? null);
    this.state.putCaller(caller);
    this.state.router(did.tenantId).addCaller({ callerId, queueId: queue.id, joinedAt: caller.joinedAt, answeredAt: caller.answeredAt, baseScore: caller.baseScore, seq: caller.seq });
    await this.core.committer.submit(did.tenantId, { events: [event], write: (tx) => tx.putQueueCaller(caller) });
    this.timers.watchCaller(caller, routingOf(queue));
    this.scheduleDispatch(did.tenantId, [queue.id]);
  }

  /** A caller leaves without an agent (hung up, timeout, lost in a restart): recorded with its cause. */
  private async commitLeave(caller: QueueCaller, cause: LeaveCause): Promise<void> {
    const left = leaveQueue(caller, cause, this.core.clock.now());
    if (!left) return;
    this.state.putCaller(left.caller);
    this.state.router(caller.tenantId).removeCaller(caller.queueId, caller.callerId);
    this.timers.forgetCaller(caller);
    await this.core.committer.submit(caller.tenantId, { events: [left.event], write: (tx) => tx.putQueueCaller(left.caller) });
  }

  /** Timeouts: the caller's offers are taken back, it leaves, and its call is hung up (no exit is configured). */
  private async evict(caller: QueueCaller, cause: LeaveCause): Promise<void> {
    const current = this.state.caller(caller.tenantId, caller.callerId);
    if (!current || current.state === CallerState.Connected) return;
    this.withdraw(caller.tenantId, this.state.interactions(caller.tenantId, caller.callerId));
    await this.commitLeave(current, cause);
    await this.engine.driver.hangup(caller.legId);
  }

  private withdraw(tenantId: string, guids: readonly string[]): void {
    for (const guid of guids) {
      const call = this.engine.registry.get(tenantId, guid);
      if (call) void this.engine.signal(call, { kind: 'withdraw' }).catch((e: unknown) => this.onError(e, 'withdraw offer'));
    }
  }

  /** Every staged agent state: routing hears of it at once (agents without a tier in any queue cost nothing). */
  private agentStaged(agent: Agent): void {
    const router = this.state.router(agent.tenantId);
    if (!router.hasTiers(agent.agentId)) return;
    const now = this.core.clock.now();
    const facts = routingAgentOf(agent, now);
    const before = router.agentFacts(agent.agentId);
    // Staffing (logged-in members per queue) moves only when logging in or out or joining or leaving.
    const staffing = before?.loggedIn !== facts.loggedIn || before.joined.size !== facts.joined.size || [...facts.joined].some((q) => !before.joined.has(q));
    const touched = router.putAgent(facts, now);
    const readyAt = agent.state.routing?.readyAt ?? null;
    if (readyAt !== null && readyAt > now) this.timers.wakeAgentAt(agent.tenantId, agent.agentId, readyAt);
    if (staffing) this.timers.staffingChanged(agent.tenantId);
    if (touched.length > 0) this.scheduleDispatch(agent.tenantId, touched);
  }

  private refreshAgent(tenantId: string, agentId: string): void {
    if (this.core.directory.agent(tenantId, agentId)) this.agentStaged(this.writer.current(tenantId, agentId));
  }

  private scheduleDispatch(tenantId: string, queueIds: readonly number[]): void {
    const set = this.dispatchQueue.get(tenantId) ?? new Set<number>();
    for (const id of queueIds) set.add(id);
    this.dispatchQueue.set(tenantId, set);
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    // After the decision that caused it: dispatch runs once per turn, over every queue touched.
    queueMicrotask(() => this.runDispatch());
  }

  private runDispatch(): void {
    this.dispatchScheduled = false;
    const work = [...this.dispatchQueue].sort(([a], [b]) => (a < b ? -1 : 1));
    this.dispatchQueue.clear();
    const now = this.core.clock.now();
    for (const [tenantId, queueIds] of work) {
      const router = this.state.router(tenantId);
      for (const queueId of [...queueIds].sort((a, b) => a - b)) {
        for (const offer of router.dispatch(queueId, now)) for (const agentId of offer.agentIds) this.offer(tenantId, queueId, offer.callerId, agentId);
        this.timers.levelOpening(tenantId, queueId);
      }
    }
  }

  /** Rings an agent for a caller: a new inbound interaction, committed with the offer. */
  private offer(tenantId: string, queueId: number, callerId: string, agentId: string): void {
    const router = this.state.router(tenantId);
    const caller = this.state.caller(tenantId, callerId);
    const queue = this.core.directory.calls.of(tenantId).queues.get(queueId);
    const tenant = this.core.directory.tenantById(tenantId);
    const fresh = routingAgentOf(this.writer.current(tenantId, agentId), this.core.clock.now());
    if (!caller || !queue || !tenant || !fresh.eligible) {
      router.offerEnded(queueId, callerId, agentId, 'cancelled', this.core.clock.now());
      return this.refreshAgent(tenantId, agentId);
    }
    const { random, clock } = this.core;
    const guid = newInteractionGuid(random, clock.now(), tenant.name);
    const settings = this.core.directory.calls.of(tenantId).agentSettings.get(agentId);
    const wrapUp = settings?.wrapUpSeconds ?? queue.wrapUpSeconds ?? this.core.directory.calls.of(tenantId).defaults.wrapUpSeconds;
    const input = {
      guid, agentLegId: newAgentLegId(random, tenant.name, agentId), tenantId, queue, line: 1 as const, wrapUpSeconds: wrapUp,
      caller: { callerId, legId: caller.legId, number: caller.number, answeredAt: caller.answeredAt, dialled: caller.dialled },
      ...(routingOf(queue).ringTimeout > 0 && { ringTimeoutMs: routingOf(queue).ringTimeout * 1000 }),
      ...(caller.data && { extTransactionData: caller.data }),
    };
    this.engine
      .create({ tenantId, agentId, guid, line: 1 }, (ctx) => offerCall({ ...input, agent: ctx.agent }, ctx))
      .catch((error: unknown) => {
        this.onError(error, 'offer');
        router.offerEnded(queueId, callerId, agentId, 'cancelled', clock.now());
        this.refreshAgent(tenantId, agentId);
      });
  }
}
