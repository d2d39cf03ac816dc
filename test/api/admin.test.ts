import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiChecker, checkedFetcher } from '../support/openapi.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let call: ReturnType<typeof checkedFetcher>;

beforeAll(async () => {
  server = await startTestServer();
  call = checkedFetcher(server.url, await OpenApiChecker.load(server.url));
});
afterAll(() => server.close());

const send = (method: string, path: string, body?: unknown) =>
  call(path, {
    method,
    headers: { authorization: server.admin, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

describe('admin API', () => {
  it('needs the admin token', async () => {
    const res = await call('/admin/v1/tenants', { headers: { authorization: 'Bearer wrong-token' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 401, message: expect.stringMatching(/admin bearer token/) });
  });

  it('shows a tenant with its id in every family', async () => {
    const res = await send('GET', '/admin/v1/tenants/acmecorp01');
    // 6 agents, the demo's PBX API user and its supervisor (people, agents or not; the PBX face says which is which).
    expect(res.body).toMatchObject({ name: 'acmecorp01', apiUsername: 'acmecorp01', timezone: 'US/Eastern', agents: 8, features: { agentStatusApi: true } });
    expect(res.body.pbxAccountId).toEqual(expect.any(Number));
    expect((await send('GET', '/admin/v1/tenants/nosuch')).status).toBe(404);
  });

  it('creates an agent (201) that the VCC API then serves, and refuses a duplicate (409)', async () => {
    const agent = { agentId: 'agAdminMade0000000000001', name: 'Made By Admin', group: 1, initialPresence: { kind: 'available' } };
    const created = await send('POST', '/admin/v1/tenants/acmecorp01/agents', agent);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ agentId: agent.agentId, name: 'Made By Admin', presence: 'available', userId: expect.any(Number) });
    expect((await send('POST', '/admin/v1/tenants/acmecorp01/agents', agent)).status).toBe(409);
    const vcc = await call(`/api/v1/tenants/acmecorp01/agentstatus/agents/${agent.agentId}`, { headers: { authorization: server.basic() } });
    expect(vcc.body).toEqual({ 'agent-id': agent.agentId, 'agent-status': 4, name: 'Made By Admin' });
    const generated = await send('POST', '/admin/v1/tenants/acmecorp01/agents', { username: 'gen@acmecorp01', name: 'Generated Id' });
    expect(generated.body.agentId).toMatch(/^ag[A-Za-z0-9_-]{22}$/);
  });

  it('applies documents and names the field of a bad one', async () => {
    const ok = await send('PUT', '/admin/v1/provisioning', { tenants: [{ name: 'runtimecorp', actionRequestToken: 'runtime-token-1' }] });
    expect(ok.body).toEqual({ tenants: [{ name: 'runtimecorp', created: true, changed: true }] });
    const vcc = await call('/api/v1/tenants/runtimecorp/agentstatus/agents', { headers: { authorization: server.basic('runtimecorp', 'runtime-token-1') } });
    expect(vcc.body).toEqual({ data: [] });
    const bad = await send('PUT', '/admin/v1/provisioning', { tenants: [{ name: 'x', agents: [{ agentId: 'a', name: 'A', group: 42 }] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/tenants\[0\]\.agents\[0\]\.group/);
  });

  it('pages through the event log', async () => {
    const first = await send('GET', '/admin/v1/tenants/acmecorp01/events?after=0&limit=2');
    const events = first.body.events as { seq: number }[];
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    const next = await send('GET', '/admin/v1/tenants/acmecorp01/events?after=2&limit=2');
    expect((next.body.events as { seq: number }[])[0]?.seq).toBe(3);
  });
});
