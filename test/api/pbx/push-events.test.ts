import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADERS, verify } from '../../../src/app/delivery/signing.ts';
import { OpenApiChecker } from '../../support/openapi.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';
import { startReceiver, type Received, type Receiver } from '../../support/webhook-receiver.ts';

/**
 * Issue 6 item 4–5: the PBX push events (`docs/pbx-events.md`) of a real server to a real
 * receiver — check-in, pause, queue join/leave, an inbound queue call, an originated call — with
 * every documented field and valid signatures; a receiver down then up; a dead second webhook.
 */

const ACME = '/admin/v1/tenants/acmecorp01';
const PUSH = `${ACME}/pbx/event-push`;
const SECRET = 'pbx-push-secret-for-tests';
const ILYA = 'ag0VYyLh0YTsymdbtYIaaaa';
const AVERY = 'agAQDqmvKiRbG4ekigNSmbbb';
const LUNCH = { listId: 801, itemId: 1725 };
const CALL_FIELDS = [
  'id', 'call_id', 'ts', 'site_id', 'type', 'dst_num', 'src_device_id', 'dst_device_id', 'src_user_id', 'dst_user_id', 'cid_num', 'cid_name', 'a2',
  'tags', 'queue_id', 'lead_id', 'lead_name', 'campaign_id', 'dialer_id', 'conference_id', 'call_script', 'waitms', 'durationms', 'progressms',
  'billms', 'cc_wait', 'hangup_cause', 'canceled',
].sort();

interface Push { event: string; account_id: number; ts: number; data: Record<string, unknown> }

let server: TestServer;
let checker: OpenApiChecker;
let receiver: Receiver;
let acme: string;

beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_OUTBOUND_ALLOW: '127.0.0.1/32' } });
  checker = await OpenApiChecker.load(server.url);
  receiver = await startReceiver();
  acme = server.platform.tenants.requireTenant('acmecorp01').id;
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

async function send(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = { authorization: server.admin }) {
  const res = await server.app.inject({
    method, url, headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { payload: JSON.stringify(body) }),
  });
  checker.check(method, url, res.statusCode, (res.headers['content-type'] as string | undefined) ?? null, res.body);
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}
const pbx = (path: string) => send('GET', `/api${path}${path.includes('?') ? '&' : '?'}api_key=${DEMO_SECRET}`, undefined, {});
const setStatus = (agentId: string, body: unknown) => send('PUT', `${ACME}/agents/${agentId}/status`, body);
const userId = (agentId: string) => server.platform.directory.requireAgent(acme, agentId).userId;

const pushes = (r: Receiver = receiver): Push[] => r.delivered().map((x) => x.body as unknown as Push);
/** Waits until the pushes after `from` pass `test`, and returns them; on a timeout, says what did arrive. */
async function next(from: number, test: (got: Push[]) => boolean, r: Receiver = receiver): Promise<Push[]> {
  try {
    await r.waitFor(() => test(pushes(r).slice(from)), 15_000);
  } catch (error) {
    const seen = pushes(r).slice(from).map((p) => `${p.event} ${JSON.stringify(p.data)}`);
    throw new Error(`${(error as Error).message}; pushes after #${from}:\n${seen.join('\n')}`);
  }
  return pushes(r).slice(from);
}
const names = (got: Push[]) => got.map((p) => p.event);

