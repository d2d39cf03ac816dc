import { Type, type Static } from '@sinclair/typebox';

/**
 * Wire schemas of the CCS calls (`ccs-api-overview.txt` 4.19–4.28). The document cuts the bodies
 * off (`NOTES.md` §7): these are our design in the family's style — `success`, snake_case, lists
 * as `{total: "<n>", success: true, items}`.
 */

const NullableString = Type.Union([Type.String(), Type.Null()]);
const Time = (description: string) => Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });

export const CcsCallAcd = Type.Object({
  uuid: NullableString,
  name: Type.String(),
  extension: NullableString,
}, { description: 'The ACD (inbound queue) the caller waits or waited in, or a placed call\'s outbound queue' });

export const CcsCallExtension = Type.Object({
  uuid: Type.String({ description: 'The extension uuid' }),
  extension: Type.String({ description: 'The extension number' }),
}, { description: 'The agent\'s extension: ringing, connected, or (ended) the last one' });

export const SuppressionSpan = Type.Object({
  start: Type.String({ format: 'date-time' }),
  end: Time('null while the suppression lasts'),
});

/** Fields every call has; the answered variant adds answer_time and talk_duration. */
const common = {
  call_id: Type.String({ description: '13 upper-case alphanumerics, time-sortable' }),
  tenant_id: Type.String({ description: 'The tenant uuid' }),
  direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  calling_number: Type.String({ description: 'Inbound: the caller\'s number; placed: the agent\'s extension (else the presented caller id)' }),
  called_number: Type.String({ description: 'Inbound: the tenant number dialled; placed: the E.164 number dialled' }),
  acd: Type.Union([CcsCallAcd, Type.Null()]),
  extension: Type.Union([CcsCallExtension, Type.Null()]),
  start_time: Type.String({ format: 'date-time', description: 'When the caller reached the queue, or the call was placed (UTC)' }),
  end_time: Time('When the call ended (UTC); null while it lasts'),
  wait_duration: Type.Integer({ description: 'Seconds from the start until answered (or until now / the end when never answered)' }),
  waiting: Type.Boolean({ description: 'The caller waits in a queue for an agent (what wait_transfer, wait_redirect and wait_kill act on)' }),
  end_cause: NullableString,
  recording: Type.Boolean(),
  suppressed: Type.Boolean({ description: 'Recording is suppressed now (startSuppression)' }),
  suppressions: Type.Array(SuppressionSpan, { description: 'Every suppressed span of the call' }),
  transferred_to: Type.Union([Type.String(), Type.Null()], { description: 'Where wait_transfer sent the caller' }),
};

const progressFields = {
  ...common,
  state: Type.Union([Type.Literal('progress'), Type.Literal('ended')], { description: 'progress: waiting, ringing an agent, or dialling; ended: over without an answer' }),
};
const answeredFields = {
  ...common,
  state: Type.Union([Type.Literal('answered'), Type.Literal('ended')]),
  answer_time: Type.String({ format: 'date-time', description: 'When agent and customer were connected (UTC)' }),
  talk_duration: Type.Integer({ description: 'Seconds connected (until now while answered)' }),
};

/** Never answered: waiting, ringing, dialling — or ended without an answer. No answer fields. */
export const CcsCallProgress = Type.Object(progressFields, { title: 'progress' });
/** Answered (connected now, or ended after the answer): with answer_time and talk_duration. */
export const CcsCallAnswered = Type.Object(answeredFields, { title: 'answered' });

// The answered variant first: the serializer takes the first that fits, and only answered calls have answer_time.
export const CcsCall = Type.Union([CcsCallAnswered, CcsCallProgress]);
/** `GET /calls/<id>`: the call's fields beside `success` (as the document's single-item reads are). */
export const CcsCallBody = Type.Union([
  Type.Object({ success: Type.Literal(true), ...answeredFields }, { title: 'answered' }),
  Type.Object({ success: Type.Literal(true), ...progressFields }, { title: 'progress' }),
]);
export type CcsCall = Static<typeof CcsCall>;

export const CallParams = Type.Object({ callId: Type.String({ minLength: 1, maxLength: 64 }) });

export const FilterQuery = Type.Object({
  calling_number: Type.Optional(Type.String({ maxLength: 32 })),
  called_number: Type.Optional(Type.String({ maxLength: 32 })),
  from_datetime: Type.Optional(Type.String({ maxLength: 40, description: 'Local date-time in time_z, e.g. 2021-10-07T07:22:21' })),
  to_datetime: Type.Optional(Type.String({ maxLength: 40, description: 'Local date-time in time_z, inclusive' })),
  time_z: Type.Optional(Type.String({ maxLength: 64, description: 'IANA time zone of from/to (default UTC)' })),
});
export type FilterQuery = Static<typeof FilterQuery>;

export const CallRequestBody = Type.Object({
  request: Type.String({ minLength: 1, maxLength: 32, description: 'startSuppression, stopSuppression, kill, wait_transfer, wait_redirect, wait_kill' }),
  target: Type.Optional(Type.String({ maxLength: 64 })),
}, { additionalProperties: true });
