import { LegEndCause, inPostProcessing, type Interaction } from './interaction.ts';

/**
 * What the platform must do after an interaction changed, outside the interaction itself:
 * telephony requests and the wrap-up timer. Derived from the states before and after, so the
 * same rule holds whether the change came from the telephony, an API request or a timer.
 */
export type CallFollowUp =
  /** Ring the agent's device (a call was just placed). */
  | { readonly kind: 'originate_agent' }
  /** The agent answered: dial the customer. */
  | { readonly kind: 'originate_customer' }
  /** The customer answered: connect the two legs. */
  | { readonly kind: 'bridge' }
  /** The call ended: release every leg the telephony may still hold (drivers ignore ended legs). */
  | { readonly kind: 'hangup'; readonly legIds: readonly string[] }
  /** Post-processing started: arm its durable timer. */
  | { readonly kind: 'arm_wrap_up'; readonly dueAt: number }
  /** Post-processing ended before its timer: drop the timer. */
  | { readonly kind: 'disarm_wrap_up' };

/**
 * The follow-ups of one transition, in the order they should run.
 * @example followUps(null, placed); // [{ kind: 'originate_agent' }]
 * @example followUps(ringing, agentAnswered); // [{ kind: 'originate_customer' }]
 */
export function followUps(before: Interaction | null, after: Interaction): CallFollowUp[] {
  if (before === null) return [{ kind: 'originate_agent' }];
  const out: CallFollowUp[] = [];
  const live = after.endedAt === null;
  const outbound = after.direction === 'outbound';
  if (live && outbound && before.agentLeg.answeredAt === null && after.agentLeg.answeredAt !== null) out.push({ kind: 'originate_customer' });
  if (live && before.bridgedAt === null && after.bridgedAt !== null) out.push({ kind: 'bridge' });
  if (before.endedAt === null && !live) {
    // A requeued caller's leg stays up: it is back waiting in its queue.
    const legIds = [after.agentLeg, after.customerLeg].filter((leg) => leg.endCause !== LegEndCause.Requeued).map((leg) => leg.id);
    out.push({ kind: 'hangup', legIds });
  }
  if (before.postProcessing === null && after.postProcessing !== null) out.push({ kind: 'arm_wrap_up', dueAt: after.postProcessing.dueAt });
  // Rescheduled (PBX wrapup): the same timer id, armed again at the new time.
  else if (inPostProcessing(before) && inPostProcessing(after) && before.postProcessing?.dueAt !== after.postProcessing?.dueAt && after.postProcessing) {
    out.push({ kind: 'arm_wrap_up', dueAt: after.postProcessing.dueAt });
  }
  if (inPostProcessing(before) && !inPostProcessing(after) && after.postProcessing?.endedBy !== 'timer') out.push({ kind: 'disarm_wrap_up' });
  return out;
}
