import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';
import { WorkspaceClient } from '../../support/workspace.ts';

/**
 * Who may use the workspace (`NOTES.md` §1, §5): the user's own session cookie (the PBX login's),
 * our own pages only (a cross-site request or socket is refused even with the cookie), the
 * supervisor view for supervisors only, and an agent's actions on its own calls only.
 */
let server: TestServer;
let avery: WorkspaceClient;
const AVERY = 'agAQDqmvKiRbG4ekigNSmbbb';

beforeAll(async () => {
  server = await startTestServer();
  avery = await WorkspaceClient.login(server.url, 'avery@acmecorp01');
});
afterAll(async () => server?.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/AGUI/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Opens a socket and resolves with how it ended: closed with a code, or refused at the upgrade. */
function socketOutcome(path: string, headers: Record<string, string>): Promise<{ code?: number; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}${path}`, { headers });
    ws.on('close', (code) => resolve({ code }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.on('error', () => undefined);
  });
}

describe('logging in', () => {
  it('sets the session cookie HttpOnly, SameSite=Lax, for the whole site', async () => {
    const res = await post('/login', { username: 'avery@acmecorp01', password: DEMO_SECRET });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true, agentId: AVERY, name: 'Avery Available', supervisor: false });
    expect(res.headers.get('set-cookie')).toMatch(/^switchboard_session=[A-Za-z0-9_-]{20,}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=\d+$/);
  });

  it('says in words why a login failed, naming no user', async () => {
    const wrong = await post('/login', { username: 'avery@acmecorp01', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ success: false, reason: 'Wrong username or password' });
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Session /);
    const unknown = await post('/login', { username: 'nobody@acmecorp01', password: 'nope' });
    expect(await unknown.json()).toEqual({ success: false, reason: 'Wrong username or password' });
    const missing = await post('/login', { username: 'avery@acmecorp01' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ success: false, field: 'password' });
  });

  it('the same session works for the PBX API, and logging out ends it for both', async () => {
    const client = await WorkspaceClient.login(server.url, 'padma@acmecorp01');
    const pbx = await fetch(`${server.url}/api/user/${(await client.me()).agent.userId}`, { headers: { cookie: client.cookie } });
    expect(pbx.status).toBe(200);
    expect((await client.send('POST', '/logout')).status).toBe(200);
    expect((await client.send('GET', '/me')).status).toBe(401);
    expect((await fetch(`${server.url}/api/user/1`, { headers: { cookie: client.cookie } })).status).toBe(401);
  });
});

describe('without a session', () => {
  it('the API answers 401 with the workspace error body', async () => {
    const res = await fetch(`${server.url}/AGUI/api/me`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ success: false, reason: 'Unauthorized: log in first' });
  });

  it('the socket is closed with 4401 (the page shows its login form)', async () => {
    expect(await socketOutcome('/AGUI/ws', { origin: server.url })).toEqual({ code: 4401 });
  });
});

describe('cross-site requests', () => {
  it('a write from another site is refused 403 even with the cookie', async () => {
    const res = await avery.send('POST', '/status', { status: 'available' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ success: false, reason: expect.stringMatching(/Cross-site/) });
  });

  it('a socket from another site is refused at the upgrade', async () => {
    expect(await socketOutcome('/AGUI/ws', { origin: 'https://evil.example', cookie: avery.cookie })).toEqual({ status: 403 });
  });

  it('a form post (not JSON) is refused', async () => {
    const res = await fetch(`${server.url}/AGUI/api/status`, {
      method: 'POST', headers: { cookie: avery.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'status=available',
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ success: false });
  });
});

describe('the supervisor view', () => {
  it('is refused to an agent: 403 on the API, 4403 on the socket', async () => {
    const res = await avery.send('GET', '/supervisor');
    expect(res.status).toBe(403);
    expect(res.body.reason).toMatch(/supervisors/);
    expect(await socketOutcome('/AGUI/ws?view=supervisor', { origin: server.url, cookie: avery.cookie })).toEqual({ code: 4403 });
  });

  it('is given to the demo supervisor, with every agent of the tenant and its inbound queues', async () => {
    const sam = await WorkspaceClient.login(server.url, 'sam@acmecorp01');
    const res = await sam.send<{ agents: { agentId: string }[]; queues: { id: number; name: string }[] }>('GET', '/supervisor');
    expect(res.status).toBe(200);
    expect(res.body.agents.map((a) => a.agentId)).toContain(AVERY);
    expect(res.body.agents.map((a) => a.agentId)).not.toContain('agPbxApiUser000000000001'); // not an agent
    expect(res.body.queues).toEqual([expect.objectContaining({ id: 600, name: 'Support' })]);
  });
});

describe('another agent\'s call', () => {
  it('is not found for this agent, whatever the action', async () => {
    const padma = await WorkspaceClient.login(server.url, 'padma2@acmecorp01');
    await avery.ok('POST', '/status', { status: 'available' });
    const placed = await avery.ok('POST', '/calls', { number: '+15550103333' });
    const guid = placed.lines[0]?.interactionGuid ?? '';
    for (const action of ['answer', 'reject', 'hangup', 'end-post-processing']) {
      expect((await padma.send('POST', `/calls/${guid}/${action}`)).status, action).toBe(404);
    }
    expect((await padma.send('PUT', `/calls/${guid}/notes`, { notes: 'x' })).status).toBe(404);
    await avery.ok('POST', `/calls/${guid}/hangup`);
  });
});

describe('the pages', () => {
  it('are served under a strict Content-Security-Policy, with their hashed assets cached for good', async () => {
    const page = await fetch(`${server.url}/AGUI/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await page.text();
    const asset = /\/AGUI\/assets\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const script = await fetch(`${server.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${server.url}/AGUI/supervisor/`)).status).toBe(200);
    const missing = await fetch(`${server.url}/AGUI/../package.json`);
    expect(missing.status).toBe(404);
    expect((await fetch(`${server.url}/AGUI/assets/nothing.js`)).status).toBe(404);
  });
});
