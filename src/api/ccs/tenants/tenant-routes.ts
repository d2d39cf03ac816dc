import type { FastifyInstance } from 'fastify';
import { commitChange } from '../../../app/core.ts';
import type { Platform } from '../../../app/platform.ts';
import { checkNewLimits } from '../../../domain/ccs/licences.ts';
import type { Requirement } from '../../../domain/ccs/permissions.ts';
import { TENANT_PROFILE_KEY, TENANT_PROFILE_RECORD, type CcsLimits, type CcsTenantProfile } from '../../../domain/ccs/tenant-profile.ts';
import { NotFoundError, RuleViolationError } from '../../../domain/errors.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import { requireCcs, scopedTenant, type CcsCaller } from '../auth.ts';
import { ccsErrors, listOf, toNumber } from '../envelope.ts';
import { tenantDetails, tenantItem, textCount } from './mappers.ts';
import {
  LimitsUpdate, ProductRequest, RoleList, TenantDetails, TenantList, TenantParams, TextCount, TextCountRequest, Written,
} from './schemas.ts';

const tags = ['CCS tenants'];
const security = [{ ccsBearer: [] }];
/** "API, Tenants View/Tenant Edit" (4.3–4.5, 4.9, 4.10). */
const VIEW: Requirement = { all: ['api'], anyOf: ['tenants_view', 'tenant_edit'] };
/** "API, Tenant Edit" (4.11–4.13). */
const EDIT: Requirement = { all: ['api', 'tenant_edit'] };

/** Request body field → limit. */
const LIMIT_FIELDS = {
  max_agents: 'maxAgents', max_queues: 'maxQueues', rec_extn_limit: 'recExtnLimit', monitor_ext_limit: 'monitorExtLimit',
  group_agent_limit: 'groupAgentLimit', chat_licenses: 'chatLicenses', multimedia_licenses: 'multimediaLicenses',
} as const satisfies Record<string, keyof CcsLimits>;
const LIMIT_ENTRIES = Object.entries(LIMIT_FIELDS) as [keyof typeof LIMIT_FIELDS, (typeof LIMIT_FIELDS)[keyof typeof LIMIT_FIELDS]][];

/** Who changed a tenant, for `modified_by`: the caller's username. */
function callerName(platform: Platform, caller: CcsCaller): string {
  const { token } = caller;
  if (token.level === 'telco') return platform.ccs.catalogue.telco(token.telcoUuid)?.users.find((u) => u.uuid === token.userUuid)?.username ?? 'telco user';
  const agent = platform.directory.agent(token.tenantId, token.agentId);
  return agent?.username ?? agent?.name ?? 'tenant user';
}

/**
 * Read-modify-write of a tenant's profile under its lock: `change` decides on the current
 * profile (throwing to refuse); the result is stamped modified now by the caller and committed.
 */
async function changeProfile(platform: Platform, tenant: TenantRecord, caller: CcsCaller, change: (current: CcsTenantProfile) => CcsTenantProfile): Promise<void> {
  await platform.locks.run(tenant.id, async () => {
    const next: CcsTenantProfile = { ...change(platform.ccs.tenants.of(tenant.id)), modifiedAt: platform.clock.now(), modifiedBy: callerName(platform, caller) };
    await commitChange(platform, tenant.id, [{ type: 'record.changed', kind: TENANT_PROFILE_RECORD, key: TENANT_PROFILE_KEY, change: 'put' }],
      (tx) => platform.ccs.tenants.write(tx, tenant.id, next),
      () => platform.ccs.tenants.remember(tenant.id, next));
  });
}

/** New limits from a 4.13 body; "" removes a limit. */
function limitsAfter(current: CcsLimits, body: LimitsUpdate): CcsLimits {
  const limits: { -readonly [K in keyof CcsLimits]: CcsLimits[K] } = { ...current };
  for (const [field, key] of LIMIT_ENTRIES) {
    const value = body[field];
    if (value !== undefined) limits[key] = value === '' ? null : toNumber(value);
  }
  if (body.agent_billing !== undefined) limits.agentBilling = body.agent_billing;
  return limits;
}

/**
 * Only the limits the body changes (the others: no limit), so a tenant already over a limit set
 * elsewhere can still change the rest. A new `agent_billing` changes what `max_agents` counts.
 */
function changedOnly(limits: CcsLimits, body: LimitsUpdate): CcsLimits {
  const checked: { -readonly [K in keyof CcsLimits]: CcsLimits[K] } = { ...limits };
  for (const [field, key] of LIMIT_ENTRIES) {
    const changed = body[field] !== undefined || (key === 'maxAgents' && body.agent_billing !== undefined);
    if (!changed) checked[key] = null;
  }
  return checked;
}

/**
 * The telco-level tenant routes (`ccs-api-overview.txt` 4.3–4.5, 4.9–4.13): a telco user reaches
 * the tenants of its telco, a tenant-level user its own tenant (`scopedTenant`).
 */
