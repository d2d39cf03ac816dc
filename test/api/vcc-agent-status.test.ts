import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiChecker, checkedFetcher } from '../support/openapi.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let call: ReturnType<typeof checkedFetcher>;
const BASE = '/api/v1/tenants/acmecorp01/agentstatus/agents';

beforeAll(async () => {
  server = await startTestServer();
  call = checkedFetcher(server.url, await OpenApiChecker.load(server.url));
});
afterAll(() => server.close());

const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });
function put(path: string, body: unknown, auth = server.basic()) {
  const { body: text, ...headers } = json(body);
  return call(path, { method: 'PUT', headers: { authorization: auth, ...headers }, body: text });
}
const get = (path: string, auth = server.basic()) => call(path, { headers: { authorization: auth } });
const resetDemo = () => call('/admin/v1/demo/reset', { method: 'POST', headers: { authorization: server.admin } });

describe('documented examples (vcc-agent-status.md)', () => {
  it('GET all agents returns the documented agents and fields', async () => {
    const res = await get(BASE);
    expect(res.status).toBe(200);
    const data = res.body.data as Record<string, unknown>[];
    expect(data).toEqual(expect.arrayContaining([
      { 'agent-id': 'ag0VYyLh0YTsymdbtYIaaaa', 'agent-status': 1, name: 'Ilya Workshard' },
      { 'agent-id': 'ag0XgxWZr7TzqWFhxboBGj1g', 'agent-status': 1, 'status-code-list-id': -1, 'status-code-item-id': 1, name: 'Jane Smith' },
      { 'agent-id': 'ag1LmqEeEYRoOti9KjIi_Dng', 'agent-status': 0, name: 'Paul Neverhere' },
      {
        'agent-id': 'ag64oyEUb_Sk6bxVB9P5ye5w', 'agent-status': 5, 'status-code-list-id': 801, 'status-code-item-id': 1726,
        'status-code-item-short-code': 'Train', name: 'Padma Othertask', 'agent-sub-status': 'none',
      },
    ]));
  });

  it('GET one agent returns exactly the documented body, keys in order', async () => {
    const res = await get(`${BASE}/ag64oyEUb_Sk6bxVB9P5yaaa`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(JSON.stringify({
      'agent-id': 'ag64oyEUb_Sk6bxVB9P5yaaa', 'agent-status': 5, 'status-code-list-id': 801, 'status-code-item-id': 1726,
      'status-code-item-short-code': 'Train', name: 'Padma Othertask', 'agent-sub-status': 'none',
    }));
  });

  it('PUT one agent (supertenantcsm01 fixture) succeeds, and again as a no-op', async () => {
    const body = { 'agent-status': 5, 'status-code-list-id': 801, 'status-code-item-id': 1722, 'status-code-item-short-code': 'Meet' };
    const path = '/api/v1/tenants/supertenantcsm01/agentstatus/agents/ag0VYyLh0YTsymdbtYIaaaa';
    for (let i = 0; i < 2; i++) {
      const res = await put(path, body, server.basic('supertenantcsm01'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ reason: 'OK', 'change-status': 200, message: 'Agent status change successful' });
    }
    const after = await get(path, server.basic('supertenantcsm01'));
    expect(after.body).toMatchObject({ 'agent-status': 5, 'status-code-item-id': 1722, 'status-code-item-short-code': 'Meet' });
  });

  it('PUT bulk answers 207 with one OK per agent', async () => {
    const entry = (id: string) => ({ 'agent-id': id, 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725, 'status-code-item-short-code': 'Lunch' });
    const res = await put(`${BASE}/bulk`, { agents: [entry('ag64oyEUb_Sk6bxVB9P5yaaa'), entry('agAQDqmvKiRbG4ekigNSmbbb')] });
    expect(res.status).toBe(207);
    expect(res.body).toEqual({
      data: [
        { 'agent-id': 'ag64oyEUb_Sk6bxVB9P5yaaa', reason: 'OK', 'change-status': 200, message: 'Agent status change successful' },
        { 'agent-id': 'agAQDqmvKiRbG4ekigNSmbbb', reason: 'OK', 'change-status': 200, message: 'Agent status change successful' },
      ],
    });
    expect((await get(`${BASE}/agAQDqmvKiRbG4ekigNSmbbb`)).body).toMatchObject({ 'agent-status': 3, 'status-code-item-short-code': 'Lunch' });
    await resetDemo();
    expect((await get(`${BASE}/agAQDqmvKiRbG4ekigNSmbbb`)).body).toMatchObject({ 'agent-status': 4 });
  });
});

describe('auth (NOTES.md §1)', () => {
  it('no credentials, malformed or wrong ones → 401 with a Basic challenge', async () => {
    for (const auth of ['', 'Basic', 'Basic !!!', 'Bearer x', server.basic('acmecorp01', 'wrong-secret'), server.basic('nobody')]) {
      const res = await get(BASE, auth);
      expect(res.status).toBe(401);
      expect(res.body['change-status']).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
  });

  it('another tenant\'s credentials → 403, also for a tenant that does not exist', async () => {
    expect((await get(BASE, server.basic('supertenantcsm01'))).status).toBe(403);
    expect((await get('/api/v1/tenants/nosuchtenant/agentstatus/agents')).status).toBe(403);
  });

  it('a rotated token works at once and the old one fails at once', async () => {
    const rotated = await call('/admin/v1/tenants/supertenantcsm01/action-token', { method: 'POST', headers: { authorization: server.admin } });
    const token = rotated.body.actionRequestToken as string;
    const path = '/api/v1/tenants/supertenantcsm01/agentstatus/agents';
    expect((await get(path, server.basic('supertenantcsm01'))).status).toBe(401);
    expect((await get(path, server.basic('supertenantcsm01', token))).status).toBe(200);
  });

  it('the Agent Status API switched off → the documented XML 403; on again → 200', async () => {
    const toggle = (enabled: boolean) => {
      const { body, ...headers } = json({ enabled });
      return call('/admin/v1/tenants/acmecorp01/features/agent-status-api', { method: 'PUT', headers: { authorization: server.admin, ...headers }, body });
    };
    expect((await toggle(false)).body).toMatchObject({ features: { agentStatusApi: false } });
    const off = await get(BASE);
    expect(off.status).toBe(403);
    expect(off.headers.get('content-type')).toMatch(/application\/xml/);
    expect(off.text).toBe('<API><Error>403 - Forbidden.</Error></API>');
    expect((await put(`${BASE}/agAQDqmvKiRbG4ekigNSmbbb`, { 'agent-status': 1 })).status).toBe(403);
    await toggle(true);
    expect((await get(BASE)).status).toBe(200);
  });
});

describe('bad input → 4xx with a reason naming the problem, never a 5xx', () => {
  const agent = `${BASE}/agAQDqmvKiRbG4ekigNSmbbb`;

  it('unknown agent → 404', async () => {
    for (const res of [await get(`${BASE}/agNoSuchAgent`), await put(`${BASE}/agNoSuchAgent`, { 'agent-status': 1 })]) {
      expect(res.status).toBe(404);
      expect(res.body.reason).toMatch(/agNoSuchAgent/);
    }
  });

  it.each([
    [{ 'agent-status': '5', 'status-code-list-id': 801, 'status-code-item-id': 1722 }, /agent-status: must be integer/],
    [{ 'agent-status': 5, 'status-code-list-id': '801', 'status-code-item-id': 1722 }, /status-code-list-id: must be integer/],
    [{ 'status-code-list-id': 801 }, /Missing required field agent-status/],
    [{ 'agent-status': 5, 'status-code-list-id': 801 }, /status-code-item-id/],
    [{ 'agent-status': 3, 'status-code-item-short-code': 'Lunch' }, /status-code-list-id/],
    [{ 'agent-status': 5, 'status-code-list-id': 801, 'status-code-item-id': 1725 }, /break reason/],
    [{ 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725, 'status-code-item-short-code': 'Meet' }, /short-code 'Meet' does not match/],
    [{ 'agent-status': 3, 'status-code-list-id': 999, 'status-code-item-id': 1 }, /status-code-list-id 999 does not exist/],
    [{ 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1 }, /status-code-item-id 1 is not in status code list 801/],
    [{ 'agent-status': 7 }, /cannot be set/],
    [{ 'agent-status': 1.5 }, /agent-status: must be integer/],
    [[1, 2], /request body: must be object/],
    ['just text', /request body: must be object/],
  ])('%j → 400', async (body, reason) => {
    const res = await put(agent, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ 'change-status': 400, message: 'Agent status change failed' });
    expect(res.body.reason).toMatch(reason);
  });

  it('malformed JSON, an empty body and a wrong content type', async () => {
    const send = (body: string | undefined, type?: string) =>
      call(agent, { method: 'PUT', headers: { authorization: server.basic(), ...(type && { 'content-type': type }) }, ...(body !== undefined && { body }) });
    const malformed = await send('{"agent-status": 5', 'application/json');
    expect(malformed.status).toBe(400);
    expect(malformed.body.reason).toMatch(/not valid JSON/);
    expect((await send('', 'application/json')).status).toBe(400);
    expect((await send(undefined)).body.reason).toMatch(/request body/);
    expect((await send('<xml/>', 'application/xml')).status).toBe(415);
  });

  it('a body over the limit → 413', async () => {
    const res = await put(agent, { 'agent-status': 4, padding: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(res.body['change-status']).toBe(413);
  });

  it('an unsupported API version → 404 with a reason', async () => {
    const res = await fetch(`${server.url}/api/v2/tenants/acmecorp01/agentstatus/agents`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { reason: string }).reason).toMatch(/v2 is not supported/);
  });
});

describe('bulk', () => {
  it('a bad entry never fails the others', async () => {
    await resetDemo();
    const res = await put(`${BASE}/bulk`, {
      agents: [
        { 'agent-id': 'ag64oyEUb_Sk6bxVB9P5ye5w', 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725 },
        { 'agent-id': 'agNoSuchAgent', 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725 },
        { 'agent-id': 'ag1LmqEeEYRoOti9KjIi_Dng', 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725 },
        { 'agent-id': 'agAQDqmvKiRbG4ekigNSmbbb', 'agent-status': '3', 'status-code-list-id': 801, 'status-code-item-id': 1725 },
        'not an object',
        { 'agent-id': 'agAQDqmvKiRbG4ekigNSmbbb', 'status-code-list-id': 801, 'status-code-item-id': 1726 },
      ],
    });
    expect(res.status).toBe(207);
    const data = res.body.data as { 'agent-id': string | null; 'change-status': number; reason: string }[];
    expect(data.map((d) => d['change-status'])).toEqual([200, 404, 400, 400, 400, 200]);
    expect(data[2]?.reason).toMatch(/not logged in/);
    expect(data[3]?.reason).toMatch(/agents\[3\]\.agent-status: must be integer/);
    expect(data[4]).toMatchObject({ 'agent-id': null, reason: 'Invalid agents[4]: must be object' });
    // Without agent-status, the reason's kind decides: Train is an offline reason → 5.
    expect((await get(`${BASE}/agAQDqmvKiRbG4ekigNSmbbb`)).body).toMatchObject({ 'agent-status': 5, 'status-code-item-id': 1726 });
    await resetDemo();
  });

  it('an envelope that is not {agents: [...]} → 400; more than 1000 entries → 400', async () => {
    expect((await put(`${BASE}/bulk`, { agents: {} })).body.reason).toMatch(/agents: must be array/);
    expect((await put(`${BASE}/bulk`, {})).body.reason).toMatch(/Missing required field agents/);
    expect((await put(`${BASE}/bulk`, { agents: [] })).status).toBe(400);
    const many = Array.from({ length: 1001 }, () => ({ 'agent-id': 'x', 'status-code-list-id': 801, 'status-code-item-id': 1725 }));
    expect((await put(`${BASE}/bulk`, { agents: many })).body.reason).toMatch(/agents: must NOT have more than 1000 items/);
  });
});

describe('paging', () => {
  it('follows Link rel="next" through every agent exactly once', async () => {
    const seen: string[] = [];
    let next: string | null = `${BASE}?limit=2`;
    while (next) {
      const res = await get(next);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-total-count')).toBe('6');
      seen.push(...(res.body.data as { 'agent-id': string }[]).map((a) => a['agent-id']));
      next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
    }
    expect(seen).toHaveLength(6);
    expect([...seen].sort()).toEqual(seen);
  });

  it('refuses page sizes out of range', async () => {
    for (const limit of ['0', '1001', 'abc']) expect((await get(`${BASE}?limit=${limit}`)).status).toBe(400);
  });
});

describe('one write path', () => {
  it('a change is in the tenant event log with the next sequence number', async () => {
    const log = async () => (await call('/admin/v1/tenants/acmecorp01/events?after=0&limit=1000', { headers: { authorization: server.admin } })).body;
    const before = (await log()).lastSeq as number;
    await put(`${BASE}/ag64oyEUb_Sk6bxVB9P5ye5w`, { 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725 });
    const after = await log();
    const events = after.events as { seq: number; type: string; data: Record<string, unknown> }[];
    expect(after.lastSeq).toBe(before + 1);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({
      type: 'agent.presence_changed',
      data: { agentId: 'ag64oyEUb_Sk6bxVB9P5ye5w', from: { kind: 'working_offline' }, to: { kind: 'on_break', reason: { listId: 801, itemId: 1725 } }, by: 'vcc' },
    });
  });

  it('trailing slashes are optional', async () => {
    expect((await get(`${BASE}/`)).status).toBe(200);
  });
});

describe('numbers out of range', () => {
  it('1e400 (Infinity once parsed) is refused by the schema, not passed on', async () => {
    const res = await put(`${BASE}/agAQDqmvKiRbG4ekigNSmbbb`, 0);
    expect(res.status).toBe(400);
    const raw = await call(`${BASE}/agAQDqmvKiRbG4ekigNSmbbb`, {
      method: 'PUT', headers: { authorization: server.basic(), 'content-type': 'application/json' }, body: '{"agent-status": 3, "status-code-list-id": 1e400, "status-code-item-id": 1}',
    });
    expect(raw.status).toBe(400);
    expect(raw.body.reason).toMatch(/status-code-list-id: must be <= 2147483647/);
    const events = await call('/admin/v1/tenants/acmecorp01/events?after=1e400', { headers: { authorization: server.admin } });
    expect(events.status).toBe(400);
  });
});
