import type { FastifyInstance } from 'fastify';
import { presenceOptions, readAgentState, requireCcsAgent, updateAgentState } from '../../../app/ccs/agent-state.ts';
import type { Platform } from '../../../app/platform.ts';
import type { Requirement } from '../../../domain/ccs/permissions.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import { HttpRefusal } from '../../http/failures.ts';
import { ownTenant, requireCcs, scopedTenant } from '../auth.ts';
import { dialFor } from '../calls/dial.ts';
import { ccsErrors, listOf } from '../envelope.ts';
import { requireExtension } from '../extensions/routes.ts';
import {
  AgentStateBody, Done, DoneOrDialled, ExtensionParams, ExtensionRequest, OwnExtensionParams, PresenceOptionList, TenantParams, UpdateAgentStateBody,
} from './schemas.ts';

const tags = ['CCS agent state'];
const security = [{ ccsBearer: [] }];
/** "API, Agent Control" (4.15–4.18). */
const AGENT_CONTROL: Requirement = { all: ['api', 'agent_control'] };
/** "API, Call Control (Only for tenant level users)" (4.28). */
const CALL_CONTROL: Requirement = { all: ['api', 'call_control'] };
/** "API, Tenants View/Tenant Edit" (4.7). */
const TENANT_VIEW: Requirement = { all: ['api'], anyOf: ['tenants_view', 'tenant_edit'] };

const UPDATE_RULES = '`{"request": "updateAgentState", "name": "Ready" | "<presence option name>"}` (`GET /tenants/<tenant_uuid>/presence_options`). '
  + '"Ready" (any case) makes the agent available — and signs in a signed-out agent (the CCS login, subject to Concurrent licences). '
  + 'A name is matched exactly first, then ignoring case, among the options of the agent\'s group: an `away` option of break kind puts the agent on a break '
  + '(VCC status 3 with that reason), of offline kind working offline (5), a `sign_out` option signs the agent out with that reason (1). '
  + 'A signed-out agent signs in only with "Ready" (an away option is refused). During a call or its wrap-up the change is accepted and applied '
  + 'when they end. The same state again is a success that changes nothing. The extension must be an agent (`is_agent`), else 400; '
  + 'an unknown name is a 400 naming `name`. Answers `{"success": true}`.';

const STATE_SHAPE = 'Body as documented. `agent_state.state`: `{type: "ready", name: "Ready"}` when available; `{type: "away", name: <the reason\'s option>}` on a '
  + 'break or working offline; `{type: "sign_out", name: <the reason\'s option, or "Sign Out">}` when signed out or never signed in; `duration` since that '
  + 'presence began. `phone_state.state`: `Idle` (no live call; duration since the last call ended, else since the presence began), `Ringing` (a call is '
  + 'ringing the agent\'s device; since it started ringing), `Busy` (on a call, either line, queue or direct; since the agent answered). `queue_state`: '
  + '`None` (queue `""`, duration `"0"`), `Offered` (a queue call rings the agent), `Connected` (on a queue call), `Wrap Up` (post-processing after one), '
  + 'with the ACD\'s name and the time in that state. `consecutive_missed`: queue offers missed in a row. Durations are "H:MM:SS", hours unbounded.';

/**
 * The CCS agent-state routes (`ccs-api-overview.txt` 4.7, 4.15–4.18) and `dial` (4.28), which
 * shares the telco path `POST /tenants/<t>/extensions/<e>` and is handled by `calls/dial.ts`.
 */
