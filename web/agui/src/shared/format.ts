/**
 * Words and numbers the pages show: durations, status labels and colours, call stages. Kept apart
 * from the components so both pages say the same thing the same way.
 */

/**
 * A duration as `mm:ss`, or `h:mm:ss` from one hour (negative counts as zero).
 * @example formatDuration(65_000); // '01:05'
 * @example formatDuration(3_725_000); // '1:02:05'
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mmss = `${pad(minutes)}:${pad(seconds)}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** The same duration for `<time datetime>`, e.g. `PT65S`. */
export function isoDuration(ms: number): string {
  return `PT${Math.max(0, Math.floor(ms / 1000))}S`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The colour family of a status badge; the text label always goes with it. */
export type StatusTone = 'available' | 'ringing' | 'call' | 'wrapup' | 'break' | 'offline' | 'loggedout';

interface StatusWords {
  readonly text: string;
  readonly tone: StatusTone;
}

// VCC status codes 0–11 (src/domain/agent-status.ts): the call statuses win over the presence.
const STATUS_WORDS: Readonly<Record<number, StatusWords>> = {
  0: { text: 'Logged out', tone: 'loggedout' },
  1: { text: 'Logged out', tone: 'loggedout' },
  2: { text: 'Logged in', tone: 'offline' },
  3: { text: 'On break', tone: 'break' },
  4: { text: 'Available', tone: 'available' },
  5: { text: 'Working offline', tone: 'offline' },
  6: { text: 'Ringing', tone: 'ringing' },
  7: { text: 'On a call', tone: 'call' },
  8: { text: 'Post-processing', tone: 'wrapup' },
  9: { text: 'On a call — both lines', tone: 'call' },
  10: { text: 'On a call — direct', tone: 'call' },
  11: { text: 'On email', tone: 'call' },
};

/**
 * The badge of a VCC status code, with its reason when there is one.
 * @example statusWords(3, 'Lunch break'); // { text: 'On break — Lunch break', tone: 'break' }
 */
export function statusWords(code: number, reason: string | null): StatusWords {
  const words = STATUS_WORDS[code] ?? { text: `Status ${code}`, tone: 'offline' };
  return reason === null || reason === '' ? words : { text: `${words.text} — ${reason}`, tone: words.tone };
}

const PRESENCE_ACTIONS: Readonly<Record<string, string>> = {
  available: 'Available',
  on_break: 'Break',
  working_offline: 'Work offline',
  logged_out: 'Log out',
};

/**
 * A pending presence change in words.
 * @example pendingWords('on_break', 'Lunch'); // 'Break (Lunch) after this call'
 */
export function pendingWords(presence: string, reason: string | null): string {
  const action = PRESENCE_ACTIONS[presence] ?? presence;
  return `${action}${reason === null ? '' : ` (${reason})`} after this call`;
}

const STAGE_WORDS: Readonly<Record<string, string>> = {
  agent_dialling: 'Dialling',
  agent_ringing: 'Ringing',
  customer_dialling: 'Dialling the customer',
  customer_ringing: 'Ringing the customer',
  talking: 'Connected',
};

/** A call stage in words, e.g. `talking` → "Connected". */
export function stageWords(stage: string): string {
  return STAGE_WORDS[stage] ?? stage.replaceAll('_', ' ');
}

/**
 * A service level in words, "—" before the first caller of the day.
 * @example serviceLevelWords(0.853, 20); // '85 % within 20 s'
 */
export function serviceLevelWords(level: number | null, thresholdSeconds: number): string {
  if (level === null) return '—';
  return `${Math.round(level * 100)} % within ${thresholdSeconds} s`;
}
