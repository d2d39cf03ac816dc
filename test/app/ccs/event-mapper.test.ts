import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialFor } from '../../../src/api/ccs/calls/dial.ts';
import { presenceOptions, updateAgentState } from '../../../src/app/ccs/agent-state.ts';
import { CcsEventMapper, type WsEvent } from '../../../src/app/ccs/ws/event-mapper.ts';
import { CcsCallControl } from '../../../src/app/ccs/call-control.ts';
import type { TenantRecord } from '../../../src/ports/storage.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

/**
 * The CCS WebSocket event mapping against a real server (demo, virtual clock) with `ccsdemo02`:
 * presence changes, a call placed with dial, an inbound ACD call to Sales (701). Each logged event
 * is mapped as it is logged (as the live fan-out does), then the whole log again (as a resume does).
 */
const TENANT_UUID = 'c255052e-c560-4340-b73e-675eabc3aed3';
const DANA = 'agCcsDemo02Dana000000001';
const TOM = 'agCcsDemo02Tom0000000001';
const DANA_EXTENSION = { uuid: 'az123456-5cca-4ff1-874e-dc1c92d6de64', extension: '101' };
const SALES = { uuid: 'az123456-f645-47b6-bd71-e9f493ff8ac9', name: 'Sales', extension: '701' };
const OUTBOUND_QUEUE = 'az123456-c0ed-42b7-8e8c-d50c4991828c';
const CALLER = '+16175550177';

let server: TestServer;
let tenant: TenantRecord;
let mapper: CcsEventMapper;
let cursor = 0;
/** Everything mapped live, in log order. */
const live: WsEvent[] = [];

beforeAll(async () => {
  server = await startTestServer({ clock: 'virtual' });
  tenant = server.platform.directory.tenantByName('ccsdemo02') as TenantRecord;
  mapper = new CcsEventMapper(server.platform);
  cursor = (await server.platform.store.readEvents(tenant.id, 0, 1_000_000)).at(-1)?.seq ?? 0;
});
afterAll(async () => {
  await server?.close();
});

/** Maps the events logged since the last call (each once, in log order); returns what they gave. */
async function drain(): Promise<WsEvent[]> {
  const got: WsEvent[] = [];
  for (const logged of await server.platform.store.readEvents(tenant.id, cursor, 10_000)) {
    got.push(...(await mapper.map(logged)));
    cursor = logged.seq;
  }
  live.push(...got);
  return got;
}
async function advance(seconds: number): Promise<WsEvent[]> {
  const got: WsEvent[] = [];
  for (let i = 0; i < seconds; i++) {
    await fetch(`${server.url}/admin/v1/clock/advance?seconds=1`, { method: 'POST', headers: { authorization: server.admin } });
    got.push(...(await drain()));
  }
  return got;
}
const named = (events: readonly WsEvent[], name: string) => events.filter((e) => e.body.event === name).map((e) => e.body);
const names = (events: readonly WsEvent[]) => events.map((e) => String(e.body.event));

describe('agent events', () => {
  it('maps a CCS presence change to agent.state with the envelope', async () => {
    const option = presenceOptions(server.platform, tenant).find((o) => o.kind === 'break');
    expect(option).toBeDefined();
    await updateAgentState(server.platform, tenant, DANA, '101', option?.name ?? '');
    const [away] = await drain();
    expect(away).toEqual({
      category: 'agent',
      body: { event: 'agent.state', tenant_id: TENANT_UUID, seq: cursor, n: 0, at: new Date(server.platform.clock.now()).toISOString(), extension: DANA_EXTENSION, agent_state: { state: { type: 'away', name: option?.name } } },
    });
    await updateAgentState(server.platform, tenant, DANA, '101', 'Ready');
    expect(named(await drain(), 'agent.state')).toEqual([expect.objectContaining({ agent_state: { state: { type: 'ready', name: 'Ready' } } })]);
  });
});

