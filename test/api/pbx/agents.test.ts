import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PBX_API_USER } from '../../../src/app/demo.ts';
import type { LoggedEvent } from '../../../src/domain/events.ts';
import { DEVICE_RECORD, deviceKey, type Device } from '../../../src/domain/users/device.ts';
import { OpenApiChecker, checkedFetcher } from '../../support/openapi.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * `/api/cc_agent/*` (`pbx-callcenter-api.md`, Agents and Originate) against a real server on a
 * virtual clock: check-in by code dialled from a device (admin dial route), check-in on a device,
 * pauses, check-out, joined queues and routing, wrap-up, originate. The VCC agent-status API
 * shows every change. Every answer is checked against `/openapi.json`.
 */
let server: TestServer;
let call: ReturnType<typeof checkedFetcher>;
let tenantId: string;
const TENANT = 'acmecorp01';
const AVERY = 'agAQDqmvKiRbG4ekigNSmbbb';
const PAUL = 'ag1LmqEeEYRoOti9KjIi_Dng';
const JANE = 'ag0XgxWZr7TzqWFhxboBGj1g';
const SPARE_DEVICE = 299;
const JANE_KEY = 'jane-agent-key-0123456789abcdef';

beforeAll(async () => {
  server = await startTestServer({ clock: 'virtual' });
  call = checkedFetcher(server.url, await OpenApiChecker.load(server.url));
  tenantId = server.platform.directory.tenantByName(TENANT)?.id ?? '';
  const spare: Device = { id: SPARE_DEVICE, name: 'Hot desk', agentId: null, ring: 0, delay: 0, timeout: 30 };
  await server.platform.store.transaction((tx) => tx.putRecord(tenantId, DEVICE_RECORD, deviceKey(SPARE_DEVICE), spare));
  await server.platform.access.keys.create(tenantId, JANE, { key: JANE_KEY });
});
afterAll(() => server.close());

