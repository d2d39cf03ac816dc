import { Type, type Static } from '@sinclair/typebox';

/** Wire schemas of `vcc-manage-phone-calls.md`: one source for validation, types and OpenAPI. */

/** Ids the document shows as strings (`"queueId": "598"`) take numbers and numeric strings (`NOTES.md` §1). */
const NumericId = (description: string, example: string) =>
  Type.Union([Type.Integer({ minimum: 0, maximum: 2_147_483_647 }), Type.String({ pattern: '^[0-9]{1,10}$' })], { description, examples: [example] });
/** Phone-number fields: digit strings (numbers accepted too, as the document's values are numeric). */
const Digits = (description: string, example: string, minLength: number) =>
  Type.Union([Type.String({ minLength, maxLength: 32 }), Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })], { description, examples: [example] });

const NameValue = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 256 }),
  value: Type.String({ maxLength: 4096 }),
});

export const TenantParams = Type.Object({ tenantId: Type.String({ description: 'Tenant name', examples: ['supertenantcsm01'] }) });
export const InteractionParams = Type.Object({
  tenantId: Type.String({ description: 'Tenant name', examples: ['acmecorp01'] }),
  interactionId: Type.String({ description: 'The `interactionGuid` place call returned', examples: ['int-184a0c5493f-nempJR9b0nXcZbChiZmtZkLCE-phone-00-acmecorp01'] }),
});
export const InteractionAgentParams = Type.Object({
  ...InteractionParams.properties,
  agentId: Type.String({ description: 'Agent id ("Internal Id")', examples: ['ag0VYyLh0YTsymdbtYIaaaa'] }),
});
export const AgentParams = Type.Object({
  tenantId: Type.String({ description: 'Tenant name', examples: ['acmecorp01'] }),
  agentId: Type.String({ description: 'Agent id ("Internal Id")', examples: ['ag0VYyLh0YTsymdbtYIaaaa'] }),
});
export const LineParams = Type.Object({
  ...AgentParams.properties,
  lineNo: Type.Integer({ description: 'The line to free: 1 or 2 (other numbers are a 400 naming the line)', examples: [2] }),
});

export const EndCallQuery = Type.Object({
  endPostProcessing: Type.Optional(
    Type.Union([Type.Literal('true'), Type.Literal('false'), Type.Literal('1'), Type.Literal('0'), Type.Literal('')], {
      description: 'Present (empty, `true` or `1`): the call\'s post-processing ends too, even without required transaction codes. `false`/`0` or absent: it runs its course.',
    }),
  ),
});

export const PlaceCallBody = Type.Object({
  agentId: Type.String({ minLength: 1, maxLength: 128, description: 'The agent the call is placed for', examples: ['ag0VYyLh0YTsymdbtYIaaaa'] }),
  prefix: Digits('Prepended to `number` before the dial plan applies; required, may be empty', '1', 0),
  number: Digits('The number to dial; the dial plan turns prefix + number into E.164', '6175551984', 1),
  callerId: Digits('Presented only when it is one of the tenant\'s channels; otherwise the agent\'s configured caller id', '12015551212', 0),
  queueId: Type.Optional(NumericId('An outbound queue: the call is a queue transaction (statuses 6 → 7 → 8). Absent: a direct call (10)', '598')),
  dialplanId: Type.Optional(NumericId('The dial plan to apply; absent: the agent\'s, else the tenant\'s', '12')),
  forceCall: Type.Optional(Type.Boolean({ description: 'Offer the call when the agent is busy on one line (or in post-processing); never when both lines are busy, on break or logged out', default: false })),
  extTransactionData: Type.Optional(Type.Array(NameValue, { maxItems: 100, description: 'Stored on the interaction' })),
  ctlUserData: Type.Optional(Type.Array(NameValue, { maxItems: 100, description: 'Stored on the interaction' })),
});

export const TransactionCodesBody = Type.Object({
  selections: Type.Array(
    Type.Object({
      id: NumericId('Transaction code list id', '12'),
      codes: Type.Array(Type.Object({ id: NumericId('Transaction code list item id', '234') }), { minItems: 1, maxItems: 6 }),
    }),
    { minItems: 1, maxItems: 6, description: 'Up to six codes in all; each list assigned to the call\'s queue (or tenant-wide); a single-choice list takes one item' },
  ),
});

export const CallResult = Type.Object(
  {
    reasons: Type.Array(Type.String(), { description: 'What happened, or what went wrong (naming the field or id)' }),
    message: Type.String({ description: '"OK" on success, else the HTTP status text' }),
  },
  { $id: 'VccCallResult' },
);

export const PlaceCallResult = Type.Object({
  reasons: Type.Array(Type.String()),
  message: Type.String(),
  interactionGuid: Type.String({ description: 'Use it as `interactionId` in the other call routes' }),
});

const ErrorRef = Type.Ref(CallResult);
export const errorResponses = { 400: ErrorRef, 401: ErrorRef, 403: ErrorRef, 404: ErrorRef, 409: ErrorRef, 413: ErrorRef, 415: ErrorRef } as const;

export type PlaceCallBody = Static<typeof PlaceCallBody>;
export type TransactionCodesBody = Static<typeof TransactionCodesBody>;
