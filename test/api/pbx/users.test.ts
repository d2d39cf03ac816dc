import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PBX_API_USER } from '../../../src/app/demo.ts';
import { READ_ONLY_FIELDS } from '../../../src/domain/users/user-fields.ts';
import { OpenApiChecker } from '../../support/openapi.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * `/api/user` (`pbx-callcenter-api.md`, Users) against a real server: the document's examples,
 * list and query, partial updates, every validation refusal, permissions, tenant scope, login
 * sessions and their rate limit, delete with its clean-up, and the VCC view of PBX users. Every
 * answer is checked against `/openapi.json`.
 */

let server: TestServer;
let checker: OpenApiChecker;
let tenantId: string;
const KEY = `api_key=${DEMO_SECRET}`;
const AVERY = 'agAQDqmvKiRbG4ekigNSmbbb';
const PADMA2 = 'ag64oyEUb_Sk6bxVB9P5yaaa';
const ILYA = 'ag0VYyLh0YTsymdbtYIaaaa';

type Json = Record<string, unknown>;
interface Answer { status: number; body: Json; headers: Record<string, unknown> }

beforeAll(async () => {
  server = await startTestServer();
  checker = await OpenApiChecker.load(server.url);
  tenantId = server.platform.directory.tenantByName('acmecorp01')?.id ?? '';
});
afterAll(() => server.close());

async function call(method: string, url: string, init: { json?: unknown; form?: string; headers?: Record<string, string>; from?: string } = {}): Promise<Answer> {
  const type = init.json !== undefined ? 'application/json' : init.form !== undefined ? 'application/x-www-form-urlencoded' : undefined;
  const res = await server.app.inject({
    method: method as 'GET', url,
    headers: { ...(type && { 'content-type': type }), ...init.headers },
    ...(init.json !== undefined && { payload: JSON.stringify(init.json) }),
    ...(init.form !== undefined && { payload: init.form }),
    ...(init.from !== undefined && { remoteAddress: init.from }),
  });
  checker.check(method, url, res.statusCode, (res.headers['content-type'] as string | undefined) ?? null, res.body);
  return { status: res.statusCode, body: res.body === '' ? {} : res.json<Json>(), headers: res.headers };
}

