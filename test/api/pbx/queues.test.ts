import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile } from '../../../src/domain/users/user-profile.ts';
import { OpenApiChecker } from '../../support/openapi.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * `/api/cc_queue`, `/api/cc_queue/{id}/users` and `/api/user/{id}/queues` (`pbx-callcenter-api.md`,
 * Queues) against a real server with the demo; every answer is checked against `/openapi.json`.
 */

const AVERY = 'agAQDqmvKiRbG4ekigNSmbbb';
const ILYA = 'ag0VYyLh0YTsymdbtYIaaaa';
const JANE = 'ag0XgxWZr7TzqWFhxboBGj1g';
const API_USER = 'agPbxApiUser000000000001';
const JANE_KEY = 'k-jane-agent-only-0123456789';
const OTHER_KEY = 'k-supertenant-admin-0123456789';

let server: TestServer;
let checker: OpenApiChecker;
let acme: string;
const uid = (agentId: string, tenantId = acme): number => server.platform.directory.requireAgent(tenantId, agentId).userId;

type Answer = { status: number; body: { success: boolean; msg?: string; data?: unknown } };

async function send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, key = DEMO_SECRET): Promise<Answer> {
  const url = `${path}${path.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(key)}`;
  const res = await server.app.inject({
    method, url,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
  });
  checker.check(method, url, res.statusCode, (res.headers['content-type'] as string | undefined) ?? null, res.body);
  return { status: res.statusCode, body: res.json<Answer['body']>() };
}

const data = <T = Record<string, unknown>>(a: Answer): T => a.body.data as T;
const refused = (a: Answer, status: number, msg: RegExp) => {
  expect(a.status).toBe(status);
  expect(a.body.success).toBe(false);
  expect(a.body.msg).toMatch(msg);
};

beforeAll(async () => {
  server = await startTestServer();
  checker = await OpenApiChecker.load(server.url);
  acme = server.platform.directory.tenantByName('acmecorp01')?.id as string;
  await server.platform.access.keys.create(acme, JANE, { key: JANE_KEY });
  const other = server.platform.directory.tenantByName('supertenantcsm01')?.id as string;
  await server.platform.access.keys.create(other, ILYA, { key: OTHER_KEY });
  server.platform.pbx.profiles.remember(other, ILYA, { ...defaultProfile(0), is_agent: true, pgroup_id: 1 });
});
afterAll(() => server.close());

describe('GET /api/cc_queue', () => {
  it('answers the document\'s example: with name (and strategy, time_base_score) data is that one queue', async () => {
    const one = await send('GET', '/api/cc_queue?name=Support&strategy=longest-idle-agent&time_base_score=queue');
    expect(one.status).toBe(200);
    expect(data(one)).toMatchObject({
      id: 600, account_id: server.platform.directory.tenantById(acme)?.pbxAccountId, site_id: null, name: 'Support', tv_name: null,
      strategy: 'longest-idle-agent', record: 0, time_base_score: 'queue', type: 'inbound', labels: [], extensions: '600',
    });
    expect(data<{ user_ids: number[] }>(one).user_ids).toContain(uid(AVERY));
    refused(await send('GET', '/api/cc_queue?name=Support&strategy=random'), 404, /Support/);
    refused(await send('GET', '/api/cc_queue?name=Nope'), 404, /Nope/);
  });

  it('without name lists every queue (an array), filtered by strategy and time_base_score', async () => {
    expect(data<{ id: number }[]>(await send('GET', '/api/cc_queue')).map((q) => q.id)).toContain(600);
    expect(data<unknown[]>(await send('GET', '/api/cc_queue?strategy=random'))).toEqual([]);
    expect(data<unknown[]>(await send('GET', '/api/cc_queue?time_base_score=system'))).toEqual([]);
    refused(await send('GET', '/api/cc_queue?strategy=fastest'), 400, /^strategy: 'fastest' is not a strategy; one of ring-all, .*random$/);
    refused(await send('GET', '/api/cc_queue?time_base_score=both'), 400, /^time_base_score: .*system, queue/);
  });

  it('shows the queue\'s agents as in "Manage queue agents": [user_id, mode, position, level, name, timegroup_id, joined]', async () => {
    const rows = data<unknown[][]>(await send('GET', '/api/cc_queue/600/users'));
    expect(rows).toContainEqual([uid(AVERY), 0, 6, 1, 'Avery Available', null, true]);
    expect(rows).toContainEqual([uid(ILYA), 0, 1, 1, 'Ilya Workshard', null, false]);
  });
});