const userId = (agentId: string): number => server.platform.directory.requireAgent(tenantId, agentId).userId;
const pbx = (path: string, key = DEMO_SECRET) => call(`/api${path}${path.includes('?') ? '&' : '?'}api_key=${key}`);
const admin = (method: string, path: string, body?: unknown) =>
  call(`/admin/v1${path}`, { method, headers: { authorization: server.admin, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
const vcc = async (agentId: string) => (await call(`/api/v1/tenants/${TENANT}/agentstatus/agents/${agentId}`, { headers: { authorization: server.basic() } })).body;
const status = async (agentId: string) => (await vcc(agentId))['agent-status'];
const advance = (seconds: number) => admin('POST', `/clock/advance?seconds=${seconds}`);
const dial = (deviceId: number, number: string) => admin('POST', `/tenants/${TENANT}/telephony/devices/${deviceId}/dial`, { number });
async function deviceOf(agentId: string): Promise<Device> {
  const all = await server.platform.store.listRecords<Device>(tenantId, DEVICE_RECORD);
  const found = all.find((r) => r.body.agentId === agentId);
  if (!found) throw new Error(`no device for ${agentId}`);
  return found.body;
}
/** Events committed while `run` runs. */
async function eventsDuring(run: () => Promise<unknown>): Promise<LoggedEvent[]> {
  const seen: LoggedEvent[] = [];
  const stop = server.platform.bus.subscribe((e) => void (e.tenantId === tenantId && seen.push(e)));
  try {
    await run();
  } finally {
    stop();
  }
  return seen;
}
/** A request that waits on the telephony: advance the virtual clock until it answers. */
async function whileAdvancing<T>(request: Promise<T>, step = 1): Promise<T> {
  let done = false;
  const result = request.finally(() => (done = true));
  for (let i = 0; i < 120 && !done; i++) {
    await advance(step);
    await new Promise((r) => setTimeout(r, 5));
  }
  return result;
}

describe('check-in, pauses, check-out (documented examples)', () => {
  it('checkIn returns the code; dialling it from the agent\'s device checks the agent in with that device', async () => {
    expect(await status(PAUL)).toBe(0);
    const res = await pbx(`/cc_agent/checkIn?user_id=${userId(PAUL)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: expect.stringMatching(/^\*\*\*[0-9]{4}$/) });
    const device = await deviceOf(PAUL);
    let answer: Awaited<ReturnType<typeof dial>> | undefined;
    const events = await eventsDuring(async () => (answer = await dial(device.id, res.body.data as unknown as string)));
    expect(answer?.status).toBe(200);
    expect(answer?.body).toMatchObject({ outcome: 'checked_in', userId: userId(PAUL), reason: null });
    expect(await status(PAUL)).toBe(4);
    const presence = events.find((e) => e.event.type === 'agent.presence_changed');
    expect(presence?.event).toMatchObject({ agentId: PAUL, to: { kind: 'available' }, by: 'pbx', device: { id: device.id, name: device.name } });
    expect(events.some((e) => e.event.type === 'record.changed' && e.event.kind === 'checked_in' && e.event.key === PAUL)).toBe(true);
    expect((await server.platform.store.getRecord(tenantId, 'checked_in', PAUL))?.body).toEqual({ deviceId: device.id });
    // The code is used up: dialled again it is refused.
    expect((await dial(device.id, res.body.data as unknown as string)).body).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/not a pending check-in code/) });
  });

  it('a code is persisted with its expiry (5 min of contact-center time) and is refused after it', async () => {
    const code = (await pbx(`/cc_agent/checkIn?user_id=${userId(JANE)}`)).body.data as unknown as string;
    const stored = await server.platform.store.getRecord<{ code: string; expiresAt: number }>(tenantId, 'checkin_code', JANE);
    expect(stored?.body).toMatchObject({ code, agentId: JANE, expiresAt: server.platform.clock.now() + 300_000 });
    await advance(300);
    expect((await dial((await deviceOf(JANE)).id, code)).body).toMatchObject({ outcome: 'refused' });
    expect(await status(JANE)).toBe(1);
  });

  it('refuses an unknown code, a device of another user, an unknown device', async () => {
    expect((await dial(SPARE_DEVICE, '***0000')).body).toMatchObject({ outcome: 'refused' });
    const code = (await pbx(`/cc_agent/checkIn?user_id=${userId(JANE)}`)).body.data as unknown as string;
    const avery = await deviceOf(AVERY);
    const res = await dial(avery.id, code);
    expect(res.body).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/assigned to user/) });
    expect(await status(JANE)).toBe(1);
    expect((await dial(9999, code)).status).toBe(404);
  });

  it('setPause: a break reason (3), an offline reason (5), 0 (4); unknown pause 404', async () => {
    const paul = userId(PAUL);
    expect((await pbx(`/cc_agent/setPause?id=1725&user_id=${paul}`)).body).toEqual({ success: true });
    expect(await vcc(PAUL)).toMatchObject({ 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725 });
    expect((await pbx(`/cc_agent/setPause?id=1726&user_id=${paul}`)).status).toBe(200);
    expect(await vcc(PAUL)).toMatchObject({ 'agent-status': 5, 'status-code-list-id': 801, 'status-code-item-id': 1726 });
    expect((await pbx(`/cc_agent/setPause?id=0&user_id=${paul}`)).status).toBe(200);
    expect(await status(PAUL)).toBe(4);
    for (const id of ['9999', '1', 'abc']) {
      const res = await pbx(`/cc_agent/setPause?id=${id}&user_id=${paul}`);
      expect(res.status, id).toBe(404);
      expect(res.body).toEqual({ success: false, msg: expect.stringMatching(/^Pause '.*' not found/) });
    }
    expect((await pbx(`/cc_agent/setPause?user_id=${paul}`)).status).toBe(400); // id is required
  });

  it('checkOut logs the agent out and releases the device; again it changes nothing; setPause then 409', async () => {
    const res = await pbx(`/cc_agent/checkOut?user_id=${userId(PAUL)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await status(PAUL)).toBe(1);
    expect(await server.platform.store.getRecord(tenantId, 'checked_in', PAUL)).toBeUndefined();
    expect((await pbx(`/cc_agent/checkOut?user_id=${userId(PAUL)}`)).status).toBe(200);
    const paused = await pbx(`/cc_agent/setPause?id=1725&user_id=${userId(PAUL)}`);
    expect(paused.status).toBe(409);
    expect(paused.body.msg).toMatch(/not checked in/);
  });

  it('checkInDevice: at once; a device in use is 409 naming its user, forceCheckOut=1 moves it', async () => {
    const res = await pbx(`/cc_agent/checkInDevice?user_id=${userId(PAUL)}&device_id=${SPARE_DEVICE}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await status(PAUL)).toBe(4);
    const busy = await pbx(`/cc_agent/checkInDevice?user_id=${userId(JANE)}&device_id=${SPARE_DEVICE}`);
    expect(busy.status).toBe(409);
    expect(busy.body.msg).toContain(`user ${userId(PAUL)}`);
    expect(await status(JANE)).toBe(1);
    const forced = await pbx(`/cc_agent/checkInDevice?user_id=${userId(JANE)}&device_id=${SPARE_DEVICE}&forceCheckOut=1`);
    expect(forced.status).toBe(200);
    expect(await status(JANE)).toBe(4);
    expect(await status(PAUL)).toBe(1);
    expect((await server.platform.store.getRecord(tenantId, 'checked_in', JANE))?.body).toEqual({ deviceId: SPARE_DEVICE });
  });

  it('checkInDevice refuses another user\'s device (400), unknown devices (404), a bad forceCheckOut (400)', async () => {
    const avery = await deviceOf(AVERY);
    const other = await pbx(`/cc_agent/checkInDevice?user_id=${userId(JANE)}&device_id=${avery.id}`);
    expect(other.status).toBe(400);
    expect(other.body.msg).toMatch(/^device_id: /);
    for (const id of ['9999', 'x1']) expect((await pbx(`/cc_agent/checkInDevice?user_id=${userId(JANE)}&device_id=${id}`)).status).toBe(404);
    expect((await pbx(`/cc_agent/checkInDevice?user_id=${userId(JANE)}`)).status).toBe(400);
    expect((await pbx(`/cc_agent/checkInDevice?user_id=${userId(JANE)}&device_id=${SPARE_DEVICE}&forceCheckOut=yes`)).status).toBe(400);
  });

  it('checkIn with forceCheckOut=1 checks the user out at once; its code then takes a device in use over', async () => {
    const code = (await pbx(`/cc_agent/checkIn?user_id=${userId(PAUL)}&forceCheckOut=1`)).body.data as unknown as string;
    const res = await dial(SPARE_DEVICE, code); // Jane is checked in on it
    expect(res.body).toMatchObject({ outcome: 'checked_in', userId: userId(PAUL) });
    expect(await status(PAUL)).toBe(4);
    expect(await status(JANE)).toBe(1);
    // Without forceCheckOut a device in use refuses the code (and the code stays pending).
    const janeCode = (await pbx(`/cc_agent/checkIn?user_id=${userId(JANE)}`)).body.data as unknown as string;
    expect((await dial(SPARE_DEVICE, janeCode)).body).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/in use by user/) });
    expect((await dial((await deviceOf(JANE)).id, janeCode)).body).toMatchObject({ outcome: 'checked_in' });
    expect(await status(JANE)).toBe(4);
  });
});

describe('a device is released however the agent logs out', () => {
  it('a VCC status 1 drops the checked_in record', async () => {
    expect((await pbx(`/cc_agent/checkInDevice?user_id=${userId(JANE)}&device_id=${SPARE_DEVICE}&forceCheckOut=1`)).status).toBe(200);
    expect(await status(PAUL)).toBe(1);
    const put = await call(`/api/v1/tenants/${TENANT}/agentstatus/agents/${JANE}`, {
      method: 'PUT', headers: { authorization: server.basic(), 'content-type': 'application/json' }, body: JSON.stringify({ 'agent-status': 1 }),
    });
    expect(put.status).toBe(200);
    await server.platform.committer.idle();
    await server.platform.locks.run(`pbx-check-in:${tenantId}`, async () => undefined);
    expect(await server.platform.store.getRecord(tenantId, 'checked_in', JANE)).toBeUndefined();
    expect((await pbx(`/cc_agent/checkInDevice?user_id=${userId(PAUL)}&device_id=${SPARE_DEVICE}`)).status).toBe(200); // free again
    expect((await pbx(`/cc_agent/checkInDevice?user_id=${userId(JANE)}&device_id=${(await deviceOf(JANE)).id}`)).status).toBe(200);
  });
});

describe('permissions and targets', () => {
  it('another user needs the Agents permission (403); oneself does not', async () => {
    const res = await pbx(`/cc_agent/checkOut?user_id=${userId(AVERY)}`, JANE_KEY);
    expect(res.status).toBe(403);
    expect(res.body.msg).toMatch(/Agents/);
    expect((await pbx('/cc_agent/setPause?id=1725', JANE_KEY)).status).toBe(200);
    expect((await pbx(`/cc_agent/setPause?id=0&user_id=${userId(JANE)}`, JANE_KEY)).status).toBe(200);
    expect(await status(JANE)).toBe(4);
  });

  it('unknown users are 404 (any form), non-agents 400', async () => {
    for (const id of ['99999', 'abc']) {
      const res = await pbx(`/cc_agent/checkOut?user_id=${id}`);
      expect(res.status, id).toBe(404);
      expect(res.body.msg).toMatch(/^User '.*' not found/);
    }
    const api = await pbx(`/cc_agent/checkIn?user_id=${userId(DEMO_PBX_API_USER)}`);
    expect(api.status).toBe(400);
    expect(api.body.msg).toMatch(/not an agent/);
    expect((await pbx('/cc_agent/checkIn')).status).toBe(400); // the API user itself
  });
});

describe('setQueues and routing', () => {
  it('the documented example path: one id gives that queue record', async () => {
    const res = await pbx(`/setQueues?queue_ids=600&user_id=${userId(AVERY)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, data: { id: 600, account_id: 1001, site_id: null, name: 'Support', strategy: 'longest-idle-agent' } });
  });

  it('accepts every list form; empty leaves all; unknown queue 404; no tier 400', async () => {
    const avery = userId(AVERY);
    expect((await pbx(`/cc_agent/setQueues?queue_ids[]=600&user_id=${avery}`)).body.data).toMatchObject({ id: 600 });
    expect((await pbx(`/cc_agent/setQueues?queue_ids=600,600&user_id=${avery}`)).body.data).toMatchObject({ id: 600 });
    const none = await pbx(`/cc_agent/setQueues?queue_ids=&user_id=${avery}`);
    expect(none.body).toEqual({ success: true, data: [] });
    expect(server.platform.agentWriter.current(tenantId, AVERY).state.routing?.joined).toEqual([]);
    const unknown = await pbx(`/cc_agent/setQueues?queue_ids=600,777&user_id=${avery}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.msg).toMatch(/^Queue '777' not found/);
    expect((await pbx(`/cc_agent/setQueues?queue_ids=x&user_id=${avery}`)).status).toBe(404);
    expect((await pbx(`/cc_agent/setQueues?user_id=${avery}`)).status).toBe(400);
    const created = await call(`/api/cc_queue?api_key=${DEMO_SECRET}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'No tiers', strategy: 'top-down', time_base_score: 'queue' }),
    });
    expect(created.status).toBe(200);
    const id = (created.body.data as unknown as { id: number }).id;
    const noTier = await pbx(`/cc_agent/setQueues?queue_ids=${id}&user_id=${avery}`);
    expect(noTier.status).toBe(400);
    expect(noTier.body.msg).toContain(`queue ${id}`);
  });

  it('an inbound call routes to the agent only once it has joined the queue', async () => {
    expect(await status(AVERY)).toBe(4);
    const inbound = await admin('POST', `/tenants/${TENANT}/telephony/inbound`, { from: '+16175550123', to: '+18005550100', talkMs: 1000, patienceMs: null });
    expect(inbound.status).toBe(200);
    await advance(1);
    expect(await status(AVERY)).toBe(4); // no agent has joined queue 600
    const waiting = (await admin('GET', `/tenants/${TENANT}/queues/600`)).body as { callers?: unknown[]; eligible?: unknown[] };
    expect(waiting.callers).toHaveLength(1);
    expect(JSON.stringify(waiting.eligible)).not.toContain(AVERY);
    const joined = await pbx(`/cc_agent/setQueues?queue_ids[]=600&user_id=${userId(AVERY)}`);
    expect(joined.status).toBe(200);
    expect((joined.body.data as unknown as { users: unknown[][] }).users.find((row) => row[0] === userId(AVERY))?.[6]).toBe(true); // joined
    await advance(1);
    expect(await status(AVERY)).toBe(6); // offered
  });
});

describe('wrapup', () => {
  it('seconds=0 ends post-processing at once; without post-processing seconds=0 changes nothing and other values are 409', async () => {
    await advance(2); // Avery's device answers; the caller talks 1 s and hangs up
    await advance(2);
    expect(await status(AVERY)).toBe(8);
    const res = await pbx(`/cc_agent/wrapup?user_id=${userId(AVERY)}&seconds=0`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await status(AVERY)).toBe(4);
    expect(await pbx(`/cc_agent/wrapup?user_id=${userId(AVERY)}&seconds=0`)).toMatchObject({ status: 200, body: { success: true } });
    expect(await status(AVERY)).toBe(4);
    for (const query of ['&seconds=30', '']) {
      const again = await pbx(`/cc_agent/wrapup?user_id=${userId(AVERY)}${query}`);
      expect(again.status).toBe(409);
      expect(again.body.msg).toMatch(/not in post-processing/);
    }
    expect((await pbx(`/cc_agent/wrapup?user_id=${userId(AVERY)}&seconds=abc`)).status).toBe(400);
  });

  it('without seconds the default wrap-up (15 s) is added; with seconds the timer moves', async () => {
    await admin('POST', `/tenants/${TENANT}/telephony/inbound`, { from: '+16175550124', to: '+18005550100', talkMs: 1000, patienceMs: null });
    await advance(1);
    await advance(2);
    await advance(2);
    expect(await status(AVERY)).toBe(8); // wrap-up of queue 600: 15 s
    expect((await pbx(`/cc_agent/wrapup?user_id=${userId(AVERY)}`)).status).toBe(200); // now ~29 s left
    await advance(20);
    expect(await status(AVERY)).toBe(8);
    expect((await pbx(`/cc_agent/wrapup?user_id=${userId(AVERY)}&seconds=5`)).status).toBe(200);
    await advance(4);
    expect(await status(AVERY)).toBe(8);
    await advance(1);
    expect(await status(AVERY)).toBe(4);
  });
});

describe('originate', () => {
  const LEG = new RegExp(`^acmecorp01-${AVERY}-`);

  it('the documented example: answers with the agent leg\'s uuid once the device answered', async () => {
    const device = await deviceOf(AVERY);
    const res = await whileAdvancing(pbx(`/cc_agent/originate?device_id=${device.id}&cid=12015551212&destination=16175551984&lead_id=42`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, uuid: expect.stringMatching(LEG) });
    const live = server.platform.calls.engine.registry.ofAgent(tenantId, AVERY);
    expect(live[0]?.agentLeg.id).toBe(res.body.uuid);
    expect(live[0]?.extTransactionData).toEqual([{ name: 'lead_id', value: '42' }]);
    await server.platform.calls.freeLines(tenantId, AVERY, null);
    await advance(1);
  });

  it('sip_auto_answer=1 answers at once', async () => {
    const res = await whileAdvancing(pbx(`/cc_agent/originate?user_id=${userId(AVERY)}&destination=%2B16175551985&sip_auto_answer=1`), 0);
    expect(res.status).toBe(200);
    expect(res.body.uuid).toMatch(LEG);
    await server.platform.calls.freeLines(tenantId, AVERY, null);
    await advance(1);
  });

  it('fails with the reason when the device does not answer', async () => {
    await admin('PUT', `/tenants/${TENANT}/agents/${AVERY}/device`, { reachable: false });
    const res = await whileAdvancing(pbx(`/cc_agent/originate?user_id=${userId(AVERY)}&destination=16175551984`));
    await admin('PUT', `/tenants/${TENANT}/agents/${AVERY}/device`, { reachable: true });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ success: false, msg: expect.stringMatching(/did not answer \(failed\)/) });
    await advance(1);
    expect(await status(AVERY)).toBe(4);
  });

  it('validation: destination required; unknown user, device, extension 404; not checked in 409', async () => {
    expect((await pbx(`/cc_agent/originate?user_id=${userId(AVERY)}`)).status).toBe(400);
    expect((await pbx('/cc_agent/originate?user_id=99999&destination=16175551984')).status).toBe(404);
    expect((await pbx('/cc_agent/originate?device_id=9999&destination=16175551984')).status).toBe(404);
    expect((await pbx(`/cc_agent/originate?device_id=${SPARE_DEVICE}&destination=16175551984`)).status).toBe(400); // unassigned
    const ext = await pbx('/cc_agent/originate?extension=100&destination=16175551984');
    expect(ext.status).toBe(404);
    expect(ext.body.msg).toMatch(/^Extension '100' not found/);
    await pbx(`/cc_agent/checkOut?user_id=${userId(PAUL)}`);
    const notIn = await pbx(`/cc_agent/originate?user_id=${userId(PAUL)}&destination=16175551984`);
    expect(notIn.status).toBe(409);
    expect(notIn.body.msg).toMatch(/not checked in/);
  });
});
