import { Type, type Static } from '@sinclair/typebox';

/**
 * The CCS parts of the tenant file (`docs/tenant-file.md`, "CCS"): the platform's products and
 * telcos with their telco-level users (top-level `ccs`), a tenant's CCS profile and roles
 * (tenant `ccs`), a user's extension (agent `ccs`). ACDs are queues with `ccsUuid` and `extension`.
 */
const Uuid = Type.String({ minLength: 1, maxLength: 64 });
const Limit = Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.Null()], { description: 'null: no limit' });

export const CcsRoleSpec = Type.Object({
  uuid: Type.Optional(Uuid),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  permissions: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 32, description: 'CCS permissions (docs/ccs.md)' }),
}, { additionalProperties: false });

export const TelcoUserSpec = Type.Object({
  uuid: Type.Optional(Uuid),
  username: Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s:]+$' }),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 256, description: 'set on creation; kept when omitted' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  roles: Type.Optional(Type.Array(Uuid, { maxItems: 16, description: 'system role uuids (Telco Admin, API)' })),
}, { additionalProperties: false });

export const TelcoSpec = Type.Object({
  uuid: Uuid,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  users: Type.Optional(Type.Array(TelcoUserSpec, { maxItems: 1000 })),
}, { additionalProperties: false });

export const ProductSpec = Type.Object({
  uuid: Uuid,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  notes: Type.Optional(Type.String({ maxLength: 1024 })),
}, { additionalProperties: false });

export const PlatformCcsSpec = Type.Object({
  products: Type.Optional(Type.Array(ProductSpec, { maxItems: 1000 })),
  telcos: Type.Optional(Type.Array(TelcoSpec, { maxItems: 1000 })),
}, { additionalProperties: false });

export const CcsLimitsSpec = Type.Object({
  maxAgents: Type.Optional(Limit),
  agentBilling: Type.Optional(Type.Union([Type.Literal('Named'), Type.Literal('Concurrent')])),
  maxQueues: Type.Optional(Limit),
  recExtnLimit: Type.Optional(Limit),
  monitorExtLimit: Type.Optional(Limit),
  groupAgentLimit: Type.Optional(Limit),
  chatLicenses: Type.Optional(Limit),
  multimediaLicenses: Type.Optional(Limit),
}, { additionalProperties: false });

export const TenantCcsSpec = Type.Object({
  telco: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'uuid of the telco that manages the tenant' })),
  status: Type.Optional(Type.Union([Type.Literal('enable'), Type.Literal('disable')])),
  productName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  products: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
  limits: Type.Optional(CcsLimitsSpec),
  details: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), Type.Union([Type.String({ maxLength: 256 }), Type.Number(), Type.Boolean()]))),
  roles: Type.Optional(Type.Array(CcsRoleSpec, { maxItems: 200 })),
}, { additionalProperties: false });

export const AgentCcsSpec = Type.Object({
  extensionUuid: Type.Optional(Uuid),
  extension: Type.Optional(Type.String({ pattern: '^[0-9*#]{1,16}$' })),
  firstname: Type.Optional(Type.String({ maxLength: 128 })),
  lastname: Type.Optional(Type.String({ maxLength: 128 })),
  roles: Type.Optional(Type.Array(Uuid, { maxItems: 32, description: 'role uuids: system roles or the tenant\'s' })),
  recordingType: Type.Optional(Type.Union([Type.Literal('None'), Type.Literal('Mandatory'), Type.Literal('On Demand')])),
  monitor: Type.Optional(Type.Boolean()),
  maxChats: Type.Optional(Type.Integer({ minimum: 0, maximum: 6 })),
  multimediaEnabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export type PlatformCcsSpec = Static<typeof PlatformCcsSpec>;
export type TenantCcsSpec = Static<typeof TenantCcsSpec>;
export type AgentCcsSpec = Static<typeof AgentCcsSpec>;