describe('create, read, update, delete', () => {
  let id = 0;
  it('creates an inbound queue with the next free id and its agents', async () => {
    const created = await send('POST', '/api/cc_queue', {
      name: 'Sales', strategy: 'round-robin', time_base_score: 'system', max_wait_time: 120, labels: '3, 4', background_color: '#ff0000',
      exits: { timeout: { type: 'voicemail', id: 9 } }, users: [[uid(AVERY), 4, 10, 1, null], [uid(ILYA), 3, 5, 2]],
    });
    expect(created.status).toBe(200);
    const q = data<Record<string, unknown>>(created);
    id = q.id as number;
    expect(id).toBe(601);
    expect(q).toMatchObject({
      name: 'Sales', type: 'inbound', strategy: 'round-robin', time_base_score: 'system', max_wait_time: 120, labels: [3, 4],
      background_color: '#ff0000', exits: { timeout: { type: 'voicemail', id: 9 } }, user_ids: [uid(AVERY), uid(ILYA)],
      users: [[uid(AVERY), 4, 10, 1, 'Avery Available', null, false], [uid(ILYA), 3, 5, 2, 'Ilya Workshard', null, false]],
    });
    expect(data(await send('GET', `/api/cc_queue/${id}`))).toEqual(q);
  });

  it('updates only the submitted fields; users replaces the agents; null clears a setting', async () => {
    const before = data<Record<string, unknown>>(await send('GET', `/api/cc_queue/${id}`));
    const after = await send('PUT', `/api/cc_queue/${id}`, { tier_rules_apply: true, background_color: null, users: [[uid(ILYA), 4, 1, 1, null]] });
    expect(after.status).toBe(200);
    expect(data(after)).toEqual({ ...before, tier_rules_apply: true, background_color: null, user_ids: [uid(ILYA)], users: [[uid(ILYA), 4, 1, 1, 'Ilya Workshard', null, false]] });
    const renamed = data(await send('PUT', `/api/cc_queue/${id}`, { name: 'Sales EU', strategy: 'top-down' }));
    expect(renamed).toMatchObject({ name: 'Sales EU', strategy: 'top-down', time_base_score: 'system', tier_rules_apply: true, max_wait_time: 120 });
  });

  it('accepts a read record written back (read-only fields equal to the current ones)', async () => {
    const record = data<Record<string, unknown>>(await send('GET', `/api/cc_queue/${id}`));
    const again = await send('PUT', `/api/cc_queue/${id}`, record);
    expect(again.status).toBe(200);
    expect(data(again)).toEqual(record);
  });

  it('deletes a queue; then it is not found', async () => {
    const seq = await server.platform.store.lastEventSeq(acme);
    expect(await send('DELETE', `/api/cc_queue/${id}`)).toEqual({ status: 200, body: { success: true } });
    const logged = (await server.platform.store.readEvents(acme, seq, 10)).map((e) => e.event);
    expect(logged).toEqual([{ type: 'queue.deleted', queueId: id }, expect.objectContaining({ type: 'call_config.defined', queueIds: [id] })]);
    expect(server.platform.directory.calls.of(acme).queues.has(id)).toBe(false);
    refused(await send('GET', `/api/cc_queue/${id}`), 404, new RegExp(`${id}`));
    refused(await send('DELETE', `/api/cc_queue/${id}`), 404, new RegExp(`${id}`));
    refused(await send('PUT', `/api/cc_queue/${id}`, { name: 'x' }), 404, new RegExp(`${id}`));
  });

  it('a deleted queue leaves the joined lists of the agents who had joined it', async () => {
    const created = await send('POST', '/api/cc_queue', { name: 'Joined then deleted', strategy: 'ring-all', time_base_score: 'queue', users: [[uid(AVERY), 1, 1, 1]] });
    const queueId = (data(created) as { id: number }).id;
    expect((await send('GET', `/api/cc_agent/setQueues?queue_ids=600,${queueId}&user_id=${uid(AVERY)}`)).status).toBe(200);
    expect(server.platform.directory.requireAgent(acme, AVERY).state.routing?.joined).toEqual([600, queueId]);
    expect(await send('DELETE', `/api/cc_queue/${queueId}`)).toEqual({ status: 200, body: { success: true } });
    expect(server.platform.directory.requireAgent(acme, AVERY).state.routing?.joined).toEqual([600]);
  });
});

