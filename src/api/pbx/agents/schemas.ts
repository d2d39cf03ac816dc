import { Type, type Static } from '@sinclair/typebox';

/**
 * Wire schemas of `/api/cc_agent/*` (`pbx-callcenter-api.md`, Agents; originate). Ids are taken
 * as text: an id of another form is simply not found (404, `NOTES.md` §2).
 */

const Id = (description: string) => Type.Optional(Type.String({ maxLength: 64, description }));
const Flag = (description: string) => Type.Optional(Type.String({ maxLength: 8, description }));
const USER_ID = 'Id of the agent/user; if not provided, the session user (the api_key\'s user). Another user needs the Agents permission';
const ApiKey = { api_key: Type.Optional(Type.String()) };

export const CheckInQuery = Type.Object({
  user_id: Id(USER_ID),
  forceCheckOut: Flag('1: check the user out of its current device at once, and let the code take over a device another user is checked in on'),
  ...ApiKey,
});
export type CheckInQuery = Static<typeof CheckInQuery>;

export const UserQuery = Type.Object({ user_id: Id(USER_ID), ...ApiKey });
export type UserQuery = Static<typeof UserQuery>;

export const CheckInDeviceQuery = Type.Object({
  user_id: Type.String({ maxLength: 64, description: USER_ID }),
  device_id: Type.String({ maxLength: 64, description: 'Id of the device: the user\'s own or an unassigned one' }),
  forceCheckOut: Flag('1: check out another user checked in on the device (else 409)'),
  ...ApiKey,
});
export type CheckInDeviceQuery = Static<typeof CheckInDeviceQuery>;

export const SetPauseQuery = Type.Object({
  id: Type.String({ maxLength: 64, description: 'Id of the pause (a break or offline reason item of the user\'s group), or 0 for available' }),
  user_id: Id(USER_ID),
  ...ApiKey,
});
export type SetPauseQuery = Static<typeof SetPauseQuery>;

const IdList = (description?: string) => Type.Union(
  [Type.String({ maxLength: 10_000 }), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 })],
  description === undefined ? {} : { description },
);
export const SetQueuesQuery = Type.Object({
  queue_ids: Type.Optional(IdList('Queue ids: repeated (`queue_ids=1&queue_ids=2`), `queue_ids[]=1&queue_ids[]=2`, a comma-separated list or a JSON array; empty: leave every queue')),
  'queue_ids[]': Type.Optional(IdList()),
  user_id: Id(USER_ID),
  ...ApiKey,
});
export type SetQueuesQuery = Static<typeof SetQueuesQuery>;

export const WrapUpQuery = Type.Object({
  user_id: Id(USER_ID),
  seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400, description: 'Wrap-up ends this many seconds from now (0: now); omitted: the user\'s default wrap-up time is added to the time left' })),
  ...ApiKey,
});
export type WrapUpQuery = Static<typeof WrapUpQuery>;

const Text = (description: string) => Type.Optional(Type.String({ maxLength: 128, description }));
export const OriginateQuery = Type.Object({
  destination: Type.String({ minLength: 1, maxLength: 32, description: 'Destination phone number (international, or per the tenant\'s dial plan)' }),
  device_id: Id('Id of the device: rings the user it is assigned to (takes precedence over user_id and extension)'),
  user_id: Id('Id of the agent/user (takes precedence over extension). Without device_id, user_id and extension: the session user'),
  extension: Text('Extension (must be routed to a device or user); no extensions exist yet, so any value is not found'),
  cid: Text('Caller id number presented to the destination (only one of the account\'s numbers is presented; else the user\'s configured caller id)'),
  cnam: Text('Caller id name (kept with the call)'),
  display_cid: Text('Caller id number shown to the agent (kept with the call)'),
  display_cnam: Text('Caller id name shown to the agent (kept with the call)'),
  lead_id: Text('Lead id (kept with the call; reported by its events)'),
  sip_auto_answer: Flag('1: the agent\'s device answers at once'),
  ...ApiKey,
});
export type OriginateQuery = Static<typeof OriginateQuery>;

/** `data` of checkIn: the number to dial. */
export const CheckInCode = Type.String({ pattern: '^\\*\\*\\*[0-9]{4}$', description: 'The number the agent dials from one of their devices within 5 minutes to finish checking in' });

/** The originate answer: `uuid` at the top level (`NOTES.md` §7). */
export const Originated = Type.Object({
  success: Type.Literal(true),
  uuid: Type.String({ description: 'The id of the call\'s first (agent) leg: PBX call events name it `call_id`' }),
});
