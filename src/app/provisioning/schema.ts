import { Type, type Static } from '@sinclair/typebox';
import { ClickToDialSettingsSpec } from '../click-to-dial/settings.ts';
import { AgentCallFields, TenantCallFields } from './call-config-schema.ts';
import { AgentCcsSpec, PlatformCcsSpec, TenantCcsSpec } from './ccs-schema.ts';

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

/** An agent's PBX user settings (`docs/pbx.md`); absent fields keep the stored (or implicit) profile. */
export const AgentPbxSpec = Type.Object({
  isAgent: Type.Optional(Type.Boolean({ description: 'a call-center agent (default true); false: an API or admin user' })),
  permissionGroup: Type.Optional(Type.Integer({ minimum: 0, maximum: 3, description: 'pgroup_id: 0 none, 1 Administrator, 2 Call center supervisor, 3 Agent' })),
  permissions: Type.Optional(Type.Record(Type.String(), Type.Boolean(), { description: 'overrides of the group: call_center_api, users, phone_lists, queues, agents' })),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  apiKeys: Type.Optional(Type.Array(Type.String({ minLength: 8, maxLength: 256 }), { maxItems: 20, description: 'PBX API keys of the user (stored as SHA-256)' })),
  apiIpRanges: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, description: 'CIDR ranges the key may be used from; empty: anywhere' })),
}, { additionalProperties: false });

/** A PBX device (`docs/pbx.md`). */
export const DeviceSpec = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  agent: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { description: 'agentId of the user it belongs to' })),
  ring: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
  delay: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
  timeout: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
}, { additionalProperties: false });

/** The tenant's PBX account settings. */
export const TenantPbxSpec = Type.Object({
  eventPushUrl: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 2048 }), Type.Null()], { description: 'Event Push Notifications URL; null removes it' })),
  eventPushSecret: Type.Optional(Type.String({ minLength: 16, maxLength: 256, description: 'HMAC signing secret of the pushes; generated when omitted' })),
  devices: Type.Optional(Type.Array(DeviceSpec, { maxItems: 20_000 })),
}, { additionalProperties: false });

export const AgentSpec = Type.Object({
  agentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s:]+$' })),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 256 })),
  group: Type.Optional(Type.Union([Id, Type.Null()], { description: 'agent group id' })),
  initialPresence: Type.Optional(PresenceSpec),
  pbx: Type.Optional(AgentPbxSpec),
  ccs: Type.Optional(AgentCcsSpec),
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
  pbx: Type.Optional(TenantPbxSpec),
  ccs: Type.Optional(TenantCcsSpec),
  clickToDial: Type.Optional(ClickToDialSettingsSpec),
  ...TenantCallFields,
});

export const TenantDocument = Type.Object({
  ccs: Type.Optional(PlatformCcsSpec),
  tenants: Type.Array(TenantSpec, { maxItems: 1000 }),
});

export type TenantDocument = Static<typeof TenantDocument>;
export type TenantSpec = Static<typeof TenantSpec>;
export type AgentSpec = Static<typeof AgentSpec>;
export type StatusCodeListSpec = Static<typeof StatusCodeListSpec>;
export type PresenceSpec = Static<typeof PresenceSpec>;
export type AgentPbxSpec = Static<typeof AgentPbxSpec>;
export type TenantPbxSpec = Static<typeof TenantPbxSpec>;
