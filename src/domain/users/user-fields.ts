import { RuleViolationError } from '../errors.ts';
import { checkPassword } from './password-policy.ts';
import { PERMISSIONS, permissionGroup, type Permission, type PermissionOverrides } from './permissions.ts';
import { isTimeZone, type UserProfile } from './user-profile.ts';

/**
 * The rules of a PBX user record's fields (`pbx-callcenter-api.md`, User Parameters) that do not
 * depend on stored state: which fields are read only, what each writable one accepts, and how a
 * write changes the stored profile. Uniqueness of usernames, dial plans and CIDR ranges are the
 * service's to check (they need the store or `node:net`).
 */

/** Fields a client may read but never write; a body carrying one is refused naming it. */
export const READ_ONLY_FIELDS = [
  'id', 'account_id', 'last_login', 'ts', 'devices', 'extensions', 'dids', 'vm_name', 'pgroup', 'pause_id', 'online', 'queues',
  'queue_perms', 'agent_id',
] as const;

/** The "Device settings override" fields (`override_device` switches them on), kept as given. */
export const DEVICE_OVERRIDE_FIELDS = [
  'ecnam', 'ecnum', 'ocnam', 'ocnum', 'user_record', 'cnum_by_country', 'blf_ext', 'rec_inb_ext', 'rec_out_ext', 'rec_inb_int', 'rec_out_int',
] as const;
export type DeviceOverrideField = (typeof DEVICE_OVERRIDE_FIELDS)[number];
export type DeviceOverrideValue = string | number | boolean | null;

/** What a create or update may carry (already type-checked by the route); absent fields stay as they are. */
export interface UserChanges {
  readonly name?: string;
  readonly username?: string;
  readonly password?: string;
  readonly email?: string;
  readonly active?: number;
  readonly is_agent?: boolean;
  readonly in_reports?: boolean;
  readonly timezone?: string;
  readonly sites?: readonly number[];
  readonly groups?: readonly number[];
  readonly intercept_groups?: readonly number[];
  readonly intercept_other_groups?: readonly number[];
  readonly geo_limit?: string;
  readonly follow_me?: number;
  readonly dr_id?: number | null;
  readonly call_timeout?: number | null;
  readonly vm_id?: number | null;
  readonly pgroup_id?: number;
  readonly permissions?: Readonly<Record<string, boolean>>;
  readonly override_device?: boolean;
  readonly session_ttl?: number | null;
  readonly max_snooze?: number | null;
  readonly wrap_up_time?: number | null;
  readonly no_answer_delay_time?: number;
  readonly reject_delay_time?: number;
  readonly busy_delay_time?: number;
  readonly max_no_answer?: number;
  readonly api_ip_ranges?: readonly string[];
  readonly [override: string]: unknown;
}

/**
 * The first read-only field present in a body, or null.
 * @example readOnlyField({ name: 'Ann', id: 7 }); // 'id'
 */
export function readOnlyField(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  return READ_ONLY_FIELDS.find((field) => Object.hasOwn(body, field)) ?? null;
}

/** @throws RuleViolationError `<field> is read only` when the body writes a read-only field. */
export function checkNoReadOnly(body: unknown): void {
  const field = readOnlyField(body);
  if (field !== null) throw new RuleViolationError(`${field} is read only`, field);
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * Whether an address is plausible: one `@`, no spaces, a dotted domain (deliverability is not ours to judge).
 * @example isPlausibleEmail('usersmail@mail.com'); // true
 */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}

/**
 * `geo_limit` normalised: comma-separated ISO 3166-1 alpha-2 codes, upper-case, no spaces; '' = no limit.
 * @example normaliseGeoLimit(' il, us'); // 'IL,US'
 * @throws RuleViolationError naming `geo_limit` for anything else.
 */
export function normaliseGeoLimit(value: string): string {
  if (value.trim() === '') return '';
  const codes = value.split(',').map((c) => c.trim().toUpperCase());
  const bad = codes.find((c) => !/^[A-Z]{2}$/.test(c));
  if (bad !== undefined) throw new RuleViolationError(`geo_limit: '${bad}' is not a 2-letter country code (example: 'IL,US')`, 'geo_limit');
  return [...new Set(codes)].join(',');
}

