/**
 * `from_datetime` / `to_datetime` of `GET /calls/filter` (`ccs-api-overview.txt` 4.21): a local
 * date-time (`2021-10-07T07:22:21`) read in the zone `time_z` (any IANA name, `NOTES.md` §8).
 */

const LOCAL = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,3}))?)?)?$/;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's formatter, or null for a name Intl does not know. */
function formatFor(zone: string): Intl.DateTimeFormat | null {
  const known = formats.get(zone);
  if (known) return known;
  try {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    if (formats.size < 500) formats.set(zone, format);
    return format;
  } catch {
    return null;
  }
}

/**
 * Whether `zone` is a time zone name Intl knows (IANA names and legacy links such as `US/Eastern`).
 * @example isTimeZone('Europe/Paris'); // true
 */
export function isTimeZone(zone: string): boolean {
  return zone.length > 0 && zone.length <= 64 && formatFor(zone) !== null;
}

/** The zone's offset from UTC at `at` (ms; positive east of Greenwich). */
function offsetAt(format: Intl.DateTimeFormat, at: number): number {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(at))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The UTC instant (ms) of a local date-time in `zone`; null when the text is not a valid date-time
 * (or the zone is unknown). A time skipped by a daylight-saving change maps to the instant after it.
 * @example localToUtc('2021-10-07T07:22:21', 'UTC'); // 1633591341000
 */
export function localToUtc(text: string, zone: string): number | null {
  const match = LOCAL.exec(text.trim());
  const format = formatFor(zone);
  if (!match || !format) return null;
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map((v) => Number(v ?? 0));
  const millis = Number((match[7] ?? '0').padEnd(3, '0'));
  const naive = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0, millis);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() + 1 !== mo || check.getUTCDate() !== d || (h ?? 0) > 23 || (mi ?? 0) > 59 || (s ?? 0) > 59) return null;
  const first = naive - offsetAt(format, naive);
  return naive - offsetAt(format, first);
}
