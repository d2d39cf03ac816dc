import { Type, type Static } from '@sinclair/typebox';
import { STRATEGIES } from '../../domain/acd/routing.ts';
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

const Seconds = Type.Integer({ minimum: 0, maximum: 86_400 * 7 });
const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });

/** How an inbound queue routes (the PBX queue table's fields, camelCase; acd.md). Missing fields take the defaults. */
export const QueueRoutingSpec = Type.Object({
  strategy: Type.Optional(Type.Union(STRATEGIES.map((s) => Type.Literal(s)))),
  timeBaseScore: Type.Optional(Type.Union([Type.Literal('system'), Type.Literal('queue')])),
  maxWaitTime: Type.Optional(Seconds),
  maxWaitTimeWithNoAgent: Type.Optional(Seconds),
  maxWaitTimeWithNoAgentTimeReached: Type.Optional(Seconds),
  tierRulesApply: Type.Optional(Type.Boolean()),
  tierRuleWaitSecond: Type.Optional(Seconds),
  tierRuleWaitMultiplyLevel: Type.Optional(Type.Boolean()),
  tierRuleNoAgentNoWait: Type.Optional(Type.Boolean()),
  discardAbandonedAfter: Type.Optional(Seconds),
  abandonedResumeAllowed: Type.Optional(Type.Boolean()),
  ringTimeout: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
}, { additionalProperties: false });

export const TierSpec = Type.Object({
  agent: Type.String({ minLength: 1, maxLength: 64, description: 'agentId' }),
  mode: Type.Optional(Type.String({ maxLength: 32 })),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  level: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  timeGroup: Type.Optional(Type.Union([Id, Type.Null()])),
}, { additionalProperties: false });

export const TimeGroupSpec = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  rules: Type.Array(Type.Object({ days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7 }), from: HHMM, to: HHMM }, { additionalProperties: false }), { maxItems: 50 }),
});

export const DidSpec = Type.Object({ number: Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164' }), queue: Id });

const MediaId = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });
const Colour = Type.String({ pattern: '^#?[0-9A-Fa-f]{3,8}$|^[a-z]{3,20}$' });

/** The PBX queue table's other fields (`pbx-callcenter-api.md`), camelCase; kept and returned. */
export const QueueSettingsSpec = Type.Object({
  tvName: Type.Optional(Type.String({ maxLength: 64 })),
  record: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
  announceId: Type.Optional(MediaId),
  announceFrequency: Type.Optional(Seconds),
  mohId: Type.Optional(MediaId),
  slaStrategy: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
  slaAnswerTime: Type.Optional(Seconds),
  autoAnswer: Type.Optional(Type.Boolean()),
  preBridgeAnnounce: Type.Optional(MediaId),
  joinAnnounce: Type.Optional(MediaId),
  exits: Type.Optional(Type.Unknown({ description: 'exit destinations, JSON as the PBX keeps it' })),
  backgroundColor: Type.Optional(Colour),
  fontColor: Type.Optional(Colour),
  labels: Type.Optional(Type.Array(MediaId, { maxItems: 100 })),
  avgWaitRange: Type.Optional(Seconds),
  audioPlayback: Type.Optional(Type.Unknown()),
  musicAdvanced: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const QueueSpec = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  type: Type.Union([Type.Literal('inbound'), Type.Literal('outbound'), Type.Literal('routing_point')]),
  wrapUpSeconds: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 86_400 }), Type.Null()])),
  transactionCodeLists: Type.Optional(Type.Array(Id, { maxItems: 100 })),
  codesRequired: Type.Optional(Type.Boolean()),
  ccsUuid: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  extension: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$' })),
  routing: Type.Optional(QueueRoutingSpec),
  settings: Type.Optional(QueueSettingsSpec),
  tiers: Type.Optional(Type.Array(TierSpec, { maxItems: 20_000 })),
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
  timeGroups: Type.Optional(Type.Array(TimeGroupSpec, { maxItems: 500 })),
  dids: Type.Optional(Type.Array(DidSpec, { maxItems: 10_000, description: 'tenant numbers and the inbound queue each leads to' })),
};

/** Fields of an agent spec. */
export const AgentCallFields = {
  callerId: Type.Optional(Type.Union([Digits, Type.Null()])),
  dialPlan: Type.Optional(Type.Union([Id, Type.Null()])),
  wrapUpSeconds: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 86_400 }), Type.Null()])),
  noAnswerDelayTime: Type.Optional(Seconds),
  rejectDelayTime: Type.Optional(Seconds),
  busyDelayTime: Type.Optional(Seconds),
  maxNoAnswer: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'consecutive missed offers before a break; 0 = never' })),
  initialQueues: Type.Optional(Type.Array(Id, { maxItems: 1000, description: 'queues the agent has joined when created' })),
};

export type DialPlanSpec = Static<typeof DialPlanSpec>;
export type QueueSpec = Static<typeof QueueSpec>;
export type TransactionCodeListSpec = Static<typeof TransactionCodeListSpec>;
export type TimeGroupSpec = Static<typeof TimeGroupSpec>;
