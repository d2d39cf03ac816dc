import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CcsCallRecord } from '../../../src/domain/ccs/call-record.ts';
import { SimulatedDriver, type LiveLeg } from '../../../src/telephony/simulated/simulated-driver.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * CCS call control (`ccs-api-overview.txt` 4.22–4.27, `NOTES.md` §8) against a real server on a
 * virtual clock, in a tenant of its own: Ann (extension 201, recording Mandatory) serves Sales,
 * Bob (202, recording None) serves Support, nobody serves Hold (its callers wait). Callers never
 * hang up by themselves; agents' devices are answered by hand.
 */
const TENANT = 'ccsctl01';
const ANN = 'agCtlAnn0000000000000001';
const BOB = 'agCtlBob0000000000000001';
const SALES = 'ctl-acd-0000-4000-8000-sales0000801';
const SUPPORT = 'ctl-acd-0000-4000-8000-support00802';
const HOLD = 'ctl-acd-0000-4000-8000-hold0000803';
const OUTBOUND = 'ctl-acd-0000-4000-8000-outbound0804';
const VIEWER_ROLE = 'ctl-role-0000-4000-8000-viewer000001';
const ROLE = { tenantAdmin: 'az123456-a5f9-488c-9bb6-e947f3f33d2b', api: 'az123456-ef95-44b7-afc8-54ce4cdb67f1' } as const;
const DID = { sales: '+18005550801', support: '+18005550802', hold: '+18005550803' } as const;

let server: TestServer;
let tenantId: string;
let driver: SimulatedDriver;
const tokens: Record<string, string> = {};

const agent = (agentId: string, name: string, extension: string, extra: Record<string, unknown>) => ({
  agentId, name, username: `${name.toLowerCase().split(' ')[0] ?? name}@${TENANT}`, password: DEMO_SECRET, group: null,
  ...extra, ccs: { extensionUuid: `ctl-ext-${extension}`, extension, ...(extra.ccs as object) },
});

beforeAll(async () => {
  server = await startTestServer({ clock: 'virtual' });
  await server.platform.apply({
    tenants: [{
      name: TENANT, ccsUuid: 'ctl-tenant-0000-4000-8000-000000000001', timezone: 'UTC', actionRequestToken: DEMO_SECRET,
      ccs: { telco: 'az123456-eee4-46f5-baf9-a9d661bfa92a', status: 'enable', roles: [{ uuid: VIEWER_ROLE, name: 'Viewer', permissions: ['api', 'calls_view'] }] },
      callDefaults: { wrapUpSeconds: 1 },
      channels: ['18005550801'],
      queues: [
        { id: 801, name: 'Sales', type: 'inbound', ccsUuid: SALES, extension: '801', tiers: [{ agent: ANN, position: 1, level: 1 }] },
        { id: 802, name: 'Support', type: 'inbound', ccsUuid: SUPPORT, extension: '802', tiers: [{ agent: BOB, position: 1, level: 1 }] },
        { id: 803, name: 'Hold', type: 'inbound', ccsUuid: HOLD, extension: '803' },
        { id: 804, name: 'Outbound', type: 'outbound', ccsUuid: OUTBOUND, extension: '804' },
      ],
      dids: [{ number: DID.sales, queue: 801 }, { number: DID.support, queue: 802 }, { number: DID.hold, queue: 803 }],
      telephony: { agentDevices: { answer: 'by_hand', ringSeconds: 1 }, numbers: [{ pattern: '^\\+1973', ringSeconds: 2, outcome: 'answer', hangup: 'caller' }] },
      agents: [
        agent('agCtlAdmin00000000000001', 'Admin Ctl', '200', { ccs: { roles: [ROLE.tenantAdmin, ROLE.api] } }),
        agent(ANN, 'Ann Agent', '201', { initialPresence: { kind: 'available' }, initialQueues: [801], ccs: { recordingType: 'Mandatory' } }),
        agent(BOB, 'Bob Agent', '202', { initialPresence: { kind: 'available' }, initialQueues: [802], ccs: { recordingType: 'None' } }),
        agent('agCtlViewer0000000000001', 'Viewer Ctl', '203', { ccs: { roles: [VIEWER_ROLE] } }),
      ],
    }],
  } as never);
  tenantId = server.platform.directory.tenantByName(TENANT)?.id ?? '';
  if (!(server.platform.telephony instanceof SimulatedDriver)) throw new Error('simulated telephony expected');
  driver = server.platform.telephony;
  tokens.admin = await login(`admin@${TENANT}`);
  tokens.viewer = await login(`viewer@${TENANT}`);
  tokens.telco = await login('telco@broadview');
});
afterAll(async () => server?.close());

