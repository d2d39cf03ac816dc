import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CcsPermission } from '../../../src/domain/ccs/permissions.ts';
import { ADMIN_TOKEN, DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * The permission matrix (issue 7): every CCS route × a tenant-level user holding exactly the
 * route's documented permissions, and the same user missing each of them in turn; telco vs tenant
 * users; another tenant's and another telco's resources. The user's one role is rewritten through
 * the tenant file between cases (permissions are read on every request).
 */
const DEMO02 = 'c255052e-c560-4340-b73e-675eabc3aed3';
const DANA = 'az123456-5cca-4ff1-874e-dc1c92d6de64';
const MATRIX_ROLE = 'matrix-role-0000-0000-000000000001';
const VIEWS: CcsPermission[] = ['voice_iqs_view', 'voice_oqs_view', 'conditional_routes_view', 'vrqs_view'];
const TENANT_VIEW: CcsPermission[] = ['tenants_view', 'tenant_edit'];

interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  all: CcsPermission[];
  anyOf?: CcsPermission[];
  tenantOnly?: boolean;
  /** Names a tenant in its path (another tenant's user is refused). */
  tenantPath?: boolean;
}

const ROUTES: RouteCase[] = [
  { name: 'list products', method: 'GET', path: '/products', all: ['api', 'tenant_edit'] },
  { name: 'list roles', method: 'GET', path: '/roles', all: ['api', 'tenant_edit'] },
  { name: 'list tenants', method: 'GET', path: '/tenants', all: ['api'], anyOf: TENANT_VIEW },
  { name: 'tenant details', method: 'GET', path: `/tenants/${DEMO02}`, all: ['api'], anyOf: TENANT_VIEW, tenantPath: true },
  { name: 'tenant roles', method: 'GET', path: `/tenants/${DEMO02}/roles`, all: ['api'], anyOf: TENANT_VIEW, tenantPath: true },
  { name: 'own ACDs', method: 'GET', path: '/acds', all: ['api'], anyOf: VIEWS, tenantOnly: true },
  { name: 'tenant ACDs', method: 'GET', path: `/tenants/${DEMO02}/acds`, all: ['api'], anyOf: VIEWS, tenantPath: true },
  { name: 'presence options', method: 'GET', path: `/tenants/${DEMO02}/presence_options`, all: ['api'], anyOf: TENANT_VIEW, tenantPath: true },
  { name: 'tenant extensions', method: 'GET', path: `/tenants/${DEMO02}/extensions`, all: ['api'], anyOf: TENANT_VIEW, tenantPath: true },
  { name: 'own extensions', method: 'GET', path: '/extensions', all: ['api'], anyOf: TENANT_VIEW, tenantOnly: true },
  { name: 'text count', method: 'GET', path: `/tenants/${DEMO02}/text_count`, all: ['api'], anyOf: TENANT_VIEW, tenantPath: true },
  { name: 'text count reset', method: 'POST', path: `/tenants/${DEMO02}/text_count`, body: { request: 'reset_counter' }, all: ['api'], anyOf: TENANT_VIEW, tenantPath: true },
  { name: 'add product', method: 'POST', path: `/tenants/${DEMO02}`, body: { request: 'add_product', product: 'az123456-7a90-4e41-a91d-19c8e35e81ef' }, all: ['api', 'tenant_edit'], tenantPath: true },
  { name: 'update limits', method: 'PUT', path: `/tenants/${DEMO02}`, body: { max_queues: '20' }, all: ['api', 'tenant_edit'], tenantPath: true },
  { name: 'update extension', method: 'PUT', path: `/tenants/${DEMO02}/extensions/${DANA}`, body: { monitor: 'false' }, all: ['api', 'tenant_edit'], tenantPath: true },
  { name: 'agent state', method: 'GET', path: `/tenants/${DEMO02}/extensions/${DANA}/agent_state`, all: ['api', 'agent_control'], tenantPath: true },
  { name: 'update agent state (telco path)', method: 'POST', path: `/tenants/${DEMO02}/extensions/${DANA}`, body: { request: 'updateAgentState', name: 'Sign Out' }, all: ['api', 'agent_control'], tenantPath: true },
  { name: 'update agent state (admin)', method: 'POST', path: `/extensions/${DANA}`, body: { request: 'updateAgentState', name: 'Sign Out' }, all: ['api', 'agent_control'], tenantOnly: true },
  { name: 'update agent state (self)', method: 'POST', path: '/agent_state', body: { request: 'updateAgentState', name: 'Sign Out' }, all: ['api', 'agent_control'], tenantOnly: true },
  { name: 'list calls', method: 'GET', path: '/calls', all: ['api', 'calls_listing_view'], tenantOnly: true },
  { name: 'one call', method: 'GET', path: '/calls/0BS9DD02LEMUI', all: ['api', 'calls_view'], tenantOnly: true },
  { name: 'filter calls', method: 'GET', path: '/calls/filter?calling_number=501', all: ['api', 'calls_view'], tenantOnly: true },
  { name: 'kill a call', method: 'POST', path: '/calls/0BS9DD02LEMUI', body: { request: 'kill' }, all: ['api', 'call_control'], tenantOnly: true },
  { name: 'dial', method: 'POST', path: `/tenants/${DEMO02}/extensions/${DANA}`, body: { request: 'dial', target: '9735552106', outbound_queue_uuid: 'no-such-queue' }, all: ['api', 'call_control'], tenantOnly: true, tenantPath: true },
];

let server: TestServer;
const tokens: Record<string, string> = {};

