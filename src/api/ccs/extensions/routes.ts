import type { FastifyInstance, FastifyRequest } from 'fastify';
import { updateExtension } from '../../../app/ccs/extension-update.ts';
import type { Platform } from '../../../app/platform.ts';
import type { CcsExtension } from '../../../domain/ccs/extension.ts';
import type { Requirement } from '../../../domain/ccs/permissions.ts';
import { RuleViolationError } from '../../../domain/errors.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import { HttpRefusal } from '../../http/failures.ts';
import { ownTenant, requireCcs, scopedTenant } from '../auth.ts';
import { ccsErrors, listOf, Success } from '../envelope.ts';
import { extensionChanges, extensionItem } from './mappers.ts';
import { EXTENSION_FIELDS, ExtensionList, ExtensionParams, ExtensionUpdate, TenantParams } from './schemas.ts';

const tags = ['CCS extensions'];
const security = [{ ccsBearer: [] }];
/** "API, Tenants View/Tenant Edit" (4.8). */
const VIEW: Requirement = { all: ['api'], anyOf: ['tenants_view', 'tenant_edit'] };
/** "API, Tenant Edit" (4.14). */
const EDIT: Requirement = { all: ['api', 'tenant_edit'] };

/**
 * The extension a path names, in the tenant.
 * @throws HttpRefusal 404 naming the extension.
 */
export function requireExtension(platform: Platform, tenant: TenantRecord, uuid: string): CcsExtension {
  const extension = platform.ccs.extensions.byUuid(tenant.id, uuid);
  if (!extension) throw new HttpRefusal(404, `Extension '${uuid}' not found`);
  return extension;
}

/**
 * The document's body template writes `“ is_multimedia_enabled”` (a stray space inside the
 * quotes): a known field's key with surrounding spaces counts as the key (`NOTES.md` §7), unless
 * the body also has the key itself. Runs before validation, so the field is validated as usual.
 */
async function trimFieldKeys(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const trimmed = key.trim();
    if (trimmed === key || !(EXTENSION_FIELDS as readonly string[]).includes(trimmed) || trimmed in fields) continue;
    fields[trimmed] = fields[key];
    delete fields[key];
  }
}

/**
 * The CCS extension routes (`ccs-api-overview.txt` 4.8, 4.14): list a tenant's extensions (a
 * telco user by tenant uuid, a tenant-level user its own at `/extensions`) and update one.
 */
export async function extensionRoutes(app: FastifyInstance, options: { platform: Platform }): Promise<void> {
  const { platform } = options;
  const list = (tenant: TenantRecord) => listOf(platform.ccs.extensions.list(tenant.id).map(extensionItem));

  app.get<{ Params: TenantParams }>('/tenants/:tenantUuid/extensions', {
    schema: {
      tags, security, summary: 'List tenant extensions (4.8, telco user)', params: TenantParams,
      description: 'Every user of the tenant has an extension (agents or not), by extension number.',
      response: { 200: ExtensionList, ...ccsErrors },
    },
  }, async (request) => {
    const caller = requireCcs(request, VIEW);
    return list(scopedTenant(platform, caller, request.params.tenantUuid));
  });

  app.get('/extensions', {
    schema: {
      tags, security, summary: 'List tenant extensions (4.8, tenant-level user)',
      description: 'The extensions of the caller\'s own tenant; telco users use `/tenants/<tenant_uuid>/extensions` (403 here).',
      response: { 200: ExtensionList, ...ccsErrors },
    },
  }, async (request) => list(ownTenant(requireCcs(request, VIEW))));

  app.put<{ Params: ExtensionParams; Body: ExtensionUpdate }>('/tenants/:tenantUuid/extensions/:extensionUuid', {
    preValidation: trimFieldKeys,
    schema: {
      tags, security, summary: 'Update an extension (4.14)', params: ExtensionParams, body: ExtensionUpdate,
      description: 'Every field is optional (at least one is required); booleans are `true`/`false` or `"true"`/`"false"`, `max_chats` 0 to 6 as a number or '
        + 'a numeric string; unknown fields are ignored (a known key written with a stray space, as in the document\'s template, counts as the key). '
        + 'A change beyond the tenant\'s licences (`max_agents` with Named billing, `rec_extn_limit`, `monitor_ext_limit`, `chat_licenses`, '
        + '`multimedia_licenses`) is refused with 400 naming the field, and nothing changes. `is_agent` is the user\'s one flag, shared with the PBX '
        + '(`is_agent` of the PBX user) and VCC: set to false, the user is signed out, leaves its queues and loses its tiers, and is no longer an agent '
        + 'anywhere (409 while the user has a call). Answers `{"success": true}`.',
      response: { 200: Success({}), ...ccsErrors },
    },
  }, async (request) => {
    const caller = requireCcs(request, EDIT);
    const tenant = scopedTenant(platform, caller, request.params.tenantUuid);
    const extension = requireExtension(platform, tenant, request.params.extensionUuid);
    const changes = extensionChanges(request.body);
    if (Object.keys(changes).length === 0) throw new RuleViolationError(`body: give at least one of ${EXTENSION_FIELDS.join(', ')}`, 'body');
    await updateExtension(platform, tenant.id, extension, changes);
    return { success: true as const };
  });
}