describe('validation', () => {
  const base = { name: 'V', strategy: 'random', time_base_score: 'queue' };
  it('requires name, strategy and time_base_score on create', async () => {
    refused(await send('POST', '/api/cc_queue', { strategy: 'random', time_base_score: 'queue' }), 400, /^name: is required/);
    refused(await send('POST', '/api/cc_queue', { name: 'V', time_base_score: 'queue' }), 400, /^strategy: is required/);
    refused(await send('POST', '/api/cc_queue', { name: 'V', strategy: 'random' }), 400, /^time_base_score: is required/);
  });

  it('refuses an unknown strategy listing the allowed, a bad time_base_score, numbers and booleans of the wrong type', async () => {
    const bad = await send('POST', '/api/cc_queue', { ...base, strategy: 'fastest' });
    refused(bad, 400, /^strategy: 'fastest' is not a strategy; one of /);
    expect(bad.body.msg).toContain('sequentially-by-next-agent-order');
    refused(await send('PUT', '/api/cc_queue/600', { time_base_score: 'caller' }), 400, /^time_base_score: 'caller' is not allowed; one of system, queue/);
    refused(await send('PUT', '/api/cc_queue/600', { max_wait_time: -1 }), 400, /max_wait_time/);
    refused(await send('PUT', '/api/cc_queue/600', { max_wait_time: '60' }), 400, /max_wait_time/);
    refused(await send('PUT', '/api/cc_queue/600', { ring_timeout: 1.5 }), 400, /ring_timeout/);
    refused(await send('PUT', '/api/cc_queue/600', { tier_rules_apply: 'yes' }), 400, /tier_rules_apply/);
    refused(await send('PUT', '/api/cc_queue/600', { font_color: 'not a colour!' }), 400, /^font_color: /);
    refused(await send('PUT', '/api/cc_queue/600', { labels: 'a,b' }), 400, /^labels\[0\]: /);
    refused(await send('PUT', '/api/cc_queue/600', { name: '   ' }), 400, /^name: /);
  });

  it('refuses read-only fields with a value of their own', async () => {
    for (const [field, value] of [['id', 9], ['account_id', 1], ['user_ids', [1]], ['extensions', '100'], ['type', 'outbound'], ['site_id', 3]] as const) {
      refused(await send('PUT', '/api/cc_queue/600', { [field]: value }), 400, new RegExp(`^${field}: is read only`));
    }
    refused(await send('POST', '/api/cc_queue', { ...base, id: 700 }), 400, /^id: is read only/);
  });

  it('refuses users rows with an unknown user (404), a non-agent (400), a bad row or time group', async () => {
    refused(await send('POST', '/api/cc_queue', { ...base, users: [[999999, 4, 1, 1, null]] }), 404, /User '999999' not found/);
    refused(await send('POST', '/api/cc_queue/600/users', { users: [[uid(API_USER), 4, 1, 1, null]] }), 400, /users\[0\]: user \d+ is not a call-center agent/);
    refused(await send('PUT', '/api/cc_queue/600/users', { users: [[uid(AVERY), 4, 1]] }), 400, /^users\[0\]: must be/);
    refused(await send('PUT', '/api/cc_queue/600/users', { users: [[uid(AVERY), -4, 1, 1, null]] }), 400, /^users\[0\]\[1\]: /);
    refused(await send('PUT', '/api/cc_queue/600/users', { users: [[uid(AVERY), 4, 1, 1, 77]] }), 404, /Time group '77' not found/);
    refused(await send('DELETE', '/api/cc_queue/600/users?ids=999999'), 404, /999999/);
    refused(await send('DELETE', '/api/cc_queue/600/users'), 400, /^ids: is required/);
  });

  it('refuses a second queue of the same name (409)', async () => {
    refused(await send('POST', '/api/cc_queue', { ...base, name: 'Support' }), 409, /^name: a queue named 'Support' already exists \(id 600\)/);
  });
});