const userIdOf = (agentId: string, tenant = tenantId): number => server.platform.directory.requireAgent(tenant, agentId).userId;
let seq = 0;
/** A fresh valid create body. */
const newUser = (extra: Json = {}): Json => {
  seq++;
  return { name: `Test User ${seq}`, username: `test${seq}@users`, password: 'Ab123456', email: `test${seq}@example.com`, ...extra };
};
async function create(extra: Json = {}): Promise<Json> {
  const res = await call('POST', `/api/user?${KEY}`, { json: newUser(extra) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as Json;
}

describe('the document\'s examples', () => {
  it('Example 1: creates a user and answers with the new record', async () => {
    const res = await call('POST', `/api/user?${KEY}`, {
      json: { name: 'John Smith', username: 'Jonh123', password: 'Ab123456', email: 'usersmail@mail.com', in_reports: true, is_agent: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      data: { account_id: 1001, active: 1, in_reports: true, pgroup_id: 0, username: 'Jonh123', email: 'usersmail@mail.com', name: 'John Smith', is_agent: true },
    });
    const data = res.body.data as Json;
    expect(typeof data.id).toBe('number');
    expect(data).not.toHaveProperty('password');
    expect(data).toMatchObject({ timezone: 'UTC', devices: [], extensions: '', dids: '', vm_name: null, pgroup: 'None', pause_id: 0, online: 0, queues: [], queue_perms: [], last_login: 0 });
    expect(data.agent_id).toMatch(/^ag[A-Za-z0-9_-]{22}$/);
    expect(Math.abs((data.ts as number) - Date.now() / 1000)).toBeLessThan(60);
    const again = await call('GET', `/api/user/${data.id as number}?${KEY}`);
    expect(again.body).toStrictEqual({ success: true, data });
  });

  it('Example 2: deletes a user; it is gone afterwards', async () => {
    const user = await create();
    expect(await call('DELETE', `/api/user/${user.id as number}?${KEY}`)).toMatchObject({ status: 200, body: { success: true } });
    expect((await call('GET', `/api/user/${user.id as number}?${KEY}`)).status).toBe(404);
    expect((await call('DELETE', `/api/user/${user.id as number}?${KEY}`)).status).toBe(404);
  });
});

describe('list, get and query', () => {
  it('lists the tenant\'s users by id, filters by q (name, username, e-mail) and is_agent', async () => {
    const all = (await call('GET', `/api/user?${KEY}`)).body.data as Json[];
    const ids = all.map((u) => u.id as number);
    expect(ids).toStrictEqual([...ids].sort((a, b) => a - b));
    expect(all.map((u) => u.username)).toEqual(expect.arrayContaining(['api@acmecorp01', 'ilya@acmecorp01', 'avery@acmecorp01']));
    expect(all.every((u) => u.account_id === 1001)).toBe(true);
    const smith = (await call('GET', `/api/user?q=SMITH&${KEY}`)).body.data as Json[];
    expect(smith.map((u) => u.name)).toContain('Jane Smith');
    expect(smith.every((u) => /smith/i.test(`${String(u.name)} ${String(u.username)} ${String(u.email)}`))).toBe(true);
    const byMail = (await call('GET', `/api/user/?q=acmecorp01.example&is_agent=0&${KEY}`)).body.data as Json[];
    expect(byMail.map((u) => u.username)).toStrictEqual(['api@acmecorp01', 'sam@acmecorp01']);
    const agents = (await call('GET', `/api/user?is_agent=1&${KEY}`)).body.data as Json[];
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.every((u) => u.is_agent === true)).toBe(true);
    expect(agents.map((u) => u.username)).not.toContain('api@acmecorp01');
    expect((await call('GET', `/api/user?is_agent=2&${KEY}`)).status).toBe(400);
  });

  it('shows devices as rows, tiers as queue_perms, joined queues, presence', async () => {
    const avery = (await call('GET', `/api/user/${userIdOf(AVERY)}?${KEY}`)).body.data as Json;
    expect(avery).toMatchObject({ name: 'Avery Available', online: 1, pause_id: 0, queues: [600], is_agent: true, pgroup: 'Agent' });
    expect(avery.devices).toStrictEqual([[206, 0, 0, 30, 'Avery\'s desk phone']]);
    expect((avery.queue_perms as unknown[][]).map((row) => row[0])).toStrictEqual([600]);
    const padma = (await call('GET', `/api/user/${userIdOf('ag64oyEUb_Sk6bxVB9P5ye5w')}?${KEY}`)).body.data as Json;
    expect(padma).toMatchObject({ online: 1, pause_id: 1726, queues: [] });
    const ilya = (await call('GET', `/api/user/${userIdOf(ILYA)}?${KEY}`)).body.data as Json;
    expect(ilya).toMatchObject({ online: 0, pause_id: 0 });
  });

  it('answers 404 for an unknown id, an id of another form, and another tenant\'s user', async () => {
    const other = server.platform.directory.tenantByName('supertenantcsm01')?.id ?? '';
    const foreign = userIdOf(ILYA, other);
    for (const id of ['999999', 'abc', String(foreign)]) {
      const res = await call('GET', `/api/user/${id}?${KEY}`);
      expect(res.status, id).toBe(404);
      expect(res.body).toStrictEqual({ success: false, msg: `User '${id}' not found` });
      expect((await call('PUT', `/api/user/${id}?${KEY}`, { json: { name: 'X' } })).status).toBe(404);
      expect((await call('DELETE', `/api/user/${id}?${KEY}`)).status).toBe(404);
    }
  });
});

describe('update', () => {
  it('changes only the submitted fields and answers with the whole record', async () => {
    const before = await create({ timezone: 'Asia/Jerusalem', in_reports: true, geo_limit: 'IL' });
    const res = await call('PUT', `/api/user/${before.id as number}?${KEY}`, { json: { name: 'Renamed', wrap_up_time: 20, max_no_answer: 3 } });
    expect(res.status).toBe(200);
    expect(res.body.data).toStrictEqual({ ...before, name: 'Renamed', wrap_up_time: 20, max_no_answer: 3, no_answer_delay_time: 0, reject_delay_time: 0, busy_delay_time: 0 });
    const settings = server.platform.directory.calls.of(tenantId).agentSettings.get(before.agent_id as string);
    expect(settings).toMatchObject({ wrapUpSeconds: 20, overrides: { maxNoAnswer: 3 } });
    const more = await call('PUT', `/api/user/${before.id as number}?${KEY}`, {
      json: { timezone: 'US/Eastern', geo_limit: 'il, us', permissions: { phone_lists: true }, pgroup_id: 2, active: 0, ecnam: 'Sales', unknown_field: 1 },
    });
    expect(more.body.data).toMatchObject({ timezone: 'US/Eastern', geo_limit: 'IL,US', permissions: { phone_lists: true }, pgroup_id: 2, pgroup: 'Call center supervisor', active: 0, ecnam: 'Sales', name: 'Renamed' });
    expect(more.body.data).not.toHaveProperty('unknown_field');
  });

  it('takes form-encoded bodies, coerced', async () => {
    const user = await create();
    const res = await call('PUT', `/api/user/${user.id as number}?${KEY}`, { form: 'active=0&is_agent=true&follow_me=15' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ active: 0, is_agent: true, follow_me: 15 });
  });

  it('a new password ends the user\'s sessions', async () => {
    const user = await create({ pgroup_id: 3 });
    const cookie = await logIn(user.username as string, 'Ab123456', '10.1.0.1');
    expect((await call('GET', `/api/user/${user.id as number}`, { headers: { cookie } })).status).toBe(200);
    await call('PUT', `/api/user/${user.id as number}?${KEY}`, { json: { password: 'Cd654321' } });
    expect((await call('GET', `/api/user/${user.id as number}`, { headers: { cookie } })).status).toBe(401);
    expect(await logIn(user.username as string, 'Cd654321', '10.1.0.1')).toMatch(/^switchboard_session=/);
  });
});

describe('validation', () => {
  it('refuses every read-only field, naming it', async () => {
    const user = await create();
    for (const field of READ_ONLY_FIELDS) {
      const put = await call('PUT', `/api/user/${user.id as number}?${KEY}`, { json: { [field]: 1 } });
      expect(put, field).toMatchObject({ status: 400, body: { success: false, msg: `${field} is read only` } });
      const post = await call('POST', `/api/user?${KEY}`, { json: newUser({ [field]: 1 }) });
      expect(post.status, field).toBe(400);
      expect(post.body.msg).toBe(`${field} is read only`);
    }
  });

  it('refuses weak passwords, one rule at a time', async () => {
    for (const [password, problem] of [['Ab1', '8 characters'], ['abcdefg1', 'upper-case'], ['ABCDEFG1', 'lower-case'], ['Abcdefgh', 'digit']] as const) {
      const res = await call('POST', `/api/user?${KEY}`, { json: newUser({ password }) });
      expect(res.status, password).toBe(400);
      expect(res.body.msg).toMatch(/^password /);
      expect(res.body.msg).toContain(problem);
    }
  });

  it('checks time zones (legacy links accepted), e-mail, groups, permissions, geo_limit, dial plans, ranges', async () => {
    expect((await call('POST', `/api/user?${KEY}`, { json: newUser({ timezone: 'US/Eastern' }) })).body.data).toMatchObject({ timezone: 'US/Eastern' });
    for (const [extra, field] of [
      [{ timezone: 'Mars/Olympus' }, 'timezone'], [{ email: 'not-an-address' }, 'email'], [{ pgroup_id: 9 }, 'pgroup_id'],
      [{ permissions: { root: true } }, 'permissions.root'], [{ geo_limit: 'ISR' }, 'geo_limit'], [{ dr_id: 77 }, 'dr_id'],
      [{ api_ip_ranges: ['10.0.0.0/99'] }, 'api_ip_ranges[0]'], [{ name: ' ' }, 'name'],
    ] as const) {
      const res = await call('POST', `/api/user?${KEY}`, { json: newUser(extra) });
      expect(res.status, field).toBe(400);
      expect(res.body.msg, field).toContain(field);
    }
  });

  it('refuses wrong JSON types (no coercion) and missing required fields, naming the field', async () => {
    const user = await create();
    for (const [body, field] of [
      [{ active: '1' }, 'active'], [{ is_agent: 'true' }, 'is_agent'], [{ in_reports: 1 }, 'in_reports'], [{ wrap_up_time: '20' }, 'wrap_up_time'],
      [{ active: 2 }, 'active'], [{ permissions: { users: 'yes' } }, 'permissions'], [{ sites: 'a' }, 'sites'],
    ] as const) {
      const res = await call('PUT', `/api/user/${user.id as number}?${KEY}`, { json: body });
      expect(res.status, field).toBe(400);
      expect(res.body.msg, field).toContain(field);
    }
    const missing = await call('POST', `/api/user?${KEY}`, { json: { name: 'No Password', username: 'nopass', email: 'n@example.com' } });
    expect(missing).toMatchObject({ status: 400, body: { msg: 'Missing required field password' } });
  });

  it('keeps usernames unique platform-wide (409)', async () => {
    const user = await create();
    for (const username of ['jane@acmecorp01', 'ilya@supertenantcsm01']) {
      const res = await call('POST', `/api/user?${KEY}`, { json: newUser({ username }) });
      expect(res.status, username).toBe(409);
      expect(res.body.msg).toBe(`username: '${username}' is already taken`);
    }
    expect((await call('PUT', `/api/user/${user.id as number}?${KEY}`, { json: { username: 'jane@acmecorp01' } })).status).toBe(409);
    expect((await call('PUT', `/api/user/${user.id as number}?${KEY}`, { json: { username: user.username } })).status).toBe(200);
  });
});

describe('permissions', () => {
  it('needs the Users permission, except to read oneself', async () => {
    const agent = await create({ pgroup_id: 3 });
    const { key } = await server.platform.access.keys.create(tenantId, agent.agent_id as string, { key: 'k-users-test-agent-key' });
    const forbidden = await call('GET', `/api/user?api_key=${key}`);
    expect(forbidden).toMatchObject({ status: 403, body: { success: false, msg: 'Forbidden: the \'Users\' permission is required' } });
    expect((await call('GET', `/api/user/${userIdOf(AVERY)}?api_key=${key}`)).status).toBe(403);
    expect((await call('POST', `/api/user?api_key=${key}`, { json: newUser() })).status).toBe(403);
    expect((await call('PUT', `/api/user/${agent.id as number}?api_key=${key}`, { json: { pgroup_id: 1 } })).status).toBe(403);
    expect((await call('DELETE', `/api/user/${agent.id as number}?api_key=${key}`)).status).toBe(403);
    expect((await call('GET', `/api/user/${agent.id as number}?api_key=${key}`)).body.data).toMatchObject({ id: agent.id, pgroup: 'Agent' });
  });
});

async function logIn(username: string, password: string, from: string): Promise<string> {
  const res = await call('POST', '/api/user/login', { json: { username, password }, from });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookie = String(res.headers['set-cookie']);
  expect(cookie).toMatch(/^switchboard_session=[^;]+; HttpOnly; SameSite=Lax; Path=\/; Max-Age=\d+$/);
  return cookie.split(';')[0] as string;
}

describe('login and logout', () => {
  it('opens a cookie session that stands for api_key, records last_login; logout ends it', async () => {
    const user = await create({ pgroup_id: 3, session_ttl: 600 });
    const res = await call('POST', '/api/user/login', { json: { username: user.username, password: 'Ab123456' }, from: '10.2.0.1' });
    expect(res.body).toMatchObject({ success: true, data: { id: user.id, username: user.username } });
    expect(String(res.headers['set-cookie'])).toContain('Max-Age=600');
    expect(((res.body.data as Json).last_login as number) > 0).toBe(true);
    const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
    expect((await call('GET', `/api/user/${user.id as number}`, { headers: { cookie } })).body.data).toMatchObject({ id: user.id });
    expect((await call('GET', '/api/user', { headers: { cookie } })).status).toBe(403);
    const out = await call('GET', '/api/user/logout', { headers: { cookie } });
    expect(out).toMatchObject({ status: 200, body: { success: true } });
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await call('GET', `/api/user/${user.id as number}`, { headers: { cookie } })).status).toBe(401);
    expect((await call('GET', '/api/user/logout')).status).toBe(200);
  });

  it('refuses a wrong password or unknown user (401) and an inactive user (403)', async () => {
    const user = await create({ active: 0 });
    expect(await call('POST', '/api/user/login', { json: { username: user.username, password: 'Wrong1234' }, from: '10.3.0.1' })).toMatchObject({ status: 401, body: { success: false, msg: 'Unauthorized' } });
    expect((await call('POST', '/api/user/login', { json: { username: 'nobody@nowhere', password: 'Ab123456' }, from: '10.3.0.1' })).status).toBe(401);
    expect(await call('POST', '/api/user/login', { json: { username: user.username, password: 'Ab123456' }, from: '10.3.0.1' })).toMatchObject({ status: 403 });
    expect((await call('POST', '/api/user/login', { json: { username: user.username }, from: '10.3.0.1' })).status).toBe(400);
  });

  it('rate-limits failures per username (429 with Retry-After); other users still log in', async () => {
    const user = await create();
    for (let i = 0; i < 10; i++) {
      expect((await call('POST', '/api/user/login', { json: { username: user.username, password: 'Wrong1234' }, from: `10.4.0.${i + 1}` })).status).toBe(401);
    }
    const blocked = await call('POST', '/api/user/login', { json: { username: user.username, password: 'Ab123456' }, from: '10.4.1.1' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.msg).toMatch(/^Too many failed logins; try again in \d+ s$/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const other = await create();
    expect(await logIn(other.username as string, 'Ab123456', '10.4.1.1')).toMatch(/^switchboard_session=/);
  });

  it('rate-limits failures per address', async () => {
    for (let i = 0; i < 10; i++) await call('POST', '/api/user/login', { json: { username: `spray${i}@nowhere`, password: 'Wrong1234' }, from: '10.5.0.1' });
    const user = await create();
    expect((await call('POST', '/api/user/login', { json: { username: user.username, password: 'Ab123456' }, from: '10.5.0.1' })).status).toBe(429);
  });
});

describe('the VCC view of PBX users', () => {
  const vcc = (path: string) => server.app.inject({ method: 'GET', url: `/api/v1/tenants/acmecorp01/agentstatus/agents${path}`, headers: { authorization: server.basic() } });

  it('shows a user created as an agent, and hides non-agents (list, count, get)', async () => {
    const agent = await create({ is_agent: true });
    const clerk = await create({ is_agent: false });
    const list = await vcc('');
    const ids = (list.json<{ data: { 'agent-id': string }[] }>().data).map((a) => a['agent-id']);
    expect(ids).toContain(agent.agent_id);
    expect(ids).not.toContain(clerk.agent_id);
    expect(ids).not.toContain(DEMO_PBX_API_USER);
    expect(Number(list.headers['x-total-count'])).toBe(ids.length);
    expect((await vcc(`/${agent.agent_id as string}`)).statusCode).toBe(200);
    expect((await vcc(`/${clerk.agent_id as string}`)).statusCode).toBe(404);
    const set = (path: string, payload: unknown) => server.app.inject({
      method: 'PUT', url: `/api/v1/tenants/acmecorp01/agentstatus/agents${path}`, headers: { authorization: server.basic(), 'content-type': 'application/json' }, payload: JSON.stringify(payload),
    });
    const lunch = { 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725, 'status-code-item-short-code': 'Lunch' };
    expect((await set(`/${clerk.agent_id as string}`, lunch)).statusCode).toBe(404);
    const bulk = await set('/bulk', { agents: [{ 'agent-id': clerk.agent_id, ...lunch }] });
    expect(bulk.statusCode).toBe(207);
    expect(bulk.json<{ data: { 'change-status': number }[] }>().data[0]?.['change-status']).toBe(404);
    // Pages skip non-agents and still fill up.
    const page = await vcc('?limit=2');
    expect(page.json<{ data: unknown[] }>().data).toHaveLength(2);
    await call('PUT', `/api/user/${clerk.id as number}?${KEY}`, { json: { is_agent: true } });
    expect((await vcc(`/${clerk.agent_id as string}`)).statusCode).toBe(200);
  });
});

describe('delete', () => {
  it('checks the user out, removes its tiers, devices and keys, and forgets it everywhere', async () => {
    const { platform } = server;
    const { key } = await platform.access.keys.create(tenantId, PADMA2, { key: 'k-users-test-padma2-key' });
    const id = userIdOf(PADMA2);
    expect((await call('GET', `/api/user/${id}?api_key=${key}`)).status).toBe(200);
    expect(platform.acd.state.router(tenantId).hasTiers(PADMA2)).toBe(true);
    expect(await call('DELETE', `/api/user/${id}?${KEY}`)).toMatchObject({ status: 200, body: { success: true } });
    expect((await call('GET', `/api/user/${id}?${KEY}`)).status).toBe(404);
    expect((await call('GET', `/api/user/${id}?api_key=${key}`)).status).toBe(401);
    expect(platform.directory.agent(tenantId, PADMA2)).toBeUndefined();
    expect(platform.directory.calls.of(tenantId).queues.get(600)?.tiers?.map((t) => t.agentId)).not.toContain(PADMA2);
    const router = platform.acd.state.router(tenantId);
    expect(router.hasTiers(PADMA2)).toBe(false);
    expect(router.agentFacts(PADMA2)).toBeUndefined();
    const device = await platform.store.getRecord<{ agentId: string | null }>(tenantId, 'device', '0000000205');
    expect(device?.body.agentId).toBeNull();
    const events = await platform.store.readEvents(tenantId, 0, 1_000_000);
    const mine = events.filter((e) => 'agentId' in e.event && e.event.agentId === PADMA2).map((e) => e.event.type);
    expect(mine.slice(-2)).toStrictEqual(['agent.presence_changed', 'agent.deleted']);
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/tenants/acmecorp01/agentstatus/agents/${PADMA2}`, headers: { authorization: server.basic() } })).statusCode).toBe(404);
  });

  it('refuses while the user has a live call (409)', async () => {
    const { platform } = server;
    platform.acd.placeInbound(tenantId, '+16175550123', '+18005550100');
    await expect.poll(() => platform.agentWriter.current(tenantId, AVERY).state.activity, { timeout: 5000 }).not.toBe('idle');
    const res = await call('DELETE', `/api/user/${userIdOf(AVERY)}?${KEY}`);
    expect(res.status).toBe(409);
    expect(res.body.msg).toContain('live call');
    expect(platform.directory.agent(tenantId, AVERY)).toBeDefined();
  });
});

describe('a user that stops being an agent', () => {
  it('is checked out, leaves its queues and loses its tiers, so routing never offers it a call', async () => {
    const user = await create({ is_agent: true });
    const id = user.id as number;
    const agentId = user.agent_id as string;
    expect((await call('POST', `/api/cc_queue/600/users?${KEY}`, { json: { users: [[id, 1, 1, 1, null]] } })).status).toBe(200);
    const admin = { authorization: server.admin, 'content-type': 'application/json' };
    expect((await server.app.inject({ method: 'PUT', url: `/admin/v1/tenants/acmecorp01/agents/${agentId}/status`, headers: admin, payload: JSON.stringify({ status: 4 }) })).statusCode).toBe(200);
    expect((await call('GET', `/api/cc_agent/setQueues?queue_ids=600&user_id=${id}&${KEY}`)).status).toBe(200);
    expect((await call('GET', `/api/user/${id}?${KEY}`)).body.data).toMatchObject({ online: 1, queues: [600] });

    const demoted = await call('PUT', `/api/user/${id}?${KEY}`, { json: { is_agent: false } });
    expect(demoted.status).toBe(200);
    expect(demoted.body.data).toMatchObject({ is_agent: false, online: 0, queues: [], queue_perms: [] });
    const rows = (await call('GET', `/api/cc_queue/600/users?${KEY}`)).body.data as unknown[][];
    expect(rows.map((r) => r[0])).not.toContain(id);
    expect(server.platform.directory.requireAgent(tenantId, agentId).state.presence.kind).toBe('logged_out');
  });
});
