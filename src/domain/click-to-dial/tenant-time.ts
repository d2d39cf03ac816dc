/**
 * An instant read in the tenant's time zone, for the click-to-dial date and time tokens
 * (`NOTES.md` §5: "use the tenant's time zone"). Any IANA name Intl knows, legacy links such as
 * `US/Eastern` included (§8); daylight-saving time comes from the zone data, not arithmetic here.
 */
import { RuleViolationError } from '../errors.ts';

/**
 * The tenant's time zone is not one Intl knows (tenant settings are checked on save; this guards
 * against older data rather than silently writing UTC times).
 * @example throw new UnknownTimeZoneError('Mars/Olympus');
 */
export class UnknownTimeZoneError extends RuleViolationError {
  constructor(readonly timezone: string) {
    super(`unknown time zone "${timezone}"`, 'timezone');
  }
}

/** Zero-padded local fields; `offset` is `+HH:MM` / `-HH:MM` (`+00:00` for UTC). */
export interface TenantTime {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
  readonly minute: string;
  readonly second: string;
  readonly offset: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();
/** Enough for every tenant of a server; a bound keeps a flood of odd names from growing it. */
const MAX_FORMATS = 500;

function formatFor(timezone: string): Intl.DateTimeFormat {
  const cached = formats.get(timezone);
  if (cached) return cached;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
  } catch {
    throw new UnknownTimeZoneError(timezone);
  }
  if (formats.size < MAX_FORMATS) formats.set(timezone, format);
  return format;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * The local date, time and UTC offset of an instant (ms) in a zone. The offset is the local
 * wall-clock time read as UTC minus the instant, so it is whatever the zone observed then.
 * @example tenantTime(Date.UTC(2026, 6, 4, 16, 5, 9), 'US/Eastern');
 * // { year: '2026', month: '07', day: '04', hour: '12', minute: '05', second: '09', offset: '-04:00' }
 * @throws UnknownTimeZoneError
 */
export function tenantTime(at: number, timezone: string): TenantTime {
  const fields: Record<string, number> = {};
  for (const part of formatFor(timezone).formatToParts(at)) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  const year = fields.year ?? 1970;
  const month = fields.month ?? 1;
  const day = fields.day ?? 1;
  const hour = fields.hour ?? 0;
  const minute = fields.minute ?? 0;
  const second = fields.second ?? 0;
  const wholeSecond = at - (((at % 1000) + 1000) % 1000);
  const offsetMinutes = Math.round((Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecond) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return {
    year: pad(year, 4), month: pad(month), day: pad(day), hour: pad(hour), minute: pad(minute), second: pad(second),
    offset: `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`,
  };
}
