import { Type, type Static } from '@sinclair/typebox';
import { AgentCallFields, TenantCallFields } from './call-config-schema.ts';

/**
 * The declarative tenant file (JSON or YAML), also the body of `PUT /admin/v1/provisioning`.
 * Documented in docs/tenant-file.md. Applying it creates what is missing and updates what
 * differs; what it doesn't mention is left alone.
 */
const Id = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });

export const ReasonRefSpec = Type.Object({
  statusCodeListId: Type.Integer({ minimum: -1, maximum: 2_147_483_647 }),
  statusCodeItemId: Id,
});

export const StatusCodeItemSpec = Type.Object({
  id: Id,
  shortCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  label: Type.String({ minLength: 1, maxLength: 128 }),
  kind: Type.Union([Type.Literal('break'), Type.Literal('offline'), Type.Literal('sign_out')]),
});

export const StatusCodeListSpec = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  items: Type.Array(StatusCodeItemSpec, { maxItems: 500 }),
});

export const AgentGroupSpec = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  statusCodeLists: Type.Array(Id, { maxItems: 100, description: 'ids of the status code lists the group may use' }),
});

export const PresenceSpec = Type.Object({
  kind: Type.Union([
    Type.Literal('never_logged_in'),
    Type.Literal('logged_out'),
    Type.Literal('available'),
    Type.Literal('on_break'),
    Type.Literal('working_offline'),
  ]),
  reason: Type.Optional(ReasonRefSpec),
});

export const AgentSpec = Type.Object({
  agentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s:]+$' })),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 256 })),
  group: Type.Optional(Type.Union([Id, Type.Null()], { description: 'agent group id' })),
  initialPresence: Type.Optional(PresenceSpec),
  ...AgentCallFields,
});

export const TenantSpec = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
  apiUsername: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s:]+$' })),
  actionRequestToken: Type.Optional(Type.String({ minLength: 8, maxLength: 256 })),
  actionRequestTokenSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  ccsUuid: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  pbxAccountId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  features: Type.Optional(Type.Object({ agentStatusApi: Type.Optional(Type.Boolean()) })),
  statusCodeLists: Type.Optional(Type.Array(StatusCodeListSpec, { maxItems: 200 })),
  agentGroups: Type.Optional(Type.Array(AgentGroupSpec, { maxItems: 500 })),
  agents: Type.Optional(Type.Array(AgentSpec, { maxItems: 20_000 })),
  ...TenantCallFields,
});

export const TenantDocument = Type.Object({ tenants: Type.Array(TenantSpec, { maxItems: 1000 }) });

export type TenantDocument = Static<typeof TenantDocument>;
export type TenantSpec = Static<typeof TenantSpec>;
export type AgentSpec = Static<typeof AgentSpec>;
export type StatusCodeListSpec = Static<typeof StatusCodeListSpec>;
export type PresenceSpec = Static<typeof PresenceSpec>;