export async function tenantRoutes(app: FastifyInstance, options: { platform: Platform }): Promise<void> {
  const { platform } = options;

  app.get('/tenants', {
    schema: {
      tags, security, summary: 'List all tenants (4.3)', description: 'A telco user sees the tenants of its telco (by name); a tenant-level user its own tenant. `modified_by` is `[]` until someone changes the tenant through the API, then their username.',
      response: { 200: TenantList, ...ccsErrors },
    },
  }, async (request) => {
    const caller = requireCcs(request, VIEW);
    const tenants = caller.level === 'telco' ? (caller.telcoUuid === null ? [] : platform.ccs.tenants.ofTelco(caller.telcoUuid)) : caller.tenant ? [caller.tenant] : [];
    return listOf(tenants.map((t) => tenantItem(platform, t)));
  });

  app.get<{ Params: TenantParams }>('/tenants/:tenantUuid', {
    schema: {
      tags, security, summary: 'View tenant details (4.4)', params: TenantParams,
      description: 'Every field of the document. Limits and licences are strings (`"100"`); `""` means the tenant has no such limit. The `*_count` fields are numbers: what the tenant uses now '
        + '(`max_agents_count`: agents with Named billing, agents logged in with Concurrent). `agent_billing` is added (what `max_agents` limits). Times are in the tenant\'s time zone.',
      response: { 200: TenantDetails, ...ccsErrors },
    },
  }, async (request) => {
    const caller = requireCcs(request, VIEW);
    return tenantDetails(platform, scopedTenant(platform, caller, request.params.tenantUuid));
  });

  app.get<{ Params: TenantParams }>('/tenants/:tenantUuid/roles', {
    schema: { tags, security, summary: 'List tenant roles (4.5)', description: 'The tenant\'s own roles (the system roles are at `GET /roles/`).', params: TenantParams, response: { 200: RoleList, ...ccsErrors } },
  }, async (request) => {
    const caller = requireCcs(request, VIEW);
    const tenant = scopedTenant(platform, caller, request.params.tenantUuid);
    return listOf(platform.ccs.tenants.tenantRoles(tenant.id).map((r) => ({ uuid: r.uuid, name: r.name })));
  });

  app.post<{ Params: TenantParams; Body: ProductRequest }>('/tenants/:tenantUuid', {
    schema: {
      tags, security, summary: 'Add or delete a tenant product (4.11, 4.12)', params: TenantParams, body: ProductRequest,
      description: '`{"request":"add_product"|"delete_product","product":<uuid>}` → `{success:true, uuid:<product uuid>}`. Both are idempotent (adding a product the tenant has, or deleting one it '
        + 'has not, is a 200 that changes nothing), so examples can be re-run. A product that is not in the catalogue (`GET /products/`) is a 404 — except deleting one the tenant still lists.',
      response: { 200: Written, ...ccsErrors },
    },
  }, async (request) => {
    const caller = requireCcs(request, EDIT);
    const tenant = scopedTenant(platform, caller, request.params.tenantUuid);
    const { request: action, product } = request.body;
    const has = platform.ccs.tenants.of(tenant.id).products.includes(product);
    if (!platform.ccs.catalogue.product(product) && !(action === 'delete_product' && has)) throw new NotFoundError('product', product);
    if (has !== (action === 'add_product')) {
      await changeProfile(platform, tenant, caller, (p) => ({
        ...p, products: action === 'add_product' ? (p.products.includes(product) ? p.products : [...p.products, product]) : p.products.filter((u) => u !== product),
      }));
    }
    return { success: true as const, uuid: product };
  });

  app.put<{ Params: TenantParams; Body: LimitsUpdate }>('/tenants/:tenantUuid', {
    schema: {
      tags, security, summary: 'Update tenant limits and licences (4.13)', params: TenantParams, body: LimitsUpdate,
      description: 'Every field is optional (at least one is required); limits are numbers or numeric strings, `""` removes a limit; unknown fields are ignored. '
        + 'A limit below what the tenant uses now is refused (400 naming the field): lower the use first. Answers `{success:true, uuid:<tenant uuid>}`.',
      response: { 200: Written, ...ccsErrors },
    },
  }, async (request) => {
    const caller = requireCcs(request, EDIT);
    const tenant = scopedTenant(platform, caller, request.params.tenantUuid);
    const body = request.body;
    const known = ['product_name', 'agent_billing', ...Object.keys(LIMIT_FIELDS)];
    if (!known.some((field) => (body as Record<string, unknown>)[field] !== undefined)) {
      throw new RuleViolationError(`body: give at least one of ${known.join(', ')}`, 'body');
    }
    await changeProfile(platform, tenant, caller, (p) => {
      const limits = limitsAfter(p.limits, body);
      checkNewLimits(changedOnly(limits, body), platform.ccs.licences.usage(tenant.id));
      return { ...p, limits, ...(body.product_name !== undefined && { productName: body.product_name }) };
    });
    return { success: true as const, uuid: tenant.ccsUuid };
  });

  app.get<{ Params: TenantParams }>('/tenants/:tenantUuid/text_count', {
    schema: {
      tags, security, summary: 'Tenant SMS/MMS count (4.9)', params: TenantParams,
      description: 'The body the document cuts off (`NOTES.md` §7): `{success, uuid, sms_count, mms_count, total_count, last_reset}` — texts carried to or from the tenant\'s numbers since the '
        + 'last reset (`last_reset`: tenant time, null if never). The document says "for telco user"; the tenant\'s own tenant-level user may read it too.',
      response: { 200: TextCount, ...ccsErrors },
    },
  }, async (request) => {
    const caller = requireCcs(request, VIEW);
    const tenant = scopedTenant(platform, caller, request.params.tenantUuid);
    return textCount(tenant, platform.ccs.tenants.of(tenant.id).texts);
  });

  app.post<{ Params: TenantParams }>('/tenants/:tenantUuid/text_count', {
    schema: {
      tags, security, summary: 'Reset the tenant SMS/MMS count (4.10)', params: TenantParams, body: TextCountRequest,
      description: '`{"request":"reset_counter"}` zeroes both counters and records when; answers the counters after the reset, in the shape of `GET .../text_count`.',
      response: { 200: TextCount, ...ccsErrors },
    },
  }, async (request) => {
    const caller = requireCcs(request, VIEW);
    const tenant = scopedTenant(platform, caller, request.params.tenantUuid);
    return textCount(tenant, await platform.ccs.texts.reset(tenant.id));
  });
}
