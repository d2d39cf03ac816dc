import type { ChangeSource, DomainEvent } from '../events.ts';
import { settleAgent, type CallContext } from './agent-effects.ts';
import { RuleViolationError } from '../errors.ts';
import { InteractionStateError } from './errors.ts';
import { NO_CHANGE, inPostProcessing, type CallOutcome, type Interaction } from './interaction.ts';
import type { TransactionCode } from './queue.ts';

function missingCodes(interaction: Interaction): boolean {
  return interaction.codesRequired && interaction.transactionCodes.length === 0;
}

function finish(interaction: Interaction, by: ChangeSource | 'timer', ctx: CallContext, before: readonly DomainEvent[] = []): CallOutcome {
  const running = interaction.postProcessing;
  if (running === null) return NO_CHANGE;
  const next: Interaction = { ...interaction, postProcessing: { ...running, awaitingCodes: false, endedAt: ctx.now, endedBy: by } };
  const event: DomainEvent = { type: 'post_processing.ended', interactionGuid: next.guid, agentId: next.agentId, by };
  return settleAgent(ctx, next, [...before, event]);
}

/**
 * The wrap-up timer fired. Ends post-processing, unless the queue requires codes and none are
 * set: then it waits for them (`awaitingCodes`). A stale or repeated timer changes nothing.
 * @example wrapUpElapsed(interaction, { ...ctx, now: interaction.postProcessing.dueAt });
 */
export function wrapUpElapsed(interaction: Interaction, ctx: CallContext): CallOutcome {
  const running = interaction.postProcessing;
  if (running === null || running.endedAt !== null || running.awaitingCodes || ctx.now < running.dueAt) return NO_CHANGE;
  if (missingCodes(interaction)) {
    // No event: the agent's status stays POST_PROCESS; only the interaction learns that codes now end it.
    return settleAgent(ctx, { ...interaction, postProcessing: { ...running, awaitingCodes: true } }, []);
  }
  return finish(interaction, 'timer', ctx);
}

/**
 * Ends post-processing on request: the agent in the workspace, or the VCC `endPostProcessing=true`.
 * `force` (the VCC flag) ends it "even if mandatory transaction codes have not been assigned";
 * without it, missing required codes are refused. Not in post-processing → no change.
 * @example endPostProcessing(interaction, ctx, { by: 'vcc', force: true });
 * @throws InteractionStateError when required codes are missing and `force` is false
 */
export function endPostProcessing(interaction: Interaction, ctx: CallContext, options: { readonly by: ChangeSource; readonly force: boolean }): CallOutcome {
  if (!inPostProcessing(interaction)) return NO_CHANGE;
  if (missingCodes(interaction) && !options.force) {
    throw new InteractionStateError(
      `Interaction [${interaction.guid}] requires transaction codes before post processing can end`,
      'transaction-codes',
    );
  }
  return finish(interaction, options.by, ctx);
}

/**
 * Moves the wrap-up timer (PBX `cc_agent/wrapup`): post-processing now ends at `dueAt`. A time
 * at or before now ends it at once — unless the queue requires codes and none are set: then it
 * waits for them, as when the timer runs out. A later time re-arms the timer (see `followUps`).
 * @example rescheduleWrapUp(interaction, ctx.now + 30_000, ctx, 'pbx');
 * @throws InteractionStateError when the interaction is not in post-processing
 */
export function rescheduleWrapUp(interaction: Interaction, dueAt: number, ctx: CallContext, by: ChangeSource): CallOutcome {
  const running = interaction.postProcessing;
  if (running === null || !inPostProcessing(interaction)) {
    throw new InteractionStateError(`Interaction [${interaction.guid}] is not in post processing`, 'interactionId');
  }
  const due = Math.max(dueAt, ctx.now);
  const moved: Interaction = { ...interaction, postProcessing: { ...running, dueAt: due, awaitingCodes: false } };
  const event: DomainEvent = { type: 'post_processing.rescheduled', interactionGuid: moved.guid, agentId: moved.agentId, dueAt: due, by };
  if (due > ctx.now) return settleAgent(ctx, moved, [event]);
  if (missingCodes(moved)) return settleAgent(ctx, { ...moved, postProcessing: { ...running, dueAt: due, awaitingCodes: true } }, [event]);
  return finish(moved, by, ctx, [event]);
}

/**
 * Stores checked transaction codes (from `checkTransactionCodes`), replacing earlier ones (the
 * VCC route is a PUT). Allowed during the call and its post-processing; when post-processing
 * was only waiting for codes, it ends now.
 * @example setTransactionCodes(interaction, [{ listId: 12, itemId: 234 }], ctx, 'vcc');
 * @throws InteractionStateError when the interaction is complete
 */
export function setTransactionCodes(interaction: Interaction, codes: readonly TransactionCode[], ctx: CallContext, by: ChangeSource): CallOutcome {
  if (interaction.endedAt !== null && !inPostProcessing(interaction)) {
    throw new InteractionStateError(`Interaction [${interaction.guid}] is complete; transaction codes can no longer be set`, 'interactionId');
  }
  const next: Interaction = { ...interaction, transactionCodes: [...codes] };
  const event: DomainEvent = { type: 'transaction_codes.set', interactionGuid: next.guid, agentId: next.agentId, codes: next.transactionCodes };
  if (next.postProcessing?.awaitingCodes === true && !missingCodes(next)) return finish(next, by, ctx, [event]);
  return settleAgent(ctx, next, [event]);
}

/** The longest note an agent may keep with a call (characters). */
export const MAX_NOTES_LENGTH = 4000;

/**
 * Keeps the agent's notes with the call (the workspace), replacing earlier ones; allowed during
 * the call and its post-processing, like transaction codes.
 * @example setNotes(interaction, 'Wants a callback on Monday', ctx);
 * @throws InteractionStateError when the interaction is complete; RuleViolationError when too long
 */
export function setNotes(interaction: Interaction, notes: string, ctx: CallContext): CallOutcome {
  if (interaction.endedAt !== null && !inPostProcessing(interaction)) {
    throw new InteractionStateError(`Interaction [${interaction.guid}] is complete; notes can no longer be changed`, 'interactionId');
  }
  if (notes.length > MAX_NOTES_LENGTH) throw new RuleViolationError(`notes: at most ${MAX_NOTES_LENGTH} characters; ${notes.length} given`, 'notes');
  const next: Interaction = { ...interaction, notes };
  const event: DomainEvent = { type: 'interaction.notes_set', interactionGuid: next.guid, agentId: next.agentId, length: notes.length };
  return settleAgent(ctx, next, [event]);
}
