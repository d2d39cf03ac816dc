import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiChecker, checkedFetcher } from '../../support/openapi.ts';
import { ccsClient } from '../../support/ccs.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * CCS agent state (`ccs-api-overview.txt` 4.15–4.18, `NOTES.md` §3) against the demo on a
 * virtual clock: the 4.15 shape and its durations, `updateAgentState` through the three routes,
 * what VCC agent status shows for each change, deferral during a call, refusals. Every answer is
 * checked against `/openapi.json`.
 */
let server: TestServer;
let call: ReturnType<typeof checkedFetcher>;
const DEMO02 = 'c255052e-c560-4340-b73e-675eabc3aed3';
const DANA = 'az123456-5cca-4ff1-874e-dc1c92d6de64';
const DANA_AGENT = 'agCcsDemo02Dana000000001';
const TOM = 'az123456-30b7-4b06-9d87-7607033e2712';
const TOM_AGENT = 'agCcsDemo02Tom0000000001';
const ADMIN_AGENT = 'agCcsDemo02Admin00000001';
const OUTBOUND = 'az123456-c0ed-42b7-8e8c-d50c4991828c';
const NO_CONTROL_ROLE = 'test-no-control-role-00000000000001';
const tokens = { telco: '', admin: '', tom: '', viewer: '', otherTelco: '' };

const login = (username: string): Promise<string> => ccsClient(call).login(username);
const ccs = (method: string, path: string, token: string, body?: unknown) => ccsClient(call).ccs(method, path, token, body);

const admin = (method: string, path: string) => call(`/admin/v1${path}`, { method, headers: { authorization: server.admin } });
const advance = (seconds: number) => admin('POST', `/clock/advance?seconds=${seconds}`);
const vcc = async (agentId: string) => (await call(`/api/v1/tenants/ccsdemo02/agentstatus/agents/${agentId}`, { headers: { authorization: server.basic('ccsdemo02') } })).body;
const state = async (uuid: string, token = tokens.telco) => ccs('GET', `/tenants/${DEMO02}/extensions/${uuid}/agent_state`, token);
const update = (name: unknown, uuid = DANA, token = tokens.telco) => ccs('POST', `/tenants/${DEMO02}/extensions/${uuid}`, token, { request: 'updateAgentState', name });
const tenantId = (): string => server.platform.ccs.tenants.byUuid(DEMO02)?.id ?? '';

beforeAll(async () => {
  server = await startTestServer({ clock: 'virtual' });
  call = checkedFetcher(server.url, await OpenApiChecker.load(server.url));
  await server.platform.apply({
    ccs: { telcos: [{ uuid: 'othertel-0000-0000-0000-000000000003', name: 'OtherTel', users: [{ username: 'admin@othertel3', password: DEMO_SECRET, roles: ['az123456-9817-4964-86ff-d2c4f11b67d0', 'az123456-ef95-44b7-afc8-54ce4cdb67f1'] }] }] },
    tenants: [{
      name: 'ccsdemo02',
      ccs: { roles: [{ uuid: NO_CONTROL_ROLE, name: 'Viewer', permissions: ['api', 'tenants_view', 'agent_events'] }] },
      agents: [{ agentId: 'agCcsDemo02NoControl0001', name: 'Nora Viewer', username: 'nora@ccsdemo02', password: DEMO_SECRET, group: 1, ccs: { roles: [NO_CONTROL_ROLE] } }],
    }],
  });
  tokens.telco = await login('telco@broadview');
  tokens.admin = await login('admin@ccsdemo02');
  tokens.tom = await login('tom@ccsdemo02');
  tokens.viewer = await login('nora@ccsdemo02');
  tokens.otherTelco = await login('admin@othertel3');
  // The demo starts ccsdemo02's agents available (for the documented examples); these tests start from signed out.
  for (const agentId of ['agCcsDemo02Admin00000001', 'agCcsDemo02Dana000000001', 'agCcsDemo02Tom0000000001']) {
    await server.platform.agentStatus.force(tenantId(), agentId, { kind: 'logged_out', reason: null }, 'admin');
  }
});
afterAll(async () => server?.close());

