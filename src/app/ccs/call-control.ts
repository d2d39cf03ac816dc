import { CcsCallState, type CcsCallRecord } from '../../domain/ccs/call-record.ts';
import { isSuppressed } from '../../domain/ccs/call-projection.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../domain/errors.ts';
import { QueueType, type Queue } from '../../domain/calls/queue.ts';
import { isLive } from '../../domain/calls/interaction.ts';
import type { TransferTarget } from '../acd/wait-control.ts';
import { commitChange } from '../core.ts';
import type { Platform } from '../platform.ts';

/** What `wait_transfer`'s target names, resolved in this order (`ccs-api-overview.txt` 4.25). */
export type WaitTransferTarget = TransferTarget | { readonly kind: 'acd'; readonly queue: Queue; readonly label: string };

/** An outside number a waiting caller may be transferred to: 3–20 digits, optionally with `+`. */
const OUTSIDE_NUMBER = /^\+?[0-9]{3,20}$/;

/**
 * CCS call control (`ccs-api-overview.txt` 4.22–4.27, `NOTES.md` §8) over one tenant's calls.
 * Every operation reads the call record after the projector caught up, so a request right after
 * a change sees it; state problems are 409 (`ConflictError`) with a reason naming the call.
 * @example await new CcsCallControl(platform).suppress(tenant.id, '0KUGX3Z8ABCDE', true);
 */
export class CcsCallControl {
  constructor(private readonly platform: Platform) {}

  /** The call as projected from everything logged so far. */
  async current(tenantId: string, callId: string): Promise<CcsCallRecord> {
    await this.platform.ccs.calls.caughtUp(tenantId);
    const record = await this.platform.ccs.calls.find(tenantId, callId);
    if (!record) throw new NotFoundError('call', callId);
    return record;
  }

  /**
   * `startSuppression` (true) / `stopSuppression` (false): pauses or resumes the recording of a
   * connected, recorded call; the call record keeps the span. Serialised per tenant so two
   * requests cannot both open a span.
   */
  suppress(tenantId: string, callId: string, suppressed: boolean): Promise<CcsCallRecord> {
    return this.platform.locks.run(tenantId, async () => {
      const record = await this.current(tenantId, callId);
      const interaction = record.interactionGuid === null ? undefined : this.platform.calls.engine.registry.get(tenantId, record.interactionGuid);
      if (record.state !== CcsCallState.Answered || interaction === undefined || !isLive(interaction)) throw new ConflictError(`call ${callId} is not connected`);
      if (!record.recording) throw new ConflictError(`call ${callId} is not recorded (the agent's extension records: None or On Demand)`);
      if (isSuppressed(record) === suppressed) throw new ConflictError(`call ${callId} is ${suppressed ? 'already suppressed' : 'not suppressed'}`);
      await this.platform.telephony.recording(interaction.customerLeg.id, suppressed ? 'pause' : 'resume').catch(() => {
        throw new ConflictError(`call ${callId} is not connected`);
      });
      const event = { type: 'call.suppression_changed', callId, interactionGuid: interaction.guid, suppressed, by: 'ccs' } as const;
      await commitChange(this.platform, tenantId, [event], async () => undefined);
      return this.current(tenantId, callId);
    });
  }

  /** `kill`: a waiting (or offered) caller is dropped like `wait_kill`; a live call is ended. */
  async kill(tenantId: string, callId: string): Promise<void> {
    const record = await this.current(tenantId, callId);
    if (record.state === CcsCallState.Ended) throw new ConflictError(`call ${callId} has already ended`);
    const waiting = record.queueCallerId === null ? undefined : this.platform.acd.waits.waiting(tenantId, record.queueCallerId);
    if (waiting) return this.platform.acd.waits.kill(tenantId, waiting.callerId);
    const interaction = record.interactionGuid === null ? undefined : this.platform.calls.engine.registry.get(tenantId, record.interactionGuid);
    if (interaction === undefined || !isLive(interaction)) throw new ConflictError(`call ${callId} has already ended`);
    await this.platform.calls.endCall(tenantId, interaction.guid, { endPostProcessing: false, by: 'ccs' });
  }

  /** `wait_kill`: drops a caller still waiting in a queue. */
  async waitKill(tenantId: string, callId: string): Promise<void> {
    const callerId = await this.waitingCaller(tenantId, callId);
    await this.platform.acd.waits.kill(tenantId, callerId);
  }

  /** `wait_redirect`: moves a waiting caller to the inbound ACD `acdUuid` of the tenant. */
  async waitRedirect(tenantId: string, callId: string, acdUuid: string): Promise<void> {
    const queue = [...this.platform.directory.calls.of(tenantId).queues.values()].find((q) => q.ccsUuid === acdUuid);
    if (!queue) throw new RuleViolationError(`target: ACD '${acdUuid}' is not an ACD of this tenant`, 'target');
    if (queue.type !== QueueType.Inbound) throw new RuleViolationError(`target: ACD '${acdUuid}' is not an inbound ACD`, 'target');
    const callerId = await this.waitingCaller(tenantId, callId);
    await this.platform.acd.waits.redirect(tenantId, callerId, queue);
  }

  /** `wait_transfer`: sends a waiting caller to an extension, an ACD extension or an outside number. Returns what the target named. */
  async waitTransfer(tenantId: string, callId: string, target: string): Promise<WaitTransferTarget> {
    const resolved = this.transferTarget(tenantId, target);
    const callerId = await this.waitingCaller(tenantId, callId);
    const { waits } = this.platform.acd;
    if (resolved.kind === 'acd') await waits.redirect(tenantId, callerId, resolved.queue);
    else await waits.transferTo(tenantId, callerId, resolved, waits.waiting(tenantId, callerId)?.dialled ?? '', 'ccs');
    return resolved;
  }

  /** An extension of the tenant, then an inbound ACD's extension, then an outside number. */
  transferTarget(tenantId: string, target: string): WaitTransferTarget {
    const extension = this.platform.ccs.extensions.byNumber(tenantId, target);
    if (extension) return { kind: 'agent', agentId: extension.agentId, label: target };
    const queue = [...this.platform.directory.calls.of(tenantId).queues.values()].find((q) => q.extension === target);
    if (queue?.type === QueueType.Inbound) return { kind: 'acd', queue, label: target };
    if (queue) throw new RuleViolationError(`target: ACD extension '${target}' is not an inbound ACD`, 'target');
    if (OUTSIDE_NUMBER.test(target)) return { kind: 'number', e164: `+${target.replace(/^\+/, '')}`, label: target };
    throw new RuleViolationError(`target: '${target}' is neither an extension, an ACD extension nor a number of 3 to 20 digits`, 'target');
  }

  private async waitingCaller(tenantId: string, callId: string): Promise<string> {
    const record = await this.current(tenantId, callId);
    const waiting = record.queueCallerId === null ? undefined : this.platform.acd.waits.waiting(tenantId, record.queueCallerId);
    if (!waiting) throw new ConflictError(`call ${callId} is not waiting in a queue`);
    return waiting.callerId;
  }
}
