import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialFor } from '../../../src/api/ccs/calls/dial.ts';
import { CALL_REF_RECORD, CcsCalls, callsCursorKey } from '../../../src/app/ccs/calls.ts';
import { CALL_RECORD } from '../../../src/domain/ccs/call-record.ts';
import type { TenantRecord } from '../../../src/ports/storage.ts';
import { OpenApiChecker, checkedFetcher } from '../../support/openapi.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * CCS calls (`ccs-api-overview.txt` 4.19–4.21, 4.28) against a real server on a virtual clock,
 * with the demo's `ccsdemo02`: a call placed with `dial` (progress → answered → ended), an inbound
 * ACD call (waiting → offered → answered → ended), list and filter, restarts and replays, and
 * the permission checks. Every answer is checked against `/openapi.json`.
 */
const TENANT = 'ccsdemo02';
const TENANT_UUID = 'c255052e-c560-4340-b73e-675eabc3aed3';
const DANA = 'agCcsDemo02Dana000000001';
const OUTBOUND_QUEUE = 'az123456-c0ed-42b7-8e8c-d50c4991828c';
const SALES = { uuid: 'az123456-f645-47b6-bd71-e9f493ff8ac9', name: 'Sales', extension: '701' };
const DANA_EXTENSION = { uuid: 'az123456-5cca-4ff1-874e-dc1c92d6de64', extension: '101' };
const CALLER = '+16175550177';

let dir: string;
let server: TestServer;
let call: ReturnType<typeof checkedFetcher>;
let tenant: TenantRecord;
const tokens: Record<string, string> = {};