describe('access', () => {
  it('answers 404 for unknown ids of any form and for another account\'s queues, and lists only the account\'s own', async () => {
    refused(await send('GET', '/api/cc_queue/abc'), 404, /abc/);
    refused(await send('GET', '/api/cc_queue/598'), 404, /598/);
    const other = await send('GET', '/api/cc_queue', undefined, OTHER_KEY);
    expect(data<{ id: number; type: string }[]>(other)).toEqual([expect.objectContaining({ id: 598, type: 'outbound', name: 'Outbound sales' })]);
    refused(await send('GET', '/api/cc_queue/600', undefined, OTHER_KEY), 404, /600/);
    refused(await send('GET', '/api/cc_queue/600/users', undefined, OTHER_KEY), 404, /600/);
    refused(await send('DELETE', '/api/cc_queue/600', undefined, OTHER_KEY), 404, /600/);
    refused(await send('GET', `/api/user/${uid(AVERY)}/queues`, undefined, OTHER_KEY), 404, /User/);
  });

  it('needs the Queues permission (403) and a key (401)', async () => {
    refused(await send('GET', '/api/cc_queue', undefined, JANE_KEY), 403, /'Queues' permission/);
    refused(await send('GET', `/api/user/${uid(JANE)}/queues`, undefined, JANE_KEY), 403, /'Queues' permission/);
    refused(await send('GET', '/api/cc_queue', undefined, 'wrong'), 401, /^Unauthorized$/);
  });
});

describe('/api/user/{id}/queues', () => {
  it('adds, replaces, lists and removes a user\'s queues', async () => {
    const sales = data<{ id: number }>(await send('POST', '/api/cc_queue', { name: 'Billing', strategy: 'ring-all', time_base_score: 'queue' })).id;
    const path = `/api/user/${uid(JANE)}/queues`;
    expect(data(await send('GET', path))).toEqual([[600, 0, 2, 1, null]]);
    expect(data(await send('POST', path, { queues: [[sales, 4, 3, 2, null]] }))).toEqual([[600, 0, 2, 1, null], [sales, 4, 3, 2, null]]);
    expect(data(await send('GET', `/api/cc_queue/${sales}/users`))).toEqual([[uid(JANE), 4, 3, 2, 'Jane Smith', null, false]]);
    expect(data(await send('PUT', path, { queues: [[sales, 3, 1, 1, null]] }))).toEqual([[sales, 3, 1, 1, null]]);
    expect(data<unknown[][]>(await send('GET', '/api/cc_queue/600/users')).map((r) => r[0])).not.toContain(uid(JANE));
    expect(data(await send('POST', path, { users: [[600, 4, 9, 1, null]] }))).toEqual([[600, 4, 9, 1, null], [sales, 3, 1, 1, null]]);
    expect(data(await send('DELETE', `${path}?ids=${sales}`))).toEqual([[600, 4, 9, 1, null]]);
    expect(data(await send('DELETE', path, { ids: [600] }))).toEqual([]);
    refused(await send('POST', path, { queues: [[4242, 4, 1, 1, null]] }), 404, /Queue '4242' not found/);
    refused(await send('GET', '/api/user/999999/queues'), 404, /User '999999' not found/);
    refused(await send('POST', `/api/user/${uid(API_USER)}/queues`, { queues: [[600, 4, 1, 1, null]] }), 400, /is not a call-center agent/);
    expect((await send('DELETE', `/api/cc_queue/${sales}`)).status).toBe(200);
  });

  it('takes form-encoded writes (users as JSON text, numbers as text) and ids as a comma-separated list', async () => {
    const form = async (method: 'POST' | 'PUT', url: string, body: Record<string, string>) => {
      const res = await server.app.inject({ method, url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...body, api_key: DEMO_SECRET }).toString() });
      checker.check(method, url, res.statusCode, (res.headers['content-type'] as string | undefined) ?? null, res.body);
      return { status: res.statusCode, body: res.json<Answer['body']>() };
    };
    const created = await form('POST', '/api/cc_queue', { name: 'Form', strategy: 'random', time_base_score: 'queue', ring_timeout: '20', auto_answer: 'true', users: JSON.stringify([[uid(JANE), 4, 1, 1, null]]) });
    expect(created.status).toBe(200);
    const q = data<{ id: number }>(created);
    expect(q).toMatchObject({ ring_timeout: 20, auto_answer: true, user_ids: [uid(JANE)] });
    expect(data((await form('POST', `/api/cc_queue/${q.id}/users`, { users: JSON.stringify([[uid(AVERY), 4, 2, 1, null]]) })))).toHaveLength(2);
    expect(data(await send('DELETE', `/api/cc_queue/${q.id}/users?ids=${uid(JANE)},${uid(AVERY)}`))).toEqual([]);
    expect((await send('DELETE', `/api/cc_queue/${q.id}`)).status).toBe(200);
  });

  it('adds and removes a queue\'s agents by user id (POST updates a user already there)', async () => {
    const path = '/api/cc_queue/600/users';
    const added = data<unknown[][]>(await send('POST', path, { users: [[uid(JANE), 4, 7, 3, null]] }));
    expect(added).toContainEqual([uid(JANE), 4, 7, 3, 'Jane Smith', null, false]);
    const updated = data<unknown[][]>(await send('POST', path, { users: [[uid(JANE), 3, 8, 1, null]] }));
    expect(updated.filter((r) => r[0] === uid(JANE))).toEqual([[uid(JANE), 3, 8, 1, 'Jane Smith', null, false]]);
    const removed = data<unknown[][]>(await send('DELETE', `${path}?ids=${uid(JANE)}`));
    expect(removed.map((r) => r[0])).not.toContain(uid(JANE));
    expect(removed.length).toBe(updated.length - 1);
  });
});

