import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * CCS tenant-level routes (`ccs-api-overview.txt` 4.1–4.5, 4.9–4.13) against a real server with
 * the demo: the telco user `telco@broadview` manages ccslab15, ccsdemo02 and acmecorp01; a second
 * telco (provisioned here) owns `othertelco01`.
 */

const CCSLAB15 = '327241fd-1234-46fe-9276-cc65dac6feae';
const CCSDEMO02 = 'c255052e-c560-4340-b73e-675eabc3aed3';
const OTHER = 'ccs-test-other-tenant-0001';
const BROADVIEW = 'az123456-eee4-46f5-baf9-a9d661bfa92a';
const ROLES = { telcoAdmin: 'az123456-9817-4964-86ff-d2c4f11b67d0', api: 'az123456-ef95-44b7-afc8-54ce4cdb67f1' };
const CAMPAIGN = 'az123456-7a90-4e41-a91d-19c8e35e81ef';
const ADD_EXAMPLE = 'c4389d99-1434-42ca-98ab-b5803b9b608d';

let server: TestServer;
let telco: string;
let tenantUser: string;
let otherTelco: string;

type Body = Record<string, unknown> & { success?: boolean; reason?: string; items?: Record<string, unknown>[]; total?: string };

async function send(token: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<{ status: number; body: Body }> {
  const res = await server.app.inject({
    method, url: `/6/v2/api${url}`, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.json<Body>() };
}

async function login(username: string): Promise<string> {
  const res = await server.app.inject({ method: 'POST', url: '/6/v2/api/login', payload: { username, password: DEMO_SECRET } });
  expect(res.statusCode).toBe(200);
  return res.json<{ token: string }>().token;
}

const refused = (a: { status: number; body: Body }, status: number, reason: RegExp): void => {
  expect(a.status).toBe(status);
  expect(a.body).toEqual({ success: false, reason: expect.stringMatching(reason) as unknown });
};

beforeAll(async () => {
  server = await startTestServer();
  const res = await server.app.inject({
    method: 'PUT', url: '/admin/v1/provisioning', headers: { authorization: server.admin },
    payload: {
      ccs: { telcos: [{ uuid: 'telco-other-0001', name: 'Othertel', users: [{ username: 'telco@othertel', password: DEMO_SECRET, roles: [ROLES.telcoAdmin, ROLES.api] }] }] },
      tenants: [{ name: 'othertelco01', ccsUuid: OTHER, timezone: 'Europe/Paris', ccs: { telco: 'telco-other-0001' } }],
    },
  });
  expect(res.statusCode).toBe(200);
  telco = await login('telco@broadview');
  tenantUser = await login('admin@ccsdemo02');
  otherTelco = await login('telco@othertel');
});
afterAll(() => server.close());

describe('GET /products and /roles (4.1, 4.2)', () => {
  it('lists the catalogue and the system roles in the documented shape', async () => {
    const products = await send(telco, 'GET', '/products/');
    expect(products.status).toBe(200);
    expect(products.body.success).toBe(true);
    expect(products.body.total).toBe(String(products.body.items?.length));
    expect(products.body.items).toContainEqual({ uuid: 'az123456-d7ef-4638-9cff-ef6aaba3e77f', notes: 'R7.3 Feature', name: '+AG' });
    const roles = await send(telco, 'GET', '/roles');
    expect(roles.body).toEqual({
      total: '3', success: true, items: [
        { uuid: 'az123456-a5f9-488c-9bb6-e947f3f33d2b', name: 'Tenant Admin' }, { uuid: ROLES.telcoAdmin, name: 'Telco Admin' }, { uuid: ROLES.api, name: 'API' },
      ],
    });
  });

  it('needs a token (401 as documented)', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/6/v2/api/products' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ status: 401, reason: 'Unauthorized' });
  });
});

describe('GET /tenants (4.3)', () => {
  it('a telco user sees the tenants of its telco, shaped like the document', async () => {
    const list = await send(telco, 'GET', '/tenants');
    expect(list.status).toBe(200);
    const uuids = list.body.items?.map((t) => t.uuid);
    expect(uuids).toEqual(expect.arrayContaining([CCSLAB15, CCSDEMO02]));
    expect(uuids).not.toContain(OTHER);
    expect(list.body.total).toBe(String(uuids?.length));
    const lab = list.body.items?.find((t) => t.uuid === CCSLAB15);
    expect(lab).toMatchObject({
      telco_id: { uuid: BROADVIEW, name: 'Broadview' }, status: 'enable', silhouette_id: { uuid: 'az123456-bd5e-480c-aeca-fb726cde928f', name: 'nvlab180-1' },
      sil_tenant_url: '/ccsl06', sil_tenant_name: 'CCSLab15', sil_tenant_id: '500900355', sil_authentication: true, product_name: 'Call Center Services',
      modified_by: [], cross_reference: [], created_by: 'root',
    });
    expect(lab?.product_id).toContainEqual({ uuid: CAMPAIGN, notes: '', name: 'Campaign' });
    expect(lab?.created_on).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (AM|PM)$/);
    expect((await send(otherTelco, 'GET', '/tenants')).body.items?.map((t) => t.uuid)).toEqual([OTHER]);
  });

  it('a tenant-level user sees its own tenant; defaults fill what the tenant never set', async () => {
    const list = await send(tenantUser, 'GET', '/tenants');
    expect(list.body.total).toBe('1');
    expect(list.body.items?.[0]).toMatchObject({ uuid: CCSDEMO02, sil_tenant_name: 'CCSDemo02', sil_tenant_url: '/ccsdemo02', sil_authentication: false });
  });
});

