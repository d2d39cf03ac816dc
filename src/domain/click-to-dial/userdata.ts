/**
 * `ctl_userdata` (and `extTransactionData`, same shape) of click-to-dial (`vcc-click-to-dial.txt`,
 * `NOTES.md` §5): `[name|value]` pairs, one after another.
 *
 * Decoding — "percent-decoded once" (NOTES §5) means once in all. A GET query or a form body is
 * decoded by the HTTP layer (URLSearchParams, the form parser), so {@link parseUserData} receives
 * that text and does **not** decode again: a value that really contains `%20` (sent as `%2520`)
 * stays `%20`. A body that arrives raw (e.g. `text/plain`) is decoded by the route with
 * {@link decodeOnce} first. Document example 1 (`[subject|outbound%20call%20log…]` inside the
 * link) reads `outbound call log…` either way.
 *
 * Syntax decided here:
 * - Whitespace (spaces, tabs, line breaks) before, between and after pairs is ignored — the
 *   document's examples wrap lines between pairs. Inside a pair everything is kept as given.
 * - The name ends at the first `|`; the value is the rest up to the pair's `]` and may contain `|`.
 * - `[` and `]` cannot appear inside a name or value: there is no escape, and the first `]`
 *   closes the pair. A `[` inside a pair therefore means the pair was never closed.
 * - A name is any text without `[`, `]`, `|` that is not empty or only whitespace. Duplicate names
 *   are kept, in order (the document allows "any combination").
 */
import type { NameValue } from '../calls/interaction.ts';
import { RuleViolationError } from '../errors.ts';

/**
 * A malformed `ctl_userdata`: what is wrong and where, so the agent can be shown (NOTES §5).
 * `position` is the 0-based character index in the text given; `pair` the 1-based pair number when
 * the problem is inside a pair.
 * @example throw new UserDataError('ctl_userdata: pair 3 ("[subject|…") has no closing "]"', 12, 3);
 */
export class UserDataError extends RuleViolationError {
  constructor(
    message: string,
    readonly position: number,
    readonly pair: number | null = null,
    field = 'ctl_userdata',
  ) {
    super(message, field);
  }
}

/** The prefix that makes a name system data (the document: "starts with 'ctl_'"; case as written). */
export const SYSTEM_PREFIX = 'ctl_';

/**
 * Whether a name is system data rather than user data.
 * @example isSystemName('ctl_action'); // true
 * @example isSystemName('subject'); // false
 */
export function isSystemName(name: string): boolean {
  return name.startsWith(SYSTEM_PREFIX);
}

const EXCERPT = 16;

/** A short, one-line quote of the text at `from` for messages (line breaks would split the message). */
function excerpt(text: string, from: number): string {
  const slice = text.slice(from, from + EXCERPT).replace(/\s+/g, ' ');
  return text.length - from > EXCERPT ? `${slice}…` : slice;
}

/**
 * Splits `[name|value]…` into pairs, in order. Empty or whitespace-only text has no pairs.
 * `field` names the request field in errors (`extTransactionData` has the same shape).
 * @example parseUserData('[ctl_action|create]\n [subject|a|b]'); // [{ name: 'ctl_action', value: 'create' }, { name: 'subject', value: 'a|b' }]
 * @throws UserDataError for a missing or stray bracket, text outside pairs, a pair without `|`, an empty name
 */
export function parseUserData(raw: string, field = 'ctl_userdata'): NameValue[] {
  const pairs: NameValue[] = [];
  const fail = (message: string, at: number, pair: number | null = null): never => {
    throw new UserDataError(`${field}: ${message}`, at, pair, field);
  };
  let at = 0;
  while (at < raw.length) {
    const char = raw.charAt(at);
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    const number = pairs.length + 1;
    const after = pairs.length > 0 ? `, after pair ${pairs.length}` : '';
    if (char === ']') fail(`stray "]" at character ${at + 1}${after}`, at);
    if (char !== '[') fail(`text outside [name|value] pairs at character ${at + 1}${after} ("${excerpt(raw, at)}")`, at);
    const close = raw.indexOf(']', at + 1);
    const open = raw.indexOf('[', at + 1);
    if (close < 0 || (open >= 0 && open < close)) {
      const before = open >= 0 && (close < 0 || open < close) ? ` before the next "[" at character ${open + 1}` : '';
      fail(`pair ${number} ("${excerpt(raw, at)}") has no closing "]"${before}`, at, number);
    }
    const body = raw.slice(at + 1, close);
    const bar = body.indexOf('|');
    if (bar < 0) fail(`pair ${number} ("${excerpt(raw, at)}") has no "|" between name and value`, at, number);
    const name = body.slice(0, bar);
    if (name.trim() === '') fail(`pair ${number} ("${excerpt(raw, at)}") has an empty name`, at, number);
    pairs.push({ name, value: body.slice(bar + 1) });
    at = close + 1;
  }
  return pairs;
}

/**
 * Writes pairs back as `[name|value]…` with nothing between them — to re-emit `ctl_userdata`
 * with its tokens replaced and `[ctl_newRecordId|…]` appended. Values are written as they are:
 * a value holding `]` (say, agent notes) cannot be told apart by a reader; the format has no escape.
 * @example formatUserData([{ name: 'a', value: '1' }, { name: 'b', value: 'x|y' }]); // '[a|1][b|x|y]'
 */
export function formatUserData(pairs: readonly NameValue[]): string {
  return pairs.map((pair) => `[${pair.name}|${pair.value}]`).join('');
}

/** `%` not followed by two hex digits. */
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
/** A run of escapes: a multi-byte UTF-8 character is always inside one run. */
const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * Decodes `%XX` escapes exactly once (`%2520` → `%20`, `%7C` → `|`), for a body that arrives raw.
 * `+` is kept: form decoding (`+` as space) is the form parser's job, and `+` is common in phone numbers.
 * @example decodeOnce('[subject|call%20log%2520x]'); // '[subject|call log%20x]'
 * @throws UserDataError naming the field and the position of a malformed escape or non-UTF-8 bytes
 */
export function decodeOnce(raw: string, field = 'ctl_userdata'): string {
  const bad = BAD_ESCAPE.exec(raw);
  if (bad) {
    throw new UserDataError(`${field}: malformed percent-encoding "${raw.slice(bad.index, bad.index + 3)}" at character ${bad.index + 1}`, bad.index, null, field);
  }
  return raw.replace(ESCAPE_RUN, (run, offset: number) => {
    try {
      return decodeURIComponent(run);
    } catch {
      throw new UserDataError(`${field}: "${excerpt(run, 0)}" at character ${offset + 1} is not UTF-8 percent-encoding`, offset, null, field);
    }
  });
}