describe('routing follows changes made through the API', () => {
  const activity = (agentId: string) => server.platform.agentWriter.current(acme, agentId).state.activity;
  const callers = () => server.platform.acd.state.callersOf(acme, 600).length;
  const call = async (behaviour: Record<string, unknown> = {}) => {
    const res = await server.app.inject({
      method: 'POST', url: '/admin/v1/tenants/acmecorp01/telephony/inbound', headers: { authorization: server.admin },
      payload: { from: '+16175550123', to: '+18005550100', ...behaviour },
    });
    expect(res.statusCode).toBeLessThan(300);
  };
  // A caller who gives up before the agent's phone answers (it rings 2 s): the offer is withdrawn.
  const shortCall = () => call({ patienceMs: 300, talkMs: 1000 });
  const settled = async () => {
    await expect.poll(() => callers() === 0 && activity(AVERY) === 'idle' && activity(ILYA) === 'idle', { timeout: 5000 }).toBe(true);
  };

  it('an inbound call to the demo number rings the agents the new tiers and strategy choose', async () => {
    // The demo: Avery available and joined; Ilya becomes available and joins 600. Both hold level-1 tiers (Ilya position 1).
    const login = await server.app.inject({ method: 'PUT', url: `/admin/v1/tenants/acmecorp01/agents/${ILYA}/status`, headers: { authorization: server.admin }, payload: { status: 4 } });
    expect(login.statusCode).toBe(200);
    await server.platform.acd.setJoinedQueues(acme, ILYA, [600]);
    // Tiers: Avery level 1, Ilya level 2 — Avery first, whatever the strategy.
    const tiers = await send('PUT', '/api/cc_queue/600', { strategy: 'top-down', users: [[uid(AVERY), 4, 1, 1, null], [uid(ILYA), 4, 1, 2, null]] });
    expect(data(tiers)).toMatchObject({ strategy: 'top-down', user_ids: [uid(AVERY), uid(ILYA)] });
    await shortCall();
    await expect.poll(() => activity(AVERY), { timeout: 5000 }).toBe('offered');
    expect(activity(ILYA)).toBe('idle');
    await settled();
    // Strategy ring-all with both at level 1: one caller rings both.
    expect((await send('PUT', '/api/cc_queue/600', { strategy: 'ring-all', users: [[uid(AVERY), 4, 1, 1, null], [uid(ILYA), 4, 2, 1, null]] })).status).toBe(200);
    await shortCall();
    await expect.poll(() => [activity(AVERY), activity(ILYA)], { timeout: 5000 }).toEqual(['offered', 'offered']);
    await settled();
  });

  it('refuses to delete a queue while a caller is in it (409)', async () => {
    await call();
    await expect.poll(callers, { timeout: 5000 }).toBeGreaterThan(0);
    refused(await send('DELETE', '/api/cc_queue/600'), 409, /^id: queue 600 has 1 caller\(s\) in it/);
  });
});