async function login(username: string): Promise<string> {
  const res = await fetch(`${server.url}/6/v2/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_SECRET }) });
  expect(res.status, `login ${username}`).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function call(route: RouteCase, token: string | null): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (route.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}/6/v2/api${route.path}`, { method: route.method, headers, ...(route.body !== undefined && { body: JSON.stringify(route.body) }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Gives the matrix user's role exactly these permissions. */
async function grant(permissions: readonly CcsPermission[]): Promise<void> {
  await server.platform.apply({ tenants: [{ name: 'ccsdemo02', ccs: { roles: [{ uuid: MATRIX_ROLE, name: 'Matrix', permissions }] } }] });
}

beforeAll(async () => {
  server = await startTestServer();
  await server.platform.apply({
    ccs: { telcos: [{ uuid: 'othertel-0000-0000-0000-000000000001', name: 'OtherTel', users: [{ username: 'admin@othertel', password: DEMO_SECRET, roles: ['az123456-9817-4964-86ff-d2c4f11b67d0', 'az123456-ef95-44b7-afc8-54ce4cdb67f1'] }] }] },
    tenants: [{
      name: 'ccsdemo02',
      ccs: { roles: [{ uuid: MATRIX_ROLE, name: 'Matrix', permissions: [] }] },
      agents: [{ agentId: 'agMatrixUser000000000001', name: 'Matrix User', username: 'matrix@ccsdemo02', password: DEMO_SECRET, group: 1, ccs: { roles: [MATRIX_ROLE] } }],
    }],
  });
  tokens.matrix = await login('matrix@ccsdemo02');
  tokens.telco = await login('telco@broadview');
  tokens.otherTelco = await login('admin@othertel');
  tokens.acmeAdmin = await login('api@acmecorp01');
});
afterAll(async () => server?.close());

describe.each(ROUTES)('$method $path ($name)', (route) => {
  it('without a token: 401 with the documented body', async () => {
    const answer = await call(route, null);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ status: 401, reason: 'Unauthorized' });
  });

  it('with exactly its permissions: allowed', async () => {
    await grant([...route.all, ...(route.anyOf?.slice(0, 1) ?? [])]);
    const answer = await call(route, tokens.matrix ?? '');
    expect(answer.status, JSON.stringify(answer.body)).not.toBe(403);
    expect(answer.status).toBeLessThan(500);
    expect(answer.status).not.toBe(401);
  });

  it('missing any one of them: 403 naming it', async () => {
    for (const missing of route.all) {
      await grant([...route.all.filter((p) => p !== missing), ...(route.anyOf ?? [])]);
      const answer = await call(route, tokens.matrix ?? '');
      expect(answer.status, `without ${missing}: ${JSON.stringify(answer.body)}`).toBe(403);
      expect(answer.body.success).toBe(false);
      expect(String(answer.body.reason)).toMatch(/permission/);
    }
    if (route.anyOf) {
      await grant(route.all);
      expect((await call(route, tokens.matrix ?? '')).status, 'with none of the alternatives').toBe(403);
      for (const alternative of route.anyOf) {
        await grant([...route.all, alternative]);
        expect((await call(route, tokens.matrix ?? '')).status, `with only ${alternative}`).not.toBe(403);
      }
    }
  });

  it(route.tenantOnly === true ? 'a telco user is refused (tenant-level only)' : 'a telco user of its telco may use it', async () => {
    const answer = await call(route, tokens.telco ?? '');
    if (route.tenantOnly === true) expect(answer.status, JSON.stringify(answer.body)).toBe(403);
    else expect([401, 403], JSON.stringify(answer.body)).not.toContain(answer.status);
  });

  it.runIf(route.tenantPath === true)("another tenant's user and another telco's user are refused", async () => {
    expect((await call(route, tokens.acmeAdmin ?? '')).status).toBe(403);
    expect((await call(route, tokens.otherTelco ?? '')).status).toBe(403);
  });
});

describe('scope', () => {
  it('a telco user lists only its telco\'s tenants; another telco sees none of them', async () => {
    const mine = (await call({ name: '', method: 'GET', path: '/tenants', all: [] }, tokens.telco ?? '')).body;
    const names = (mine.items as { uuid: string }[]).map((t) => t.uuid);
    expect(names).toContain(DEMO02);
    const theirs = (await call({ name: '', method: 'GET', path: '/tenants', all: [] }, tokens.otherTelco ?? '')).body;
    expect(theirs.items).toEqual([]);
  });

  it("another tenant's extension or call is not found from a tenant-level user's own routes (404)", async () => {
    const fixture = await fetch(`${server.url}/admin/v1/demo/ccs-examples/waiting`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const { callId } = (await fixture.json()) as { callId: string };
    tokens.demoAdmin = await login('admin@ccsdemo02');
    const asAcme = { name: '', method: 'GET' as const, path: `/calls/${callId}`, all: [] };
    expect((await call(asAcme, tokens.demoAdmin)).status).toBe(200);
    expect((await call(asAcme, tokens.acmeAdmin ?? '')).status).toBe(404);
    const foreignExtension = { name: '', method: 'POST' as const, path: `/extensions/${DANA}`, body: { request: 'updateAgentState', name: 'Ready' }, all: [] };
    expect((await call(foreignExtension, tokens.acmeAdmin ?? '')).status).toBe(404);
    const kill = { name: '', method: 'POST' as const, path: `/calls/${callId}`, body: { request: 'wait_kill' }, all: [] };
    expect((await call(kill, tokens.acmeAdmin ?? '')).status).toBe(404);
    expect((await call(kill, tokens.demoAdmin)).status).toBe(200);
  });

  it('an unknown tenant is 404', async () => {
    const answer = await call({ name: '', method: 'GET', path: '/tenants/no-such-tenant', all: [] }, tokens.telco ?? '');
    expect(answer.status).toBe(404);
  });
});
