import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile } from '../../../src/domain/users/user-profile.ts';
import { OpenApiChecker } from '../../support/openapi.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * `/api/phone_list` and `/api/phone_list/{id}/lead` (`pbx-callcenter-api.md`, Phone Lists and
 * Phone List Leads) against a real server with the demo; every answer is checked against `/openapi.json`.
 */

const ILYA = 'ag0VYyLh0YTsymdbtYIaaaa';
const JANE = 'ag0XgxWZr7TzqWFhxboBGj1g';
const JANE_KEY = 'k-jane-phone-lists-0123456789';
const OTHER_KEY = 'k-supertenant-lists-0123456789';

let server: TestServer;
let checker: OpenApiChecker;
let acme: string;
let accountId: number;
let demoId: number;

type Body = { success: boolean; msg?: string; data?: unknown };
type Answer = { status: number; body: Body };
type Lead = { id: string; phone: string; lead_id: string | null; priority: number; name: string | null; tags: string | null; ext_api_vars: unknown };
type List = { id: number; account_id: number; name: string; list_rows: number };

function checked(method: string, url: string, res: { statusCode: number; headers: Record<string, unknown>; body: string; json: <T>() => T }): Answer {
  checker.check(method, url, res.statusCode, (res.headers['content-type'] as string | undefined) ?? null, res.body);
  return { status: res.statusCode, body: res.json<Body>() };
}

async function send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, key = DEMO_SECRET): Promise<Answer> {
  const url = `${path}${path.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(key)}`;
  const res = await server.app.inject({
    method, url, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
  });
  return checked(method, url, res);
}

