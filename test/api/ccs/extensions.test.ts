import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableUuid } from '../../../src/domain/ccs/stable-ids.ts';
import { OpenApiChecker, checkedFetcher } from '../../support/openapi.ts';
import { ccsClient } from '../../support/ccs.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * CCS tenant lists and extension updates (`ccs-api-overview.txt` 4.6–4.8, 4.14) against the demo:
 * presence options, ACDs (the document's nesting, filtered by the caller's view permissions),
 * extensions, and `PUT` of an extension with the document's string booleans, licences and the
 * shared `is_agent` flag. Every answer is checked against `/openapi.json`.
 */
let server: TestServer;
let call: ReturnType<typeof checkedFetcher>;
const LAB15 = '327241fd-1234-46fe-9276-cc65dac6feae';
const DEMO02 = 'c255052e-c560-4340-b73e-675eabc3aed3';
const ROB = 'az123456-7bee-4351-bcd6-ecc2d8620b83';
const SONNY = 'az123456-57be-4919-aa73-b2e6341fe461';
const REESE = 'az123456-7c49-49a8-80fc-ae173a422a36';
const REESE_AGENT = 'agCcsLab15ReeseNath00001';
const VIEWER_ROLE = 'test-viewer-role-0000-000000000001';
const tokens = { telco: '', admin: '', tom: '', inbound: '', otherTelco: '' };

const login = (username: string): Promise<string> => ccsClient(call).login(username);
const ccs = (method: string, path: string, token: string, body?: unknown) => ccsClient(call).ccs(method, path, token, body);

const lab15Id = (): string => server.platform.ccs.tenants.byUuid(LAB15)?.id ?? '';
const extensionOf = (uuid: string) => server.platform.ccs.extensions.byUuid(lab15Id(), uuid);

beforeAll(async () => {
  server = await startTestServer();
  call = checkedFetcher(server.url, await OpenApiChecker.load(server.url));
  await server.platform.apply({
    ccs: { telcos: [{ uuid: 'othertel-0000-0000-0000-000000000002', name: 'OtherTel', users: [{ username: 'admin@othertel2', password: DEMO_SECRET, roles: ['az123456-9817-4964-86ff-d2c4f11b67d0', 'az123456-ef95-44b7-afc8-54ce4cdb67f1'] }] }] },
    tenants: [{
      name: 'ccsdemo02',
      ccs: { roles: [{ uuid: VIEWER_ROLE, name: 'Inbound viewer', permissions: ['api', 'voice_iqs_view'] }] },
      agents: [{ agentId: 'agCcsDemo02Viewer0000001', name: 'Vic Viewer', username: 'viewer@ccsdemo02', password: DEMO_SECRET, group: 1, ccs: { roles: [VIEWER_ROLE] } }],
    }],
  });
  tokens.telco = await login('telco@broadview');
  tokens.admin = await login('admin@ccsdemo02');
  tokens.tom = await login('tom@ccsdemo02');
  tokens.inbound = await login('viewer@ccsdemo02');
  tokens.otherTelco = await login('admin@othertel2');
});
afterAll(async () => server?.close());

describe('presence options (4.7)', () => {
  it('lists the tenant\'s reasons as away / sign_out options with stable uuids, never the system list', async () => {
    const res = await ccs('GET', `/tenants/${LAB15}/presence_options`, tokens.telco);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, total: String((res.body.items as unknown[]).length) });
    const items = res.body.items as { uuid: string; type: string; name: string }[];
    const tenant = server.platform.ccs.tenants.byUuid(LAB15);
    const expected = (listId: number, itemId: number, type: string, name: string) => ({ uuid: stableUuid(`presence/${tenant?.ccsUuid}/${listId}/${itemId}`), type, name });
    expect(items).toEqual(expect.arrayContaining([
      expected(802, 1801, 'away', 'Lunch Break'), expected(802, 1802, 'away', 'Coffee Break'),
      expected(802, 1803, 'sign_out', 'Holiday In Bahamas'), expected(802, 1804, 'sign_out', 'Sign Out'),
    ]));
    for (const item of items) expect(Object.keys(item)).toEqual(['uuid', 'type', 'name']);
    const systemLabels = server.platform.directory.catalogue(tenant?.id ?? '').list(-1)?.items.map((i) => i.label) ?? [];
    for (const label of systemLabels) expect(items.map((i) => i.name)).not.toContain(label);
    expect((await ccs('GET', `/tenants/${LAB15}/presence_options`, tokens.telco)).body).toEqual(res.body);
  });

  it('needs Tenants View or Tenant Edit; another telco\'s user is refused', async () => {
    expect((await ccs('GET', `/tenants/${DEMO02}/presence_options`, tokens.tom)).status).toBe(403);
    expect((await ccs('GET', `/tenants/${DEMO02}/presence_options`, tokens.otherTelco)).status).toBe(403);
    expect((await ccs('GET', `/tenants/${DEMO02}/presence_options`, tokens.admin)).status).toBe(200);
  });
});