describe('PBX event push', () => {
  it('sets the push URL (secret given), shows it with its delivery state, and lists it among the webhooks', async () => {
    const put = await send('PUT', PUSH, { url: receiver.url, secret: SECRET });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ id: 'pbx-push', kind: 'pbx', url: receiver.url, enabled: true, delivery: { pending: 0, failing: false } });
    expect(put.body.secret).toBeUndefined();
    const got = await send('GET', PUSH);
    expect(got.body).toMatchObject({ id: 'pbx-push', url: receiver.url, enabled: true });
    const list = (await send('GET', `${ACME}/webhooks`)).body.webhooks as { id: string; kind: string }[];
    expect(list).toContainEqual(expect.objectContaining({ id: 'pbx-push', kind: 'pbx' }));
  });

  it('check-in, pause and back (admin API): agent:checkin, agent:status with the pause id, signed', async () => {
    const from = pushes().length;
    expect((await setStatus(ILYA, { status: 4 })).body).toMatchObject({ changed: true });
    expect((await setStatus(ILYA, { status: 3, reason: LUNCH })).body).toMatchObject({ changed: true });
    expect((await setStatus(ILYA, { status: 4 })).body).toMatchObject({ changed: true });
    const uid = userId(ILYA);
    const got = (await next(from, (p) => p.filter((x) => x.data.user_id === uid).length >= 4)).filter((x) => x.data.user_id === uid);
    expect(got).toEqual([
      { event: 'agent:checkin', account_id: 1001, ts: expect.any(Number), data: { user_id: uid, device_id: null, device_name: null } },
      { event: 'agent:status', account_id: 1001, ts: expect.any(Number), data: { user_id: uid, activity_id: 1, pause_id: 0, in_calls: 1 } },
      { event: 'agent:status', account_id: 1001, ts: expect.any(Number), data: { user_id: uid, activity_id: 1, pause_id: 1725, in_calls: 1 } },
      { event: 'agent:status', account_id: 1001, ts: expect.any(Number), data: { user_id: uid, activity_id: 1, pause_id: 0, in_calls: 1 } },
    ]);
    expect(Math.abs((got[0]?.ts ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    for (const r of receiver.delivered()) {
      expect(verify(SECRET, String(r.headers[HEADERS.timestamp]), r.raw, String(r.headers[HEADERS.signature]))).toBe(true);
    }
  });

  it('PBX check-in with a device, pause, queue join and leave, check-out', async () => {
    const uid = userId(ILYA);
    expect((await pbx(`/cc_agent/checkOut?user_id=${uid}`)).status).toBe(200);
    await next(0, (p) => p.some((x) => x.event === 'agent:checkout' && x.data.user_id === uid));
    const from = pushes().length;
    expect((await pbx(`/cc_agent/checkInDevice?user_id=${uid}&device_id=201`)).status).toBe(200);
    expect((await pbx(`/cc_agent/setPause?user_id=${uid}&id=1725`)).status).toBe(200);
    expect((await pbx(`/cc_agent/setPause?user_id=${uid}&id=0`)).status).toBe(200);
    expect((await pbx(`/cc_agent/setQueues?user_id=${uid}&queue_ids=600`)).status).toBe(200);
    expect((await pbx(`/cc_agent/setQueues?user_id=${uid}&queue_ids=`)).status).toBe(200);
    // The check-out's own agent:status may land after `from` was taken: start at the check-in.
    const pushed = await next(from, (p) => p.some((x) => x.event === 'queue:leave'));
    const got = pushed.slice(pushed.findIndex((p) => p.event === 'agent:checkin'));
    for (const early of pushed.slice(0, pushed.length - got.length)) expect(early).toMatchObject({ event: 'agent:status', data: { user_id: uid, in_calls: 0 } });
    expect(names(got)).toEqual(['agent:checkin', 'agent:status', 'agent:status', 'agent:status', 'queue:join', 'queue:leave']);
    const checkin = got.find((p) => p.event === 'agent:checkin');
    expect(checkin?.data).toEqual({ user_id: uid, device_id: 201, device_name: expect.any(String) });
    expect(got.filter((p) => p.event === 'agent:status').map((p) => p.data.pause_id)).toContain(1725);
    expect(got.find((p) => p.event === 'queue:join')?.data).toEqual({ user_id: uid, queues: [600] });
    expect(got.find((p) => p.event === 'queue:leave')?.data).toEqual({ user_id: uid, queues: [600] });
  });

  it('an inbound queue call: the caller\'s ring/answer, the agent\'s ring/answer, call:start, both ends — every field', async () => {
    const from = pushes().length;
    const res = await send('POST', `${ACME}/telephony/inbound`, { from: '+442071234567', to: '+18005550100', talkMs: 300, patienceMs: null });
    expect(res.status).toBe(200);
    const callerLeg = res.body.legId as string;
    const wrapUp = (p: Push[]) => p.some((x) => x.event === 'agent:status' && x.data.user_id === userId(AVERY) && x.data.activity_id === 4);
    const got = await next(from, (p) => p.filter((x) => x.event === 'call:end').length >= 2 && wrapUp(p));
    const calls = got.filter((p) => p.event.startsWith('call:'));
    for (const c of calls) expect(Object.keys(c.data).sort()).toEqual(CALL_FIELDS);
    const caller = calls.filter((c) => c.data.id === callerLeg);
    expect(names(caller)).toEqual(['call:ring', 'call:answer', 'call:end']);
    const agentLeg = calls.find((c) => c.data.id !== callerLeg)?.data.id;
    expect(names(calls.filter((c) => c.data.id === agentLeg))).toEqual(['call:ring', 'call:answer', 'call:start', 'call:end']);
    const end = calls.find((c) => c.event === 'call:end' && c.data.id === agentLeg)?.data;
    expect(end).toMatchObject({
      call_id: callerLeg, type: 'queue', site_id: null, dst_num: '+18005550100', cid_num: '+442071234567', a2: 'GB', queue_id: 600,
      src_user_id: null, dst_user_id: userId(AVERY), hangup_cause: 'NORMAL_CLEARING', canceled: null, dialer_id: null, conference_id: null, call_script: null,
    });
    expect(end?.billms).toBeGreaterThan(0);
    expect(end?.durationms as number).toBeGreaterThanOrEqual(end?.billms as number);
    expect(caller.at(-1)?.data).toMatchObject({ call_id: callerLeg, hangup_cause: 'NORMAL_CLEARING', canceled: null });
    // Avery's status follows the call: ringing (2), on the call (3), wrap-up (4).
    const avery = got.filter((p) => p.event === 'agent:status' && p.data.user_id === userId(AVERY)).map((p) => p.data.activity_id);
    expect(avery).toEqual([2, 3, 4]);
  });

  it('an unanswered queue caller ends with canceled = the leave cause', async () => {
    await setStatus(AVERY, { status: 3, reason: LUNCH }); // deferred until the wrap-up ends; nobody takes the next call
    await expect.poll(() => server.platform.directory.requireAgent(acme, AVERY).state.presence.kind, { timeout: 30_000 }).toBe('on_break');
    const from = pushes().length;
    const res = await send('POST', `${ACME}/telephony/inbound`, { from: '+4930123456', to: '+18005550100', talkMs: 300, patienceMs: 200 });
    const got = await next(from, (p) => p.some((x) => x.event === 'call:end'));
    const end = got.find((p) => p.event === 'call:end');
    expect(end?.data).toMatchObject({ id: res.body.legId, call_id: res.body.legId, type: 'queue', canceled: 'BREAK_OUT', hangup_cause: 'NORMAL_CLEARING', a2: 'DE', queue_id: 600 });
    await setStatus(AVERY, { status: 4 });
  }, 40_000);

  it('an originated call (PBX originate): the agent leg first (call_id), then the customer leg, with the lead', async () => {
    const uid = userId(ILYA);
    const from = pushes().length;
    const res = await pbx(`/cc_agent/originate?user_id=${uid}&destination=%2B16175551984&sip_auto_answer=1&lead_id=42&cnam=Acme`);
    expect(res.status).toBe(200);
    const first = (res.body as { uuid: string }).uuid;
    await next(from, (p) => p.some((x) => x.event === 'call:ring' && x.data.id !== first));
    await send('DELETE', `/api/v1/tenants/acmecorp01/agents/${ILYA}/calls`, undefined, { authorization: server.basic('acmecorp01') });
    const got = await next(from, (p) => p.filter((x) => x.event === 'call:end').length >= 2);
    const calls = got.filter((p) => p.event.startsWith('call:'));
    expect(calls[0]).toMatchObject({ event: 'call:ring', data: { id: first, call_id: first } });
    for (const c of calls) {
      expect(Object.keys(c.data).sort()).toEqual(CALL_FIELDS);
      expect(c.data).toMatchObject({ call_id: first, type: 'outbound', src_user_id: uid, src_device_id: 201, dst_num: '+16175551984', a2: 'US', lead_id: 42, cid_name: 'Acme', queue_id: null });
    }
    const customer = calls.filter((c) => c.data.id !== first);
    expect(names(customer)).toEqual(['call:ring', 'call:end']);
    expect(customer.at(-1)?.data.hangup_cause).toBe('ORIGINATOR_CANCEL');
    // Settle: Ilya's status back to waiting is pushed too, so later tests start after it.
    await next(from, (p) => p.some((x) => x.event === 'agent:status' && x.data.user_id === uid && x.data.activity_id === 1));
  });
});

describe('delivery', () => {
  it('receiver down, then up: nothing missing, in order, retries carry the same event id', async () => {
    const before = receiver.requests.length;
    const from = pushes().length;
    receiver.status = (n) => (n < before + 3 ? 503 : 200);
    for (const status of [3, 4, 3, 4]) await setStatus(ILYA, status === 3 ? { status, reason: LUNCH } : { status });
    const got = await next(from, (p) => p.length >= 4, receiver);
    expect(got.map((p) => p.data.pause_id)).toEqual([1725, 0, 1725, 0]);
    const attempts = receiver.requests.slice(before);
    const failed = attempts.filter((x) => x.status === 503);
    expect(failed.length).toBe(3);
    expect(new Set(failed.map((x) => x.headers[HEADERS.eventId])).size).toBe(1);
    expect(failed[0]?.headers[HEADERS.eventId]).toBe(receiver.delivered()[from]?.headers[HEADERS.eventId]);
    receiver.status = () => 200;
  }, 30_000);

  it('a dead second webhook does not delay the push', async () => {
    const dead = await send('POST', `${ACME}/webhooks`, { url: 'http://127.0.0.1:9/dead' });
    expect(dead.status).toBe(201);
    const from = pushes().length;
    const started = Date.now();
    for (const status of [3, 4]) await setStatus(ILYA, status === 3 ? { status, reason: LUNCH } : { status });
    await next(from, (p) => p.length >= 2);
    expect(Date.now() - started).toBeLessThan(3000);
    await expect.poll(async () => ((await send('GET', `${ACME}/webhooks/${dead.body.id as string}`)).body.delivery as { failing: boolean }).failing).toBe(true);
    await send('DELETE', `${ACME}/webhooks/${dead.body.id as string}`);
  });

  it('changing the URL keeps the cursor; a generated secret is shown once; DELETE stops the push', async () => {
    const other = await startReceiver();
    try {
      const put = await send('PUT', PUSH, { url: other.url });
      expect(put.status).toBe(200);
      expect(put.body.secret).toBeUndefined();
      await setStatus(ILYA, { status: 3, reason: LUNCH });
      await other.waitFor((r) => r.delivered().length >= 1);
      const got: Received | undefined = other.delivered()[0];
      expect(verify(SECRET, String(got?.headers[HEADERS.timestamp]), got?.raw ?? '', String(got?.headers[HEADERS.signature]))).toBe(true);
      expect((await send('DELETE', PUSH)).body).toEqual({ deleted: true });
      expect((await send('GET', PUSH)).status).toBe(404);
      expect((await send('DELETE', PUSH)).status).toBe(404);
      const created = await send('PUT', PUSH, { url: other.url });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      await setStatus(ILYA, { status: 4 });
    } finally {
      await other.close();
    }
  });
});

describe('outbound allow-list', () => {
  it('refuses a private address not on the allow-list, naming url (400)', async () => {
    const res = await send('PUT', PUSH, { url: 'http://10.1.2.3/' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^url: .*10\.1\.2\.3/);
    expect((await send('PUT', PUSH, { url: 'ftp://example.com/' })).body.message).toMatch(/\burl\b/);
  });
});
