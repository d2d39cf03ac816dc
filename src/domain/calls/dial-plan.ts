import { RuleViolationError } from '../errors.ts';

/**
 * A dial plan: how an agent's dialled digits become an E.164 number (`NOTES.md` §4).
 * It describes one home country, the way an operator would set up a PBX:
 * - `countryCode`: the home country calling code, without `+` (`'1'` for the US, `'44'` for the UK).
 * - `nationalNumberLengths`: how many digits a national significant number has (`[10]` in the US;
 *   several lengths where the country mixes them).
 * - `trunkPrefix`: the national trunk prefix dialled before national numbers and dropped in
 *   E.164 (`'0'` in the UK, `null` in the US where the leading `1` is the country code).
 * - `internationalPrefix`: the exit code that starts an international number (`'011'` in the US,
 *   `'00'` in most of Europe); the digits after it already carry their own country code.
 * @example const us: DialPlan = { id: 12, name: 'US', countryCode: '1', nationalNumberLengths: [10], trunkPrefix: null, internationalPrefix: '011' };
 */
export interface DialPlan {
  readonly id: number;
  readonly name: string;
  readonly countryCode: string;
  readonly nationalNumberLengths: readonly number[];
  readonly trunkPrefix: string | null;
  readonly internationalPrefix: string;
}

/** E.164 allows at most 15 digits after the `+`. */
const E164_MAX_DIGITS = 15;
/** The shortest real international numbers (small territories) have 7 digits with the country code. */
const E164_MIN_DIGITS = 7;
/** Visual separators people and CRMs put in numbers; they carry no meaning. */
const SEPARATORS = /[\s\-.()/]/g;

/**
 * Turns the place-call `prefix` and `number` into E.164 under a dial plan.
 * A number that already starts with `+` is taken as E.164 and the prefix ignored, because CRMs
 * send a fixed prefix along with every number. Errors name the field at fault.
 * @example toE164(us, '1', '6175551984'); // '+16175551984'
 * @example toE164(us, '', '(617) 555-1984'); // '+16175551984'
 * @throws RuleViolationError with field `number` or `prefix`
 */
export function toE164(plan: DialPlan, prefix: string, number: string): string {
  const digits = cleanNumber(number);
  if (digits.startsWith('+')) return checkInternational(digits.slice(1), number);
  const dialled = cleanPrefix(prefix) + digits;
  if (dialled.startsWith(plan.internationalPrefix)) {
    return checkInternational(dialled.slice(plan.internationalPrefix.length), number);
  }
  const national = nationalPart(plan, dialled, cleanPrefix(prefix) === '');
  if (national === null) {
    const lengths = plan.nationalNumberLengths.join(' or ');
    throw new RuleViolationError(
      `number '${number}' with prefix '${prefix}' is not a valid number for dial plan ${plan.id} (${plan.name}): expected ${lengths} national digits, optionally after country code ${plan.countryCode}`,
      'number',
    );
  }
  return `+${plan.countryCode}${national}`;
}

/**
 * The national significant number within the dialled digits, or null when it has no valid length.
 * A non-empty prefix must be used up as trunk prefix or country code: `1` + 9 digits is a
 * mistyped US number, not a 10-digit national number that happens to start with 1.
 */
function nationalPart(plan: DialPlan, dialled: string, bareAllowed: boolean): string | null {
  const fits = (candidate: string): boolean => plan.nationalNumberLengths.includes(candidate.length);
  if (bareAllowed && fits(dialled)) return dialled;
  if (plan.trunkPrefix !== null && dialled.startsWith(plan.trunkPrefix)) {
    const rest = dialled.slice(plan.trunkPrefix.length);
    if (fits(rest)) return rest;
  }
  if (dialled.startsWith(plan.countryCode)) {
    const rest = dialled.slice(plan.countryCode.length);
    if (fits(rest)) return rest;
  }
  return null;
}

function cleanNumber(number: string): string {
  const cleaned = number.replace(SEPARATORS, '');
  if (cleaned === '') throw new RuleViolationError('number must not be empty', 'number');
  if (!/^\+?\d+$/.test(cleaned)) {
    throw new RuleViolationError(`number '${number}' may contain only digits, an optional leading '+' and separators`, 'number');
  }
  return cleaned;
}

function cleanPrefix(prefix: string): string {
  const cleaned = prefix.replace(SEPARATORS, '');
  if (!/^\d*$/.test(cleaned)) throw new RuleViolationError(`prefix '${prefix}' may contain only digits`, 'prefix');
  return cleaned;
}

function checkInternational(digits: string, original: string): string {
  if (digits.length < E164_MIN_DIGITS || digits.length > E164_MAX_DIGITS) {
    throw new RuleViolationError(
      `number '${original}' is not a valid international number: E.164 numbers have ${E164_MIN_DIGITS} to ${E164_MAX_DIGITS} digits`,
      'number',
    );
  }
  if (digits.startsWith('0')) throw new RuleViolationError(`number '${original}': a country code never starts with 0`, 'number');
  return `+${digits}`;
}
