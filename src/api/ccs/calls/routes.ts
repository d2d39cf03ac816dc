import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../app/platform.ts';
import type { CcsCallRecord } from '../../../domain/ccs/call-record.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import { HttpRefusal } from '../../http/failures.ts';
import { ownTenant, requireCcs } from '../auth.ts';
import { ccsErrors, ListOf, listOf } from '../envelope.ts';
import { controlCall } from './control.ts';
import { isTimeZone, localToUtc } from './local-time.ts';
import { toCcsCall } from './mappers.ts';
import { CallParams, CallRequestBody, CcsCall, CcsCallBody, FilterQuery } from './schemas.ts';

const TAGS = ['CCS calls'];
const SECURITY = [{ ccsBearer: [] }];
/** The most calls one list answers (oldest first; narrow with /calls/filter's time range for more). */
const LIST_LIMIT = 1000;
/** `GET /calls` lists the recent calls: those started within this window (contact-center time). */
const RECENT_MS = 24 * 3600_000;

const SHAPES = [
  'A call has one of two shapes (the document cuts both off; this is our design in the family\'s style, snake_case):',
  '- **progress** (never answered: waiting in an ACD, ringing an agent, dialling — or `ended` without an answer): `call_id`, `tenant_id`, `direction`',
  '  (`inbound` | `outbound`), `state`, `calling_number`, `called_number`, `acd` ({uuid, name, extension} or null), `extension` ({uuid, extension} of the',
  '  agent ringing / connected / last, or null), `start_time`, `end_time` (ISO 8601 UTC or null), `wait_duration` (seconds), `waiting`, `end_cause`,',
  '  `recording`, `suppressed`, `suppressions` [{start, end}], `transferred_to`.',
  '- **answered** (connected, or `ended` after an answer): the same plus `answer_time` and `talk_duration` (seconds).',
].join('\n');

/** A tenant-level user's tenant, with the calls projected up to now (a read after a write sees it). */
async function callsTenant(platform: Platform, tenant: TenantRecord): Promise<TenantRecord> {
  await platform.ccs.calls.caughtUp(tenant.id);
  return tenant;
}

async function requireCall(platform: Platform, tenant: TenantRecord, callId: string): Promise<CcsCallRecord> {
  const call = await platform.ccs.calls.find(tenant.id, callId);
  if (!call) throw new HttpRefusal(404, `Call '${callId}' not found`);
  return call;
}

/** The filter's time range in contact-center ms; a bad zone or date-time is a 400 naming the parameter. */
function rangeOf(query: FilterQuery): { fromMs?: number; toMs?: number } {
  const zone = query.time_z ?? 'UTC';
  if (!isTimeZone(zone)) throw new HttpRefusal(400, `time_z: '${zone}' is not an IANA time zone`);
  const at = (name: 'from_datetime' | 'to_datetime'): number | undefined => {
    const text = query[name];
    if (text === undefined || text === '') return undefined;
    const ms = localToUtc(text, zone);
    if (ms === null) throw new HttpRefusal(400, `${name}: '${text}' is not a date-time like 2021-10-07T07:22:21`);
    return ms;
  };
  const fromMs = at('from_datetime');
  const toMs = at('to_datetime');
  if (fromMs !== undefined && toMs !== undefined && toMs < fromMs) throw new HttpRefusal(400, 'to_datetime: must not be before from_datetime');
  return { ...(fromMs !== undefined && { fromMs }), ...(toMs !== undefined && { toMs }) };
}

/**
 * `/calls` (`ccs-api-overview.txt` 4.19–4.27, tenant-level users only): list, filter and read the
 * tenant's calls (projected from the event log by `platform.ccs.calls`), and the call requests
 * (`POST /calls/<id>`, handled by `control.ts`).
 */
