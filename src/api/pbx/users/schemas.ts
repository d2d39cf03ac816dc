import { Type, type Static } from '@sinclair/typebox';
import { DEVICE_OVERRIDE_FIELDS } from '../../../domain/users/user-fields.ts';
import { PERMISSION_GROUPS, PERMISSIONS } from '../../../domain/users/permissions.ts';

/**
 * Wire schemas of `/api/user` (`pbx-callcenter-api.md`, Users). The record is exact (the OpenAPI
 * document is generated from it); write bodies declare every writable field as optional (create
 * requires name, username, password, email), strictly typed for JSON and coerced for form bodies
 * (`body.ts`). Unknown fields are ignored; read-only fields are refused by the route, naming them.
 */

const Int = Type.Integer();
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const Ids = Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 1000 });
const GROUPS = PERMISSION_GROUPS.map((g) => `${g.id} ${g.name}`).join(', ');

/** A device override value (`ecnam`, `rec_inb_ext`, …): the document gives no types, so it is kept as given. */
const OverrideValue = Type.Union([Type.String({ maxLength: 256 }), Type.Integer(), Type.Boolean(), Type.Null()]);
const overrideFields = Object.fromEntries(DEVICE_OVERRIDE_FIELDS.map((f) => [f, OverrideValue])) as Record<(typeof DEVICE_OVERRIDE_FIELDS)[number], typeof OverrideValue>;

/** `[device_id, ring, delay, timeout, name]`: a device assigned to the user. */
export const DeviceRow = Type.Array(Type.Union([Type.Integer(), Type.String()]), {
  minItems: 5, maxItems: 5, description: '[device_id, ring, delay, timeout, name] (ring strategy fields in seconds)',
});
export type DeviceRow = [number, number, number, number, string];

/** `[queue_id, mode, position, level, timegroup_id]`: a queue tier of the user (as `/api/user/{id}/queues`). */
export const QueuePermRow = Type.Array(Type.Union([Type.Integer(), Type.Null()]), {
  minItems: 5, maxItems: 5, description: '[queue_id, mode, position, level, timegroup_id (or null)]',
});

/** The user record as every answer returns it (`password` never appears). */
export const PbxUser = Type.Object({
  id: Type.Integer({ description: 'User id (read only)' }),
  account_id: Type.Integer({ description: 'Read only' }),
  agent_id: Type.String({ description: 'Switchboard: the same user\'s VCC agentId (read only)' }),
  active: Type.Integer({ minimum: 0, maximum: 1, description: '0 or 1; an inactive user can neither log in nor use its API key' }),
  is_agent: Type.Boolean({ description: 'A call-center agent; non-agents are not shown by the VCC agent-status API' }),
  in_reports: Type.Boolean(),
  name: Type.String(),
  username: Type.Union([Type.String(), Type.Null()], { description: 'Null for an agent created without a username (tenant file)' }),
  email: Type.String(),
  timezone: Type.String({ description: 'IANA name, legacy links such as US/Eastern included' }),
  sites: Ids,
  groups: Ids,
  intercept_groups: Ids,
  intercept_other_groups: Ids,
  geo_limit: Type.String({ description: 'Comma-separated 2-letter country codes (stored; not enforced: Switchboard has no geo-IP data)' }),
  follow_me: Int,
  last_login: Type.Integer({ description: 'Epoch seconds; 0 when never (read only)' }),
  ts: Type.Integer({ description: 'Creation, epoch seconds (read only)' }),
  devices: Type.Array(DeviceRow, { description: 'Devices assigned to the user (read only)' }),
  extensions: Type.String({ description: 'Extensions routed to the user, comma-separated (read only)' }),
  dids: Type.String({ description: 'Numbers routed to the user, comma-separated (read only)' }),
  dr_id: Type.Union([Type.Integer(), Type.Null()], { description: 'Dial rule (dial plan) id overriding the account\'s; null: the account\'s' }),
  call_timeout: NullableInt,
  vm_id: NullableInt,
  vm_name: Type.Union([Type.String(), Type.Null()], { description: 'Read only' }),
  pgroup_id: Type.Integer({ description: `Permission group: ${GROUPS}` }),
  pgroup: Type.String({ description: 'Permission group name (read only)' }),
  permissions: Type.Record(Type.String(), Type.Boolean(), { description: `Overrides of the group: ${PERMISSIONS.join(', ')}` }),
  queue_perms: Type.Array(QueuePermRow, { description: 'The user\'s queue tiers (read only here; write them through /api/user/{id}/queues)' }),
  override_device: Type.Boolean(),
  ...overrideFields,
  pause_id: Type.Integer({ description: 'The pause (reason) id when on break or working offline, else 0 (read only)' }),
  online: Type.Integer({ description: '1 when checked in (available, paused or working offline), else 0 (read only)' }),
  queues: Type.Array(Type.Integer(), { description: 'Joined queue ids (read only)' }),
  session_ttl: Type.Union([Type.Integer(), Type.Null()], { description: 'Login session lifetime (seconds); null: 8 hours' }),
  max_snooze: NullableInt,
  wrap_up_time: Type.Union([Type.Integer(), Type.Null()], { description: 'Post-processing length (seconds); null: the queue\'s or account\'s' }),
  no_answer_delay_time: NullableInt,
  reject_delay_time: NullableInt,
  busy_delay_time: NullableInt,
  max_no_answer: Type.Union([Type.Integer(), Type.Null()], { description: 'Missed offers before the agent is paused (a count; 0 never); null: the defaults' }),
  api_ip_ranges: Type.Array(Type.String(), { description: 'Switchboard: CIDR ranges the user\'s key and session may be used from; empty: anywhere' }),
});
export type PbxUser = Static<typeof PbxUser>;

