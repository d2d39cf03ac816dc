import { RuleViolationError } from '../errors.ts';

/** Why a call could not be placed for an agent (the place-call `forceCall` rules). */
export const UnavailableReason = {
  NotLoggedIn: 'not_logged_in',
  OnBreak: 'on_break',
  BothLinesBusy: 'both_lines_busy',
  ForceCallRequired: 'force_call_required',
} as const;
export type UnavailableReason = (typeof UnavailableReason)[keyof typeof UnavailableReason];

/**
 * The agent cannot take a placed call now. A rule violation (the request is well-formed),
 * with a machine-readable reason so adapters can pick their status code.
 * @example throw new AgentUnavailableError('on_break', 'Agent [ag1] is on break', 'agentId');
 */
export class AgentUnavailableError extends RuleViolationError {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    field: string,
  ) {
    super(message, field);
  }
}

/**
 * An action that does not fit the interaction's stage, e.g. codes on a completed interaction
 * or ending post-processing without the codes the queue requires.
 * @example throw new InteractionStateError('interaction [int-…] is complete');
 */
export class InteractionStateError extends RuleViolationError {}
