import type { Agent, AgentState } from '../../domain/agent.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { CallContext } from '../../domain/calls/agent-effects.ts';
import { applySignal, type CallSignal } from '../../domain/calls/call-flow.ts';
import { followUps, type CallFollowUp } from '../../domain/calls/follow-ups.ts';
import { InteractionStateError } from '../../domain/calls/errors.ts';
import { InteractionStage, isLive, stageOf, type CallChange, type CallOutcome, type Interaction } from '../../domain/calls/interaction.ts';
import { otherLine } from '../../domain/calls/lines.ts';
import { wrapUpElapsed } from '../../domain/calls/post-processing.ts';
import type { StoredTimer, StoreTx } from '../../ports/storage.ts';
import type { LegEvent, TelephonyDriver } from '../../ports/telephony.ts';
import type { AgentWriter } from '../agent-writer.ts';
import type { Core } from '../core.ts';
import type { DurableTimers, TimerEdit } from '../durable-timers.ts';
import type { Change } from '../group-commit.ts';
import { CallRegistry } from './registry.ts';
import { signalFor } from './leg-signals.ts';

export const WRAP_UP_TIMER = 'call.wrap_up';

/** What an observer adds to a call step: in the same transaction, decided at the same time. */
export interface StepExtension {
  readonly agentState: AgentState;
  readonly events: readonly DomainEvent[];
  readonly write?: (tx: StoreTx) => Promise<void>;
  /** After the commit (e.g. dispatch the next caller). */
  readonly after?: () => void;
}

/**
 * Another part of the core that takes part in call steps (the ACD): it sees each step as it is
 * decided and may extend it, and it owns the events of legs it holds (waiting callers).
 */
export interface CallObserver {
  onStep(before: Interaction | null, after: Interaction, agent: Agent, agentState: AgentState): StepExtension | null;
  /** Handles a leg event itself; false leaves it to the engine. */
  onLegEvent(event: LegEvent): boolean;
}

const DEFAULTS = {
  /** How long an agent's device rings before the offer counts as not answered. */
  agentRingTimeoutMs: 30_000,
  /** How long an outside number rings before the call counts as not answered. */
  customerRingTimeoutMs: 60_000,
  /** Where failures that no request is waiting for go (telephony requests, late commits). */
  onError: (_error: unknown, _context: string): void => undefined,
};
export type CallEngineOptions = Partial<typeof DEFAULTS>;

/**
 * Drives calls: each interaction is a session moved by explicit steps (telephony events, API
 * requests, the wrap-up timer). A step is decided synchronously on the newest state (the
 * registry, the agent writer), committed with the agent's state and its events in one
 * transaction, and only then acted on — telephony requests and timers follow the commit, so a
 * crash never leaves the telephony ahead of what is stored.
 * @example const engine = new CallEngine(core, writer, driver, durableTimers); await engine.start();
 */
export class CallEngine {
  readonly registry = new CallRegistry();
  private readonly options: typeof DEFAULTS;
  private unsubscribe: (() => void) | null = null;
  private observer: CallObserver | null = null;

  constructor(
    private readonly core: Core,
    private readonly writer: AgentWriter,
    readonly driver: TelephonyDriver,
    private readonly timers: DurableTimers,
    options: CallEngineOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    timers.on(WRAP_UP_TIMER, (timer) => this.wrapUpTimer(timer));
  }