describe('a call placed with dial', () => {
  it('gives call.created, one call.answered and one call.ended under the REST id', async () => {
    await server.platform.acd.setJoinedQueues(tenant.id, DANA, []);
    const extension = server.platform.ccs.extensions.byUuid(tenant.id, DANA_EXTENSION.uuid);
    if (!extension) throw new Error('no extension 101');
    const placed = await dialFor(server.platform, tenant, extension, { request: 'dial', target: '819735552106', outbound_queue_uuid: OUTBOUND_QUEUE });
    const events = [...(await drain()), ...(await advance(140))];
    const calls = events.filter((e) => e.category === 'call');
    expect(names(calls)).toEqual(['call.created', 'call.answered', 'call.ended']);
    expect(calls.every((e) => e.body.call_id === placed.call_id)).toBe(true);
    expect(calls[0]?.body).toMatchObject({ direction: 'outbound', calling_number: '101', called_number: '+819735552106', extension: DANA_EXTENSION, acd: { uuid: OUTBOUND_QUEUE } });
    expect(calls[2]?.body).toMatchObject({ end_cause: 'completed' });
    const phone = named(events, 'agent.phone_state').map((b) => (b.phone_state as { state: string }).state);
    expect(phone).toContain('Busy');
    expect(phone.at(-1)).toBe('Idle');
  });
});

describe('an inbound ACD call', () => {
  let callId = '';

  it('joins the ACD: call.created, queue.caller_joined, queue.counts in one seq', async () => {
    await server.platform.acd.setJoinedQueues(tenant.id, TOM, []);
    const res = await fetch(`${server.url}/admin/v1/tenants/ccsdemo02/telephony/inbound`, {
      method: 'POST', headers: { authorization: server.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ from: CALLER, to: '+18005550201', talkMs: 5000, patienceMs: null }),
    });
    expect(res.status).toBe(200);
    const joined = (await advance(1)).filter((e) => e.body.event === 'call.created' || String(e.body.event).startsWith('queue.'));
    expect(names(joined)).toEqual(['call.created', 'queue.caller_joined', 'queue.counts']);
    expect(joined.map((e) => [e.category, e.body.n])).toEqual([['call', 0], ['queue', 1], ['queue', 2]]);
    expect(new Set(joined.map((e) => e.body.seq)).size).toBe(1);
    callId = String(joined[0]?.body.call_id);
    expect(joined[0]?.body).toMatchObject({ direction: 'inbound', calling_number: CALLER, called_number: '+18005550201', acd: SALES, extension: null });
    expect(joined[1]?.body).toMatchObject({ acd: SALES, call_id: callId, calling_number: CALLER });
    expect(joined[2]?.body).toMatchObject({ acd: SALES, waiting: 1 });
    const rest = await server.platform.ccs.calls.list(tenant.id, { callingNumber: CALLER, limit: 10 });
    expect(rest.map((c) => c.callId)).toEqual([callId]);
  });

  it('rings Dana, is answered once, leaves the ACD and ends', async () => {
    await server.platform.acd.setJoinedQueues(tenant.id, DANA, [701]);
    const events = await advance(25);
    const calls = events.filter((e) => e.category === 'call');
    expect(names(calls)).toEqual(['call.ringing', 'call.answered', 'call.ended']);
    expect(calls.every((e) => e.body.call_id === callId)).toBe(true);
    expect(calls[0]?.body).toMatchObject({ extension: DANA_EXTENSION, acd: SALES });
    expect(calls[2]?.body).toMatchObject({ end_cause: 'completed', extension: DANA_EXTENSION });
    expect(named(events, 'queue.caller_left')).toEqual([expect.objectContaining({ call_id: callId, cause: 'answered', acd: SALES })]);
    expect(named(events, 'queue.counts')).toEqual([expect.objectContaining({ waiting: 0 })]);
    const phone = named(events, 'agent.phone_state').filter((b) => (b.extension as { uuid: string }).uuid === DANA_EXTENSION.uuid);
    expect(phone.map((b) => [(b.phone_state as { state: string }).state, b.queue_state])).toEqual([
      ['Ringing', { state: 'Offered', queue: 'Sales' }],
      ['Busy', { state: 'Connected', queue: 'Sales' }],
      ['Idle', { state: 'Wrap Up', queue: 'Sales' }],
      ['Idle', { state: 'None', queue: '' }],
    ]);
  });
});