async function open(): Promise<void> {
  server = await startTestServer({ clock: 'virtual', db: join(dir, 'calls.sqlite') });
  call = checkedFetcher(server.url, await OpenApiChecker.load(server.url));
  tenant = server.platform.directory.tenantByName(TENANT) as TenantRecord;
  for (const username of ['admin@ccsdemo02', 'dana@ccsdemo02', 'telco@broadview']) {
    const res = await fetch(`${server.url}/6/v2/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_SECRET }) });
    tokens[username] = ((await res.json()) as { token: string }).token;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ccs-calls-'));
  await open();
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ccs = (path: string, user = 'admin@ccsdemo02') => call(`/6/v2/api${path}`, { headers: { authorization: `Bearer ${tokens[user] ?? ''}` } });
const admin = (method: string, path: string, body?: unknown) =>
  call(`/admin/v1${path}`, { method, headers: { authorization: server.admin, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
async function advance(seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) await admin('POST', '/clock/advance?seconds=1');
}
const callOf = async (callId: string) => (await ccs(`/calls/${callId}`)).body as Record<string, unknown>;
async function available(agentId: string, queues: number[]): Promise<void> {
  await server.platform.agentStatus.force(tenant.id, agentId, { kind: 'available', reason: null }, 'admin');
  await server.platform.acd.setJoinedQueues(tenant.id, agentId, queues);
}
const dial = (body: unknown) => {
  const extension = server.platform.ccs.extensions.byUuid(tenant.id, DANA_EXTENSION.uuid);
  if (!extension) throw new Error('no extension 101');
  return dialFor(server.platform, tenant, extension, body);
};

let placedId = '';
let inboundId = '';
let inboundStart = 0;

describe('a call placed with dial', () => {
  it('refuses a bad target or an unknown outbound queue, naming the field', async () => {
    await expect(dial({ request: 'dial', target: '12', outbound_queue_uuid: OUTBOUND_QUEUE })).rejects.toThrow(/^target:/);
    await expect(dial({ request: 'dial', target: '819735552106' })).rejects.toThrow(/^outbound_queue_uuid:/);
    await expect(dial({ request: 'dial', target: '819735552106', outbound_queue_uuid: SALES.uuid })).rejects.toMatchObject({ statusCode: 404, message: /outbound_queue_uuid/ });
  });

  it('shows progress, then answered, then ended under the id dial answered', async () => {
    await available(DANA, []);
    const placed = await dial({ request: 'dial', target: '819735552106', outbound_queue_uuid: OUTBOUND_QUEUE });
    expect(placed).toEqual({ success: true, call_id: expect.stringMatching(/^[0-9A-Z]{13}$/) });
    placedId = placed.call_id;
    const progress = await callOf(placedId);
    expect(progress).toMatchObject({
      success: true, call_id: placedId, tenant_id: TENANT_UUID, direction: 'outbound', state: 'progress', calling_number: '101', called_number: '+819735552106',
      acd: { uuid: OUTBOUND_QUEUE, name: 'Outbound calls', extension: '700' }, extension: DANA_EXTENSION, end_time: null, waiting: false, suppressed: false, suppressions: [], transferred_to: null,
    });
    expect(progress).not.toHaveProperty('answer_time');
    await advance(10); // the device answers after 2 s, the number after 3–6 s more
    const answered = await callOf(placedId);
    expect(answered).toMatchObject({ state: 'answered', answer_time: expect.any(String), talk_duration: expect.any(Number), end_time: null });
    await advance(125); // the number talks 60–120 s and hangs up
    const ended = await callOf(placedId);
    expect(ended).toMatchObject({ state: 'ended', end_cause: 'completed', answer_time: answered.answer_time, end_time: expect.any(String) });
    expect(Date.parse(String(ended.end_time))).toBeGreaterThan(Date.parse(String(ended.answer_time)));
    await advance(11); // Dana's wrap-up (queue 700: 10 s)
  });
});

describe('an inbound ACD call', () => {
  it('waits in the ACD, rings the agent, is answered and ends', async () => {
    await server.platform.acd.setJoinedQueues(tenant.id, DANA, []);
    inboundStart = server.platform.clock.now();
    expect((await admin('POST', `/tenants/${TENANT}/telephony/inbound`, { from: CALLER, to: '+18005550201', talkMs: 5000, patienceMs: null })).status).toBe(200);
    await advance(1); // the call reaches the ACD; no agent has joined it
    const list = (await ccs('/calls')).body as unknown as { total: string; items: Record<string, unknown>[] };
    const waiting = list.items.find((c) => c.calling_number === CALLER);
    expect(waiting).toMatchObject({ direction: 'inbound', state: 'progress', called_number: '+18005550201', waiting: true, acd: SALES, extension: null, end_time: null });
    inboundId = String(waiting?.call_id);
    await available(DANA, [701]);
    await advance(1);
    expect(await callOf(inboundId)).toMatchObject({ state: 'progress', waiting: true, extension: DANA_EXTENSION });
    await advance(2);
    const answered = await callOf(inboundId);
    expect(answered).toMatchObject({ state: 'answered', waiting: false, extension: DANA_EXTENSION, acd: SALES });
    expect(answered.wait_duration).toBeGreaterThanOrEqual(1);
    await advance(6);
    expect(await callOf(inboundId)).toMatchObject({ state: 'ended', end_cause: 'completed', talk_duration: 5, extension: DANA_EXTENSION });
    await advance(11);
  });
});

describe('list and filter', () => {
  it('lists both calls in start order with the documented envelope', async () => {
    const res = await ccs('/calls');
    expect(res.status).toBe(200);
    const body = res.body as unknown as { total: string; success: boolean; items: { call_id: string }[] };
    expect(body).toMatchObject({ success: true, total: String(body.items.length) });
    const ids = body.items.map((c) => c.call_id);
    expect(ids).toEqual(expect.arrayContaining([placedId, inboundId]));
    expect(ids.indexOf(placedId)).toBeLessThan(ids.indexOf(inboundId));
  });

  it('filters by calling and called number', async () => {
    const byCaller = (await ccs(`/calls/filter?calling_number=${encodeURIComponent(CALLER)}`)).body as unknown as { items: { call_id: string }[] };
    expect(byCaller.items.map((c) => c.call_id)).toEqual([inboundId]);
    const byCalled = (await ccs('/calls/filter?calling_number=101&called_number=819735552106')).body as unknown as { total: string; items: { call_id: string }[] };
    expect(byCalled).toMatchObject({ total: '1', items: [{ call_id: placedId }] });
    expect((await ccs('/calls/filter?calling_number=999')).body).toEqual({ total: '0', success: true, items: [] });
  });

  it('filters by a local time range in time_z (default UTC)', async () => {
    const local = (ms: number, zone: string) => new Date(ms).toLocaleString('sv-SE', { timeZone: zone }).replace(' ', 'T');
    const from = inboundStart - 1000;
    const to = inboundStart + 1000;
    const utc = (await ccs(`/calls/filter?from_datetime=${local(from, 'UTC')}&to_datetime=${local(to, 'UTC')}`)).body as unknown as { items: { call_id: string }[] };
    expect(utc.items.map((c) => c.call_id)).toEqual([inboundId]);
    const eastern = (await ccs(`/calls/filter?from_datetime=${local(from, 'US/Eastern')}&to_datetime=${local(to, 'US/Eastern')}&time_z=US/Eastern`)).body as unknown as { items: { call_id: string }[] };
    expect(eastern.items.map((c) => c.call_id)).toEqual([inboundId]);
    // The same local times read as UTC are hours away from the call.
    const shifted = (await ccs(`/calls/filter?from_datetime=${local(from, 'US/Eastern')}&to_datetime=${local(to, 'US/Eastern')}`)).body as unknown as { items: unknown[] };
    expect(shifted.items).toEqual([]);
    const until = (await ccs(`/calls/filter?to_datetime=${local(from, 'UTC')}`)).body as unknown as { items: { call_id: string }[] };
    expect(until.items.map((c) => c.call_id)).toContain(placedId);
    expect(until.items.map((c) => c.call_id)).not.toContain(inboundId);
  });

  it('refuses a bad zone or date-time naming the parameter', async () => {
    for (const [query, field] of [['time_z=Mars/Olympus', 'time_z'], ['from_datetime=2021-02-30T07:22:21', 'from_datetime'], ['to_datetime=yesterday', 'to_datetime']] as const) {
      const res = await ccs(`/calls/filter?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body).toEqual({ success: false, reason: expect.stringContaining(field) });
    }
  });

  it('answers 404 for an unknown call id', async () => {
    const res = await ccs('/calls/0BS9DD02LEMUI');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, reason: expect.stringContaining('0BS9DD02LEMUI') });
  });
});

