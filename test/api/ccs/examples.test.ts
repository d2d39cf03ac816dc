import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiChecker } from '../../support/openapi.ts';
import { ADMIN_TOKEN, DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * Every example request of `ccs-api-overview.txt` §4, as written — host changed, the token from
 * the login, typography fixed (`NOTES.md` §7, §9) — over real HTTP against the demo, answered in
 * the documented shape and as the OpenAPI document says. The telco user `telco@broadview` sends
 * the `/tenants/<uuid>/...` examples; the tenant admin `admin@ccsdemo02` the tenant-level ones.
 * Call examples get a call of their own (`POST /admin/v1/demo/ccs-examples/{example}`).
 */
const LAB15 = '327241fd-1234-46fe-9276-cc65dac6feae';
const DEMO02 = 'c255052e-c560-4340-b73e-675eabc3aed3';
const DANA = 'az123456-5cca-4ff1-874e-dc1c92d6de64';
const TOM = 'az123456-30b7-4b06-9d87-7607033e2712';

let server: TestServer;
let checker: OpenApiChecker;
const token = { telco: '', tenant: '' };

async function login(username: string): Promise<string> {
  const res = await fetch(`${server.url}/6/v2/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_SECRET }) });
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  server = await startTestServer();
  checker = await OpenApiChecker.load(server.url);
  token.telco = await login('telco@broadview');
  token.tenant = await login('admin@ccsdemo02');
});
afterAll(() => server.close());

type Answer = { status: number; body: Record<string, unknown> };

async function example(as: keyof typeof token, method: string, path: string, body?: unknown): Promise<Answer> {
  const url = `/6/v2/api${path}`;
  const res = await fetch(`${server.url}${url}`, {
    method, headers: { authorization: `Bearer ${token[as]}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  checker.check(method, url, res.status, res.headers.get('content-type'), text);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

async function fixture(name: 'connected' | 'waiting'): Promise<string> {
  const res = await fetch(`${server.url}/admin/v1/demo/ccs-examples/${name}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { callId: string }).callId;
}

const keysOf = (value: unknown): string[] => Object.keys(value as object).sort();

describe('ccs-api-overview.txt §4 examples against the demo', () => {
  it('4.1 GET /products/', async () => {
    const res = await example('tenant', 'GET', '/products/');
    expect(res).toMatchObject({ status: 200, body: { success: true, total: expect.any(String) } });
    expect(res.body.items).toEqual(expect.arrayContaining([{ uuid: 'az123456-d7ef-4638-9cff-ef6aaba3e77f', notes: 'R7.3 Feature', name: '+AG' }]));
  });

  it('4.2 GET /roles/', async () => {
    const res = await example('tenant', 'GET', '/roles/');
    expect(res.body).toEqual({ total: '3', success: true, items: [
      { uuid: 'az123456-a5f9-488c-9bb6-e947f3f33d2b', name: 'Tenant Admin' },
      { uuid: 'az123456-9817-4964-86ff-d2c4f11b67d0', name: 'Telco Admin' },
      { uuid: 'az123456-ef95-44b7-afc8-54ce4cdb67f1', name: 'API' },
    ] });
  });

  it('4.3 GET /tenants', async () => {
    const res = await example('telco', 'GET', '/tenants');
    expect(res.status).toBe(200);
    const lab = (res.body.items as Record<string, unknown>[]).find((t) => t.uuid === LAB15);
    expect(keysOf(lab)).toEqual(['created_by', 'created_on', 'cross_reference', 'modified_by', 'modified_on', 'product_id', 'product_name', 'sil_authentication', 'sil_tenant_id', 'sil_tenant_name', 'sil_tenant_url', 'silhouette_id', 'status', 'telco_id', 'uuid']);
    expect(lab).toMatchObject({ telco_id: { uuid: 'az123456-eee4-46f5-baf9-a9d661bfa92a', name: 'Broadview' }, status: 'enable', sil_tenant_name: 'CCSLab15', product_name: 'Call Center Services' });
  });

  it('4.4 GET /tenants/327241fd-1234-46fe-9276-cc65dac6feae', async () => {
    const res = await example('telco', 'GET', `/tenants/${LAB15}`);
    expect(res.body).toMatchObject({
      success: true, uuid: LAB15, name: 'CCSLab15', timezone: 'US/Eastern', max_agents: '100', max_queues: '45', rec_extn_limit: '10', monitor_ext_limit: '3',
      chat_licenses: '6', multimedia_licenses: '6', group_agent_limit: '1', max_agents_count: expect.any(Number), max_queues_count: 2, site_ip_address: '58.00.231.32',
    });
  });

  it('4.5 GET /tenants/<uuid>/roles', async () => {
    const res = await example('telco', 'GET', `/tenants/${LAB15}/roles`);
    expect(res.body).toMatchObject({ success: true, total: expect.any(String) });
    expect(res.body.items).toEqual(expect.arrayContaining([{ uuid: 'az123456-ac4e-4caf-922b-52ef715da6c7', name: 'US1398 (Voice Help)' }]));
  });

  it('4.6 GET /acds and /tenants/<uuid>/acds: items nest one inner array', async () => {
    const own = await example('tenant', 'GET', '/acds');
    expect(own.body).toMatchObject({ success: true, total: 3 });
    expect((own.body.items as unknown[][])[0]).toEqual(expect.arrayContaining([{ uuid: 'az123456-f645-47b6-bd71-e9f493ff8ac9', type: 'voice_queues', tenant_id: DEMO02, name: 'Sales', extension: '701', alternate_extensions: [] }]));
    const lab = await example('telco', 'GET', `/tenants/${LAB15}/acds`);
    expect(lab.body.items).toEqual([expect.arrayContaining([{ uuid: 'az123456-0817-40a5-86aa-0f43becbd6f6', type: 'voice_queues', tenant_id: LAB15, name: 'Q3878', extension: '387', alternate_extensions: [] }])]);
  });

  it('4.7 GET /tenants/<uuid>/presence_options', async () => {
    const res = await example('telco', 'GET', `/tenants/${LAB15}/presence_options`);
    const items = res.body.items as { type: string; name: string }[];
    expect(items.map(({ type, name }) => ({ type, name }))).toEqual(expect.arrayContaining([
      { type: 'sign_out', name: 'Holiday In Bahamas' }, { type: 'sign_out', name: 'Sign Out' }, { type: 'away', name: 'Coffee Break' }, { type: 'away', name: 'Lunch Break' },
    ]));
  });

  it('4.8 GET /tenants/<uuid>/extensions (telco) and /extensions (tenant)', async () => {
    const lab = await example('telco', 'GET', `/tenants/${LAB15}/extensions`);
    expect(lab.body).toEqual({ total: '3', success: true, items: expect.arrayContaining([
      { uuid: 'az123456-7c49-49a8-80fc-ae173a422a36', lastname: 'Nath', firstname: 'Reese', extension: '114' },
      { uuid: 'az123456-57be-4919-aa73-b2e6341fe461', lastname: 'Patel', firstname: 'Sonny', extension: '113' },
      { uuid: 'az123456-7bee-4351-bcd6-ecc2d8620b83', lastname: 'Masters', firstname: 'Rob', extension: '112' },
    ]) });
    const own = await example('tenant', 'GET', '/extensions');
    expect(own.body.items).toEqual(expect.arrayContaining([{ uuid: TOM, lastname: 'Transfer', firstname: 'Tom', extension: '102' }]));
  });

  it('4.9 and 4.10 GET and POST /tenants/<uuid>/text_count', async () => {
    const count = await example('telco', 'GET', `/tenants/${LAB15}/text_count`);
    expect(count.body.success).toBe(true);
    const reset = await example('telco', 'POST', `/tenants/${LAB15}/text_count`, { request: 'reset_counter' });
    expect(reset.body.success).toBe(true);
  });

  it('4.11 and 4.12 add and delete a tenant product', async () => {
    const added = await example('telco', 'POST', `/tenants/${LAB15}`, { request: 'add_product', product: 'c4389d99-1434-42ca-98ab-b5803b9b608d' });
    expect(added).toEqual({ status: 200, body: { success: true, uuid: 'c4389d99-1434-42ca-98ab-b5803b9b608d' } });
    const deleted = await example('telco', 'POST', `/tenants/${LAB15}`, { request: 'delete_product', product: 'az123456-1434-42ca-98ab-b5803b9b608d' });
    expect(deleted).toEqual({ status: 200, body: { success: true, uuid: 'az123456-1434-42ca-98ab-b5803b9b608d' } });
  });

  it('4.13 PUT /tenants/<uuid> (limits and licences; typography fixed)', async () => {
    const res = await example('telco', 'PUT', `/tenants/${LAB15}`, {
      product_name: 'New Product', rec_extn_limit: '10', monitor_ext_limit: '3', max_queues: '100', max_agents: '100',
      group_agent_limit: '0', chat_licenses: '6', multimedia_licenses: '6', agent_billing: 'Concurrent',
    });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    const details = await example('telco', 'GET', `/tenants/${LAB15}`);
    expect(details.body).toMatchObject({ product_name: 'New Product', max_queues: '100' });
  });

  it('4.14 PUT /tenants/<uuid>/extensions/<uuid> (typography fixed)', async () => {
    const res = await example('telco', 'PUT', `/tenants/${LAB15}/extensions/az123456-7c49-49a8-80fc-ae173a422a36`, {
      is_agent: 'true', recording_type: 'None', monitor: 'false', max_chats: '3', is_multimedia_enabled: 'true',
    });
    expect(res).toEqual({ status: 200, body: { success: true } });
  });

  it('4.15 GET agent_state (telco user)', async () => {
    const res = await example('telco', 'GET', `/tenants/${DEMO02}/extensions/${DANA}/agent_state`);
    expect(keysOf(res.body)).toEqual(['agent_state', 'consecutive_missed', 'phone_state', 'queue_state', 'success']);
    expect(res.body).toMatchObject({
      success: true, queue_state: { state: expect.any(String), queue: expect.any(String), duration: expect.any(String) },
      phone_state: { state: expect.any(String), duration: expect.stringMatching(/^\d+:\d\d:\d\d$/) }, consecutive_missed: 0,
      agent_state: { state: { type: expect.any(String), name: expect.any(String) }, duration: expect.stringMatching(/^\d+:\d\d:\d\d$/) },
    });
  });

  it('4.16, 4.17, 4.18 updateAgentState "Lunch Break": the VCC API shows the break', async () => {
    const telco = await example('telco', 'POST', `/tenants/${DEMO02}/extensions/${DANA}`, { request: 'updateAgentState', name: 'Lunch Break' });
    expect(telco).toEqual({ status: 200, body: { success: true } });
    const admin = await example('tenant', 'POST', `/extensions/${TOM}`, { request: 'updateAgentState', name: 'Lunch Break' });
    expect(admin).toEqual({ status: 200, body: { success: true } });
    const self = await example('tenant', 'POST', '/agent_state', { request: 'updateAgentState', name: 'Lunch Break' });
    expect(self).toEqual({ status: 200, body: { success: true } });
    const vcc = await fetch(`${server.url}/api/v1/tenants/ccsdemo02/agentstatus/agents/agCcsDemo02Dana000000001`, { headers: { authorization: server.basic('ccsdemo02') } });
    expect(await vcc.json()).toMatchObject({ 'agent-status': 3, 'status-code-list-id': 802, 'status-code-item-id': 1801 });
    const state = await example('telco', 'GET', `/tenants/${DEMO02}/extensions/${DANA}/agent_state`);
    expect(state.body.agent_state).toMatchObject({ state: { type: 'away', name: 'Lunch Break' } });
  });

  it('4.19 GET /calls, 4.20 GET /calls/<id>, 4.21 GET /calls/filter', async () => {
    const callId = await fixture('connected');
    const list = await example('tenant', 'GET', '/calls');
    expect(list.body).toMatchObject({ success: true, total: expect.any(String) });
    expect((list.body.items as { call_id: string }[]).map((c) => c.call_id)).toContain(callId);
    const one = await example('tenant', 'GET', `/calls/${callId}`);
    expect(one.body).toMatchObject({ success: true, call_id: callId, state: 'answered' });
    const filter = await example('tenant', 'GET', '/calls/filter?calling_number=501&called_number=101&from_datetime=2021-10-07T07:22:21&to_datetime=2021-10-07T07:22:24&time_z=UTC');
    expect(filter.body).toMatchObject({ success: true, total: '0', items: [] });
    await example('tenant', 'POST', `/calls/${callId}`, { request: 'kill' });
  });

  it('4.22 and 4.23 start and stop suppression', async () => {
    const callId = await fixture('connected');
    const start = await example('tenant', 'POST', `/calls/${callId}`, { request: 'startSuppression' });
    expect(start.status).toBe(200);
    expect(start.body.success).toBe(true);
    const stop = await example('tenant', 'POST', `/calls/${callId}`, { request: 'stopSuppression' });
    expect(stop.body.success).toBe(true);
    const call = await example('tenant', 'GET', `/calls/${callId}`);
    expect((call.body.suppressions as unknown[]).length).toBe(1);
    await example('tenant', 'POST', `/calls/${callId}`, { request: 'kill' });
  });

  it('4.24 kill', async () => {
    const callId = await fixture('connected');
    const res = await example('tenant', 'POST', `/calls/${callId}`, { request: 'kill' });
    expect(res.body.success).toBe(true);
    expect((await example('tenant', 'GET', `/calls/${callId}`)).body.state).toBe('ended');
  });

  it('4.25 wait_transfer to an extension (102) and to a number', async () => {
    for (const target of ['102', '19735552109']) {
      const callId = await fixture('waiting');
      const res = await example('tenant', 'POST', `/calls/${callId}`, { request: 'wait_transfer', target });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.success).toBe(true);
    }
  });

  it('4.26 wait_redirect to ACD az123456-f645-47b6-bd71-e9f493ff8ac9', async () => {
    const callId = await fixture('waiting');
    const res = await example('tenant', 'POST', `/calls/${callId}`, { request: 'wait_redirect', target: 'az123456-f645-47b6-bd71-e9f493ff8ac9' });
    expect(res.body.success).toBe(true);
  });

  it('4.27 wait_kill', async () => {
    const callId = await fixture('waiting');
    const res = await example('tenant', 'POST', `/calls/${callId}`, { request: 'wait_kill' });
    expect(res.body.success).toBe(true);
    expect((await example('tenant', 'GET', `/calls/${callId}`)).body.state).toBe('ended');
  });

  it('4.28 dial (click to call via outbound queue az123456-c0ed-42b7-8e8c-d50c4991828c): a call the VCC API can end', async () => {
    // The documented states back (calls and post-processing ended, Dana available), as between any two examples.
    expect((await fetch(`${server.url}/admin/v1/demo/reset`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    const res = await example('tenant', 'POST', `/tenants/${DEMO02}/extensions/${DANA}`, { request: 'dial', target: '819735552106', outbound_queue_uuid: 'az123456-c0ed-42b7-8e8c-d50c4991828c' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ success: true, call_id: expect.stringMatching(/^[0-9A-Z]{13}$/) });
    const record = await server.platform.ccs.calls.find(server.platform.tenants.requireTenant('ccsdemo02').id, String(res.body.call_id));
    const guid = record?.interactionGuid ?? '';
    const end = await fetch(`${server.url}/api/v1/tenants/ccsdemo02/calls/${guid}?endPostProcessing=true`, { method: 'DELETE', headers: { authorization: server.basic('ccsdemo02') } });
    expect(end.status).toBeLessThan(300);
  });
});