describe('GET /tenants/<uuid> and /roles (4.4, 4.5)', () => {
  it('shows every field of 4.4: limits as strings, counts as numbers', async () => {
    const res = await send(telco, 'GET', `/tenants/${CCSLAB15}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true, uuid: CCSLAB15, name: 'CCSLab15', sid: '500900355', timezone: 'US/Eastern', site_ip_address: '58.00.231.32',
      max_agents: '100', max_queues: '45', rec_extn_limit: '10', monitor_ext_limit: '3', group_agent_limit: '1', chat_licenses: '6', multimedia_licenses: '6',
      max_agents_count: expect.any(Number) as unknown, max_queues_count: 2, group_agent_count: 0, rec_extn_count: expect.any(Number) as unknown,
      default_gateway_id: { uuid: 'az123456-ca8a-42e3-a432-ecc0c4479daa', name: 'Metaswitch' }, ve_ivr: 'true', sftp_export: false, agent_billing: 'Named',
    });
    for (const field of ['sil_tenant_name', 'nightly_call_details', 'rec_down_limit', 'telco_id', 'chat_licenses_count', 'multimedia_licenses_count', 'cdr_retention', 'product_id',
      'sil_auth_editable', 'modified_on', 'created_on', 'sil_tenant_url', 'sil_crplatform_enabled', 'library_limit', 'status', 'sil_authentication', 'default_signin_method',
      'rec_retention', 'sil_tenant_id', 'monitor_ext_count', 'created_by', 'campaign_size', 'default_outgoing_clid', 'rec_quality', 'cleanup_sftp', 'service_extension',
      'sftp_dir_configured', 'product_name', 'silhouette_id']) {
      expect(res.body, field).toHaveProperty(field);
    }
  });

  it('a limit the tenant does not have is ""', async () => {
    expect((await send(otherTelco, 'GET', `/tenants/${OTHER}`)).body).toMatchObject({ max_agents: '', max_queues: '', timezone: 'Europe/Paris', telco_id: { uuid: 'telco-other-0001', name: 'Othertel' } });
  });

  it('another telco\'s tenant is 403, an unknown one 404; a tenant-level user reaches only its own', async () => {
    refused(await send(telco, 'GET', `/tenants/${OTHER}`), 403, /not one of your telco's tenants/);
    refused(await send(telco, 'GET', '/tenants/nope-0000'), 404, /nope-0000/);
    refused(await send(tenantUser, 'GET', `/tenants/${CCSLAB15}`), 403, /not your tenant/);
    expect((await send(tenantUser, 'GET', `/tenants/${CCSDEMO02}`)).status).toBe(200);
  });

  it('lists the tenant\'s roles', async () => {
    const roles = await send(telco, 'GET', `/tenants/${CCSLAB15}/roles`);
    expect(roles.body.items).toEqual(expect.arrayContaining([{ uuid: 'az123456-ac4e-4caf-922b-52ef715da6c7', name: 'US1398 (Voice Help)' }, { uuid: 'az123456-c173-43ae-b0f8-139e8eccab5f', name: 'US1398 (Chat Help)' }]));
    expect(roles.body.total).toBe(String(roles.body.items?.length));
  });
});

describe('POST /tenants/<uuid> (4.11, 4.12)', () => {
  it('adds and deletes a product (the documented examples), idempotently', async () => {
    const added = await send(telco, 'POST', `/tenants/${CCSLAB15}`, { request: 'add_product', product: ADD_EXAMPLE });
    expect(added).toEqual({ status: 200, body: { success: true, uuid: ADD_EXAMPLE } });
    expect((await send(telco, 'POST', `/tenants/${CCSLAB15}`, { request: 'add_product', product: ADD_EXAMPLE })).status).toBe(200);
    let details = await send(telco, 'GET', `/tenants/${CCSLAB15}`);
    expect((details.body.product_id as { uuid: string }[]).filter((p) => p.uuid === ADD_EXAMPLE)).toHaveLength(1);
    const item = (await send(telco, 'GET', '/tenants')).body.items?.find((t) => t.uuid === CCSLAB15);
    expect(item?.modified_by).toBe('telco@broadview');
    const deleted = await send(telco, 'POST', `/tenants/${CCSLAB15}`, { request: 'delete_product', product: ADD_EXAMPLE });
    expect(deleted).toEqual({ status: 200, body: { success: true, uuid: ADD_EXAMPLE } });
    details = await send(telco, 'GET', `/tenants/${CCSLAB15}`);
    expect((details.body.product_id as { uuid: string }[]).map((p) => p.uuid)).not.toContain(ADD_EXAMPLE);
  });

  it('refuses an unknown product (404), a bad request (400), a caller without Tenant Edit or of another telco (403)', async () => {
    refused(await send(telco, 'POST', `/tenants/${CCSLAB15}`, { request: 'add_product', product: 'no-such-product' }), 404, /no-such-product/);
    refused(await send(telco, 'POST', `/tenants/${CCSLAB15}`, { request: 'rename', product: CAMPAIGN }), 400, /request/);
    refused(await send(telco, 'POST', `/tenants/${CCSLAB15}`, {}), 400, /request|product/);
    refused(await send(otherTelco, 'POST', `/tenants/${CCSLAB15}`, { request: 'add_product', product: CAMPAIGN }), 403, /Forbidden/);
  });
});

describe('PUT /tenants/<uuid> (4.13)', () => {
  it('updates limits from numbers and numeric strings (the example, typography fixed)', async () => {
    const res = await send(telco, 'PUT', `/tenants/${CCSLAB15}`, {
      product_name: 'New Product', rec_extn_limit: '10', monitor_ext_limit: '3', max_queues: '100', max_agents: 100, group_agent_limit: '0',
      chat_licenses: '6', multimedia_licenses: '6', agent_billing: 'Concurrent', unknown_field: 'ignored',
    });
    expect(res).toEqual({ status: 200, body: { success: true, uuid: CCSLAB15 } });
    expect((await send(telco, 'GET', `/tenants/${CCSLAB15}`)).body).toMatchObject({
      product_name: 'New Product', max_queues: '100', max_agents: '100', group_agent_limit: '0', agent_billing: 'Concurrent',
    });
    expect((await send(telco, 'PUT', `/tenants/${CCSLAB15}`, { max_queues: '' })).status).toBe(200);
    expect((await send(telco, 'GET', `/tenants/${CCSLAB15}`)).body.max_queues).toBe('');
  });

  it('refuses a limit below usage, bad values and an empty body (400 naming the field)', async () => {
    refused(await send(telco, 'PUT', `/tenants/${CCSLAB15}`, { max_queues: '1' }), 400, /^max_queues: 1 is below the 2 in use/);
    refused(await send(telco, 'PUT', `/tenants/${CCSLAB15}`, { max_agents: 'lots' }), 400, /max_agents/);
    refused(await send(telco, 'PUT', `/tenants/${CCSLAB15}`, { agent_billing: 'Monthly' }), 400, /agent_billing/);
    refused(await send(telco, 'PUT', `/tenants/${CCSLAB15}`, {}), 400, /body: give at least one of/);
  });
});

describe('text counts (4.9, 4.10)', () => {
  it('counts texts carried to and from the tenant\'s numbers, then resets', async () => {
    const before = await send(tenantUser, 'GET', `/tenants/${CCSDEMO02}/text_count`);
    expect(before.body).toEqual({ success: true, uuid: CCSDEMO02, sms_count: 0, mms_count: 0, total_count: 0, last_reset: null });
    const text = (body: unknown) => server.app.inject({ method: 'POST', url: '/admin/v1/tenants/ccsdemo02/telephony/texts', headers: { authorization: server.admin }, payload: body as object });
    const first = await text({ from: '+15551230001', to: '+18005550201', kind: 'sms', direction: 'inbound' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ sms: 1, mms: 0, resetAt: null });
    expect((await text({ from: '+19735550100', to: '+15551230001', kind: 'mms', direction: 'outbound' })).statusCode).toBe(200);
    expect((await text({ from: '+15551230001', to: '+18005550202', kind: 'sms', direction: 'inbound' })).statusCode).toBe(200);
    const notOurs = await text({ from: '+15551230001', to: '+15551230002', kind: 'sms', direction: 'inbound' });
    expect(notOurs.statusCode).toBe(400);
    expect(notOurs.body).toMatch(/to: \+15551230002 is not one of the tenant's numbers/);
    expect((await send(telco, 'GET', `/tenants/${CCSDEMO02}/text_count`)).body).toMatchObject({ sms_count: 2, mms_count: 1, total_count: 3 });
    refused(await send(telco, 'POST', `/tenants/${CCSDEMO02}/text_count`, { request: 'reset' }), 400, /request/);
    const reset = await send(telco, 'POST', `/tenants/${CCSDEMO02}/text_count`, { request: 'reset_counter' });
    expect(reset.body).toMatchObject({ success: true, sms_count: 0, mms_count: 0, total_count: 0, last_reset: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (AM|PM)$/) as unknown });
    refused(await send(otherTelco, 'GET', `/tenants/${CCSDEMO02}/text_count`), 403, /Forbidden/);
  });
});