describe('permissions', () => {
  it('refuses telco users (tenant-level only) with 403', async () => {
    for (const path of ['/calls', '/calls/filter', `/calls/${placedId}`]) {
      const res = await ccs(path, 'telco@broadview');
      expect(res.status, path).toBe(403);
      expect(res.body).toMatchObject({ success: false });
    }
  });

  it('refuses a user without Calls View / Calls Listing View with 403 naming the permission', async () => {
    expect((await ccs('/calls', 'dana@ccsdemo02')).body).toEqual({ success: false, reason: expect.stringContaining('Calls Listing View') });
    for (const path of ['/calls/filter', `/calls/${placedId}`]) {
      const res = await ccs(path, 'dana@ccsdemo02');
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ success: false, reason: expect.stringContaining('Calls View') });
    }
  });
});

describe('restarts', () => {
  it('keep the records and ids; a replay from the start gives the same records', async () => {
    // A caller waiting in ACD 702 (no agent serves it) when the server stops: its call is lost.
    await admin('POST', `/tenants/${TENANT}/telephony/inbound`, { from: '+16175550188', to: '+18005550202', talkMs: 5000, patienceMs: null });
    await advance(1);
    const before = (await ccs('/calls')).body as unknown as { items: Record<string, unknown>[] };
    const lost = before.items.find((c) => c.calling_number === '+16175550188');
    expect(lost).toMatchObject({ state: 'progress', waiting: true });
    await server.close();
    await open();
    const after = (await ccs('/calls')).body as unknown as { items: Record<string, unknown>[] };
    expect(after.items.filter((c) => c !== after.items.at(-1))).toEqual(before.items.filter((c) => c !== lost));
    expect(after.items.at(-1)).toMatchObject({ call_id: lost?.call_id, state: 'ended', end_cause: 'NONE', waiting: false });
    const stored = await server.platform.store.listRecords(tenant.id, CALL_RECORD);
    await server.platform.store.transaction(async (tx) => {
      await tx.deleteRecords(tenant.id, CALL_RECORD);
      await tx.deleteRecords(tenant.id, CALL_REF_RECORD);
      await tx.setSetting(callsCursorKey(tenant.id), '0');
    });
    const replay = new CcsCalls(server.platform);
    await replay.caughtUp(tenant.id);
    expect(await server.platform.store.listRecords(tenant.id, CALL_RECORD)).toEqual(stored);
    expect((await replay.byQueueCaller(tenant.id, String((stored.find((r) => r.key === inboundId)?.body as { queueCallerId: string }).queueCallerId)))?.callId).toBe(inboundId);
  });
});
