import type { PermissionOverrides } from './permissions.ts';

/**
 * What a PBX user record holds beyond the agent (`pbx-callcenter-api.md`, Users). The agent row
 * keeps the name, username, password and group; call settings keep the wrap-up time and routing
 * overrides; queue tiers keep `queue_perms`. This profile is the rest, stored as the `user` record
 * of the agent (key: agent id). Field names are the document's, so the wire mapping stays trivial.
 */
export interface UserProfile {
  readonly active: 0 | 1;
  /** Make the user a call-center agent: only agents check in, pause, join queues and take calls. */
  readonly is_agent: boolean;
  readonly in_reports: boolean;
  readonly email: string;
  /** IANA name (legacy links accepted, `NOTES.md` §8). */
  readonly timezone: string;
  readonly sites: readonly number[];
  readonly groups: readonly number[];
  readonly intercept_groups: readonly number[];
  readonly intercept_other_groups: readonly number[];
  /** Comma-separated ISO 3166-1 alpha-2 codes; empty: no limit. */
  readonly geo_limit: string;
  readonly follow_me: number;
  readonly dr_id: number | null;
  readonly call_timeout: number | null;
  readonly vm_id: number | null;
  readonly pgroup_id: number;
  readonly permissions: PermissionOverrides;
  readonly override_device: boolean;
  /** The device settings override fields (ecnam, ecnum, …), kept as given. */
  readonly device_override: Readonly<Record<string, string | number | boolean | null>>;
  readonly session_ttl: number | null;
  readonly max_snooze: number | null;
  /** Addresses (CIDR) the user's API key and session may be used from; empty: anywhere. */
  readonly api_ip_ranges: readonly string[];
  /** Creation time, epoch seconds (`ts`). */
  readonly ts: number;
  /** Last login, epoch seconds; 0 when never. */
  readonly last_login: number;
}

/** The record kind of profiles. */
export const USER_RECORD = 'user';

/**
 * A profile with the document's defaults (active, not an agent, UTC).
 * @example defaultProfile(1764000000); // { active: 1, is_agent: false, timezone: 'UTC', … }
 */
export function defaultProfile(ts: number): UserProfile {
  return {
    active: 1, is_agent: false, in_reports: false, email: '', timezone: 'UTC', sites: [], groups: [], intercept_groups: [],
    intercept_other_groups: [], geo_limit: '', follow_me: 0, dr_id: null, call_timeout: null, vm_id: null, pgroup_id: 0,
    permissions: {}, override_device: false, device_override: {}, session_ttl: null, max_snooze: null, api_ip_ranges: [], ts, last_login: 0,
  };
}

/**
 * Whether an IANA time zone name is known (every name the runtime knows, links such as `US/Eastern` included).
 * @example isTimeZone('Asia/Jerusalem'); // true
 */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
