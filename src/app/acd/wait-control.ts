import { joinQueue } from '../../domain/acd/caller-flow.ts';
import { CallerState, newQueueCallerId, type QueueCaller } from '../../domain/acd/queue-caller.ts';
import { LeaveCause } from '../../domain/acd/routing.ts';
import { newAgentLegId, newCustomerLegId, newInteractionGuid } from '../../domain/calls/ids.ts';
import { isLive, transferCall } from '../../domain/calls/interaction.ts';
import type { ChangeSource } from '../../domain/events.ts';
import { ConflictError, RuleViolationError } from '../../domain/errors.ts';
import { QueueType, type Queue } from '../../domain/calls/queue.ts';
import type { LegEvent } from '../../ports/telephony.ts';
import type { CallEngine } from '../calls/call-engine.ts';
import type { Core } from '../core.ts';
import type { AcdState } from './acd-state.ts';

/** What the wait control needs of the ACD service (its state and its private steps). */
export interface WaitControlHooks {
  readonly state: AcdState;
  /** Takes back ringing offers (their agent legs hang up; the caller's leg stays up). */
  readonly withdraw: (tenantId: string, guids: readonly string[]) => void;
  /** The caller leaves its queue with a cause (committed; its timers go). */
  readonly leave: (caller: QueueCaller, cause: LeaveCause) => Promise<void>;
  /** A caller placed in memory joined a queue: arm its timers and route it. */
  readonly joined: (caller: QueueCaller, queue: Queue) => void;
  readonly onError: (error: unknown, context: string) => void;
}

/** Where `transferTo` sends a waiting caller: an agent's device (line 1) or an outside number. */
export type TransferTarget =
  | { readonly kind: 'agent'; readonly agentId: string; readonly label: string }
  | { readonly kind: 'number'; readonly e164: string; readonly label: string };

/** Ring time for the target of a transfer (ms of contact-center time). */
const TRANSFER_RING_MS = 30_000;
const FINAL = new Set<LegEvent['type']>(['busy', 'no_answer', 'rejected', 'failed', 'hung_up']);

/** A transfer in progress: the caller's leg and the target's leg, bridged once the target answers. */
interface Transfer {
  readonly callerLeg: string;
  readonly targetLeg: string;
  answered: boolean;
}

/**
 * CCS call control of callers still waiting in a queue (`NOTES.md` §8: `wait_kill`,
 * `wait_redirect`, `wait_transfer`): offers in progress are withdrawn first, then the caller
 * leaves with a cause that says where the call went. A redirect joins the target queue with the
 * same leg (`caller.joined` carries `redirectedFrom`, so the call keeps its CCS id); a transfer to
 * an agent's extension becomes that agent's direct inbound call (an interaction, so its status and
 * every family's view follow); a transfer to a number dials it and bridges it with the caller's
 * leg when it answers (the caller's leg is hung up if the target fails). Transfers to numbers in
 * progress live in memory: a restart ends them with the rest of the live telephony.
 * @example await platform.acd.waits.kill(tenant.id, 'qc-AbCdEf0123456789', 'ccs');
 */
export class WaitControl {
  /** Transfers in progress by either of their legs. */
  private readonly transfers = new Map<string, Transfer>();
  private listening = false;

  constructor(
    private readonly core: Core,
    private readonly engine: CallEngine,
    private readonly hooks: WaitControlHooks,
  ) {}

  /** The caller if it still waits (not connected to an agent; offers may ring). */
  waiting(tenantId: string, callerId: string): QueueCaller | undefined {
    const caller = this.hooks.state.caller(tenantId, callerId);
    return caller && (caller.state === CallerState.Waiting || caller.state === CallerState.Offered) ? caller : undefined;
  }

  /** `wait_kill`: the caller leaves (KILLED) and its leg is hung up. */
  async kill(tenantId: string, callerId: string): Promise<void> {
    const caller = this.take(tenantId, callerId);
    await this.hooks.leave(caller, LeaveCause.Killed);
    await this.engine.driver.hangup(caller.legId);
  }

  /**
   * `wait_redirect` (and `wait_transfer` to an ACD extension): the caller leaves (REDIRECTED) and
   * waits in `queue` with the same leg. Returns the new queue caller id.
   */
  async redirect(tenantId: string, callerId: string, queue: Queue): Promise<string> {
    if (queue.type !== QueueType.Inbound) throw new RuleViolationError(`ACD '${queue.ccsUuid ?? queue.id}' is not an inbound queue`, 'target');
    const current = this.hooks.state.caller(tenantId, callerId);
    if (current?.queueId === queue.id && current.state !== CallerState.Connected) throw new ConflictError(`call is already waiting in ACD '${queue.ccsUuid ?? queue.id}'`);
    const caller = this.take(tenantId, callerId);
    await this.hooks.leave(caller, LeaveCause.Redirected);
    const now = this.core.clock.now();
    const input = {
      callerId: newQueueCallerId(this.core.random), tenantId, queueId: queue.id, legId: caller.legId, number: caller.number,
      dialled: caller.dialled, answeredAt: caller.answeredAt, seq: this.hooks.state.nextSeq(), resume: null, ...(caller.data && { data: caller.data }),
    };
    const { caller: moved, event } = joinQueue(input, now, queue.settings?.mohId ?? null);
    this.hooks.state.putCaller(moved);
    this.hooks.state.router(tenantId).addCaller({ callerId: moved.callerId, queueId: queue.id, joinedAt: moved.joinedAt, answeredAt: moved.answeredAt, baseScore: moved.baseScore, seq: moved.seq });
    await this.core.committer.submit(tenantId, { events: [{ ...event, redirectedFrom: caller.callerId }], write: (tx) => tx.putQueueCaller(moved) });
    this.hooks.joined(moved, queue);
    return moved.callerId;
  }