const seconds = (max: number) => Type.Integer({ minimum: 0, maximum: max });
const nullableSeconds = (max: number) => Type.Union([Type.Integer({ minimum: 0, maximum: max }), Type.Null()]);

/** Every writable field, optional. */
const writable = {
  name: Type.String({ minLength: 1, maxLength: 128 }),
  username: Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s:]+$' }),
  password: Type.String({ maxLength: 256, description: 'Write only: 8+ characters with digits, upper- and lower-case letters' }),
  email: Type.String({ maxLength: 254 }),
  active: Type.Integer({ minimum: 0, maximum: 1 }),
  is_agent: Type.Boolean(),
  in_reports: Type.Boolean(),
  timezone: Type.String({ maxLength: 64 }),
  sites: Ids,
  groups: Ids,
  intercept_groups: Ids,
  intercept_other_groups: Ids,
  geo_limit: Type.String({ maxLength: 1000 }),
  follow_me: seconds(3600),
  dr_id: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  call_timeout: nullableSeconds(3600),
  vm_id: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  pgroup_id: Type.Integer({ minimum: 0 }),
  permissions: Type.Record(Type.String(), Type.Boolean()),
  override_device: Type.Boolean(),
  ...overrideFields,
  session_ttl: Type.Union([Type.Integer({ minimum: 60, maximum: 30 * 86_400 }), Type.Null()]),
  max_snooze: Type.Union([Type.Integer({ minimum: 0, maximum: 1000 }), Type.Null()]),
  wrap_up_time: nullableSeconds(86_400),
  no_answer_delay_time: seconds(86_400),
  reject_delay_time: seconds(86_400),
  busy_delay_time: seconds(86_400),
  max_no_answer: Type.Integer({ minimum: 0, maximum: 1000 }),
  api_ip_ranges: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100 }),
};

const Writable = Type.Object(writable);
const REQUIRED_ON_CREATE = ['name', 'username', 'password', 'email'] as const;

export const UserUpdateBody = Type.Partial(Writable);
export type UserUpdateBody = Static<typeof UserUpdateBody>;

/** Create: name, username, password and email required, the rest optional. */
export const UserCreateBody = Type.Composite([Type.Pick(Writable, REQUIRED_ON_CREATE), Type.Partial(Type.Omit(Writable, REQUIRED_ON_CREATE))]);
export type UserCreateBody = Static<typeof UserCreateBody>;

export const UserParams = Type.Object({ id: Type.String({ maxLength: 64, description: 'User id' }) });

export const UserListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 256, description: 'Case-insensitive part of the name, username or e-mail' })),
  is_agent: Type.Optional(Type.Integer({ minimum: 0, maximum: 1, description: '1: agents only; 0 (or absent): every user' })),
});

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 128 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});