describe('get agent state (4.15)', () => {
  it('has exactly the documented shape; a signed-out agent is sign_out "Sign Out"', async () => {
    const res = await state(DANA);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['success', 'queue_state', 'phone_state', 'consecutive_missed', 'agent_state']);
    expect(res.body).toEqual({
      success: true,
      queue_state: { state: 'None', queue: '', duration: '0' },
      phone_state: { state: 'Idle', duration: expect.stringMatching(/^\d+:\d\d:\d\d$/) },
      consecutive_missed: 0,
      agent_state: { state: { type: 'sign_out', name: 'Sign Out' }, duration: expect.stringMatching(/^\d+:\d\d:\d\d$/) },
    });
  });

  it('"Ready" signs the agent in (VCC 4); durations count in H:MM:SS with hours unbounded', async () => {
    expect((await update('Ready')).body).toEqual({ success: true });
    expect((await vcc(DANA_AGENT))['agent-status']).toBe(4);
    const now = await state(DANA);
    expect(now.body.agent_state).toEqual({ state: { type: 'ready', name: 'Ready' }, duration: '0:00:00' });
    await advance(3725);
    expect((await state(DANA)).body.agent_state).toEqual({ state: { type: 'ready', name: 'Ready' }, duration: '1:02:05' });
    await advance(420_000);
    expect(((await state(DANA)).body.agent_state as { duration: string }).duration).toBe('117:42:05');
  });

  it('404 for an unknown extension or tenant; 403 without Agent Control or for another telco\'s user', async () => {
    expect((await state('no-such-extension')).status).toBe(404);
    expect((await ccs('GET', `/tenants/no-such-tenant/extensions/${DANA}/agent_state`, tokens.telco)).status).toBe(404);
    const denied = await state(DANA, tokens.viewer);
    expect(denied.status).toBe(403);
    expect(denied.body.reason).toMatch(/Agent Control/);
    expect((await state(DANA, tokens.otherTelco)).status).toBe(403);
    expect((await state(DANA, tokens.admin)).status).toBe(200); // the tenant's own admin, by its uuid
  });
});

describe('update agent state (4.16–4.18)', () => {
  it('"Lunch Break" (telco path) is VCC 3 with that reason; agent_state away "Lunch Break"', async () => {
    expect((await update('Lunch Break')).status).toBe(200);
    expect(await vcc(DANA_AGENT)).toMatchObject({ 'agent-status': 3, 'status-code-list-id': 802, 'status-code-item-id': 1801 });
    expect((await state(DANA)).body.agent_state).toEqual({ state: { type: 'away', name: 'Lunch Break' }, duration: '0:00:00' });
    expect((await update('Lunch Break')).body).toEqual({ success: true }); // again: a success that changes nothing
  });

  it('a name matches ignoring case; "ready" too', async () => {
    expect((await update('coffee break')).status).toBe(200);
    expect(await vcc(DANA_AGENT)).toMatchObject({ 'agent-status': 3, 'status-code-item-id': 1802 });
    expect((await update('READY')).status).toBe(200);
    expect((await vcc(DANA_AGENT))['agent-status']).toBe(4);
  });

  it('a sign_out option signs the agent out with that reason (VCC 1); away is refused until "Ready"', async () => {
    expect((await update('Holiday In Bahamas')).status).toBe(200);
    expect(await vcc(DANA_AGENT)).toMatchObject({ 'agent-status': 1, 'status-code-list-id': 802, 'status-code-item-id': 1803 });
    expect((await state(DANA)).body.agent_state).toMatchObject({ state: { type: 'sign_out', name: 'Holiday In Bahamas' } });
    const away = await update('Lunch Break');
    expect(away.status).toBe(400);
    expect(away.body.reason).toMatch(/^name: .*Ready/);
    expect((await update('Ready')).status).toBe(200);
  });

  it('the tenant admin\'s route (4.18) and the self route (4.17)', async () => {
    expect((await ccs('POST', `/extensions/${TOM}`, tokens.admin, { request: 'updateAgentState', name: 'Ready' })).status).toBe(200);
    expect((await vcc(TOM_AGENT))['agent-status']).toBe(4);
    expect((await ccs('POST', `/extensions/${TOM}`, tokens.admin, { request: 'updateAgentState', name: 'Lunch Break' })).status).toBe(200);
    expect((await vcc(TOM_AGENT))['agent-status']).toBe(3);
    expect((await ccs('POST', '/agent_state', tokens.tom, { request: 'updateAgentState', name: 'Ready' })).status).toBe(200);
    expect((await vcc(TOM_AGENT))['agent-status']).toBe(4);
    expect((await ccs('POST', '/agent_state', tokens.admin, { request: 'updateAgentState', name: 'Sign Out' })).status).toBe(200);
    expect(await vcc(ADMIN_AGENT)).toMatchObject({ 'agent-status': 1, 'status-code-item-id': 1804 });
  });

  it('refuses an unknown name, a missing name and an unknown request with 400 naming the field', async () => {
    const unknown = await update('Nap');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ success: false, reason: "name: 'Nap' is not Ready or a presence option of this tenant" });
    expect((await ccs('POST', `/tenants/${DEMO02}/extensions/${DANA}`, tokens.telco, { request: 'updateAgentState' })).body.reason).toMatch(/^name/);
    const request = await ccs('POST', `/tenants/${DEMO02}/extensions/${DANA}`, tokens.telco, { request: 'dance', name: 'Ready' });
    expect(request.status).toBe(400);
    expect(request.body.reason).toMatch(/^request/);
    expect((await ccs('POST', '/agent_state', tokens.tom, { request: 'updateAgentState', name: 42 })).status).toBe(400);
    expect((await ccs('POST', '/agent_state', tokens.tom, { name: 'Ready' })).body.reason).toMatch(/request/);
  });

  it('refuses wrong permissions and scopes with 403', async () => {
    expect((await update('Ready', DANA, tokens.viewer)).status).toBe(403);
    expect((await update('Ready', DANA, tokens.otherTelco)).status).toBe(403);
    expect((await ccs('POST', '/agent_state', tokens.viewer, { request: 'updateAgentState', name: 'Ready' })).status).toBe(403);
    expect((await ccs('POST', '/agent_state', tokens.telco, { request: 'updateAgentState', name: 'Ready' })).status).toBe(403);
    expect((await ccs('POST', `/extensions/${DANA}`, tokens.telco, { request: 'updateAgentState', name: 'Ready' })).status).toBe(403);
    expect((await ccs('POST', `/extensions/${DANA}`, tokens.viewer, { request: 'updateAgentState', name: 'Ready' })).status).toBe(403);
    // dial is for tenant-level users with Call Control
    expect((await ccs('POST', `/tenants/${DEMO02}/extensions/${DANA}`, tokens.telco, { request: 'dial', target: '9735552106', outbound_queue_uuid: OUTBOUND })).status).toBe(403);
    expect((await ccs('POST', `/tenants/${DEMO02}/extensions/${DANA}`, tokens.tom, { request: 'dial', target: '9735552106', outbound_queue_uuid: OUTBOUND })).status).toBe(403);
  });

  it('a user who is not an agent has no agent state to change (400)', async () => {
    const put = await ccs('PUT', `/tenants/${DEMO02}/extensions/${TOM}`, tokens.telco, { is_agent: 'false' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const res = await update('Ready', TOM);
    expect(res.status).toBe(400);
    expect(res.body.reason).toMatch(/^extension: .*not an agent/);
    expect((await state(TOM)).status).toBe(400);
    expect((await ccs('PUT', `/tenants/${DEMO02}/extensions/${TOM}`, tokens.telco, { is_agent: 'true' })).status).toBe(200);
  });
});

