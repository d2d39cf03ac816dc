import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../app/platform.ts';
import { QueueType, type Queue } from '../../../domain/calls/queue.ts';
import type { CcsPermission, Requirement } from '../../../domain/ccs/permissions.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import { ownTenant, requireCcs, scopedTenant, type CcsCaller } from '../auth.ts';
import { ccsErrors } from '../envelope.ts';
import { TenantParams } from '../params.ts';

const tags = ['CCS ACDs'];
const security = [{ ccsBearer: [] }];
/** "API, Voice IQs View/Voice OQs View/Conditional Routes View/VRQs View" (4.6). */
const VIEW: Requirement = { all: ['api'], anyOf: ['voice_iqs_view', 'voice_oqs_view', 'conditional_routes_view', 'vrqs_view'] };

/** Each queue type's CCS ACD type and the permissions that show it (any one of them). */
const ACD_TYPES: Record<QueueType, { readonly type: 'voice_queues' | 'voice_outbound_queues' | 'routing_points'; readonly seenWith: readonly CcsPermission[] }> = {
  [QueueType.Inbound]: { type: 'voice_queues', seenWith: ['voice_iqs_view'] },
  [QueueType.Outbound]: { type: 'voice_outbound_queues', seenWith: ['voice_oqs_view'] },
  [QueueType.RoutingPoint]: { type: 'routing_points', seenWith: ['conditional_routes_view', 'vrqs_view'] },
};


const Acd = Type.Object({
  uuid: Type.String(),
  type: Type.Union([Type.Literal('voice_queues'), Type.Literal('voice_outbound_queues'), Type.Literal('routing_points')]),
  tenant_id: Type.String({ description: 'the tenant\'s uuid' }),
  name: Type.String(),
  extension: Type.String({ description: 'the ACD\'s extension number ("" when it has none)' }),
  alternate_extensions: Type.Array(Type.String(), { description: 'always `[]`: ACDs have one extension' }),
});
type Acd = Static<typeof Acd>;

const AcdList = Type.Object({
  total: Type.Integer({ minimum: 0, description: 'how many ACDs (a number here, as the document shows)' }),
  success: Type.Literal(true),
  items: Type.Array(Type.Array(Acd), { minItems: 1, maxItems: 1, description: 'one inner array holding the ACDs (the document\'s nesting, kept for clients)' }),
});
type AcdList = Static<typeof AcdList>;

const DESCRIPTION = 'The tenant\'s queues that have a CCS face (an ACD uuid), of the types the caller may view: `voice_queues` (inbound) with Voice IQs View, '
  + '`voice_outbound_queues` with Voice OQs View, `routing_points` with Conditional Routes View or VRQs View. Ordered by uuid. As documented (`NOTES.md` §7), '
  + '`items` holds one inner array of ACDs and `total` is a number.';

function acdOf(tenant: TenantRecord, queue: Queue & { readonly ccsUuid: string }): Acd {
  return {
    uuid: queue.ccsUuid, type: ACD_TYPES[queue.type].type, tenant_id: tenant.ccsUuid, name: queue.name,
    extension: queue.extension ?? '', alternate_extensions: [],
  };
}

/** The tenant's ACDs the caller may see, in the document's nesting. */
function acdList(platform: Platform, caller: CcsCaller, tenant: TenantRecord): AcdList {
  const visible = (queue: Queue): queue is Queue & { readonly ccsUuid: string } =>
    queue.ccsUuid !== null && ACD_TYPES[queue.type].seenWith.some((p) => caller.permissions.has(p));
  const acds = [...platform.directory.calls.of(tenant.id).queues.values()].filter(visible).map((q) => acdOf(tenant, q));
  acds.sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
  return { total: acds.length, success: true, items: [acds] };
}

/**
 * The CCS ACD lists (`ccs-api-overview.txt` 4.6): a tenant-level user's own tenant at `/acds`, a
 * telco user's tenants at `/tenants/<uuid>/acds`.
 */
export async function acdRoutes(app: FastifyInstance, options: { platform: Platform }): Promise<void> {
  const { platform } = options;

  app.get('/acds', {
    schema: { tags, security, summary: 'List tenant ACDs (4.6, tenant-level user)', description: `${DESCRIPTION} Telco users use \`/tenants/<tenant_uuid>/acds\` (403 here).`, response: { 200: AcdList, ...ccsErrors } },
  }, async (request) => {
    const caller = requireCcs(request, VIEW, { tenantLevelOnly: true });
    return acdList(platform, caller, ownTenant(caller));
  });

  app.get<{ Params: TenantParams }>('/tenants/:tenantUuid/acds', {
    schema: { tags, security, summary: 'List tenant ACDs (4.6, telco user)', description: DESCRIPTION, params: TenantParams, response: { 200: AcdList, ...ccsErrors } },
  }, async (request) => {
    const caller = requireCcs(request, VIEW);
    return acdList(platform, caller, scopedTenant(platform, caller, request.params.tenantUuid));
  });
}
