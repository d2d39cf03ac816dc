import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * One core (issue 7 item 4): an agent state set through CCS is the presence the VCC and PBX APIs
 * show, and the other way round; inbound queues are CCS ACDs. `acmecorp01` is a VCC tenant, PBX
 * account 1001 and a CCS tenant; its "PBX API" user is the CCS tenant admin too.
 */
const AVERY = 'agAQDqmvKiRbG4ekigNSmbbb';
let server: TestServer;
let token = '';
let tenantId = '';

beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/6/v2/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'api@acmecorp01', password: DEMO_SECRET }) });
  token = ((await res.json()) as { token: string }).token;
  tenantId = server.platform.tenants.requireTenant('acmecorp01').id;
});
afterAll(() => server.close());

async function ccs(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/6/v2/api${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function vccStatus(agentId: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/api/v1/tenants/acmecorp01/agentstatus/agents/${agentId}`, { headers: { authorization: server.basic() } });
  return (await res.json()) as Record<string, unknown>;
}

async function pbxUser(agentId: string): Promise<Record<string, unknown>> {
  const userId = server.platform.directory.requireAgent(tenantId, agentId).userId;
  const res = await fetch(`${server.url}/api/user/${userId}?api_key=${DEMO_SECRET}`);
  return ((await res.json()) as { data: Record<string, unknown> }).data;
}

const averyExtension = (): string => server.platform.ccs.extensions.of(tenantId, AVERY)?.uuid ?? '';
const agentState = async () => (await ccs('GET', `/tenants/${server.platform.tenants.requireTenant('acmecorp01').ccsUuid}/extensions/${averyExtension()}/agent_state`)).body.agent_state;

describe('one agent, three families', () => {
  it('CCS "Coffee Break" is VCC status 3 with that reason and the PBX pause of that reason', async () => {
    expect((await ccs('POST', `/extensions/${averyExtension()}`, { request: 'updateAgentState', name: 'Coffee Break' })).status).toBe(200);
    expect(await vccStatus(AVERY)).toMatchObject({ 'agent-status': 3, 'status-code-list-id': 802, 'status-code-item-id': 1802 });
    expect(await pbxUser(AVERY)).toMatchObject({ pause_id: 1802 });
  });

  it('a VCC change (3 → 4) is "Ready" on CCS', async () => {
    const res = await fetch(`${server.url}/api/v1/tenants/acmecorp01/agentstatus/agents/${AVERY}`, {
      method: 'PUT', headers: { authorization: server.basic(), 'content-type': 'application/json' }, body: JSON.stringify({ 'agent-status': 4 }),
    });
    expect(res.status).toBe(200);
    expect(await agentState()).toMatchObject({ state: { type: 'ready', name: 'Ready' } });
  });

  it('a PBX pause (1725 Lunch, an 801 break reason) is "away" on CCS with its name', async () => {
    const userId = server.platform.directory.requireAgent(tenantId, AVERY).userId;
    const res = await fetch(`${server.url}/api/cc_agent/setPause?user_id=${userId}&id=1725&api_key=${DEMO_SECRET}`);
    expect(res.status).toBe(200);
    expect(await agentState()).toMatchObject({ state: { type: 'away', name: 'Lunch break' } });
  });

  it('CCS "Sign Out" logs the agent out everywhere', async () => {
    expect((await ccs('POST', `/extensions/${averyExtension()}`, { request: 'updateAgentState', name: 'Sign Out' })).status).toBe(200);
    expect(await vccStatus(AVERY)).toMatchObject({ 'agent-status': 1 });
    expect(await pbxUser(AVERY)).toMatchObject({ online: 0 });
    expect(await agentState()).toMatchObject({ state: { type: 'sign_out', name: 'Sign Out' } });
  });

  it('CCS "Ready" logs the agent in (VCC 4, PBX online)', async () => {
    expect((await ccs('POST', `/extensions/${averyExtension()}`, { request: 'updateAgentState', name: 'Ready' })).status).toBe(200);
    expect(await vccStatus(AVERY)).toMatchObject({ 'agent-status': 4 });
    expect(await pbxUser(AVERY)).toMatchObject({ online: 1, pause_id: 0 });
  });

  it('inbound queue 600 "Support" is a CCS ACD', async () => {
    const acds = await ccs('GET', '/acds');
    expect((acds.body.items as unknown[][])[0]).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Support', extension: '600', type: 'voice_queues' })]));
  });
});
