import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../../src/domain/errors.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * CCS licence enforcement (`NOTES.md` §8) on acmecorp01 (a CCS tenant of Broadview and a PBX
 * account): limits set through `PUT /6/v2/api/tenants/<uuid>`, refusals through the PBX API and
 * the one login path (`AgentWriter.stage`).
 */

const PAUL = 'ag1LmqEeEYRoOti9KjIi_Dng'; // never logged in; desk phone 203
const ILYA = 'ag0VYyLh0YTsymdbtYIaaaa'; // logged out; desk phone 201

let server: TestServer;
let telco: string;
let acme: string;
let acmeUuid: string;

async function ccs(method: 'GET' | 'PUT', url: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await server.app.inject({
    method, url: `/6/v2/api${url}`, headers: { authorization: `Bearer ${telco}` }, ...(body !== undefined && { payload: body as object }),
  });
  return { status: res.statusCode, body: res.json() };
}

async function pbx(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: { success: boolean; msg?: string } }> {
  const res = await server.app.inject({ method, url: `/api${path}${path.includes('?') ? '&' : '?'}api_key=${DEMO_SECRET}`, ...(body !== undefined && { payload: body as object }) });
  return { status: res.statusCode, body: res.json() };
}

const usage = async () => (await ccs('GET', `/tenants/${acmeUuid}`)).body;
const userId = (agentId: string): number => server.platform.directory.requireAgent(acme, agentId).userId;

beforeAll(async () => {
  server = await startTestServer();
  const tenant = server.platform.directory.tenantByName('acmecorp01');
  acme = tenant?.id as string;
  acmeUuid = tenant?.ccsUuid as string;
  const res = await server.app.inject({ method: 'POST', url: '/6/v2/api/login', payload: { username: 'telco@broadview', password: DEMO_SECRET } });
  telco = res.json<{ token: string }>().token;
});
afterAll(() => server.close());

describe('max_queues', () => {
  it('refuses a new PBX queue beyond the limit, with the reason', async () => {
    const queues = (await usage()).max_queues_count as number;
    expect((await ccs('PUT', `/tenants/${acmeUuid}`, { max_queues: queues })).status).toBe(200);
    const refused = await pbx('POST', '/cc_queue', { name: 'One too many', strategy: 'ring-all', time_base_score: 'queue' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ success: false, msg: expect.stringMatching(/^max_queues: the tenant has \d+ queues, its limit is \d+/) as unknown });
    expect((await ccs('PUT', `/tenants/${acmeUuid}`, { max_queues: queues + 1 })).status).toBe(200);
    expect((await pbx('POST', '/cc_queue', { name: 'Now it fits', strategy: 'ring-all', time_base_score: 'queue' })).body.success).toBe(true);
    expect((await usage()).max_queues_count).toBe(queues + 1);
  });
});

describe('max_agents, Named billing', () => {
  it('refuses making one more user an agent (PBX create and update), not other changes', async () => {
    const agents = (await usage()).max_agents_count as number;
    expect((await ccs('PUT', `/tenants/${acmeUuid}`, { agent_billing: 'Named', max_agents: String(agents) })).status).toBe(200);
    const created = await pbx('POST', '/user', { name: 'New Agent', username: 'new-agent@acmecorp01', password: 'A-long-password-1', email: 'new@acmecorp01.example', is_agent: true });
    expect(created.status).toBe(400);
    expect(created.body.msg).toMatch(/^is_agent: the tenant's max_agents agent licences \(\d+\) are all in use/);
    const plain = await pbx('POST', '/user', { name: 'Not An Agent', username: 'not-agent@acmecorp01', password: 'A-long-password-1', email: 'not@acmecorp01.example', is_agent: false });
    expect(plain.body.success).toBe(true);
    const id = (plain.body as unknown as { data: { id: number } }).data.id;
    expect((await pbx('PUT', `/user/${id}`, { is_agent: true })).status).toBe(400);
    expect((await pbx('PUT', `/user/${id}`, { name: 'Still Not An Agent' })).body.success).toBe(true);
    expect((await ccs('PUT', `/tenants/${acmeUuid}`, { max_agents: agents - 1 })).body).toEqual({ success: false, reason: `max_agents: ${agents - 1} is below the ${agents} in use` });
    expect((await ccs('PUT', `/tenants/${acmeUuid}`, { max_agents: '' })).status).toBe(200);
    expect((await pbx('PUT', `/user/${id}`, { is_agent: true })).body.success).toBe(true);
  });
});

describe('max_agents, Concurrent billing', () => {
  it('refuses a login beyond the limit on every path (PBX check-in, a forced presence)', async () => {
    const loggedIn = async () => {
      await ccs('PUT', `/tenants/${acmeUuid}`, { agent_billing: 'Concurrent' });
      return (await usage()).max_agents_count as number;
    };
    const now = await loggedIn();
    expect(now).toBeGreaterThan(0);
    expect((await ccs('PUT', `/tenants/${acmeUuid}`, { max_agents: now - 1 })).body.reason).toBe(`max_agents: ${now - 1} is below the ${now} in use`);
    expect((await ccs('PUT', `/tenants/${acmeUuid}`, { max_agents: now })).status).toBe(200);
    const checkIn = await pbx('GET', `/cc_agent/checkInDevice?user_id=${userId(PAUL)}&device_id=203`);
    expect(checkIn.status).toBe(400);
    expect(checkIn.body).toMatchObject({ success: false, msg: expect.stringMatching(/^max_agents: \d+ agents are logged in/) as unknown });
    expect(server.platform.agentWriter.current(acme, PAUL).state.presence.kind).toBe('never_logged_in');
    await expect(server.platform.agentStatus.force(acme, ILYA, { kind: 'available', reason: null }, 'admin')).rejects.toBeInstanceOf(RuleViolationError);
    expect((await usage()).max_agents_count).toBe(now);
    // One more licence: Paul logs in; then Ilya is refused again.
    expect((await ccs('PUT', `/tenants/${acmeUuid}`, { max_agents: now + 1 })).status).toBe(200);
    expect((await pbx('GET', `/cc_agent/checkInDevice?user_id=${userId(PAUL)}&device_id=203`)).body.success).toBe(true);
    expect((await pbx('GET', `/cc_agent/checkInDevice?user_id=${userId(ILYA)}&device_id=201`)).status).toBe(400);
    expect((await usage()).max_agents_count).toBe(now + 1);
  });
});