describe('call control and abandoned callers', () => {
  const SERVICE = { uuid: 'az123456-7a2b-4d3c-9e4f-5erv1ce00702', name: 'Service', extension: '702' };
  const control = () => new CcsCallControl(server.platform);
  /** A caller waiting in ACD 702 "Service" (nobody serves it); returns its call id. */
  async function waitingCaller(from: string, patienceMs: number | null = null): Promise<string> {
    await fetch(`${server.url}/admin/v1/tenants/ccsdemo02/telephony/inbound`, {
      method: 'POST', headers: { authorization: server.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ from, to: '+18005550202', talkMs: 5000, patienceMs }),
    });
    const created = named(await advance(1), 'call.created');
    expect(created).toHaveLength(1);
    return String(created[0]?.call_id);
  }

  it('wait_redirect: left Service (REDIRECTED), joined Sales with the same call id, no call.ended', async () => {
    await server.platform.acd.setJoinedQueues(tenant.id, DANA, []);
    const callId = await waitingCaller('+16175550301');
    await control().waitRedirect(tenant.id, callId, SALES.uuid);
    const events = await drain();
    expect(names(events)).toEqual(['queue.caller_left', 'queue.counts', 'queue.caller_joined', 'queue.counts']);
    expect(events[0]?.body).toMatchObject({ call_id: callId, cause: 'REDIRECTED', acd: SERVICE });
    expect(events[2]?.body).toMatchObject({ call_id: callId, acd: SALES });
  });

  it('wait_transfer to a number: call.transferred then call.ended; the caller left TRANSFERRED', async () => {
    const callId = await waitingCaller('+16175550302');
    await control().waitTransfer(tenant.id, callId, '19735552109');
    const events = await drain();
    expect(named(events, 'call.transferred')).toEqual([expect.objectContaining({ call_id: callId, target: '19735552109' })]);
    expect(named(events, 'call.ended')).toEqual([expect.objectContaining({ call_id: callId, end_cause: 'transferred' })]);
    expect(named(events, 'queue.caller_left')).toEqual([expect.objectContaining({ call_id: callId, cause: 'TRANSFERRED' })]);
  });

  it('a caller who hangs up while waiting: queue.caller_left and call.ended with BREAK_OUT', async () => {
    const callId = await waitingCaller('+16175550303', 2000);
    const events = await advance(3);
    expect(named(events, 'queue.caller_left')).toEqual([expect.objectContaining({ call_id: callId, cause: 'BREAK_OUT', acd: SERVICE })]);
    expect(named(events, 'call.ended')).toEqual([expect.objectContaining({ call_id: callId, end_cause: 'BREAK_OUT' })]);
  });

  it('suppression on a recorded call: call.suppression true, then false', async () => {
    await server.platform.agentStatus.force(tenant.id, DANA, { kind: 'available', reason: null }, 'admin');
    const extension = server.platform.ccs.extensions.byUuid(tenant.id, DANA_EXTENSION.uuid);
    if (!extension) throw new Error('no extension 101');
    const placed = await dialFor(server.platform, tenant, extension, { request: 'dial', target: '9735552106', outbound_queue_uuid: OUTBOUND_QUEUE });
    const answered = [...(await drain()), ...(await advance(10))];
    expect(named(answered, 'call.answered')).toHaveLength(1);
    await control().suppress(tenant.id, placed.call_id, true);
    await control().suppress(tenant.id, placed.call_id, false);
    const events = await drain();
    expect(named(events, 'call.suppression').map((b) => [b.call_id, b.suppressed])).toEqual([[placed.call_id, true], [placed.call_id, false]]);
    await control().kill(tenant.id, placed.call_id);
    expect(named(await advance(15), 'call.ended')).toEqual([expect.objectContaining({ call_id: placed.call_id })]);
  });
});

describe('replay', () => {
  it('maps the log again to the same events (counts and queue names aside: they are read now)', async () => {
    const first = live[0]?.body.seq as number;
    const again: WsEvent[] = [];
    for (const logged of await server.platform.store.readEvents(tenant.id, first - 1, 10_000)) again.push(...(await mapper.map(logged)));
    const key = (e: WsEvent) => [e.category, e.body.event, e.body.seq, e.body.n, e.body.call_id ?? null, e.body.at];
    expect(again.map(key)).toEqual(live.map(key));
    const stable = (e: WsEvent) => (e.body.event === 'queue.counts' || e.body.event === 'agent.phone_state' ? null : e.body);
    expect(again.map(stable)).toEqual(live.map(stable));
  });
});