describe('ACDs (4.6)', () => {
  it('a telco user lists a tenant\'s ACDs in the document\'s shape: one inner array, total a number', async () => {
    const res = await ccs('GET', `/tenants/${LAB15}/acds`, tokens.telco);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 2, success: true, items: [[
        { uuid: 'az123456-0817-40a5-86aa-0f43becbd6f6', type: 'voice_queues', tenant_id: LAB15, name: 'Q3878', extension: '387', alternate_extensions: [] },
        { uuid: 'az123456-d988-4239-ab9c-c393eeb2d217', type: 'voice_queues', tenant_id: LAB15, name: 'Q386', extension: '386', alternate_extensions: [] },
      ]],
    });
  });

  it('a tenant-level user lists its own at /acds, outbound queues included', async () => {
    const res = await ccs('GET', '/acds', tokens.admin);
    expect(res.status).toBe(200);
    const items = (res.body.items as { uuid: string; type: string }[][])[0] ?? [];
    expect(res.body.total).toBe(items.length);
    expect(items).toContainEqual(expect.objectContaining({ uuid: 'az123456-c0ed-42b7-8e8c-d50c4991828c', type: 'voice_outbound_queues', tenant_id: DEMO02 }));
    expect(items).toContainEqual(expect.objectContaining({ uuid: 'az123456-f645-47b6-bd71-e9f493ff8ac9', type: 'voice_queues', name: 'Sales', extension: '701' }));
  });

  it('shows only the types the caller may view; a telco user is sent to /tenants/<uuid>/acds', async () => {
    const res = await ccs('GET', '/acds', tokens.inbound);
    expect(res.status).toBe(200);
    const items = (res.body.items as { type: string }[][])[0] ?? [];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((a) => a.type === 'voice_queues')).toBe(true);
    expect((await ccs('GET', '/acds', tokens.telco)).status).toBe(403);
    expect((await ccs('GET', '/acds', tokens.tom)).status).toBe(403);
  });
});

describe('extensions (4.8)', () => {
  it('a telco user lists a tenant\'s extensions', async () => {
    const res = await ccs('GET', `/tenants/${LAB15}/extensions`, tokens.telco);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: '3', success: true, items: [
        { uuid: ROB, lastname: 'Masters', firstname: 'Rob', extension: '112' },
        { uuid: SONNY, lastname: 'Patel', firstname: 'Sonny', extension: '113' },
        { uuid: REESE, lastname: 'Nath', firstname: 'Reese', extension: '114' },
      ],
    });
  });

  it('a tenant-level user lists its own at /extensions; a telco user there, or without the permission, is refused', async () => {
    const res = await ccs('GET', '/extensions', tokens.admin);
    expect(res.status).toBe(200);
    expect((res.body.items as { extension: string }[]).map((e) => e.extension)).toEqual(expect.arrayContaining(['100', '101', '102']));
    expect((await ccs('GET', '/extensions', tokens.telco)).status).toBe(403);
    const tom = await ccs('GET', '/extensions', tokens.tom);
    expect(tom.status).toBe(403);
    expect(tom.body.reason).toMatch(/permission/);
    expect((await ccs('GET', `/tenants/${LAB15}/extensions`, tokens.otherTelco)).status).toBe(403);
    expect((await ccs('GET', `/tenants/${LAB15}/extensions`, tokens.admin)).status).toBe(403);
  });
});

