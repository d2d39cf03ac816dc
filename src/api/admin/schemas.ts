import { Type } from '@sinclair/typebox';

export const AdminError = Type.Object(
  { error: Type.Integer({ description: 'HTTP status' }), message: Type.String({ description: 'What went wrong, naming the field' }) },
  { $id: 'AdminError' },
);

export const adminErrors = {
  400: Type.Ref(AdminError),
  401: Type.Ref(AdminError),
  404: Type.Ref(AdminError),
  409: Type.Ref(AdminError),
  413: Type.Ref(AdminError),
  415: Type.Ref(AdminError),
} as const;

export const TenantParams = Type.Object({ tenant: Type.String({ description: 'Tenant name', examples: ['acmecorp01'] }) });

export const TenantSummary = Type.Object({
  name: Type.String(),
  ccsUuid: Type.String(),
  pbxAccountId: Type.Integer(),
  apiUsername: Type.String(),
  timezone: Type.String(),
  features: Type.Object({ agentStatusApi: Type.Boolean() }),
  agents: Type.Integer({ description: 'Number of agents' }),
});

export const AgentSummary = Type.Object({
  agentId: Type.String(),
  userId: Type.Integer(),
  name: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  groupId: Type.Union([Type.Integer(), Type.Null()]),
  presence: Type.String(),
  activity: Type.String(),
});

export const ApplyResult = Type.Object({
  tenants: Type.Array(
    Type.Object({
      name: Type.String(),
      created: Type.Boolean(),
      changed: Type.Boolean(),
      generatedActionRequestToken: Type.Optional(Type.String({ description: 'Shown once, only when Switchboard made the token up' })),
    }),
  ),
});

export const PageQuery = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Sequence number already seen' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const LoggedEventSchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ description: 'ISO 8601 contact-center time' }),
  type: Type.String(),
  data: Type.Object({}, { additionalProperties: true }),
});
