import { Type, type Static } from '@sinclair/typebox';
import { QUEUE_TYPES } from '../../../domain/calls/queue.ts';
import { STRATEGIES, TimeBaseScore } from '../../../domain/acd/routing.ts';

/**
 * Wire schemas of `/api/cc_queue` and `/api/user/{id}/queues` (`pbx-callcenter-api.md`, Queues).
 * Reads are exact (the OpenAPI document is generated from them); writes take every field as
 * optional and loosely typed where the document allows two forms (labels, ids), and
 * `queue-admin.ts` checks values so each refusal names its field.
 */

const Int = Type.Integer();
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

/**
 * A row of "Manage queue agents": `[user_id, mode, position, level, user name, timegroup_id, joined]`;
 * `joined` says whether the agent has currently joined the queue (`setQueues`), not only holds a tier.
 */
export const TierRow = Type.Array(Type.Union([Type.Integer(), Type.String(), Type.Null(), Type.Boolean()]), {
  minItems: 7, maxItems: 7,
  description: '[user_id, mode, position, level, user name, timegroup_id (or null), joined: the agent has currently joined the queue]',
});
export type TierRow = [number, number, number, number, string, number | null, boolean];

/** A row of `/api/user/{id}/queues`: `[queue_id, mode, position, level, timegroup_id]`. */
export const UserQueueRow = Type.Array(Type.Union([Type.Integer(), Type.Null()]), {
  minItems: 5, maxItems: 5, description: '[queue_id, mode, position, level, timegroup_id (or null)]',
});
export type UserQueueRow = [number, number, number, number, number | null];

/** The queue record as reads return it. Fields the queue has no value for are null (media, colours) or the defaults. */
export const PbxQueue = Type.Object({
  id: Int,
  account_id: Int,
  site_id: Type.Null(),
  name: Type.String(),
  tv_name: NullableString,
  type: Type.Union(QUEUE_TYPES.map((t) => Type.Literal(t)), { description: 'Switchboard: inbound (routes callers), outbound or routing_point; read only' }),
  strategy: Type.Union(STRATEGIES.map((s) => Type.Literal(s))),
  record: Int,
  time_base_score: Type.Union([Type.Literal(TimeBaseScore.System), Type.Literal(TimeBaseScore.Queue)]),
  max_wait_time: Int,
  max_wait_time_with_no_agent: Int,
  max_wait_time_with_no_agent_time_reached: Int,
  tier_rules_apply: Type.Boolean(),
  tier_rule_wait_second: Int,
  tier_rule_no_agent_no_wait: Type.Boolean(),
  discard_abandoned_after: Int,
  abandoned_resume_allowed: Type.Boolean(),
  tier_rule_wait_multiply_level: Type.Boolean(),
  announce_id: NullableInt,
  announce_frequency: NullableInt,
  moh_id: NullableInt,
  sla_strategy: NullableInt,
  sla_answer_time: NullableInt,
  auto_answer: Type.Boolean(),
  pre_bridge_announce: NullableInt,
  join_announce: NullableInt,
  exits: Type.Unknown({ description: 'Exit destinations (JSON as given; null when none)' }),
  ring_timeout: Int,
  background_color: NullableString,
  font_color: NullableString,
  labels: Type.Array(Int),
  avg_wait_range: NullableInt,
  audio_playback: Type.Unknown({ description: 'JSON as given; null when none' }),
  music_advanced: Type.Boolean(),
  user_ids: Type.Array(Int, { description: 'Tier user ids (read only)' }),
  extensions: Type.String({ description: 'Extensions routed to the queue, comma-separated (read only)' }),
  users: Type.Array(TierRow),
});
export type PbxQueue = Static<typeof PbxQueue>;

const Ids = Type.Union([Type.Array(Type.Integer()), Type.String({ maxLength: 20_000 }), Type.Integer()], {
  description: 'Array or comma-separated list of ids',
});

/** Rows as written: `[[id, mode, position, level, timegroup_id], ...]` (values checked by the service). */
export const WriteRows = Type.Array(Type.Array(Type.Unknown(), { maxItems: 7 }), { maxItems: 20_000 });

/** `POST`/`PUT /cc_queue`: every field optional here; the service enforces the required ones and refuses read-only ones. */
export const QueueWrite = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  tv_name: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  strategy: Type.Optional(Type.String({ maxLength: 64 })),
  time_base_score: Type.Optional(Type.String({ maxLength: 64 })),
  record: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
  max_wait_time: Type.Optional(Type.Integer({ minimum: 0, maximum: 604_800 })),
  max_wait_time_with_no_agent: Type.Optional(Type.Integer({ minimum: 0, maximum: 604_800 })),
  max_wait_time_with_no_agent_time_reached: Type.Optional(Type.Integer({ minimum: 0, maximum: 604_800 })),
  tier_rules_apply: Type.Optional(Type.Boolean()),
  tier_rule_wait_second: Type.Optional(Type.Integer({ minimum: 0, maximum: 604_800 })),
  tier_rule_no_agent_no_wait: Type.Optional(Type.Boolean()),
  discard_abandoned_after: Type.Optional(Type.Integer({ minimum: 0, maximum: 604_800 })),
  abandoned_resume_allowed: Type.Optional(Type.Boolean()),
  tier_rule_wait_multiply_level: Type.Optional(Type.Boolean()),
  announce_id: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 2_147_483_647 }), Type.Null()])),
  announce_frequency: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 86_400 }), Type.Null()])),
  moh_id: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 2_147_483_647 }), Type.Null()])),
  sla_strategy: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 9 }), Type.Null()])),
  sla_answer_time: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 86_400 }), Type.Null()])),
  auto_answer: Type.Optional(Type.Boolean()),
  pre_bridge_announce: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 2_147_483_647 }), Type.Null()])),
  join_announce: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 2_147_483_647 }), Type.Null()])),
  exits: Type.Optional(Type.Unknown()),
  ring_timeout: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
  background_color: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
  font_color: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
  labels: Type.Optional(Type.Union([Ids, Type.Null()])),
  avg_wait_range: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 604_800 }), Type.Null()])),
  audio_playback: Type.Optional(Type.Unknown()),
  music_advanced: Type.Optional(Type.Boolean()),
  users: Type.Optional(WriteRows),
  api_key: Type.Optional(Type.String()),
});
export type QueueWrite = Static<typeof QueueWrite>;

/** Body of the row routes' POST/PUT. */
export const RowsBody = Type.Object({ users: Type.Optional(WriteRows), queues: Type.Optional(WriteRows), api_key: Type.Optional(Type.String()) });
export type RowsBody = Static<typeof RowsBody>;

/** `ids` of the row routes' DELETE in the query string (`ids=3,4`, `ids=3&ids=4`); the body may carry it instead. */
export const IdsParams = Type.Object({
  ids: Type.Optional(Type.Union([Type.String({ maxLength: 20_000 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 20_000 })], { description: 'Array or comma-separated list of ids' })),
  api_key: Type.Optional(Type.String()),
});
export type IdsParams = Static<typeof IdsParams>;

export const QueueListQuery = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 128 })),
  strategy: Type.Optional(Type.String({ maxLength: 64 })),
  time_base_score: Type.Optional(Type.String({ maxLength: 64 })),
  api_key: Type.Optional(Type.String()),
});
export type QueueListQuery = Static<typeof QueueListQuery>;

/** Path ids: any text (an id of another form is simply not found, `NOTES.md` §2). */
export const IdParam = Type.Object({ id: Type.String({ maxLength: 64 }) });
export type IdParam = Static<typeof IdParam>;