describe('update an extension (4.14)', () => {
  const put = (uuid: string, body: unknown, token = tokens.telco) => ccs('PUT', `/tenants/${LAB15}/extensions/${uuid}`, token, body);

  it('the documented example (typography fixed) works: string booleans and a numeric string', async () => {
    const res = await put(ROB, { is_agent: 'true', recording_type: 'None', monitor: 'false', max_chats: '3', is_multimedia_enabled: 'true' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(extensionOf(ROB)).toMatchObject({ recordingType: 'None', monitor: false, maxChats: 3, multimediaEnabled: true });
  });

  it('takes real booleans and numbers, the template\'s " is_multimedia_enabled" key, and ignores unknown fields', async () => {
    const res = await put(ROB, { monitor: true, max_chats: 0, recording_type: 'On Demand', ' is_multimedia_enabled': 'false', colour: 'blue' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(extensionOf(ROB)).toMatchObject({ recordingType: 'On Demand', monitor: true, maxChats: 0, multimediaEnabled: false });
    const stored = await server.platform.store.getRecord(lab15Id(), 'ccs_extension', 'agCcsLab15RobMasters0001');
    expect(stored?.body).toMatchObject({ monitor: true, maxChats: 0, recordingType: 'On Demand' });
  });

  it('refuses bad values and an empty change with 400 naming the field', async () => {
    for (const [body, field] of [
      [{ max_chats: 7 }, 'max_chats'], [{ max_chats: '7' }, 'max_chats'], [{ max_chats: -1 }, 'max_chats'], [{ max_chats: 'three' }, 'max_chats'],
      [{ monitor: 'yes' }, 'monitor'], [{ is_agent: 1 }, 'is_agent'], [{ recording_type: 'Always' }, 'recording_type'], [{}, 'body'], [{ colour: 'blue' }, 'body'],
    ] as const) {
      const res = await put(ROB, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.success).toBe(false);
      expect(String(res.body.reason), JSON.stringify(body)).toContain(field);
    }
    const notJson = await put(ROB, 'not json');
    expect(notJson.status).toBe(400);
    expect(notJson.body.success).toBe(false);
  });

  it('an unknown extension is 404; Tenant Edit is required; another telco\'s user is refused', async () => {
    expect((await put('no-such-extension', { monitor: 'true' })).status).toBe(404);
    expect((await put(ROB, { monitor: 'true' }, tokens.tom)).status).toBe(403);
    expect((await put(ROB, { monitor: 'true' }, tokens.otherTelco)).status).toBe(403);
  });

  it('refuses a change beyond the tenant\'s licences (400 naming the field; nothing changes)', async () => {
    expect((await ccs('PUT', `/tenants/${LAB15}`, tokens.telco, { monitor_ext_limit: '1' })).status).toBe(200); // Rob is monitored
    const res = await put(SONNY, { monitor: 'true', max_chats: '2' });
    expect(res.status).toBe(400);
    expect(res.body.reason).toMatch(/^monitor: .*monitor_ext_limit/);
    expect(extensionOf(SONNY)).toMatchObject({ monitor: false, maxChats: 0 });
    expect((await put(ROB, { monitor: 'false' })).status).toBe(200);
    expect((await put(SONNY, { monitor: 'true' })).status).toBe(200);
  });

  it('is_agent false is the user\'s one flag: the PBX sees it and VCC agent status no longer finds the agent', async () => {
    const tenantId = lab15Id();
    const vcc = () => call(`/api/v1/tenants/ccslab15/agentstatus/agents/${REESE_AGENT}`, { headers: { authorization: server.basic('ccslab15') } });
    expect((await vcc()).status).toBe(200);
    expect((await put(REESE, { is_agent: 'false' })).status).toBe(200);
    expect(server.platform.pbx.profiles.of(tenantId, REESE_AGENT).is_agent).toBe(false);
    expect((await vcc()).status).toBe(404);
    expect((await put(REESE, { is_agent: false })).status).toBe(200); // again: changes nothing
    expect((await put(REESE, { is_agent: true })).status).toBe(200);
    expect(server.platform.pbx.profiles.of(tenantId, REESE_AGENT).is_agent).toBe(true);
    expect((await vcc()).status).toBe(200);
  });

  it('with Named billing, making one more agent needs a free max_agents licence', async () => {
    expect((await put(REESE, { is_agent: 'false' })).status).toBe(200);
    const agents = server.platform.ccs.licences.usage(lab15Id()).agents;
    expect((await ccs('PUT', `/tenants/${LAB15}`, tokens.telco, { max_agents: String(agents), agent_billing: 'Named' })).status).toBe(200);
    const res = await put(REESE, { is_agent: 'true', monitor: 'false' });
    expect(res.status).toBe(400);
    expect(res.body.reason).toMatch(/^is_agent: .*max_agents/);
    expect(server.platform.pbx.profiles.of(lab15Id(), REESE_AGENT).is_agent).toBe(false);
    expect((await ccs('PUT', `/tenants/${LAB15}`, tokens.telco, { max_agents: '100' })).status).toBe(200);
    expect((await put(REESE, { is_agent: 'true' })).status).toBe(200);
  });
});
