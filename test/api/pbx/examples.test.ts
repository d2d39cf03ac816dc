import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiChecker } from '../../support/openapi.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * Every example of `pbx-callcenter-api.md`, as written with the host changed and the demo key
 * (`NOTES.md` §9; paths per §7), over real HTTP against the demo, answered in the documented shape.
 * Demo ids: account 1001 (`acmecorp01`), Ilya (logged out) and Avery (available), their desk
 * phones 201 and 206, queue 600 "Support", pause 1725 (Lunch), the "Demo leads" phone list.
 */

let server: TestServer;
let checker: OpenApiChecker;
const ILYA = 'ag0VYyLh0YTsymdbtYIaaaa';
const AVERY = 'agAQDqmvKiRbG4ekigNSmbbb';

beforeAll(async () => {
  server = await startTestServer();
  checker = await OpenApiChecker.load(server.url);
});
afterAll(() => server.close());

function userId(agentId: string): number {
  const tenant = server.platform.tenants.requireTenant('acmecorp01');
  return server.platform.directory.requireAgent(tenant.id, agentId).userId;
}

async function example(method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = `${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}api_key=${DEMO_SECRET}`;
  const res = await fetch(`${server.url}${url}`, {
    method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  checker.check(method, url, res.status, res.headers.get('content-type'), text);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

describe('pbx-callcenter-api.md examples against the demo', () => {
  it('Originate a Call: the agent\'s device answers, then the destination is dialled; uuid at the top level', async () => {
    const res = await example('GET', `/api/cc_agent/originate?device_id=206&cid=12125550100&destination=16175551984&lead_id=3`);
    expect(res).toMatchObject({ status: 200, body: { success: true } });
    expect(res.body.uuid).toEqual(expect.any(String));
    const tenant = server.platform.tenants.requireTenant('acmecorp01');
    await server.platform.calls.freeLines(tenant.id, AVERY, null);
  });

  it('Phone Lists: GET /api/phone_list', async () => {
    const res = await example('GET', '/api/phone_list');
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    const lists = res.body.data as Record<string, unknown>[];
    expect(lists.find((l) => l.name === 'Demo leads')).toStrictEqual({ id: expect.any(Number), account_id: 1001, name: 'Demo leads', list_rows: 3 });
  });

  it('Phone List Leads: GET /api/phone_list/{id}/lead', async () => {
    const lists = (await example('GET', '/api/phone_list?q=Demo leads')).body.data as { id: number }[];
    const res = await example('GET', `/api/phone_list/${lists[0]?.id}/lead`);
    expect(res.status).toBe(200);
    const leads = res.body.data as Record<string, unknown>[];
    expect(leads).toHaveLength(3);
    for (const lead of leads) expect(Object.keys(lead).sort()).toStrictEqual(['ext_api_vars', 'id', 'lead_id', 'name', 'phone', 'priority', 'tags']);
    expect(leads.map((l) => l.name)).toStrictEqual(['ABC office', 'Mike US', 'Mike Cell']);
    expect(leads[0]).toMatchObject({ priority: 1, lead_id: '3', tags: null, ext_api_vars: {} });
    expect(leads[0]?.id).toBe(leads[0]?.phone);
  });

  it('Users Example 1 (create, typography fixed) and Example 2 (delete)', async () => {
    const body = { name: 'John Smith', username: 'Jonh123', password: 'Ab123456', email: 'usersmail@mail.com', in_reports: true, is_agent: true };
    const created = await example('POST', '/api/user', body);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      success: true,
      data: { id: expect.any(Number), account_id: 1001, active: 1, in_reports: true, pgroup_id: 0, username: 'Jonh123', email: 'usersmail@mail.com', name: 'John Smith' },
    });
    expect(created.body.data).not.toHaveProperty('password');
    const id = (created.body.data as { id: number }).id;
    expect(await example('DELETE', `/api/user/${id}`)).toStrictEqual({ status: 200, body: { success: true } });
  });

  it('CheckIn returns the code to dial; CheckInDevice, SetPause, SetQueues, WrapUp, CheckOut succeed', async () => {
    const ilya = userId(ILYA);
    const checkIn = await example('GET', `/api/cc_agent/checkIn?user_id=${ilya}`);
    expect(checkIn.status).toBe(200);
    expect(checkIn.body).toStrictEqual({ success: true, data: expect.stringMatching(/^\*\*\*\d{4}$/) });
    expect(await example('GET', `/api/cc_agent/checkInDevice?user_id=${ilya}&device_id=201`)).toStrictEqual({ status: 200, body: { success: true } });
    expect(await example('GET', `/api/cc_agent/setPause?id=1725&user_id=${ilya}`)).toStrictEqual({ status: 200, body: { success: true } });
    for (const path of ['/api/cc_agent/setQueues', '/api/setQueues']) {
      const res = await example('GET', `${path}?queue_ids=600&user_id=${ilya}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, data: { id: 600, account_id: 1001, site_id: null, name: 'Support', tv_name: null, strategy: 'longest-idle-agent', record: 0 } });
      const rows = (res.body.data as { users: unknown[][] }).users;
      expect(rows.find((r) => r[0] === ilya)).toStrictEqual([ilya, expect.any(Number), expect.any(Number), 1, 'Ilya Workshard', null, true]);
    }
    expect(await example('GET', `/api/cc_agent/wrapup?user_id=${ilya}&seconds=0`)).toStrictEqual({ status: 200, body: { success: true } });
    expect(await example('GET', `/api/cc_agent/checkOut?user_id=${ilya}`)).toStrictEqual({ status: 200, body: { success: true } });
  });

  it('Queues: GET /api/cc_queue?name=&strategy=&time_base_score= and GET /api/cc_queue/{id}/users', async () => {
    const queue = await example('GET', '/api/cc_queue?name=Support&strategy=longest-idle-agent&time_base_score=queue');
    expect(queue.status).toBe(200);
    expect(queue.body).toMatchObject({ success: true, data: { id: 600, account_id: 1001, site_id: null, name: 'Support', tv_name: null, strategy: 'longest-idle-agent', record: 0, time_base_score: 'queue' } });
    const users = await example('GET', '/api/cc_queue/600/users');
    expect(users.status).toBe(200);
    const rows = users.body.data as unknown[][];
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) expect(row).toStrictEqual([expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number), expect.any(String), null, expect.any(Boolean)]);
  });
});
