import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ClickToDialSettingsSpec } from '../../app/click-to-dial/settings.ts';
import type { Platform } from '../../app/platform.ts';
import { RuleViolationError } from '../../domain/errors.ts';
import { TenantParams, adminErrors } from './schemas.ts';

const SECURITY = [{ adminBearer: [] }];
const tags = ['Admin'];

const Settings = Type.Object({
  screenPop: Type.Object({ enabled: Type.Boolean(), url: Type.Union([Type.String(), Type.Null()]), account: Type.String(), role: Type.String() }),
  autoLogsPhone: Type.Boolean(),
  crm: Type.Object({ type: Type.String(), url: Type.Optional(Type.String()) }),
  callbackSecret: Type.String({ description: 'Signs the callbacks (X-Switchboard-Signature, docs/delivery.md) and the HTTP CRM connector\'s requests' }),
});

const CrmRecord = Type.Object({
  id: Type.String(), objectType: Type.String(), fields: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
  interactionGuid: Type.String(), agentId: Type.String(), createdAt: Type.String({ description: 'ISO 8601' }),
});

/** http or https only: the screen pop is a page the agent's browser opens, the CRM a server we post to. */
function checkUrls(body: ClickToDialSettingsSpec): void {
  const urls: [string, string | null | undefined][] = [['screenPop.url', body.screenPop?.url], ['crm.url', body.crm?.type === 'http' ? body.crm.url : undefined]];
  for (const [field, url] of urls) {
    if (url === null || url === undefined) continue;
    if (!/^https?:$/.test(new URL(url).protocol)) throw new RuleViolationError(`${field} must be an http or https URL`, field);
  }
}

/**
 * `/admin/v1/tenants/{t}/click-to-dial`: the tenant's click-to-dial integration (docs/click-to-dial.md) —
 * screen pop, auto logs for phone, the CRM connector, the callback secret; and the built-in CRM's records.
 */
export async function clickToDialAdminRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/tenants/:tenant/click-to-dial', {
    schema: { tags, security: SECURITY, summary: 'The tenant\'s click-to-dial settings (screen pop, auto logs, CRM connector)', params: TenantParams, response: { 200: Settings, ...adminErrors } },
  }, async (request) => platform.clickToDial.settings.of(platform.tenants.requireTenant(request.params.tenant).id));

  api.put('/tenants/:tenant/click-to-dial', {
    schema: {
      tags, security: SECURITY, summary: 'Change the tenant\'s click-to-dial settings (only the fields given)',
      description: 'Callbacks (`ctl_callbackUrl`) are sent only with `screenPop.enabled` and `autoLogsPhone` both on; `ctl_launchopt=true` opens `screenPop.url` in the agent\'s workspace.',
      params: TenantParams, body: ClickToDialSettingsSpec, response: { 200: Settings, ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    checkUrls(request.body);
    return platform.clickToDial.settings.update(tenant.id, request.body);
  });

  api.get('/tenants/:tenant/crm/records', {
    schema: { tags, security: SECURITY, summary: 'Records the built-in CRM created (`ctl_action=create`, `ctl_intType=sfdc`)', params: TenantParams, response: { 200: Type.Object({ records: Type.Array(CrmRecord) }), ...adminErrors } },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const records = await platform.clickToDial.localCrm.list(tenant.id);
    return { records: records.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })) };
  });
}
