import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PBX_API_USER } from '../../../src/app/demo.ts';
import { OpenApiChecker } from '../../support/openapi.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * PBX auth (`NOTES.md` §1) against a real server: `api_key` in the query or a POST body, per-user
 * keys created and revoked through the admin API (stored hashed), permissions, IP ranges, the
 * tenant file's `pbx` sections. Every answer is checked against `/openapi.json`.
 */

let server: TestServer;
let checker: OpenApiChecker;
const AVERY = 'agAQDqmvKiRbG4ekigNSmbbb';

beforeAll(async () => {
  server = await startTestServer();
  checker = await OpenApiChecker.load(server.url);
});
afterAll(() => server.close());

async function call(method: string, url: string, init: { body?: string; type?: string; headers?: Record<string, string> } = {}) {
  const res = await server.app.inject({
    method: method as 'GET', url,
    headers: { ...(init.type && { 'content-type': init.type }), ...init.headers },
    ...(init.body !== undefined && { payload: init.body }),
  });
  checker.check(method, url, res.statusCode, (res.headers['content-type'] as string | undefined) ?? null, res.body);
  return { status: res.statusCode, body: res.json<Record<string, unknown>>(), headers: res.headers };
}

async function admin(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) {
  const res = await server.app.inject({
    method, url, headers: { authorization: server.admin, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { payload: JSON.stringify(body) }),
  });
  checker.check(method, url, res.statusCode, (res.headers['content-type'] as string | undefined) ?? null, res.body);
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

const userId = (agentId: string): number => {
  const tenant = server.platform.directory.tenantByName('acmecorp01');
  return server.platform.directory.requireAgent(tenant?.id ?? '', agentId).userId;
};

describe('PBX api_key', () => {
  it('refuses a missing, wrong or foreign-scheme credential with the documented 401', async () => {
    const self = `/api/user/${userId(DEMO_PBX_API_USER)}`;
    for (const [url, headers] of [
      [self, {}],
      [`${self}?api_key=${DEMO_SECRET}x`, {}],
      [`${self}?api_key=`, {}],
      [self, { authorization: server.basic() }],
      [self, { cookie: 'switchboard_session=forged' }],
    ] as const) {
      const res = await call('GET', url, { headers });
      expect(res.status, url).toBe(401);
      expect(res.body).toStrictEqual({ success: false, msg: 'Unauthorized' });
      expect(res.headers['www-authenticate']).toMatch(/^ApiKey /);
    }
  });

  it('takes the demo key in the query string, in a JSON body and in a form body', async () => {
    expect((await call('GET', `/api/user/${userId(DEMO_PBX_API_USER)}?api_key=${DEMO_SECRET}`)).status).toBe(200);
    const json = await call('POST', '/api/phone_list', { type: 'application/json', body: JSON.stringify({ api_key: DEMO_SECRET, name: 'auth json' }) });
    expect(json.status).toBe(200);
    const form = await call('POST', '/api/phone_list', { type: 'application/x-www-form-urlencoded', body: `api_key=${encodeURIComponent(DEMO_SECRET)}&name=auth+form` });
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ success: true, data: { name: 'auth form' } });
  });

  it('creates a key for a user through the admin API, stores only its hash, and revokes it at once', async () => {
    const created = await admin('POST', `/admin/v1/tenants/acmecorp01/agents/${AVERY}/api-keys`, { label: 'CRM' });
    expect(created.status).toBe(201);
    const { key, keyId } = created.body as { key: string; keyId: string };
    expect(created.body).toMatchObject({ agentId: AVERY, userId: userId(AVERY), label: 'CRM' });
    const self = `/api/user/${userId(AVERY)}?api_key=${encodeURIComponent(key)}`;
    expect((await call('GET', self)).status).toBe(200);
    const db = new Database(server.dbPath, { readonly: true });
    const stored = db.prepare("SELECT record_key, body FROM records WHERE kind = 'api_key'").all() as { record_key: string; body: string }[];
    db.close();
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const row of stored) expect(`${row.record_key} ${row.body}`).not.toContain(key);
    const listed = await admin('GET', `/admin/v1/tenants/acmecorp01/api-keys?agentId=${AVERY}`);
    expect(listed.body.keys).toMatchObject([{ keyId, label: 'CRM' }]);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(await admin('DELETE', `/admin/v1/tenants/acmecorp01/api-keys/${keyId}`)).toStrictEqual({ status: 200, body: { keyId, revoked: true } });
    expect((await call('GET', self)).status).toBe(401);
    expect((await admin('DELETE', `/admin/v1/tenants/acmecorp01/api-keys/${keyId}`)).status).toBe(404);
    expect((await admin('DELETE', `/admin/v1/tenants/supertenantcsm01/api-keys/${keyId}`)).status).toBe(404);
    expect((await admin('POST', '/admin/v1/tenants/acmecorp01/agents/no-such-agent/api-keys', {})).status).toBe(404);
  });

  it('acts with the user\'s permissions: "Call Center API" for anything, the module\'s for its routes', async () => {
    // Avery is an agent (group "Agent": Call Center API only): itself yes, phone lists no.
    const { key } = (await admin('POST', `/admin/v1/tenants/acmecorp01/agents/${AVERY}/api-keys`, {})).body as { key: string };
    const q = `api_key=${encodeURIComponent(key)}`;
    expect((await call('GET', `/api/user/${userId(AVERY)}?${q}`)).status).toBe(200);
    const lists = await call('GET', `/api/phone_list?${q}`);
    expect(lists.status).toBe(403);
    expect(lists.body.msg).toMatch(/Phone Lists/);
    await applyPbx({ agentId: AVERY, name: 'Avery Available', pbx: { permissions: { phone_lists: true } } });
    expect((await call('GET', `/api/phone_list?${q}`)).status).toBe(200);
    await applyPbx({ agentId: AVERY, name: 'Avery Available', pbx: { permissions: { call_center_api: false, phone_lists: true } } });
    const none = await call('GET', `/api/user/${userId(AVERY)}?${q}`);
    expect(none.status).toBe(403);
    expect(none.body.msg).toMatch(/Call Center API/);
    await applyPbx({ agentId: AVERY, name: 'Avery Available', pbx: { permissions: {} } });
  });

  it('limits a user to its IP ranges when it has some', async () => {
    const self = `/api/user/${userId(DEMO_PBX_API_USER)}?api_key=${DEMO_SECRET}`;
    await applyPbx({ agentId: DEMO_PBX_API_USER, name: 'PBX API', pbx: { apiIpRanges: ['10.0.0.0/8'] } });
    const refused = await call('GET', self);
    expect(refused.status).toBe(403);
    expect(refused.body.msg).toMatch(/not allowed from/);
    await applyPbx({ agentId: DEMO_PBX_API_USER, name: 'PBX API', pbx: { apiIpRanges: ['10.0.0.0/8', '127.0.0.0/8'] } });
    expect((await call('GET', self)).status).toBe(200);
    await applyPbx({ agentId: DEMO_PBX_API_USER, name: 'PBX API', pbx: { apiIpRanges: [] } });
  });

  it('refuses bad pbx sections of a tenant file with the field named', async () => {
    const bad = await admin('PUT', '/admin/v1/provisioning', { tenants: [{ name: 'acmecorp01', agents: [{ agentId: AVERY, name: 'Avery Available', pbx: { apiIpRanges: ['10.0.0.0/33'] } }] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/apiIpRanges\[0\]/);
    const perm = await admin('PUT', '/admin/v1/provisioning', { tenants: [{ name: 'acmecorp01', agents: [{ agentId: AVERY, name: 'Avery Available', pbx: { permissions: { fly: true } } }] }] });
    expect(perm.status).toBe(400);
    expect(perm.body.message).toMatch(/permissions\.fly/);
    const device = await admin('PUT', '/admin/v1/provisioning', { tenants: [{ name: 'acmecorp01', pbx: { devices: [{ id: 900, name: 'x', agent: 'nobody' }] } }] });
    expect(device.status).toBe(400);
    expect(device.body.message).toMatch(/devices\[0\]\.agent/);
  });

  it('loads the demo again without changing anything', async () => {
    const again = await server.platform.apply((await import('../../../src/app/demo.ts')).demoDocument(DEMO_SECRET), { secretsOnCreateOnly: true });
    expect(again.map((r) => r.changed)).toStrictEqual([false, false, false, false]); // acmecorp01, supertenantcsm01, ccslab15, ccsdemo02
    // A restart with another random secret must not add keys nobody was shown (secrets on creation only).
    await server.platform.apply((await import('../../../src/app/demo.ts')).demoDocument('another-secret-1234'), { secretsOnCreateOnly: true });
    expect((await call('GET', `/api/user/${userId(DEMO_PBX_API_USER)}?api_key=another-secret-1234`)).status).toBe(401);
    expect((await call('GET', `/api/user/${userId(DEMO_PBX_API_USER)}?api_key=${DEMO_SECRET}`)).status).toBe(200);
  });
});

async function applyPbx(agent: Record<string, unknown>): Promise<void> {
  const res = await admin('PUT', '/admin/v1/provisioning', { tenants: [{ name: 'acmecorp01', agents: [agent] }] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
