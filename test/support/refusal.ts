import { expect } from 'vitest';
import { RuleViolationError } from '../../src/domain/errors.ts';

/**
 * Runs `run`, expects it to throw a RuleViolationError, and returns that error (message, field).
 * @example expect(refusal(() => parseLead({})).message).toMatch(/phone/);
 */
export function refusal(run: () => unknown): RuleViolationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RuleViolationError);
    return error as RuleViolationError;
  }
  throw new Error('expected a RuleViolationError');
}