describe('during a call (NOTES.md §3)', () => {
  it('dial shares the telco path; a change during the call waits for the call and its wrap-up', async () => {
    expect((await update('Ready')).status).toBe(200);
    const dialled = await ccs('POST', `/tenants/${DEMO02}/extensions/${DANA}`, tokens.admin, { request: 'dial', target: '9735552106', outbound_queue_uuid: OUTBOUND });
    expect(dialled.status, JSON.stringify(dialled.body)).toBe(200);
    expect(dialled.body).toEqual({ success: true, call_id: expect.stringMatching(/^[0-9A-Z]{13}$/) });
    const ringing = await state(DANA);
    expect(ringing.body).toMatchObject({ phone_state: { state: 'Ringing' }, queue_state: { state: 'Offered', queue: 'Outbound calls' } });
    await advance(2);
    expect((await vcc(DANA_AGENT))['agent-status']).toBe(7);
    await advance(5);
    const busy = await state(DANA);
    expect(busy.body).toMatchObject({ phone_state: { state: 'Busy' }, queue_state: { state: 'Connected', queue: 'Outbound calls' }, agent_state: { state: { type: 'ready' } } });
    expect((busy.body.phone_state as { duration: string }).duration).toMatch(/^0:00:0[4-6]$/);

    expect((await update('Lunch Break')).status).toBe(200);
    expect((await vcc(DANA_AGENT))['agent-status']).toBe(7); // reads show the call
    expect((await state(DANA)).body.agent_state).toMatchObject({ state: { type: 'ready', name: 'Ready' } });

    const demote = await ccs('PUT', `/tenants/${DEMO02}/extensions/${DANA}`, tokens.telco, { is_agent: 'false' });
    expect(demote.status).toBe(409); // not while on a call
    expect(demote.body.reason).toMatch(/^is_agent: .*live call/);

    await server.platform.calls.freeLines(tenantId(), DANA_AGENT, null);
    await advance(0);
    expect((await vcc(DANA_AGENT))['agent-status']).toBe(8);
    expect((await state(DANA)).body).toMatchObject({ phone_state: { state: 'Idle' }, queue_state: { state: 'Wrap Up', queue: 'Outbound calls' } });
    await advance(11);
    expect(await vcc(DANA_AGENT)).toMatchObject({ 'agent-status': 3, 'status-code-item-id': 1801 });
    expect((await state(DANA)).body).toMatchObject({
      queue_state: { state: 'None', queue: '', duration: '0' }, phone_state: { state: 'Idle' }, agent_state: { state: { type: 'away', name: 'Lunch Break' }, duration: '0:00:01' }, // the 10 s wrap-up ended 1 s ago
    });
  });
});