export async function callRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/calls', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'List calls',
      description: `API + Calls Listing View, tenant-level users only. The tenant's recent calls — started in the last 24 hours — in start order `
        + `(oldest first), at most ${LIST_LIMIT}; \`/calls/filter\` reaches older calls and narrows by numbers and time.\n\nBody: \`{"total": "<n>", "success": true, "items": [call, ...]}\`.\n\n${SHAPES}`,
      response: { 200: ListOf(CcsCall), ...ccsErrors },
    },
  }, async (request) => {
    const tenant = await callsTenant(platform, ownTenant(requireCcs(request, { all: ['api', 'calls_listing_view'] }, { tenantLevelOnly: true })));
    const now = platform.clock.now();
    const calls = await platform.ccs.calls.list(tenant.id, { fromMs: now - RECENT_MS, limit: LIST_LIMIT });
    return listOf(calls.map((c) => toCcsCall(platform, tenant, c, now)));
  });

  api.get('/calls/filter', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Search for calls',
      description: 'API + Calls View, tenant-level users only. Every parameter is optional: `calling_number` and `called_number` match exactly '
        + '(a leading `+` is ignored); `from_datetime` and `to_datetime` (inclusive) are local date-times such as `2021-10-07T07:22:21` in the zone '
        + `\`time_z\` (any IANA name, default UTC) and select calls by start time. At most ${LIST_LIMIT}, oldest first.\n\n`
        + `Body: \`{"total": "<n>", "success": true, "items": [call, ...]}\`.\n\n${SHAPES}`,
      querystring: FilterQuery, response: { 200: ListOf(CcsCall), ...ccsErrors },
    },
  }, async (request) => {
    const tenant = ownTenant(requireCcs(request, { all: ['api', 'calls_view'] }, { tenantLevelOnly: true }));
    const range = rangeOf(request.query);
    const { calling_number: callingNumber, called_number: calledNumber } = request.query;
    await callsTenant(platform, tenant);
    const now = platform.clock.now();
    const calls = await platform.ccs.calls.list(tenant.id, {
      ...range, limit: LIST_LIMIT,
      ...(callingNumber !== undefined && callingNumber !== '' && { callingNumber }),
      ...(calledNumber !== undefined && calledNumber !== '' && { calledNumber }),
    });
    return listOf(calls.map((c) => toCcsCall(platform, tenant, c, now)));
  });

  api.get('/calls/:callId', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Get a call',
      description: `API + Calls View, tenant-level users only. Unknown id: 404.\n\nBody: the call's fields beside \`"success": true\`.\n\n${SHAPES}`,
      params: CallParams, response: { 200: CcsCallBody, ...ccsErrors },
    },
  }, async (request) => {
    const tenant = await callsTenant(platform, ownTenant(requireCcs(request, { all: ['api', 'calls_view'] }, { tenantLevelOnly: true })));
    const call = await requireCall(platform, tenant, request.params.callId);
    return { success: true as const, ...toCcsCall(platform, tenant, call, platform.clock.now()) };
  });

  api.post('/calls/:callId', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Call requests: suppression, kill, wait_transfer, wait_redirect, wait_kill',
      description: 'API + Call Control, tenant-level users only. `{"request": "startSuppression" | "stopSuppression" | "kill" | "wait_transfer" | '
        + '"wait_redirect" | "wait_kill", "target": ...}` (target for wait_transfer: an extension, ACD extension or number; for wait_redirect: an ACD uuid). '
        + 'The answers the document cuts off (`NOTES.md` §7): suppression `{"success": true, "call_id", "request", "suppressed": true|false}`; '
        + 'kill and wait_kill `{"success": true, "call_id", "request", "killed": true}`; wait_redirect `{"success": true, "call_id", "request", "target"}`; '
        + 'wait_transfer the same plus `"target_type": "extension"|"acd"|"number"`. Suppression needs a connected, recorded call (the agent\'s extension '
        + 'records: Mandatory); the wait_* requests need a caller still waiting in an ACD; otherwise 409 with the reason. kill ends any live call.',
      params: CallParams, body: CallRequestBody,
      response: { 200: Type.Object({ success: Type.Literal(true) }, { additionalProperties: true }), ...ccsErrors },
    },
  }, async (request) => {
    const tenant = await callsTenant(platform, ownTenant(requireCcs(request, { all: ['api', 'call_control'] }, { tenantLevelOnly: true })));
    const call = await requireCall(platform, tenant, request.params.callId);
    return controlCall(platform, request.body, tenant, call);
  });
}