  /**
   * Loads the registry from the store and listens to the telephony. Calls that were live when
   * the server stopped are gone from the telephony: they end as failed, recorded; wrap-ups
   * carry on (their timers are stored). Returns how many calls were ended.
   */
  async start(): Promise<number> {
    for (const interaction of await this.core.store.listActiveInteractions()) this.registry.put(interaction);
    this.unsubscribe = this.driver.onEvent((event) => this.guard('telephony event', () => this.onLegEvent(event)));
    const lost = this.registry.all().filter(isLive);
    await Promise.all(lost.map((interaction) => this.signal(interaction, { kind: 'lost' })));
    return lost.length;
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Lets the ACD take part in call steps (one observer). */
  observe(observer: CallObserver): void {
    this.observer = observer;
  }

  /** The agent as last decided, and the context a call transition of `interaction` needs. */
  context(agent: Agent, interaction: { readonly guid: string; readonly line: 1 | 2 } | null): CallContext {
    const view = this.registry.agentView(agent.tenantId, agent.agentId, interaction?.guid ?? null);
    return {
      agent,
      now: this.core.clock.now(),
      otherLine: interaction === null ? null : view.lines[otherLine(interaction.line)],
      otherPostProcessing: view.postProcessing,
    };
  }

  /** Applies a call signal and commits the result; resolves once durable (at once when nothing changes). */
  signal(interaction: Interaction, signal: CallSignal): Promise<void> {
    return this.transition(interaction, (current, ctx) => applySignal(current, signal, ctx));
  }

  /**
   * Decides a step on the newest state of `interaction` (the registry's, when it is there) and
   * commits it; resolves once durable.
   */
  async transition(interaction: Interaction, decide: (current: Interaction, ctx: CallContext) => CallOutcome): Promise<void> {
    const change = this.stage(interaction, decide);
    if (change !== null) await this.core.committer.submit(interaction.tenantId, change);
  }

  /**
   * Commits a new interaction (placed by `decide`) with the agent's new state; the agent's
   * device is rung once it is durable. Resolves to the tenant's transaction number.
   */
  async create(draft: { readonly tenantId: string; readonly agentId: string; readonly guid: string; readonly line: 1 | 2 }, decide: (ctx: CallContext) => CallChange): Promise<number> {
    const agent = this.writer.current(draft.tenantId, draft.agentId);
    const outcome = decide(this.context(agent, draft));
    this.registry.put(outcome.interaction);
    const ext = this.extend(null, outcome.interaction, agent, outcome.agentState);
    const change = this.writer.stage(agent, ext?.agentState ?? outcome.agentState, {
      events: [...outcome.events, ...(ext?.events ?? [])],
      write: async (tx) => {
        const transactionNumber = await tx.insertInteraction(outcome.interaction);
        await ext?.write?.(tx);
        return transactionNumber;
      },
      apply: (transactionNumber) => {
        const current = this.registry.get(draft.tenantId, draft.guid);
        if (current) this.registry.put({ ...current, transactionNumber });
        this.runFollowUps(outcome.interaction, followUps(null, outcome.interaction));
        ext?.after?.();
      },
      failed: () => this.registry.remove(outcome.interaction),
    });
    return (await this.core.committer.submit(draft.tenantId, change)).result;
  }

  /** The change for one step, staged (registry and agent writer updated), or null when nothing changes. */
  private stage(given: Interaction, decide: (current: Interaction, ctx: CallContext) => CallOutcome): Change<unknown> | null {
    const live = this.registry.get(given.tenantId, given.guid);
    const before = live ?? given;
    // Not in the registry but not complete either: a copy read before the call was completed meanwhile.
    if (live === undefined && stageOf(given) !== InteractionStage.Completed) {
      throw new InteractionStateError(`Interaction [${given.guid}] has already ended`, 'interactionId');
    }
    const agent = this.writer.current(before.tenantId, before.agentId);
    const outcome = decide(before, this.context(agent, before));
    if (!outcome.changed) return null;
    const after = outcome.interaction;
    this.registry.put(after);
    const ups = followUps(before, after);
    const edits = this.timerEdits(after, ups);
    const ext = this.extend(before, after, agent, outcome.agentState);
    const events = ext === null || ext.events.length === 0 ? outcome.events : [...outcome.events, ...ext.events];
    return this.writer.stage<unknown>(agent, ext?.agentState ?? outcome.agentState, new StepChange(this, after, ups, edits, ext, events));
  }

  /** After a step's commit: its timers, its telephony requests, the observer's follow-up. */
  committed(after: Interaction, ups: readonly CallFollowUp[], edits: readonly TimerEdit[], ext: StepExtension | null): void {
    for (const edit of edits) edit.after();
    this.runFollowUps(after, ups);
    ext?.after?.();
  }

  /** After a step's commit failed: memory goes back to what is stored. */
  refused(after: Interaction): void {
    void this.restore(after).catch((error: unknown) => this.options.onError(error, 'restore after a failed commit'));
  }

  private timerEdits(interaction: Interaction, ups: readonly CallFollowUp[]): TimerEdit[] {
    const timerId = `wrap-up:${interaction.guid}`;
    return ups.flatMap((up): TimerEdit[] => {
      if (up.kind === 'arm_wrap_up') {
        return [this.timers.schedule({ tenantId: interaction.tenantId, timerId, dueAt: up.dueAt, kind: WRAP_UP_TIMER, payload: { guid: interaction.guid } })];
      }
      return up.kind === 'disarm_wrap_up' ? [this.timers.cancel(interaction.tenantId, timerId)] : [];
    });
  }

  private wrapUpTimer(timer: StoredTimer): Change<unknown> | null {
    const guid = (timer.payload as { guid?: unknown }).guid;
    const interaction = typeof guid === 'string' ? this.registry.get(timer.tenantId, guid) : undefined;
    if (interaction === undefined) return null;
    return this.stage(interaction, (current, ctx) => wrapUpElapsed(current, ctx));
  }

  private extend(before: Interaction | null, after: Interaction, agent: Agent, agentState: AgentState): StepExtension | null {
    return this.observer?.onStep(before, after, agent, agentState) ?? null;
  }

  private onLegEvent(event: LegEvent): Promise<void> | undefined {
    if (this.observer?.onLegEvent(event) === true) return undefined;
    const interaction = this.registry.byLeg(event.legId);
    if (interaction === undefined) return undefined; // a late event for a call that is over
    const signal = signalFor(interaction, event);
    return signal === null ? undefined : this.signal(interaction, signal);
  }

  /** Telephony requests after a step committed. They run in the background: results come back as leg events. */
  private runFollowUps(interaction: Interaction, ups: readonly CallFollowUp[]): void {
    const { driver, options } = this;
    const { tenantId, agentLeg, customerLeg } = interaction;
    for (const up of ups) {
      if (up.kind === 'originate_agent') {
        const to = { kind: 'agent', tenantId, agentId: interaction.agentId, line: interaction.line } as const;
        this.request('originate agent leg', driver.originate({ legId: agentLeg.id, to, callerId: interaction.destination, ringTimeoutMs: interaction.ringTimeoutMs ?? options.agentRingTimeoutMs }), interaction, 'agent');
      } else if (up.kind === 'originate_customer') {
        const to = { kind: 'number', tenantId, e164: interaction.destination } as const;
        const callerId = interaction.callerId ?? 'anonymous';
        this.request('originate customer leg', driver.originate({ legId: customerLeg.id, to, callerId, ringTimeoutMs: options.customerRingTimeoutMs }), interaction, 'customer');
      } else if (up.kind === 'bridge') {
        // If a leg is already gone the bridge fails; that leg's hang-up event ends the call.
        this.request('bridge', driver.bridge(agentLeg.id, customerLeg.id), null, null);
      } else if (up.kind === 'hangup') {
        for (const legId of up.legIds) this.request('hang up', driver.hangup(legId), null, null);
      }
    }
  }

  /** A telephony request; an originate the driver refuses fails that leg. */
  private request(what: string, promise: Promise<void>, interaction: Interaction | null, side: 'agent' | 'customer' | null): void {
    promise.catch((error: unknown) => {
      this.options.onError(error, what);
      if (interaction === null || side === null) return;
      const current = this.registry.get(interaction.tenantId, interaction.guid);
      if (current) this.guard(what, () => this.signal(current, { kind: 'failed', leg: side, cause: 'failed' }));
    });
  }

  /** After a commit failed, memory goes back to what is stored. */
  private async restore(interaction: Interaction): Promise<void> {
    const stored = await this.core.store.getInteraction(interaction.tenantId, interaction.guid);
    if (stored) this.registry.put(stored);
    else this.registry.remove(interaction);
  }

  private guard(context: string, run: () => Promise<void> | undefined): void {
    try {
      run()?.catch((error: unknown) => this.options.onError(error, context));
    } catch (error) {
      this.options.onError(error, context);
    }
  }
}

/** One call step's change (a class rather than closures: every step builds one). */
class StepChange implements Change<unknown> {
  constructor(
    private readonly engine: CallEngine,
    private readonly after: Interaction,
    private readonly ups: readonly CallFollowUp[],
    private readonly edits: readonly TimerEdit[],
    private readonly ext: StepExtension | null,
    readonly events: readonly DomainEvent[],
  ) {}

  async write(tx: StoreTx): Promise<void> {
    await tx.saveInteraction(this.after);
    for (const edit of this.edits) await edit.write(tx);
    await this.ext?.write?.(tx);
  }

  apply(): void {
    this.engine.committed(this.after, this.ups, this.edits, this.ext);
  }

  failed(): void {
    this.engine.refused(this.after);
  }
}
