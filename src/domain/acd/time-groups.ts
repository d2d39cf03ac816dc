/**
 * Time groups (schedules): when a tier applies. A group is active during any of its rules'
 * spans, in the tenant's time zone; e.g. weekdays 09:00–17:00.
 */
export interface TimeGroupRule {
  /** Days of the week, 0 = Sunday … 6 = Saturday. */
  readonly days: readonly number[];
  /** Local start, "HH:MM" (inclusive). */
  readonly from: string;
  /** Local end, "HH:MM" (exclusive); "24:00" is midnight at the end of the day. */
  readonly to: string;
}

export interface TimeGroup {
  readonly id: number;
  readonly name: string;
  readonly rules: readonly TimeGroupRule[];
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timezone: string): Intl.DateTimeFormat {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timezone, format);
  }
  return format;
}

/** The local weekday and minute of the day of an instant. */
function localTime(at: number, timezone: string): { day: number; minute: number } {
  const parts = formatFor(timezone).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '0';
  return { day: WEEKDAYS[get('weekday')] ?? 0, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether the group is active at an instant (ms) in the time zone.
 * @example isActive({ id: 1, name: 'Office', rules: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }] }, at, 'America/New_York');
 */
export function isActive(group: TimeGroup, at: number, timezone: string): boolean {
  const { day, minute } = localTime(at, timezone);
  return group.rules.some((rule) => rule.days.includes(day) && minute >= minutes(rule.from) && minute < minutes(rule.to));
}

const MINUTE = 60_000;
const STEP = 15 * MINUTE;
const HORIZON = 8 * 24 * 60 * MINUTE;

/**
 * The next instant (ms, on a minute boundary) after `at` when the group turns on or off, within
 * eight days; null when it never changes. Coarse steps, then minute by minute inside the step
 * where it changes, so DST shifts are handled by the time zone data, not by arithmetic here.
 * @example nextChange(office, mondayAt0859, 'UTC'); // Monday 09:00
 */
export function nextChange(group: TimeGroup, at: number, timezone: string): number | null {
  const now = isActive(group, at, timezone);
  const start = Math.floor(at / MINUTE) * MINUTE + MINUTE;
  for (let probe = start; probe <= at + HORIZON; probe += STEP) {
    if (isActive(group, probe, timezone) === now) continue;
    for (let t = Math.max(start, probe - STEP + MINUTE); t <= probe; t += MINUTE) {
      if (isActive(group, t, timezone) !== now) return t;
    }
  }
  return null;
}
