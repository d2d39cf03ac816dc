import { Type, type Static } from '@sinclair/typebox';
import { TelephonyRulesSpec } from '../../telephony/simulated/rules.ts';

/** The call-related parts of a tenant document (issue 3); see docs/tenant-file.md. */
const Id = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });
const Digits = Type.String({ pattern: '^[0-9]{1,20}$' });

export const DialPlanSpec = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  countryCode: Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'E.164 country calling code, e.g. "1"' }),
  nationalNumberLengths: Type.Array(Type.Integer({ minimum: 4, maximum: 14 }), { minItems: 1, maxItems: 10 }),
  trunkPrefix: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{1,4}$' }), Type.Null()])),
  internationalPrefix: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
});

export const TransactionCodeListSpec = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  choice: Type.Union([Type.Literal('single'), Type.Literal('multiple')]),
  tenantWide: Type.Optional(Type.Boolean({ description: 'usable on every queue and on direct calls' })),
  items: Type.Array(Type.Object({ id: Id, label: Type.String({ minLength: 1, maxLength: 128 }) }), { maxItems: 500 }),
});

export const QueueSpec = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  type: Type.Union([Type.Literal('inbound'), Type.Literal('outbound'), Type.Literal('routing_point')]),
  wrapUpSeconds: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 86_400 }), Type.Null()])),
  transactionCodeLists: Type.Optional(Type.Array(Id, { maxItems: 100 })),
  codesRequired: Type.Optional(Type.Boolean()),
  ccsUuid: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  extension: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$' })),
});

export const CallDefaultsSpec = Type.Object({
  wrapUpSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
  dialPlan: Type.Optional(Type.Union([Id, Type.Null()])),
});

/** Fields of a tenant spec. */
export const TenantCallFields = {
  callDefaults: Type.Optional(CallDefaultsSpec),
  channels: Type.Optional(Type.Array(Digits, { maxItems: 10_000, description: 'numbers the tenant may present as caller id' })),
  dialPlans: Type.Optional(Type.Array(DialPlanSpec, { maxItems: 200 })),
  transactionCodeLists: Type.Optional(Type.Array(TransactionCodeListSpec, { maxItems: 500 })),
  queues: Type.Optional(Type.Array(QueueSpec, { maxItems: 5000 })),
  telephony: Type.Optional(Type.Union([TelephonyRulesSpec, Type.Null()], { description: 'simulated telephony rules (docs/telephony.md); null = the defaults' })),
};

/** Fields of an agent spec. */
export const AgentCallFields = {
  callerId: Type.Optional(Type.Union([Digits, Type.Null()])),
  dialPlan: Type.Optional(Type.Union([Id, Type.Null()])),
  wrapUpSeconds: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 86_400 }), Type.Null()])),
};

export type DialPlanSpec = Static<typeof DialPlanSpec>;
export type QueueSpec = Static<typeof QueueSpec>;
export type TransactionCodeListSpec = Static<typeof TransactionCodeListSpec>;
