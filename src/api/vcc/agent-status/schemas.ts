import { Type, type Static } from '@sinclair/typebox';
import { PER_ITEM } from '../../http/validation.ts';

/** Wire schemas of `vcc-agent-status.md`: one source for validation, types and OpenAPI. */

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 200;
export const MAX_BULK = 1000;

/** 32-bit bounds: JSON numbers such as 1e400 parse to Infinity, which Ajv would otherwise call an integer. */
const INT32 = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;
const StatusValue = Type.Integer({ ...INT32, description: 'Agent status value (see the status table)', examples: [5] });
const ListId = Type.Integer({ ...INT32, description: 'Status code list id', examples: [801] });
const ItemId = Type.Integer({ ...INT32, description: 'Status code item id within the list', examples: [1722] });
const ShortCode = Type.String({ maxLength: 64, description: 'Short code of the item', examples: ['Meet'] });

export const TenantParams = Type.Object({ tenantId: Type.String({ description: 'Tenant name', examples: ['acmecorp01'] }) });
export const AgentParams = Type.Object({
  tenantId: Type.String({ description: 'Tenant name', examples: ['acmecorp01'] }),
  agentId: Type.String({ description: 'Agent id ("Internal Id")', examples: ['ag64oyEUb_Sk6bxVB9P5yaaa'] }),
});

export const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE, description: 'Page size' })),
  after: Type.Optional(Type.String({ maxLength: 128, description: 'Return agents whose id sorts after this one (from the `Link: rel="next"` header)' })),
});

export const AgentStatusRecord = Type.Object(
  {
    'agent-id': Type.String(),
    'agent-status': StatusValue,
    'status-code-list-id': Type.Optional(ListId),
    'status-code-item-id': Type.Optional(ItemId),
    'status-code-item-short-code': Type.Optional(ShortCode),
    name: Type.String(),
    'agent-sub-status': Type.Optional(Type.String({ description: 'Present with statuses 3 and 5; "none" until sub-statuses exist' })),
  },
  { $id: 'VccAgentStatus' },
);

export const AgentStatusList = Type.Object({ data: Type.Array(Type.Ref(AgentStatusRecord)) });

export const SetStatusBody = Type.Object({
  'agent-status': StatusValue,
  'status-code-list-id': Type.Optional(ListId),
  'status-code-item-id': Type.Optional(ItemId),
  'status-code-item-short-code': Type.Optional(ShortCode),
});

export const BulkEntry = Type.Object({
  'agent-id': Type.String({ minLength: 1, maxLength: 128 }),
  'agent-status': Type.Optional(Type.Integer({ ...INT32, description: 'When absent, the status the reason code implies (break 3, offline 5, sign-out 1)' })),
  'status-code-list-id': ListId,
  'status-code-item-id': ItemId,
  'status-code-item-short-code': Type.Optional(ShortCode),
});

export const BulkBody = Type.Object({
  agents: Type.Array(BulkEntry, { minItems: 1, maxItems: MAX_BULK, [PER_ITEM]: true }),
});

export const ChangeResult = Type.Object(
  {
    reason: Type.String({ description: '"OK", or what went wrong (naming the field)' }),
    'change-status': Type.Integer({ description: 'HTTP status of this change' }),
    message: Type.String(),
  },
  { $id: 'VccChangeResult' },
);

export const BulkResult = Type.Object({
  data: Type.Array(
    Type.Object({
      'agent-id': Type.Union([Type.String(), Type.Null()]),
      reason: Type.String(),
      'change-status': Type.Integer(),
      message: Type.String(),
    }),
  ),
});

/** The error responses every agent-status route can give. */
export const errorResponses = {
  400: Type.Ref(ChangeResult),
  401: Type.Ref(ChangeResult),
  403: {
    description: 'Credentials of another tenant (JSON), or the tenant\'s Agent Status API is off (XML: `<API><Error>403 - Forbidden.</Error></API>`)',
    content: {
      'application/json': { schema: Type.Ref(ChangeResult) },
      'application/xml': { schema: Type.String() },
    },
  },
  404: Type.Ref(ChangeResult),
  413: Type.Ref(ChangeResult),
  415: Type.Ref(ChangeResult),
} as const;

export type SetStatusBody = Static<typeof SetStatusBody>;
export type BulkEntry = Static<typeof BulkEntry>;
export type AgentStatusRecord = Static<typeof AgentStatusRecord>;
