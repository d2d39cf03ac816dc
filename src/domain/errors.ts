/**
 * Named domain errors. Each API adapter maps them to its own wire shape and
 * status code in one place (its `errors.ts`).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** An entity the request names does not exist (in this tenant). */
export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} '${id}' not found`);
  }
}

/** The request is well-formed but breaks a rule of the model. */
export class RuleViolationError extends DomainError {
  readonly code = 'rule_violation';
  constructor(
    message: string,
    /** The request field the rule is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A presence change the VCC transition diagram forbids (`NOTES.md` §3). */
export class TransitionNotAllowedError extends RuleViolationError {
  constructor(
    readonly from: number,
    readonly to: number,
    message: string,
  ) {
    super(message, 'agent-status');
  }
}

/** Something with this key already exists. */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}
