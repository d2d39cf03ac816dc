import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioTenant, SIM_BREAK } from '../../src/app/sim/scenario-tenant.ts';
import { parseScenario } from '../../src/app/sim/scenario-file.ts';
import { OpenApiChecker } from '../support/openapi.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The admin routes `switchboard traffic` drives a server with: an agent's status set by an
 * admin (login included), an inbound call with the caller's talk time and patience, and the
 * event log's digest. Requests go through the app's `inject`; every answer is checked against
 * `/openapi.json`.
 */

const TENANT = 'routesim';
const BASE = `/admin/v1/tenants/${TENANT}`;
/** One queue; `shift1` has a shift (starts logged out), `day1` has none (starts available). */
const SCENARIO = parseScenario({
  name: 'routes', seed: 1, tenant: TENANT, hours: 1,
  queues: [{ id: 1, name: 'Sales', arrivals: { callsPerHour: 10 }, handling: { distribution: 'fixed', seconds: 60 } }],
  agents: [
    { prefix: 'shift', count: 1, queues: [1], shifts: [{ start: '08:00', end: '16:00' }] },
    { prefix: 'day', count: 1, queues: [1] },
  ],
});
const DID = SCENARIO.queues[0]?.did as string;

let server: TestServer;
let checker: OpenApiChecker;

beforeAll(async () => {
  server = await startTestServer({ clock: 'virtual' });
  checker = await OpenApiChecker.load(server.url);
  const applied = await send('PUT', '/admin/v1/provisioning', scenarioTenant(SCENARIO, 'routes-token-1'));
  expect(applied.status).toBe(200);
});
afterAll(() => server.close());

async function send(method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown, authorization: string | null = server.admin) {
  const res = await server.app.inject({
    method, url,
    headers: { ...(authorization !== null && { authorization }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { payload: JSON.stringify(body) }),
  });
  checker.check(method, url, res.statusCode, (res.headers['content-type'] as string | undefined) ?? null, res.body);
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

const setStatus = (agentId: string, body: unknown, tenant = TENANT) => send('PUT', `/admin/v1/tenants/${tenant}/agents/${agentId}/status`, body);
const inbound = (body: Record<string, unknown>) => send('POST', `${BASE}/telephony/inbound`, { to: DID, ...body });
const digest = async () => (await send('GET', `${BASE}/events/digest`)).body as { digest: string; events: number };

describe('PUT /admin/v1/tenants/:tenant/agents/:agentId/status', () => {
  it('logs a logged-out agent in with status 4, and says when nothing changed', async () => {
    expect((await setStatus('shift1', { status: 4 })).body).toEqual({ agentId: 'shift1', changed: true, status: 4 });
    expect((await setStatus('shift1', { status: 4, reason: null })).body).toEqual({ agentId: 'shift1', changed: false, status: 4 });
  });

  it('puts an agent on break with a reason of its group, and back', async () => {
    expect((await setStatus('day1', { status: 3, reason: SIM_BREAK })).body).toEqual({ agentId: 'day1', changed: true, status: 3 });
    expect((await setStatus('day1', { status: 4 })).body).toMatchObject({ changed: true, status: 4 });
  });

  it('refuses a break without a reason, naming the field (400)', async () => {
    const res = await setStatus('day1', { status: 3 });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/\breason\b/);
  });

  it('refuses a status the VCC rules do not allow, naming it (400)', async () => {
    const res = await setStatus('day1', { status: 2 });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^status: .*status 2/);
    expect((await setStatus('day1', { status: 12 })).body.message).toMatch(/\bstatus\b/);
  });

  it('names the admin body\'s reason fields when a reason does not exist (400)', async () => {
    const res = await setStatus('day1', { status: 3, reason: { listId: 99, itemId: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^reason\.listId: /);
  });

  it('answers 404 for an unknown agent or tenant, 401 without the admin token', async () => {
    const agent = await setStatus('nobody', { status: 4 });
    expect(agent.status).toBe(404);
    expect(agent.body.message).toMatch(/nobody/);
    const tenant = await setStatus('day1', { status: 4 }, 'nosuchtenant');
    expect(tenant.status).toBe(404);
    expect(tenant.body.message).toMatch(/nosuchtenant/);
    expect((await send('PUT', `${BASE}/agents/day1/status`, { status: 4 }, null)).status).toBe(401);
  });
});

describe('POST /admin/v1/tenants/:tenant/telephony/inbound with the caller\'s behaviour', () => {
  it('places a call with talkMs and patienceMs (patience may be null: waits until answered)', async () => {
    const res = await inbound({ from: '+15550000001', talkMs: 30_000, patienceMs: 60_000 });
    expect(res.status).toBe(200);
    expect(res.body.legId).toEqual(expect.any(String));
    expect((await inbound({ from: '+15550000002', talkMs: 30_000, patienceMs: null })).status).toBe(200);
  });

  it('refuses one without the other, naming the missing one (400)', async () => {
    const noPatience = await inbound({ from: '+15550000003', talkMs: 30_000 });
    expect(noPatience.status).toBe(400);
    expect(noPatience.body.message).toMatch(/^patienceMs/);
    const noTalk = await inbound({ from: '+15550000004', patienceMs: 30_000 });
    expect(noTalk.status).toBe(400);
    expect(noTalk.body.message).toMatch(/^talkMs/);
  });

  it('refuses negative times, naming the field (400)', async () => {
    const talk = await inbound({ from: '+15550000005', talkMs: -1, patienceMs: 1000 });
    expect(talk.status).toBe(400);
    expect(talk.body.message).toMatch(/talkMs/);
    const patience = await inbound({ from: '+15550000006', talkMs: 1000, patienceMs: -5 });
    expect(patience.status).toBe(400);
    expect(patience.body.message).toMatch(/patienceMs/);
  });
});

describe('GET /admin/v1/tenants/:tenant/events/digest', () => {
  it('is stable while nothing happens and changes with the next event', async () => {
    const first = await digest();
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await digest()).toEqual(first);
    await setStatus('day1', { status: 3, reason: SIM_BREAK });
    const after = await digest();
    expect(after.digest).not.toBe(first.digest);
    expect(after.events).toBeGreaterThan(first.events);
  });

  it('answers 404 for an unknown tenant', async () => {
    expect((await send('GET', '/admin/v1/tenants/nosuchtenant/events/digest')).status).toBe(404);
  });
});