async function form(method: 'POST' | 'PUT' | 'DELETE', url: string, fields: Record<string, string>): Promise<Answer> {
  const payload = new URLSearchParams({ ...fields, api_key: DEMO_SECRET }).toString();
  const res = await server.app.inject({ method, url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
  return checked(method, url, res);
}

const data = <T>(a: Answer): T => {
  expect(a.body.success, a.body.msg).toBe(true);
  return a.body.data as T;
};
const refused = (a: Answer, status: number, msg: RegExp) => {
  expect(a.status, a.body.msg).toBe(status);
  expect(a.body.success).toBe(false);
  expect(a.body.msg).toMatch(msg);
};
const newList = async (name: string): Promise<number> => data<List>(await send('POST', '/api/phone_list', { name })).id;
const leadsOf = async (id: number): Promise<Lead[]> => data<Lead[]>(await send('GET', `/api/phone_list/${id}/lead`));
const rowsOf = async (id: number): Promise<number> => data<List>(await send('GET', `/api/phone_list/${id}`)).list_rows;

beforeAll(async () => {
  server = await startTestServer();
  checker = await OpenApiChecker.load(server.url);
  const tenant = server.platform.directory.tenantByName('acmecorp01');
  acme = tenant?.id as string;
  accountId = tenant?.pbxAccountId as number;
  await server.platform.access.keys.create(acme, JANE, { key: JANE_KEY });
  server.platform.pbx.profiles.remember(acme, JANE, { ...defaultProfile(0), is_agent: true, pgroup_id: 3 });
  const other = server.platform.directory.tenantByName('supertenantcsm01')?.id as string;
  await server.platform.access.keys.create(other, ILYA, { key: OTHER_KEY });
  server.platform.pbx.profiles.remember(other, ILYA, { ...defaultProfile(0), is_agent: true, pgroup_id: 1 });
  demoId = (await server.platform.pbx.phoneLists.ensureDemoList(acme)).id;
});
afterAll(() => server.close());

describe('the document\'s examples', () => {
  it('GET /api/phone_list?api_key=… answers {success:true, data:[{id, account_id, name, list_rows}]}', async () => {
    const res = await send('GET', '/api/phone_list');
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(data<List[]>(res)).toContainEqual({ id: demoId, account_id: accountId, name: 'Demo leads', list_rows: 3 });
    for (const list of data<List[]>(res)) expect(Object.keys(list).sort()).toEqual(['account_id', 'id', 'list_rows', 'name']);
  });

  it('the leads of the demo list are the example\'s (same order, fields, null tags and ext_api_vars)', async () => {
    expect(await leadsOf(demoId)).toEqual([
      { id: '972501234567', phone: '972501234567', lead_id: '3', priority: 1, name: 'ABC office', tags: null, ext_api_vars: {} },
      { id: '12125550123', phone: '12125550123', lead_id: '2', priority: 1, name: 'Mike US', tags: null, ext_api_vars: {} },
      { id: '972541234567', phone: '972541234567', lead_id: '04', priority: 1, name: 'Mike Cell', tags: null, ext_api_vars: null },
    ]);
  });

  it('GET /api/phone_list/{id}/ (with the slash) is the list record (NOTES §7: leads are at …/lead)', async () => {
    expect(data(await send('GET', `/api/phone_list/${demoId}/`))).toEqual({ id: demoId, account_id: accountId, name: 'Demo leads', list_rows: 3 });
  });

  it('ensureDemoList is idempotent', async () => {
    expect((await server.platform.pbx.phoneLists.ensureDemoList(acme)).id).toBe(demoId);
    expect(data<List[]>(await send('GET', '/api/phone_list?q=demo leads'))).toHaveLength(1);
    expect(await rowsOf(demoId)).toBe(3);
  });
});

describe('phone lists', () => {
  it('creates (data = the new list), reads, queries by name (any case), updates only what is sent and deletes', async () => {
    const created = data<List>(await send('POST', '/api/phone_list', { name: '  Do Not Call  ' }));
    expect(created).toEqual({ id: expect.any(Number), account_id: accountId, name: 'Do Not Call', list_rows: 0 });
    expect(data(await send('GET', `/api/phone_list/${created.id}`))).toEqual(created);
    expect(data<List[]>(await send('GET', '/api/phone_list?q=nOt cAl')).map((l) => l.id)).toEqual([created.id]);
    expect(data<List[]>(await send('GET', '/api/phone_list?q=zzz-nothing'))).toEqual([]);
    expect(data<List[]>(await send('GET', '/api/phone_list?q=')).length).toBeGreaterThanOrEqual(2);
    await send('POST', `/api/phone_list/${created.id}/lead`, { phone: '972501111111' });
    expect(data(await send('PUT', `/api/phone_list/${created.id}`, {}))).toEqual({ ...created, list_rows: 1 });
    expect(data(await send('PUT', `/api/phone_list/${created.id}`, { name: 'DNC' }))).toEqual({ ...created, name: 'DNC', list_rows: 1 });
    expect(data(await send('DELETE', `/api/phone_list/${created.id}`))).toBeUndefined();
    refused(await send('GET', `/api/phone_list/${created.id}`), 404, new RegExp(`Phone list '${created.id}' not found`));
    refused(await send('GET', `/api/phone_list/${created.id}/lead`), 404, /Phone list/);
    expect(await server.platform.store.countRecords(acme, `lead:${created.id}`)).toBe(0);
    expect(await newList('Next')).toBeGreaterThan(created.id); // ids are never reused
  });

  it('refuses read-only fields, a missing or empty name and wrong types, naming the field', async () => {
    refused(await send('POST', '/api/phone_list', {}), 400, /^name: is required$/);
    refused(await send('POST', '/api/phone_list', { name: '   ' }), 400, /^name: must not be empty/);
    refused(await send('POST', '/api/phone_list', { name: 42 }), 400, /name/);
    refused(await send('POST', '/api/phone_list', { name: 'x'.repeat(129) }), 400, /^name: must be at most 128/);
    for (const field of ['id', 'account_id', 'list_rows']) {
      refused(await send('POST', '/api/phone_list', { name: 'A', [field]: 1 }), 400, new RegExp(`^${field}: is read only`));
      refused(await send('PUT', `/api/phone_list/${demoId}`, { [field]: 1 }), 400, new RegExp(`^${field}: is read only`));
    }
    expect(data<List>(await send('GET', `/api/phone_list/${demoId}`)).name).toBe('Demo leads');
  });

  it('takes a form-encoded POST and PUT with api_key in the body', async () => {
    const created = await form('POST', '/api/phone_list', { name: 'Form list' });
    const list = data<List>(created);
    expect(list).toMatchObject({ name: 'Form list', account_id: accountId, list_rows: 0 });
    expect(data(await form('PUT', `/api/phone_list/${list.id}`, { name: 'Form list 2' }))).toMatchObject({ id: list.id, name: 'Form list 2' });
    const lead = await form('POST', `/api/phone_list/${list.id}/lead`, { phone: '972502222222', priority: '5', lead_id: '7', ext_api_vars: '{"crm":"x"}' });
    expect(data(lead)).toEqual({ id: '972502222222', phone: '972502222222', lead_id: '7', priority: 5, name: null, tags: null, ext_api_vars: { crm: 'x' } });
    refused(await form('POST', `/api/phone_list/${list.id}/lead`, { phone: '972502222223', priority: 'high' }), 400, /^priority: must be an integer/);
    expect(data(await form('DELETE', `/api/phone_list/${list.id}/lead`, { phones: '972502222222, 972509999999' }))).toEqual({ deleted: 1, not_found: ['972509999999'] });
    expect(await rowsOf(list.id)).toBe(0);
  });
});

describe('leads', () => {
  it('adds one (data = the lead) or an array (data = the array), keeps list_rows exact and orders by priority, then insertion', async () => {
    const id = await newList('Ordering');
    const one = data<Lead>(await send('POST', `/api/phone_list/${id}/lead`, { phone: '972500000003', name: 'Low' }));
    expect(one).toEqual({ id: '972500000003', phone: '972500000003', lead_id: null, priority: 0, name: 'Low', tags: null, ext_api_vars: null });
    const many = data<Lead[]>(await send('POST', `/api/phone_list/${id}/lead`, [
      { phone: '972500000002', priority: 5, lead_id: 12, tags: 'vip' },
      { phone: '+1 (212) 555-0199', priority: 5, ext_api_vars: { a: 1 } },
      { phone: 972500000001, priority: 9 },
      { phone: '972500000000' },
    ]));
    expect(many.map((l) => l.phone)).toEqual(['972500000002', '+12125550199', '972500000001', '972500000000']);
    expect(many[0]?.lead_id).toBe('12');
    expect(await rowsOf(id)).toBe(5);
    expect((await leadsOf(id)).map((l) => l.phone)).toEqual(['972500000001', '972500000002', '+12125550199', '972500000003', '972500000000']);
    // A phone with + in the path, as is or percent-encoded; separators in the path are normalised too.
    expect(data(await send('PUT', `/api/phone_list/${id}/lead/+12125550199`, { priority: 10 }))).toMatchObject({ phone: '+12125550199', priority: 10 });
    expect(data(await send('PUT', `/api/phone_list/${id}/lead/%2B1-212-555-0199`, { name: 'US' }))).toMatchObject({ priority: 10, name: 'US' });
    expect((await leadsOf(id))[0]?.phone).toBe('+12125550199');
  });

  it('updates only the submitted fields of one lead, keeping its place among equals', async () => {
    const id = await newList('Updates');
    await send('POST', `/api/phone_list/${id}/lead`, [
      { phone: '972501000001', name: 'A', lead_id: '1', tags: 't', ext_api_vars: { k: 'v' } }, { phone: '972501000002', name: 'B' },
    ]);
    const updated = data<Lead>(await send('PUT', `/api/phone_list/${id}/lead/972501000001`, { name: 'A2' }));
    expect(updated).toEqual({ id: '972501000001', phone: '972501000001', lead_id: '1', priority: 0, name: 'A2', tags: 't', ext_api_vars: { k: 'v' } });
    expect(data(await send('PUT', `/api/phone_list/${id}/lead/972501000001`, { tags: null, ext_api_vars: null, phone: '972501000001' })))
      .toMatchObject({ name: 'A2', tags: null, ext_api_vars: null });
    expect((await leadsOf(id)).map((l) => l.name)).toEqual(['A2', 'B']);
    expect(data(await send('PUT', `/api/phone_list/${id}/lead/972501000002`, { priority: 3 }))).toMatchObject({ priority: 3, name: 'B' });
    expect((await leadsOf(id)).map((l) => l.name)).toEqual(['B', 'A2']);
    const readBack = (await leadsOf(id))[0] as Lead;
    expect(data(await send('PUT', `/api/phone_list/${id}/lead/${readBack.phone}`, readBack))).toEqual(readBack); // a read written back
    refused(await send('PUT', `/api/phone_list/${id}/lead/972501000002`, { phone: '972501000009' }), 400, /^phone: cannot be changed/);
    refused(await send('PUT', `/api/phone_list/${id}/lead/972501000002`, { id: 'other' }), 400, /^id: is read only/);
    refused(await send('PUT', `/api/phone_list/${id}/lead/972509999999`, { name: 'x' }), 404, /Lead '972509999999' not found/);
  });

  it('refuses a phone already in the list with 409 naming it, adding nothing of the request', async () => {
    const id = await newList('Duplicates');
    await send('POST', `/api/phone_list/${id}/lead`, { phone: '972502000001' });
    refused(await send('POST', `/api/phone_list/${id}/lead`, { phone: ' 972-502-000-001 ' }), 409, new RegExp(`^phone: a lead with phone 972502000001 is already in list ${id}`));
    refused(await send('POST', `/api/phone_list/${id}/lead`, [{ phone: '972502000002' }, { phone: '972502000001' }]), 409, /^\[1\]\.phone: a lead with phone 972502000001/);
    refused(await send('POST', `/api/phone_list/${id}/lead`, [{ phone: '972502000003' }, { phone: '972502000003' }]), 400, /^\[1\]\.phone: 972502000003 is in the request twice \(also at \[0\]\)/);
    expect((await leadsOf(id)).map((l) => l.phone)).toEqual(['972502000001']);
    expect(await rowsOf(id)).toBe(1);
    const big = Array.from({ length: 200 }, (_, i) => ({ phone: `97250300${String(i).padStart(4, '0')}`, priority: i % 3 }));
    refused(await send('POST', `/api/phone_list/${id}/lead`, [...big, { phone: '972502000001' }]), 409, /^\[200\]\.phone: a lead with phone 972502000001/);
    expect(await rowsOf(id)).toBe(1);
    expect(data<Lead[]>(await send('POST', `/api/phone_list/${id}/lead`, big))).toHaveLength(200);
    expect(await rowsOf(id)).toBe(201);
    const ordered = await leadsOf(id);
    expect(ordered.map((l) => l.priority)).toEqual([...ordered.map((l) => l.priority)].sort((a, b) => b - a));
    expect(ordered.filter((l) => l.priority === 0).map((l) => l.phone).slice(0, 3)).toEqual(['972502000001', '972503000000', '972503000003']);
  });

  it('refuses bad types and values, naming the field (and the position in an array)', async () => {
    const path = `/api/phone_list/${demoId}/lead`;
    refused(await send('POST', path, { phone: '972503000001', priority: 'high' }), 400, /^priority: must be an integer/);
    refused(await send('POST', path, { phone: '972503000001', priority: 1.5 }), 400, /^priority: must be an integer/);
    refused(await send('POST', path, { phone: '972503000001', ext_api_vars: '{"a":1}' }), 400, /^ext_api_vars: must be a JSON object or null/);
    refused(await send('POST', path, { phone: '972503000001', ext_api_vars: [1] }), 400, /^ext_api_vars: must be a JSON object/);
    refused(await send('POST', path, { name: 'No phone' }), 400, /^phone: is required/);
    refused(await send('POST', path, [{ phone: '972503000001' }, { name: 'No phone' }]), 400, /^\[1\]\.phone: is required/);
    refused(await send('POST', path, [{ phone: '972503000001' }, { phone: '972503000002', tags: 5 }]), 400, /^\[1\]\.tags: must be a string or null/);
    refused(await send('POST', path, { phone: '972xxxxxxx' }), 400, /^phone: '972xxxxxxx' is not a phone number/);
    refused(await send('POST', path, { phone: true }), 400, /^phone: must be a string of digits/);
    refused(await send('POST', path, { phone: '972503000001', name: 7 }), 400, /^name: must be a string or null/);
    refused(await send('POST', path, []), 400, /^body: an array of leads must not be empty/);
    refused(await send('POST', path, [5]), 400, /^\[0\]: must be a JSON object/);
    refused(await send('POST', path, { phone: '972503000001', id: '123' }), 400, /^id: is read only/);
    expect(await rowsOf(demoId)).toBe(3);
  });

  it('deletes one lead, and several from a JSON array of phones (unknown ones listed in not_found)', async () => {
    const id = await newList('Deletes');
    await send('POST', `/api/phone_list/${id}/lead`, ['972504000001', '972504000002', '972504000003', '972504000004'].map((phone) => ({ phone })));
    expect(data(await send('DELETE', `/api/phone_list/${id}/lead/972504000001`))).toBeUndefined();
    expect(await rowsOf(id)).toBe(3);
    refused(await send('DELETE', `/api/phone_list/${id}/lead/972504000001`), 404, /Lead '972504000001' not found/);
    refused(await send('DELETE', `/api/phone_list/${id}/lead/abc`), 404, /Lead 'abc' not found/);
    const answer = await send('DELETE', `/api/phone_list/${id}/lead`, ['972504000002', 972504000003, '972504000002', '972509999999', 'nope']);
    expect(data(answer)).toEqual({ deleted: 2, not_found: ['972509999999', 'nope'] });
    expect(await rowsOf(id)).toBe(1);
    expect(data(await send('DELETE', `/api/phone_list/${id}/lead`, []))).toEqual({ deleted: 0, not_found: [] });
    refused(await send('DELETE', `/api/phone_list/${id}/lead`, [{ phone: '1' }]), 400, /^\[0\]: must be a phone number/);
    refused(await send('DELETE', `/api/phone_list/${id}/lead`), 400, /^body: a JSON array of phone numbers is required/);
    expect(data(await send('DELETE', `/api/phone_list/${id}/lead`, { phones: ['+972 50 400 0004'] }))).toEqual({ deleted: 0, not_found: ['+972504000004'] });
    expect(data(await send('DELETE', `/api/phone_list/${id}/lead`, { phones: ['972504000004'] }))).toEqual({ deleted: 1, not_found: [] });
    expect(await rowsOf(id)).toBe(0);
  });

  it('logs record.changed events with the changes', async () => {
    const seq = await server.platform.store.lastEventSeq(acme);
    const id = await newList('Events');
    await send('POST', `/api/phone_list/${id}/lead`, { phone: '972505000001' });
    await send('DELETE', `/api/phone_list/${id}`);
    const logged = (await server.platform.store.readEvents(acme, seq, 20)).map((e) => e.event);
    const key = String(id).padStart(10, '0');
    expect(logged).toEqual([
      { type: 'record.changed', kind: 'phone_list', key, change: 'put' },
      { type: 'record.changed', kind: `lead:${id}`, key: '972505000001', change: 'put' },
      { type: 'record.changed', kind: 'phone_list', key, change: 'put' },
      { type: 'record.changed', kind: `lead:${id}`, key: '*', change: 'deleted' },
      { type: 'record.changed', kind: 'phone_list', key, change: 'deleted' },
    ]);
  });
});

describe('access', () => {
  it('answers 404 for unknown lists of any form and for another account\'s lists', async () => {
    for (const bad of ['999999', 'abc', '0', '-1', '99999999999']) refused(await send('GET', `/api/phone_list/${bad}`), 404, /Phone list .* not found/);
    refused(await send('POST', '/api/phone_list/999999/lead', { phone: '972506000001' }), 404, /Phone list '999999' not found/);
    refused(await send('DELETE', '/api/phone_list/999999/lead', ['972506000001']), 404, /Phone list/);
    refused(await send('PUT', '/api/phone_list/999999', { name: 'x' }), 404, /Phone list/);
    refused(await send('DELETE', '/api/phone_list/999999'), 404, /Phone list/);
    for (const [method, path] of [['GET', ''], ['GET', '/lead'], ['PUT', ''], ['DELETE', ''], ['DELETE', '/lead/972501234567']] as const) {
      refused(await send(method, `/api/phone_list/${demoId}${path}`, method === 'PUT' ? { name: 'Mine' } : undefined, OTHER_KEY), 404, /Phone list/);
    }
    refused(await send('POST', `/api/phone_list/${demoId}/lead`, { phone: '972506000001' }, OTHER_KEY), 404, /Phone list/);
    const theirs = data<List>(await send('POST', '/api/phone_list', { name: 'Theirs' }, OTHER_KEY));
    expect(theirs.account_id).not.toBe(accountId);
    expect(data<List[]>(await send('GET', '/api/phone_list', undefined, OTHER_KEY)).map((l) => l.name)).toEqual(['Theirs']);
    expect(data<List[]>(await send('GET', '/api/phone_list')).map((l) => l.name)).not.toContain('Theirs');
    expect(await leadsOf(demoId)).toHaveLength(3);
  });

  it('needs the Phone Lists permission on every route (403) and a key (401)', async () => {
    const routes = [
      ['GET', '/api/phone_list'], ['GET', `/api/phone_list/${demoId}`], ['POST', '/api/phone_list'], ['PUT', `/api/phone_list/${demoId}`],
      ['DELETE', `/api/phone_list/${demoId}`], ['GET', `/api/phone_list/${demoId}/lead`], ['POST', `/api/phone_list/${demoId}/lead`],
      ['PUT', `/api/phone_list/${demoId}/lead/972501234567`], ['DELETE', `/api/phone_list/${demoId}/lead/972501234567`], ['DELETE', `/api/phone_list/${demoId}/lead`],
    ] as const;
    for (const [method, path] of routes) {
      const body = method === 'DELETE' && path.endsWith('/lead') ? ['972501234567'] : method === 'GET' || method === 'DELETE' ? undefined : { name: 'x', phone: '972501234567' };
      refused(await send(method, path, body, JANE_KEY), 403, /'Phone Lists' permission/);
    }
    refused(await send('GET', '/api/phone_list', undefined, 'wrong'), 401, /^Unauthorized$/);
    expect(await leadsOf(demoId)).toHaveLength(3);
  });
});
