import { presentedCallerId } from '../../domain/calls/caller-id.ts';
import { toE164 } from '../../domain/calls/dial-plan.ts';
import type { NameValue } from '../../domain/calls/interaction.ts';
import { QueueType, wrapUpSeconds, type Queue } from '../../domain/calls/queue.ts';
import { NotFoundError, RuleViolationError } from '../../domain/errors.ts';
import type { TenantCallConfig } from './call-configs.ts';

/** A place-call request in the core's terms (VCC place call; later click-to-dial and CCS dial). */
export interface PlaceCallRequest {
  readonly agentId: string;
  /** Prepended to `number` before the dial plan applies (may be empty). */
  readonly prefix: string;
  readonly number: string;
  /** The caller id asked for; presented only when it is one of the tenant's channels. */
  readonly callerId: string;
  readonly queueId: number | null;
  readonly dialPlanId: number | null;
  readonly forceCall: boolean;
  readonly extTransactionData?: readonly NameValue[];
  readonly ctlUserData?: readonly NameValue[];
}

/** What the tenant's configuration makes of a request: queue, E.164 destination, caller id, wrap-up. */
export interface Placement {
  readonly queue: Queue | null;
  readonly destination: string;
  readonly callerId: string | null;
  readonly wrapUpSeconds: number;
}

const INTERNATIONAL = /^[1-9][0-9]{7,14}$/;

/**
 * Resolves a request against the tenant's call configuration (`NOTES.md` §4): the queue (it
 * must be an outbound queue — inbound queues route callers, they don't take placed calls), the
 * dial plan (`dialPlanId`, else the agent's, else the tenant's), the caller id and the wrap-up.
 * @example resolvePlacement(config, { agentId, prefix: '1', number: '6175551984', callerId: '12015551212', queueId: 598, dialPlanId: 12, forceCall: true });
 * @throws NotFoundError for an unknown queue or dial plan; RuleViolationError for a number the plan can't dial
 */
export function resolvePlacement(config: TenantCallConfig, request: PlaceCallRequest): Placement {
  const settings = config.agentSettings.get(request.agentId);
  const queue = request.queueId === null ? null : config.queues.get(request.queueId) ?? null;
  if (request.queueId !== null && queue === null) throw new NotFoundError('queue', String(request.queueId));
  if (queue !== null && queue.type !== QueueType.Outbound) {
    throw new RuleViolationError(`Queue [${queue.id}] is an ${queue.type} queue; a placed call takes an outbound queue`, 'queueId');
  }
  return {
    queue,
    destination: destinationOf(config, request, settings?.dialPlanId ?? null),
    callerId: presentedCallerId(request.callerId, config.channels, settings?.callerId ?? null),
    wrapUpSeconds: wrapUpSeconds(settings?.wrapUpSeconds ?? null, queue?.wrapUpSeconds ?? null, config.defaults.wrapUpSeconds),
  };
}

function destinationOf(config: TenantCallConfig, request: PlaceCallRequest, agentPlan: number | null): string {
  const planId = request.dialPlanId ?? agentPlan ?? config.defaults.dialPlanId;
  if (planId === null) return withoutDialPlan(request);
  const plan = config.dialPlans.get(planId);
  if (plan === undefined) {
    if (request.dialPlanId !== null) throw new NotFoundError('dial plan', String(planId));
    throw new RuleViolationError(`The agent's dial plan [${planId}] no longer exists; pass dialplanId`, 'dialplanId');
  }
  return toE164(plan, request.prefix, request.number);
}

/** No dial plan anywhere: the prefix and number must together be an international number. */
function withoutDialPlan(request: PlaceCallRequest): string {
  const digits = `${request.prefix}${request.number}`.replace(/[\s().-]/g, '').replace(/^\+/, '');
  if (!INTERNATIONAL.test(digits)) {
    throw new RuleViolationError(`Number [${request.number}] cannot be dialled: no dial plan applies, so prefix and number must form an international number (8 to 15 digits)`, 'number');
  }
  return `+${digits}`;
}
