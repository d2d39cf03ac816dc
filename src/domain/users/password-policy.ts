import { RuleViolationError } from '../errors.ts';

/**
 * The PBX password rule (`pbx-callcenter-api.md`, Users): at least 8 characters, with digits,
 * upper-case and lower-case letters. One person has one password for every family (`NOTES.md` §1),
 * so the rule applies wherever a password is set through the PBX API.
 * @example passwordProblem('Ab123456'); // null
 * @example passwordProblem('abc'); // 'must be at least 8 characters long'
 */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'must be at least 8 characters long';
  if (password.length > 256) return 'must be at most 256 characters long';
  if (!/[0-9]/.test(password)) return 'must contain a digit';
  if (!/\p{Lu}/u.test(password)) return 'must contain an upper-case letter';
  if (!/\p{Ll}/u.test(password)) return 'must contain a lower-case letter';
  return null;
}

/** @throws RuleViolationError naming `field` when the password breaks the rule. */
export function checkPassword(password: string, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem !== null) throw new RuleViolationError(`${field} ${problem} (8+ characters with digits, upper- and lower-case letters)`, field);
}