/** @throws RuleViolationError naming the first `permissions` key that is not a permission. */
export function checkPermissionOverrides(overrides: Readonly<Record<string, unknown>>): PermissionOverrides {
  for (const [name, value] of Object.entries(overrides)) {
    if (!PERMISSIONS.includes(name as Permission)) throw new RuleViolationError(`permissions.${name} is not a permission (${PERMISSIONS.join(', ')})`, `permissions.${name}`);
    if (typeof value !== 'boolean') throw new RuleViolationError(`permissions.${name} must be true or false`, `permissions.${name}`);
  }
  return overrides as PermissionOverrides;
}

/**
 * Checks the fields whose rules need no stored state; each refusal names its field.
 * @example checkUserChanges({ password: 'abc' }); // throws 'password must be at least 8 characters long …'
 */
export function checkUserChanges(changes: UserChanges): void {
  if (changes.name !== undefined && changes.name.trim() === '') throw new RuleViolationError('name must not be empty', 'name');
  if (changes.password !== undefined) checkPassword(changes.password);
  if (changes.email !== undefined && !isPlausibleEmail(changes.email)) throw new RuleViolationError(`email: '${changes.email}' is not an e-mail address`, 'email');
  if (changes.timezone !== undefined && !isTimeZone(changes.timezone)) throw new RuleViolationError(`timezone: '${changes.timezone}' is not a known IANA time zone (example: 'Asia/Jerusalem')`, 'timezone');
  if (changes.geo_limit !== undefined) normaliseGeoLimit(changes.geo_limit);
  if (changes.pgroup_id !== undefined && !permissionGroup(changes.pgroup_id)) throw new RuleViolationError(`pgroup_id: permission group ${changes.pgroup_id} does not exist`, 'pgroup_id');
  if (changes.permissions !== undefined) checkPermissionOverrides(changes.permissions);
}

/** The device override fields a body carries. */
function deviceOverrides(changes: UserChanges): Record<string, DeviceOverrideValue> {
  const out: Record<string, DeviceOverrideValue> = {};
  for (const field of DEVICE_OVERRIDE_FIELDS) if (Object.hasOwn(changes, field)) out[field] = changes[field] as DeviceOverrideValue;
  return out;
}

/**
 * The profile after a write: only the fields given change (`permissions` and the list fields are
 * replaced whole). Call `checkUserChanges` first.
 * @example applyProfileChanges(defaultProfile(0), { is_agent: true }).is_agent; // true
 */
export function applyProfileChanges(profile: UserProfile, changes: UserChanges): UserProfile {
  const pick = <K extends keyof UserProfile & keyof UserChanges>(key: K): Partial<UserProfile> =>
    changes[key] === undefined ? {} : ({ [key]: changes[key] } as Partial<UserProfile>);
  return {
    ...profile,
    ...(changes.active !== undefined && { active: changes.active === 0 ? 0 : 1 }),
    ...pick('is_agent'), ...pick('in_reports'), ...pick('email'), ...pick('timezone'),
    ...pick('sites'), ...pick('groups'), ...pick('intercept_groups'), ...pick('intercept_other_groups'),
    ...(changes.geo_limit !== undefined && { geo_limit: normaliseGeoLimit(changes.geo_limit) }),
    ...pick('follow_me'), ...pick('dr_id'), ...pick('call_timeout'), ...pick('vm_id'), ...pick('pgroup_id'),
    ...(changes.permissions !== undefined && { permissions: checkPermissionOverrides(changes.permissions) }),
    ...pick('override_device'), ...pick('session_ttl'), ...pick('max_snooze'), ...pick('api_ip_ranges'),
    device_override: { ...profile.device_override, ...deviceOverrides(changes) },
  };
}

/**
 * Whether a user matches the list filter: `q` a case-insensitive substring of name, username or
 * e-mail; `agentsOnly` (`is_agent=1`) keeps agents only.
 * @example matchesUserQuery({ name: 'John Smith', username: 'Jonh123', email: '', isAgent: true }, 'smith', false); // true
 */
export function matchesUserQuery(user: { name: string; username: string | null; email: string; isAgent: boolean }, q: string | undefined, agentsOnly: boolean): boolean {
  if (agentsOnly && !user.isAgent) return false;
  if (q === undefined || q === '') return true;
  const needle = q.toLowerCase();
  return [user.name, user.username ?? '', user.email].some((s) => s.toLowerCase().includes(needle));
}
