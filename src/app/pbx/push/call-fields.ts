import type { NameValue } from '../../../domain/calls/interaction.ts';

/**
 * The fields of the PBX call events (`pbx-callcenter-api.md`, Call events), built from set-once
 * facts of a call and the event's time, so mapping the same event again gives the same body.
 */

/** `type` of a call event (`fax` and `conf` do not occur in Switchboard). */
export type PbxCallType = 'inbound' | 'outbound' | 'internal' | 'queue';

/** One side of a call: a PBX user and their device, when the side is a user. */
export interface CallParty {
  readonly userId: number | null;
  readonly deviceId: number | null;
}

/** What the call is: the same for every leg and every event of one call. */
export interface CallFacts {
  readonly type: PbxCallType;
  /** The first leg's id: the agent's leg for a placed call, the caller's leg for an inbound queue call. */
  readonly callId: string;
  readonly dstNum: string | null;
  readonly src: CallParty;
  readonly dst: CallParty;
  readonly cidNum: string | null;
  /** The outside party's number, for `a2`. */
  readonly external: string | null;
  readonly queueId: number | null;
  /** `extTransactionData` (`lead_id`, `lead_name`, `tags`, `campaign_id`, `cnam`). */
  readonly data: readonly NameValue[];
}

/** When the leg was dialled, rang, was answered and ended (contact-center ms); null when it has not. */
export interface LegTimes {
  readonly start: number;
  readonly ringingAt: number | null;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
}

/** What only `call:end` carries. */
export interface CallEnding {
  readonly hangupCause: string;
  /** The caller's leave cause of an unanswered queue call, else null. */
  readonly canceled: string | null;
}

/** A side that is no user (an outside number, the queue). */
export const NO_PARTY: CallParty = { userId: null, deviceId: null };

/** How a leg's end (`LegEndCause`) reads in FreeSWITCH's hang-up cause names. */
const HANGUP_CAUSES: Readonly<Record<string, string>> = {
  hangup: 'NORMAL_CLEARING',
  cleared: 'NORMAL_CLEARING',
  cancelled: 'ORIGINATOR_CANCEL',
  no_answer: 'NO_ANSWER',
  rejected: 'CALL_REJECTED',
  busy: 'USER_BUSY',
  failed: 'NORMAL_TEMPORARY_FAILURE',
};

/**
 * The FreeSWITCH hang-up cause of a leg end cause.
 * @example hangupCause('busy') // 'USER_BUSY'
 */
export function hangupCause(legEndCause: string): string {
  return HANGUP_CAUSES[legEndCause] ?? 'NORMAL_CLEARING';
}

/** ITU-T E.164 country calling codes → ISO 3166-1 alpha-2 (a short table; `+1` is read as US). */
const COUNTRY_CODES: Readonly<Record<string, string>> = {
  1: 'US', 7: 'RU', 20: 'EG', 27: 'ZA', 30: 'GR', 31: 'NL', 32: 'BE', 33: 'FR', 34: 'ES', 36: 'HU', 39: 'IT', 40: 'RO',
  41: 'CH', 43: 'AT', 44: 'GB', 45: 'DK', 46: 'SE', 47: 'NO', 48: 'PL', 49: 'DE', 51: 'PE', 52: 'MX', 54: 'AR', 55: 'BR',
  56: 'CL', 57: 'CO', 60: 'MY', 61: 'AU', 62: 'ID', 63: 'PH', 64: 'NZ', 65: 'SG', 66: 'TH', 81: 'JP', 82: 'KR', 84: 'VN',
  86: 'CN', 90: 'TR', 91: 'IN', 92: 'PK', 234: 'NG', 254: 'KE', 351: 'PT', 352: 'LU', 353: 'IE', 354: 'IS', 358: 'FI',
  359: 'BG', 370: 'LT', 371: 'LV', 372: 'EE', 380: 'UA', 420: 'CZ', 421: 'SK', 852: 'HK', 886: 'TW', 966: 'SA', 971: 'AE',
  972: 'IL',
};

/**
 * The country (ISO 3166-1 alpha-2) of an international number: `+` and digits, or 10+ digits
 * not starting with 0 (`972501234567`); null when not international or the code is not in the table.
 * @example countryOf('+16175551984') // 'US'
 * @example countryOf('972501234567') // 'IL'
 */
export function countryOf(number: string | null): string | null {
  if (number === null) return null;
  const digits = /^\+(\d{6,15})$/.exec(number)?.[1] ?? (/^[1-9]\d{9,14}$/.test(number) ? number : null);
  if (digits === null) return null;
  for (const length of [3, 2, 1]) {
    const country = COUNTRY_CODES[digits.slice(0, length)];
    if (country !== undefined) return country;
  }
  return null;
}

function value(data: readonly NameValue[], name: string): string | null {
  return data.find((d) => d.name === name)?.value ?? null;
}

/** A numeric id given as text is sent as a number; anything else as given. */
function idValue(data: readonly NameValue[], name: string): number | string | null {
  const v = value(data, name);
  return v !== null && /^\d{1,15}$/.test(v) ? Number(v) : v;
}

/**
 * The documented fields of a call event for one leg at time `at`: times after `at` are not
 * counted yet (a ring event mapped after the answer still reads as ringing).
 * @example callData('leg-1', facts, { start: 0, ringingAt: 500, answeredAt: 2000, endedAt: 9000 }, 9000, 0, { hangupCause: 'NORMAL_CLEARING', canceled: null })
 */
export function callData(id: string, facts: CallFacts, times: LegTimes, at: number, ccWaitMs: number, ending: CallEnding | null): Record<string, unknown> {
  const seen = (t: number | null): number | null => (t !== null && t <= at ? t : null);
  const ringing = seen(times.ringingAt);
  const answered = seen(times.answeredAt);
  const stop = seen(times.endedAt) ?? at;
  const { data } = facts;
  return {
    id, call_id: facts.callId, ts: Math.floor(at / 1000), site_id: null, type: facts.type,
    dst_num: facts.dstNum, src_device_id: facts.src.deviceId, dst_device_id: facts.dst.deviceId,
    src_user_id: facts.src.userId, dst_user_id: facts.dst.userId,
    cid_num: facts.cidNum, cid_name: value(data, 'cnam'), a2: countryOf(facts.external),
    tags: value(data, 'tags'), queue_id: facts.queueId, lead_id: idValue(data, 'lead_id'), lead_name: value(data, 'lead_name'),
    campaign_id: idValue(data, 'campaign_id'), dialer_id: null, conference_id: null, call_script: null,
    waitms: Math.max(0, (answered ?? stop) - times.start),
    durationms: Math.max(0, stop - times.start),
    progressms: ringing === null ? 0 : Math.max(0, ringing - times.start),
    billms: answered === null ? 0 : Math.max(0, stop - answered),
    cc_wait: Math.max(0, Math.round(ccWaitMs / 1000)),
    hangup_cause: ending?.hangupCause ?? null,
    canceled: ending?.canceled ?? null,
  };
}