  /**
   * `wait_transfer` to an extension or an outside number: the caller leaves (TRANSFERRED) and
   * `call.transferred` is logged. An agent's extension gets the caller as a direct inbound call of
   * that agent (the call engine rings the device and bridges on answer, and every family sees the
   * agent on the call); a number is dialled (presenting `presentedNumber`) and bridged when it answers.
   */
  async transferTo(tenantId: string, callerId: string, target: TransferTarget, presentedNumber: string, by: ChangeSource): Promise<void> {
    if (target.kind === 'agent') return this.transferToAgent(tenantId, callerId, target, by);
    const caller = this.take(tenantId, callerId);
    await this.hooks.leave(caller, LeaveCause.Transferred);
    await this.core.committer.submit(tenantId, {
      events: [{ type: 'call.transferred', callerId, legId: caller.legId, target: target.label, by }],
      write: async () => undefined,
    });
    this.listen();
    const targetLeg = newCustomerLegId(this.core.random);
    const transfer: Transfer = { callerLeg: caller.legId, targetLeg, answered: false };
    this.transfers.set(caller.legId, transfer);
    this.transfers.set(targetLeg, transfer);
    try {
      await this.engine.driver.originate({ legId: targetLeg, to: { kind: 'number', tenantId, e164: target.e164 }, callerId: presentedNumber, ringTimeoutMs: TRANSFER_RING_MS });
    } catch (error) {
      this.hooks.onError(error, 'transfer originate');
      this.finish(transfer);
    }
  }

  private async transferToAgent(tenantId: string, callerId: string, target: Extract<TransferTarget, { kind: 'agent' }>, by: ChangeSource): Promise<void> {
    const tenant = this.core.directory.tenantById(tenantId);
    if (!tenant) throw new RuleViolationError(`tenant '${tenantId}' not found`, 'target');
    if (this.engine.registry.ofAgent(tenantId, target.agentId).some(isLive)) throw new ConflictError(`extension ${target.label} is busy on a call`);
    const caller = this.take(tenantId, callerId);
    const guid = newInteractionGuid(this.core.random, this.core.clock.now(), tenant.name);
    await this.hooks.leave(caller, LeaveCause.Transferred);
    await this.core.committer.submit(tenantId, {
      events: [{ type: 'call.transferred', callerId, legId: caller.legId, target: target.label, by, interactionGuid: guid, agentId: target.agentId }],
      write: async () => undefined,
    });
    const input = {
      guid, agentLegId: newAgentLegId(this.core.random, tenant.name, target.agentId), tenantId, line: 1 as const, extension: target.label,
      caller: { legId: caller.legId, number: caller.number, answeredAt: caller.answeredAt }, ringTimeoutMs: TRANSFER_RING_MS,
    };
    await this.engine.create({ tenantId, agentId: target.agentId, guid, line: 1 }, (ctx) => transferCall({ ...input, agent: ctx.agent }, ctx));
  }

  /** The waiting caller, its offers withdrawn; a caller not waiting is a conflict. */
  private take(tenantId: string, callerId: string): QueueCaller {
    const caller = this.waiting(tenantId, callerId);
    if (!caller) throw new ConflictError(`caller '${callerId}' is not waiting in a queue`);
    this.hooks.withdraw(tenantId, this.hooks.state.interactions(tenantId, callerId));
    return caller;
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.engine.driver.onEvent((event) => this.onLegEvent(event));
  }

  /** The target answers: bridge. Either side ends (or the target never answers): the other is hung up. */
  private onLegEvent(event: LegEvent): void {
    const transfer = this.transfers.get(event.legId);
    if (!transfer) return;
    if (event.type === 'answered' && event.legId === transfer.targetLeg && !transfer.answered) {
      transfer.answered = true;
      this.engine.driver.bridge(transfer.callerLeg, transfer.targetLeg).catch((error: unknown) => {
        this.hooks.onError(error, 'transfer bridge');
        this.finish(transfer);
      });
    } else if (FINAL.has(event.type)) {
      this.finish(transfer);
    }
  }

  private finish(transfer: Transfer): void {
    this.transfers.delete(transfer.callerLeg);
    this.transfers.delete(transfer.targetLeg);
    for (const legId of [transfer.callerLeg, transfer.targetLeg]) {
      this.engine.driver.hangup(legId).catch((error: unknown) => this.hooks.onError(error, 'transfer hang up'));
    }
  }
}