async function login(username: string): Promise<string> {
  const res = await fetch(`${server.url}/6/v2/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_SECRET }) });
  expect(res.status, `login ${username}`).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function control(callId: string, body: unknown, token = tokens.admin ?? ''): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/6/v2/api/calls/${callId}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}/admin/v1${path}`, { method, headers: { authorization: server.admin, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const advance = (seconds: number) => admin('POST', `/clock/advance?seconds=${seconds}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls (letting background work run) until `check` gives a value. */
async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    await advance(0); // due telephony events run (the virtual clock does not move)
    const found = await check();
    if (found !== undefined) return found;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The CCS record of the call on this customer leg (the newest, after projection). */
async function recordOf(legId: string): Promise<CcsCallRecord | undefined> {
  await server.platform.ccs.calls.caughtUp(tenantId);
  return (await server.platform.ccs.calls.list(tenantId, { limit: 1000 })).filter((c) => c.customerLegId === legId).at(-1);
}

/** The tenant's logged events of one type. */
async function logged(type: string): Promise<Record<string, unknown>[]> {
  const events = await server.platform.store.readEvents(tenantId, 0, 100_000);
  return events.filter((e) => e.event.type === type).map((e) => e.event as unknown as Record<string, unknown>);
}

const leg = (legId: string): LiveLeg | undefined => driver.legs().find((l) => l.legId === legId);
const ringingAgentLeg = (agentId: string): LiveLeg | undefined => driver.legs().find((l) => l.to.kind === 'agent' && l.to.agentId === agentId && l.state === 'ringing');

/** A caller at `to` who waits and talks until the call is ended for it. */
async function inbound(to: string, from = '+15550001000'): Promise<{ legId: string; callId: string }> {
  const res = await admin('POST', `/tenants/${TENANT}/telephony/inbound`, { from, to, talkMs: null, patienceMs: null });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const legId = String(res.body.legId);
  await advance(0); // the call is delivered on the next timer turn
  const record = await until('the call record', () => recordOf(legId));
  return { legId, callId: record.callId };
}

/** A caller connected to `agentId` (its device answered by hand). */
async function connected(to: string, agentId: string): Promise<{ legId: string; callId: string }> {
  const call = await inbound(to);
  const ringing = await until(`${agentId} ringing`, () => ringingAgentLeg(agentId));
  expect(driver.answer(ringing.legId)).toBe(true);
  await until('the call answered', async () => ((await recordOf(call.legId))?.state === 'answered' ? true : undefined));
  return call;
}

async function vccStatus(agentId: string): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/tenants/${TENANT}/agentstatus/agents/${agentId}`, { headers: { authorization: server.basic(TENANT) } });
  return ((await res.json()) as Record<string, number>)['agent-status'] ?? -1;
}

/** Lets Ann's post-processing (1 s) run out. */
async function annFree(): Promise<void> {
  await advance(2);
  await until('Ann available', async () => ((await vccStatus(ANN)) === 4 ? true : undefined));
}

describe('recording and suppression', () => {
  it('a Mandatory extension\'s call is recorded once bridged; suppression pauses and resumes it and the record keeps the span', async () => {
    const { legId, callId } = await connected(DID.sales, ANN);
    const recorded = await until('recording', async () => ((await recordOf(legId))?.recording === true ? true : undefined));
    expect(recorded).toBe(true);
    expect(leg(legId)?.recording).toBe('recording');
    expect((await logged('call.recording_changed')).at(-1)).toMatchObject({ recording: true, interactionGuid: (await recordOf(legId))?.interactionGuid });

    const start = await control(callId, { request: 'startSuppression' });
    expect(start).toEqual({ status: 200, body: { success: true, call_id: callId, request: 'startSuppression', suppressed: true } });
    expect(leg(legId)?.recording).toBe('paused');
    expect((await recordOf(legId))?.suppressed).toEqual([{ start: expect.any(Number), end: null }]);

    const twice = await control(callId, { request: 'startSuppression' });
    expect(twice.status).toBe(409);
    expect(twice.body).toEqual({ success: false, reason: `call ${callId} is already suppressed` });

    await advance(5);
    const stop = await control(callId, { request: 'stopSuppression' });
    expect(stop.body).toMatchObject({ success: true, suppressed: false });
    expect(leg(legId)?.recording).toBe('recording');
    const [span] = (await recordOf(legId))?.suppressed ?? [];
    expect(span?.end).toBe((span?.start ?? 0) + 5000);
    const again = await control(callId, { request: 'stopSuppression' });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe(`call ${callId} is not suppressed`);

    // wait_* act only on waiting callers: a connected call is a 409.
    for (const body of [{ request: 'wait_kill' }, { request: 'wait_redirect', target: HOLD }, { request: 'wait_transfer', target: '19735552109' }]) {
      const refused = await control(callId, body);
      expect(refused.status, body.request).toBe(409);
      expect(refused.body).toEqual({ success: false, reason: `call ${callId} is not waiting in a queue` });
    }

    // kill ends the connected call: the record ends, Ann goes to post-processing (VCC 8), then back.
    expect(await vccStatus(ANN)).toBe(7);
    const kill = await control(callId, { request: 'kill' });
    expect(kill).toEqual({ status: 200, body: { success: true, call_id: callId, request: 'kill', killed: true } });
    const ended = await until('ended', async () => { const r = await recordOf(legId); return r?.state === 'ended' ? r : undefined; });
    expect(ended.suppressed).toHaveLength(1);
    expect(leg(legId)).toBeUndefined();
    expect(await vccStatus(ANN)).toBe(8);
    const killedTwice = await control(callId, { request: 'kill' });
    expect(killedTwice.status).toBe(409);
    expect(killedTwice.body.reason).toBe(`call ${callId} has already ended`);
    expect((await control(callId, { request: 'startSuppression' })).status).toBe(409);
    await annFree();
  });

  it('a call of an extension that does not record (None) cannot be suppressed: 409', async () => {
    const { legId, callId } = await connected(DID.support, BOB);
    expect(leg(legId)?.recording).toBe('off');
    const refused = await control(callId, { request: 'startSuppression' });
    expect(refused.status).toBe(409);
    expect(String(refused.body.reason)).toMatch(/is not recorded/);
    expect(leg(legId)?.recording).toBe('off');
    expect((await control(callId, { request: 'kill' })).status).toBe(200);
  });

  it('a waiting call is not connected: suppression is a 409', async () => {
    const { legId, callId } = await inbound(DID.hold);
    const refused = await control(callId, { request: 'startSuppression' });
    expect(refused).toEqual({ status: 409, body: { success: false, reason: `call ${callId} is not connected` } });
    expect((await control(callId, { request: 'wait_kill' })).status).toBe(200);
    await until('hung up', () => (leg(legId) === undefined ? true : undefined));
  });
});

describe('waiting callers: wait_kill, wait_redirect, wait_transfer, kill', () => {
  it('wait_redirect moves the caller to another ACD with the same call id; it is offered there; wait_kill then withdraws the offer and drops it', async () => {
    const { legId, callId } = await inbound(DID.hold);
    expect((await recordOf(legId))?.waiting).toBe(true);
    const res = await control(callId, { request: 'wait_redirect', target: SALES });
    expect(res).toEqual({ status: 200, body: { success: true, call_id: callId, request: 'wait_redirect', target: SALES } });
    const offered = await until('Ann offered', () => ringingAgentLeg(ANN));
    const moved = await recordOf(legId);
    expect(moved).toMatchObject({ callId, queueId: 801, state: 'progress', agentId: ANN });
    expect(leg(legId)?.state).toBe('answered'); // the caller's leg stayed up
    const joins = (await logged('caller.joined')).filter((e) => e.legId === legId);
    expect(joins.map((e) => [e.queueId, e.redirectedFrom !== undefined])).toEqual([[803, false], [801, true]]);
    expect((await logged('caller.left')).filter((e) => e.legId === legId).map((e) => e.cause)).toEqual(['REDIRECTED']);

    const killed = await control(callId, { request: 'wait_kill' });
    expect(killed.body).toMatchObject({ success: true, killed: true });
    await until('legs gone', () => (leg(legId) === undefined && leg(offered.legId) === undefined ? true : undefined));
    const ended = await until('ended', async () => { const r = await recordOf(legId); return r?.state === 'ended' ? r : undefined; });
    expect(ended).toMatchObject({ callId, endCause: 'KILLED', waiting: false });
    expect((await control(callId, { request: 'wait_kill' })).status).toBe(409);
    await until('Ann available', async () => ((await vccStatus(ANN)) === 4 ? true : undefined));
  });

  it('wait_redirect refuses a missing target, an unknown ACD, an outbound ACD (400 naming target)', async () => {
    const { callId } = await inbound(DID.hold);
    for (const [body, pattern] of [
      [{ request: 'wait_redirect' }, /^target is required/],
      [{ request: 'wait_redirect', target: 'no-such-acd' }, /^target: ACD 'no-such-acd' is not an ACD of this tenant/],
      [{ request: 'wait_redirect', target: OUTBOUND }, /^target: .* is not an inbound ACD/],
      [{ request: 'wait_transfer', target: 'abc' }, /^target: 'abc' is neither/],
      [{ request: 'wait_transfer', target: '804' }, /^target: ACD extension '804' is not an inbound ACD/],
      [{ request: 'teleport' }, /^request must be one of startSuppression, stopSuppression, kill, wait_transfer, wait_redirect, wait_kill/],
    ] as const) {
      const res = await control(callId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ success: false, reason: expect.stringMatching(pattern) });
    }
    // kill of a waiting caller drops it like wait_kill.
    expect((await control(callId, { request: 'kill' })).status).toBe(200);
    expect(await until('ended', async () => { const r = await recordOf((await server.platform.ccs.calls.find(tenantId, callId))?.customerLegId ?? ''); return r?.state === 'ended' ? r : undefined; })).toMatchObject({ endCause: 'KILLED' });
  });

  it('wait_transfer to an outside number dials it (tenant number shown) and bridges it with the caller when it answers', async () => {
    const { legId, callId } = await inbound(DID.hold, '+15550002000');
    const res = await control(callId, { request: 'wait_transfer', target: '19735552109' });
    expect(res).toEqual({ status: 200, body: { success: true, call_id: callId, request: 'wait_transfer', target: '19735552109', target_type: 'number' } });
    const target = await until('the target leg', () => driver.legs().find((l) => l.to.kind === 'number' && l.to.e164 === '+19735552109'));
    expect(target.state).toBe('ringing');
    await advance(3);
    await until('bridged', () => (leg(legId)?.bridgedWith === target.legId ? true : undefined));
    const ended = await until('record ended', async () => { const r = await recordOf(legId); return r?.state === 'ended' ? r : undefined; });
    expect(ended).toMatchObject({ callId, transferredTo: '19735552109', endCause: 'transferred' });
    expect((await logged('call.transferred')).at(-1)).toMatchObject({ legId, target: '19735552109', by: 'ccs' });
    expect(target.to).toMatchObject({ e164: '+19735552109' });
    expect((await control(callId, { request: 'wait_transfer', target: '19735552109' })).status).toBe(409);
    // Either side hanging up ends the other.
    expect(driver.dropLeg(target.legId)).toBe(true);
    await until('caller hung up', () => (leg(legId) === undefined ? true : undefined));
  });

  it('wait_transfer to an extension rings the agent\'s device (line 1); to an ACD extension it redirects', async () => {
    const first = await inbound(DID.hold);
    const res = await control(first.callId, { request: 'wait_transfer', target: '202' });
    expect(res.body).toMatchObject({ success: true, target: '202', target_type: 'extension' });
    const ringing = await until('Bob rings', () => driver.legs().find((l) => l.to.kind === 'agent' && l.to.agentId === BOB && l.to.line === 1));
    // A direct inbound call of Bob's: every family sees him on it (VCC 10 DIRECT_CALL), and the CCS call goes on with him.
    expect(await vccStatus(BOB)).toBe(10);
    expect(driver.answer(ringing.legId)).toBe(true);
    await until('bridged', () => (leg(first.legId)?.bridgedWith === ringing.legId ? true : undefined));
    await until('answered with Bob', async () => { const r = await recordOf(first.legId); return r?.state === 'answered' && r.agentId === BOB ? r : undefined; });
    expect(await recordOf(first.legId)).toMatchObject({ callId: first.callId, transferredTo: '202' });
    expect(driver.dropLeg(first.legId)).toBe(true);
    await until('Bob hung up', () => (leg(ringing.legId) === undefined ? true : undefined));
    await until('record ended', async () => ((await recordOf(first.legId))?.state === 'ended' ? true : undefined));
    await until('Bob free (no wrap-up after a direct call)', async () => ((await vccStatus(BOB)) === 4 ? true : undefined));

    const second = await inbound(DID.hold);
    const viaAcd = await control(second.callId, { request: 'wait_transfer', target: '802' });
    expect(viaAcd.body).toMatchObject({ success: true, target: '802', target_type: 'acd' });
    await until('Bob offered', () => ringingAgentLeg(BOB));
    expect(await recordOf(second.legId)).toMatchObject({ callId: second.callId, queueId: 802, agentId: BOB });
    expect((await control(second.callId, { request: 'kill' })).status).toBe(200);
  });
});

describe('permissions', () => {
  it('a user without Call Control, and a telco user, are refused with 403', async () => {
    const { callId } = await inbound(DID.hold);
    const viewer = await control(callId, { request: 'wait_kill' }, tokens.viewer);
    expect(viewer.status).toBe(403);
    expect(String(viewer.body.reason)).toMatch(/Call Control/);
    const telco = await control(callId, { request: 'wait_kill' }, tokens.telco);
    expect(telco.status).toBe(403);
    expect((await control(callId, { request: 'wait_kill' })).status).toBe(200);
  });
});
