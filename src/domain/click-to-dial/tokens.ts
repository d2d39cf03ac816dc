/**
 * The click-to-dial tokens (`vcc-click-to-dial.txt` "User Data", `NOTES.md` §5), replaced when the
 * transaction completes (the call has ended and post-processing is over).
 *
 * Decided here:
 * - Only a complete `$name$` of a known name (exact case) is replaced; `$call_answered_time]` (no
 *   closing `$`, the document's examples 2 and 3) and unknown `$foo$` stay as they are. The text is
 *   scanned once, left to right, and replaced text is never scanned again: notes holding `$equal$`
 *   stay `$equal$`.
 * - "Call not established" means never answered: `$call_answered_time$` and `$call_hangup_time$`
 *   are `0`, and so are `$callAnsweredTenantTT$` / `$callHangupTenantTT$` (same rule, one
 *   spelling for "no time"); `$callDuration$` is `00:00:00`.
 * - `…TenantTT$` is `YYYY/MM/DD HH:mm:ss +HH:MM` (numeric offset with a colon; `+00:00` for UTC).
 * - `$callDuration$` is the difference of the two epoch-second tokens, so the three agree;
 *   hours are not wrapped at 24 (`25:00:00`).
 * - Values missing from the facts (`$caller_id$`, `$transaction_id$`, codes) are the empty string;
 *   an answered call without a hang-up time has the "no time" values for the hang-up and duration.
 */
import type { NameValue } from '../calls/interaction.ts';
import { tenantTime } from './tenant-time.ts';

/** Every token of the document, without the `$` signs. */
export const TOKEN_NAMES = [
  'caller_id', 'transaction_id', 'call_answered_time', 'call_hangup_time', 'callAnsweredTenantTT', 'callHangupTenantTT',
  'callDuration', 'equal', 'interaction_guid', 'year', 'month', 'date', 'hours', 'minutes', 'seconds',
  'transaction_codes', 'notes', 'lastTclListName', 'lastTclCodeDesc', 'lastTclCodeShort',
] as const;
export type TokenName = (typeof TOKEN_NAMES)[number];

/** A selected transaction code, as the tokens show it. */
export interface TokenCode {
  readonly listName: string;
  readonly shortCode: string;
  readonly description: string;
}

/** What the tokens are made of, gathered by the caller when the transaction completes. */
export interface TokenFacts {
  readonly callerId: string | null;
  /** The interaction's numeric transaction number (not the GUID). */
  readonly transactionNumber: number | null;
  /** When the customer leg was answered (ms); null: the call never connected. */
  readonly answeredAt: number | null;
  /** When the call ended (ms). */
  readonly hungUpAt: number | null;
  /** When the transaction completed (ms): `$year$` … `$seconds$`. */
  readonly now: number;
  /** The tenant's IANA time zone. */
  readonly timezone: string;
  readonly interactionGuid: string;
  /** In selection order; the last is the `$lastTcl…$` one. */
  readonly codes: readonly TokenCode[];
  readonly notes: string;
}

/** How token values are written into the text. */
export interface ReplaceOptions {
  /** Applied to each token's value, e.g. `encodeURIComponent` for tokens inside a callback URL's query. */
  readonly encode?: (value: string) => string;
}

const TOKEN = new RegExp(`\\$(${TOKEN_NAMES.join('|')})\\$`, 'g');

/**
 * Replaces the tokens in a text.
 * @example replaceTokens('Log ($transaction_id$) a$equal$b $call_answered_time]', facts); // 'Log (1234) a=b $call_answered_time]'
 * @throws UnknownTimeZoneError when `facts.timezone` is not a zone Intl knows
 */
export function replaceTokens(text: string, facts: TokenFacts, options: ReplaceOptions = {}): string {
  const encode = options.encode ?? ((value: string): string => value);
  // Worked out at the first token only: text without tokens needs no time zone.
  let values: Record<TokenName, string> | undefined;
  return text.replace(TOKEN, (_match, name: TokenName) => encode((values ??= tokenValues(facts))[name]));
}

/**
 * Replaces the tokens in every value (names are kept as given), for re-emitting `ctl_userdata`.
 * @example replaceTokensInPairs([{ name: 'Transactionid', value: '$interaction_guid$' }], facts); // [{ name: 'Transactionid', value: 'int-…' }]
 */
export function replaceTokensInPairs(pairs: readonly NameValue[], facts: TokenFacts): NameValue[] {
  return pairs.map((pair) => ({ name: pair.name, value: replaceTokens(pair.value, facts) }));
}

const epochSeconds = (at: number): number => Math.floor(at / 1000);
const pad = (value: number): string => String(value).padStart(2, '0');

function tenantStamp(at: number, timezone: string): string {
  const t = tenantTime(at, timezone);
  return `${t.year}/${t.month}/${t.day} ${t.hour}:${t.minute}:${t.second} ${t.offset}`;
}

function duration(seconds: number): string {
  const whole = Math.max(0, seconds);
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`;
}

/**
 * Every token's value for these facts.
 * @example tokenValues(facts).equal; // '='
 */
export function tokenValues(facts: TokenFacts): Record<TokenName, string> {
  // Not connected: no answer. A hang-up time alone (a call that rang out) is not a connected call.
  const answered = facts.answeredAt;
  const hungUp = answered === null ? null : (facts.hungUpAt ?? null);
  const now = tenantTime(facts.now, facts.timezone);
  const last = facts.codes.at(-1);
  return {
    caller_id: facts.callerId ?? '',
    transaction_id: facts.transactionNumber === null ? '' : String(facts.transactionNumber),
    call_answered_time: answered === null ? '0' : String(epochSeconds(answered)),
    call_hangup_time: hungUp === null ? '0' : String(epochSeconds(hungUp)),
    callAnsweredTenantTT: answered === null ? '0' : tenantStamp(answered, facts.timezone),
    callHangupTenantTT: hungUp === null ? '0' : tenantStamp(hungUp, facts.timezone),
    callDuration: answered === null || hungUp === null ? duration(0) : duration(epochSeconds(hungUp) - epochSeconds(answered)),
    equal: '=',
    interaction_guid: facts.interactionGuid,
    year: now.year,
    month: now.month,
    date: now.day,
    hours: now.hour,
    minutes: now.minute,
    seconds: now.second,
    transaction_codes: facts.codes.map((code) => `${code.listName}:${code.shortCode}`).join(','),
    notes: facts.notes,
    lastTclListName: last?.listName ?? '',
    lastTclCodeDesc: last?.description ?? '',
    lastTclCodeShort: last?.shortCode ?? '',
  };
}