export async function agentStateRoutes(app: FastifyInstance, options: { platform: Platform }): Promise<void> {
  const { platform } = options;
  const update = async (tenant: TenantRecord, agentId: string, extension: string, name: string) => {
    await updateAgentState(platform, tenant, agentId, extension, name);
    return { success: true as const };
  };

  app.get<{ Params: TenantParams }>('/tenants/:tenantUuid/presence_options', {
    schema: {
      tags, security, summary: 'List tenant presence options (4.7)', params: TenantParams,
      description: 'The tenant\'s reason codes (every list but the system list): `away` for break and offline reasons, `sign_out` for sign-out reasons; `name` '
        + 'is what `updateAgentState` takes. Uuids are stable.',
      response: { 200: PresenceOptionList, ...ccsErrors },
    },
  }, async (request) => {
    const caller = requireCcs(request, TENANT_VIEW);
    const tenant = scopedTenant(platform, caller, request.params.tenantUuid);
    return listOf(presenceOptions(platform, tenant).map(({ uuid, type, name }) => ({ uuid, type, name })));
  });

  app.get<{ Params: ExtensionParams }>('/tenants/:tenantUuid/extensions/:extensionUuid/agent_state', {
    schema: { tags, security, summary: 'Get agent state (4.15)', description: STATE_SHAPE, params: ExtensionParams, response: { 200: AgentStateBody, ...ccsErrors } },
  }, async (request) => {
    const caller = requireCcs(request, AGENT_CONTROL);
    const tenant = scopedTenant(platform, caller, request.params.tenantUuid);
    const extension = requireExtension(platform, tenant, request.params.extensionUuid);
    const agent = requireCcsAgent(platform, tenant.id, extension.agentId, extension.extension);
    return { success: true as const, ...readAgentState(platform, tenant, agent) };
  });

  app.post<{ Params: ExtensionParams; Body: ExtensionRequest }>('/tenants/:tenantUuid/extensions/:extensionUuid', {
    schema: {
      tags, security, summary: 'Update agent state (4.16) or dial (4.28)', params: ExtensionParams, body: ExtensionRequest,
      description: `\`updateAgentState\`: API + Agent Control, telco users and the tenant's own tenant-level users. ${UPDATE_RULES}\n\n`
        + '`dial`: API + Call Control, tenant-level users only: `{"request": "dial", "target": "<number>", "outbound_queue_uuid": "<uuid>"}` places a call for '
        + 'the extension (its device rings first, then the target) and answers `{"success": true, "call_id": "<id>"}`. Any other `request` is a 400.',
      response: { 200: DoneOrDialled, ...ccsErrors },
    },
  }, async (request) => {
    const { body, params } = request;
    if (body.request === 'dial') {
      const caller = requireCcs(request, CALL_CONTROL, { tenantLevelOnly: true });
      const tenant = scopedTenant(platform, caller, params.tenantUuid);
      return dialFor(platform, tenant, requireExtension(platform, tenant, params.extensionUuid), body);
    }
    if (body.request !== 'updateAgentState') {
      requireCcs(request, { all: ['api'] });
      throw new HttpRefusal(400, `request: '${body.request}' is not updateAgentState or dial`);
    }
    const caller = requireCcs(request, AGENT_CONTROL);
    const tenant = scopedTenant(platform, caller, params.tenantUuid);
    const extension = requireExtension(platform, tenant, params.extensionUuid);
    if (body.name === undefined) throw new HttpRefusal(400, 'name: "Ready" or a presence option\'s name is required');
    return update(tenant, extension.agentId, extension.extension, body.name);
  });

  app.post<{ Body: UpdateAgentStateBody }>('/agent_state', {
    schema: {
      tags, security, summary: 'Update agent state (4.17, self)', body: UpdateAgentStateBody,
      description: `API + Agent Control, tenant-level users only: the caller's own state. ${UPDATE_RULES}`,
      response: { 200: Done, ...ccsErrors },
    },
  }, async (request) => {
    const caller = requireCcs(request, AGENT_CONTROL, { tenantLevelOnly: true });
    const tenant = ownTenant(caller);
    const extension = caller.agentId === null ? undefined : platform.ccs.extensions.of(tenant.id, caller.agentId);
    if (!extension) throw new HttpRefusal(403, 'Forbidden: only an extension of the tenant has an agent state');
    return update(tenant, extension.agentId, extension.extension, request.body.name);
  });

  app.post<{ Params: OwnExtensionParams; Body: UpdateAgentStateBody }>('/extensions/:extensionUuid', {
    schema: {
      tags, security, summary: 'Update agent state (4.18, tenant admin)', params: OwnExtensionParams, body: UpdateAgentStateBody,
      description: `API + Agent Control, tenant-level users only: an extension of the caller's own tenant. ${UPDATE_RULES}`,
      response: { 200: Done, ...ccsErrors },
    },
  }, async (request) => {
    const tenant = ownTenant(requireCcs(request, AGENT_CONTROL, { tenantLevelOnly: true }));
    const extension = requireExtension(platform, tenant, request.params.extensionUuid);
    return update(tenant, extension.agentId, extension.extension, request.body.name);
  });
}
