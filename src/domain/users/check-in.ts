import type { RandomSource } from '../ports.ts';

/**
 * PBX check-in (`pbx-callcenter-api.md`, CheckIn; `NOTES.md` §8): `checkIn` without a device
 * returns a code the agent dials from one of their devices to finish checking in. A pending
 * code is the `checkin_code` record of the agent (key: agent id, so the event log never shows a
 * code); the device an agent is checked in with is its `checked_in` record (key: agent id).
 */

export const CHECKIN_CODE_RECORD = 'checkin_code';
export const CHECKED_IN_RECORD = 'checked_in';

/** How long a check-in code can be dialled (contact-center time). */
export const CHECKIN_CODE_TTL_MS = 5 * 60_000;

/** A pending check-in code. */
export interface CheckInCode {
  /** `***` and four digits. */
  readonly code: string;
  readonly agentId: string;
  /** Contact-center time (ms) after which dialling it does nothing. */
  readonly expiresAt: number;
  /** `forceCheckOut=1` was sent: a user checked in on the dialling device is checked out. */
  readonly forceCheckOut: boolean;
}

/** The device an agent is checked in with. */
export interface CheckedIn {
  readonly deviceId: number;
}

/**
 * A code not among `taken`: `***` and four random digits; null when all 10 000 are taken.
 * Tries random codes first, then walks on from a random start, so it always ends.
 * @example newCheckInCode(seededRandom(1), new Set()); // '***6270'
 */
export function newCheckInCode(random: RandomSource, taken: ReadonlySet<string>): string | null {
  const format = (n: number): string => `***${String(n).padStart(4, '0')}`;
  for (let i = 0; i < 16; i++) {
    const code = format(Math.floor(random.next() * 10_000));
    if (!taken.has(code)) return code;
  }
  const start = Math.floor(random.next() * 10_000);
  for (let i = 0; i < 10_000; i++) {
    const code = format((start + i) % 10_000);
    if (!taken.has(code)) return code;
  }
  return null;
}

/**
 * Whether a string is a check-in code's form (`***` and four digits).
 * @example isCheckInCode('***9477'); // true
 */
export function isCheckInCode(text: string): boolean {
  return /^\*\*\*[0-9]{4}$/.test(text);
}
