import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentView, SupervisorView } from '../../../src/app/workspace/view.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { shiftTenant, WorkspaceClient, type LiveFeed } from '../../support/workspace.ts';

/**
 * An agent's shift through the workspace API and its WebSocket, over a real server: log in, go
 * available, join a queue, a queue call rings and is answered, hung up, wrapped up with codes and
 * notes, a break — the VCC agent-status API and the supervisor's view agree at each step.
 */
const TENANT = 'wsshift01';
const ANN = 'agWsShiftAnn000000000001';
const BOB = 'agWsShiftBob000000000001';
const DID = '+18005550901';

let server: TestServer;
let ann: WorkspaceClient;
let sam: WorkspaceClient;

beforeAll(async () => {
  server = await startTestServer();
  await server.platform.apply(shiftTenant({
    name: TENANT, timezone: 'Europe/Berlin', people: { ann: ANN, bob: BOB, sam: 'agWsShiftSam000000000001' }, queueId: 900, did: DID, codesRequired: true, wrapUpSeconds: 300,
  }));
  ann = await WorkspaceClient.login(server.url, `ann@${TENANT}`);
  sam = await WorkspaceClient.login(server.url, `sam@${TENANT}`);
});
afterAll(async () => server?.close());

/** The VCC agent-status API's status code for an agent (the same core, another family). */
async function vccStatus(agentId: string): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/tenants/${TENANT}/agentstatus/agents/${agentId}`, { headers: { authorization: server.basic(TENANT) } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { 'agent-status': number })['agent-status'];
}

async function inboundCall(from: string): Promise<string> {
  const res = await fetch(`${server.url}/admin/v1/tenants/${TENANT}/telephony/inbound`, {
    method: 'POST', headers: { authorization: server.admin, 'content-type': 'application/json' }, body: JSON.stringify({ from, to: DID, talkMs: null, patienceMs: null, data: [{ name: 'orderId', value: 'A-1001' }] }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { legId: string }).legId;
}

const annRow = (v: SupervisorView) => v.agents.find((a) => a.agentId === ANN);
const desk = (v: SupervisorView) => v.queues.find((q) => q.id === 900);

describe('an agent\'s shift in the workspace', () => {
  let feed: LiveFeed;
  let watch: LiveFeed;
  let guid = '';

  beforeAll(async () => {
    feed = await ann.live();
    watch = await sam.live('supervisor');
  });
  afterAll(() => {
    feed.close();
    watch.close();
  });

  it('shows the agent, its reasons, queues and outbound queues', async () => {
    const view = await feed.until<AgentView>('a first snapshot', () => true);
    expect(view.agent).toMatchObject({ agentId: ANN, name: 'Ann Agent', supervisor: false });
    expect(view.status).toMatchObject({ code: 0, label: 'UNKNOWN', presence: 'never_logged_in' });
    expect(view.reasons.map((r) => [r.itemId, r.kind])).toEqual([[51, 'break'], [52, 'offline'], [53, 'break']]);
    expect(view.queues).toEqual([{ id: 900, name: 'Help desk', joined: false }]);
    expect(view.outboundQueues).toEqual([{ id: 901, name: 'Callbacks' }]);
    expect(view.tenant).toEqual({ name: TENANT, timezone: 'Europe/Berlin' });
  });

  it('logs in (available) and joins the queue; VCC and the supervisor see it', async () => {
    expect((await ann.ok('POST', '/status', { status: 'available' })).status.code).toBe(4);
    expect(await vccStatus(ANN)).toBe(4);
    const joined = await ann.ok('POST', '/queues/900/join');
    expect(joined.queues).toEqual([{ id: 900, name: 'Help desk', joined: true }]);
    await feed.until<AgentView>('joined and available', (v) => v.status.code === 4 && v.queues[0]?.joined === true);
    const sup = await watch.until<SupervisorView>('Ann available in the queue', (v) => annRow(v)?.status.code === 4 && desk(v)?.agentsAvailable === 1);
    expect(annRow(sup)?.joinedQueues).toEqual([900]);
  });

  it('an inbound queue call rings on the page and is answered from it', async () => {
    await inboundCall('+15550001111');
    const ringing = await feed.until<AgentView>('a ringing line', (v) => v.lines[0]?.stage === 'agent_ringing');
    const line = ringing.lines[0];
    expect(line).toMatchObject({ line: 1, direction: 'inbound', number: '+15550001111', queue: { id: 900, name: 'Help desk' }, answerable: true, data: [{ name: 'orderId', value: 'A-1001' }] });
    expect(ringing.status.code).toBe(6);
    expect(await vccStatus(ANN)).toBe(6);
    await watch.until<SupervisorView>('Ann ringing', (v) => annRow(v)?.call?.stage === 'agent_ringing' && desk(v)?.waiting === 1);
    guid = line?.interactionGuid ?? '';
    await ann.ok('POST', `/calls/${guid}/answer`);
    const talking = await feed.until<AgentView>('talking', (v) => v.lines[0]?.stage === 'talking');
    expect(talking.status.code).toBe(7);
    expect(talking.lines[0]?.connectedAt).not.toBeNull();
    expect(await vccStatus(ANN)).toBe(7);
    const sup = await watch.until<SupervisorView>('Ann talking', (v) => annRow(v)?.call?.stage === 'talking' && desk(v)?.waiting === 0);
    expect(desk(sup)?.today).toMatchObject({ handled: 1, answered: 1, answeredInThreshold: 1, serviceLevel: 1, thresholdSeconds: 20 });
  });

  it('hangs up into post-processing with the queue\'s code lists', async () => {
    await ann.ok('POST', `/calls/${guid}/hangup`);
    const wrap = await feed.until<AgentView>('post-processing', (v) => v.postProcessing.length === 1 && v.lines.length === 0);
    expect(wrap.status.code).toBe(8);
    expect(wrap.postProcessing[0]).toMatchObject({ interactionGuid: guid, codesRequired: true, maxCodes: 6, selected: [], notes: '' });
    expect(wrap.postProcessing[0]?.codeLists.map((l) => [l.id, l.choice])).toEqual([[70, 'single'], [71, 'multiple']]);
    expect(await vccStatus(ANN)).toBe(8);
    await watch.until<SupervisorView>('Ann wrapping up', (v) => annRow(v)?.status.code === 8 && annRow(v)?.call === null);
  });

  it('refuses ending post-processing without the required code, and codes that break the rules, naming the field', async () => {
    const early = await ann.send('POST', `/calls/${guid}/end-post-processing`);
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ success: false, field: 'codes' });
    expect(String(early.body.reason)).toMatch(/transaction code/);
    const twoOutcomes = await ann.send('PUT', `/calls/${guid}/codes`, { codes: [{ listId: 70, itemId: 701 }, { listId: 70, itemId: 702 }] });
    expect(twoOutcomes.status).toBe(400);
    expect(twoOutcomes.body).toMatchObject({ success: false, field: 'codes' });
    expect(String(twoOutcomes.body.reason)).toMatch(/single choice/);
    const foreign = await ann.send('PUT', `/calls/${guid}/codes`, { codes: [{ listId: 71, itemId: 701 }] });
    expect(foreign.status).toBe(400);
    const tooLong = await ann.send('PUT', `/calls/${guid}/notes`, { notes: 'x'.repeat(4001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ success: false, field: 'notes' });
  });

  it('keeps two codes and a note with the call, then ends post-processing', async () => {
    await ann.ok('PUT', `/calls/${guid}/codes`, { codes: [{ listId: 70, itemId: 701 }, { listId: 71, itemId: 712 }] });
    const noted = await ann.ok('PUT', `/calls/${guid}/notes`, { notes: 'Printer driver reinstalled' });
    expect(noted.postProcessing[0]).toMatchObject({ selected: [{ listId: 70, itemId: 701 }, { listId: 71, itemId: 712 }], notes: 'Printer driver reinstalled' });
    await ann.ok('POST', `/calls/${guid}/end-post-processing`);
    await feed.until<AgentView>('available again', (v) => v.status.code === 4 && v.postProcessing.length === 0);
    expect(await vccStatus(ANN)).toBe(4);
    const call = await server.platform.calls.find(server.platform.directory.tenantByName(TENANT)?.id ?? '', guid);
    expect(call).toMatchObject({ notes: 'Printer driver reinstalled', transactionCodes: [{ listId: 70, itemId: 701 }, { listId: 71, itemId: 712 }] });
  });

  it('goes on break with a reason; VCC shows the reason, the supervisor the label', async () => {
    const missing = await ann.send('POST', '/status', { status: 'on_break' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ success: false, field: 'reason' });
    const wrongKind = await ann.send('POST', '/status', { status: 'on_break', reason: { listId: 5, itemId: 52 } });
    expect(wrongKind.status).toBe(400);
    const view = await ann.ok('POST', '/status', { status: 'on_break', reason: { listId: 5, itemId: 51 } });
    expect(view.status).toMatchObject({ code: 3, presence: 'on_break', reason: { listId: 5, itemId: 51, label: 'Lunch break', kind: 'break' } });
    const res = await fetch(`${server.url}/api/v1/tenants/${TENANT}/agentstatus/agents/${ANN}`, { headers: { authorization: server.basic(TENANT) } });
    expect(await res.json()).toMatchObject({ 'agent-status': 3, 'status-code-list-id': 5, 'status-code-item-id': 51, 'status-code-item-short-code': 'Lunch' });
    const sup = await watch.until<SupervisorView>('Ann on break', (v) => annRow(v)?.status.code === 3);
    expect(annRow(sup)?.status.reason).toBe('Lunch break');
    expect(desk(sup)?.agentsAvailable).toBe(0);
  });

  it('sees a break set through the VCC API at once (one core)', async () => {
    const res = await fetch(`${server.url}/api/v1/tenants/${TENANT}/agentstatus/agents/${ANN}`, {
      method: 'PUT', headers: { authorization: server.basic(TENANT), 'content-type': 'application/json' },
      body: JSON.stringify({ 'agent-status': 5, 'status-code-list-id': 5, 'status-code-item-id': 52, 'status-code-item-short-code': 'Admin' }),
    });
    expect(res.status).toBe(200);
    const view = await feed.until<AgentView>('working offline', (v) => v.status.code === 5);
    expect(view.status.reason?.label).toBe('Paperwork');
  });

  it('leaves the queue and logs out', async () => {
    expect((await ann.ok('POST', '/queues/900/leave')).queues[0]?.joined).toBe(false);
    expect((await ann.ok('POST', '/status', { status: 'logged_out' })).status.code).toBe(1);
    expect(await vccStatus(ANN)).toBe(1);
  });
});

describe('rejecting a queue call from the page', () => {
  it('ends the offer as rejected; the caller keeps waiting in the queue', async () => {
    await ann.ok('POST', '/status', { status: 'available' });
    await ann.ok('POST', '/queues/900/join');
    const feed = await ann.live();
    const legId = await inboundCall('+15550004444');
    const ringing = await feed.until<AgentView>('a ringing offer', (v) => v.lines[0]?.answerable === true);
    const guid = ringing.lines[0]?.interactionGuid ?? '';
    await ann.ok('POST', `/calls/${guid}/reject`);
    await feed.until<AgentView>('the offer gone', (v) => !v.lines.some((l) => l.interactionGuid === guid));
    const tenantId = server.platform.directory.tenantByName(TENANT)?.id ?? '';
    const events = await server.platform.store.readEvents(tenantId, 0, 100_000);
    expect(events.some((e) => e.event.type === 'offer.failed' && e.event.agentId === ANN && e.event.cause === 'rejected')).toBe(true);
    const again = await ann.send('POST', `/calls/${guid}/answer`);
    expect(again.status).toBe(404); // the offer is over: it left the live calls
    await ann.ok('POST', '/queues/900/leave');
    await fetch(`${server.url}/admin/v1/tenants/${TENANT}/telephony/legs/${legId}/drop`, { method: 'POST', headers: { authorization: server.admin } });
    feed.close();
  });
});

describe('placing a call from the workspace', () => {
  it('rings the agent\'s phone first, with the outbound queue; an inbound queue is refused', async () => {
    await ann.ok('POST', '/status', { status: 'available' });
    const inbound = await ann.send('POST', '/calls', { number: '+15550002222', queueId: 900 });
    expect(inbound.status).toBe(400);
    expect(inbound.body.field).toBe('queueId');
    const bad = await ann.send('POST', '/calls', { number: '12' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('number');
    const view = await ann.ok('POST', '/calls', { number: '+1 555 000 2222', queueId: 901 });
    expect(view.lines[0]).toMatchObject({ direction: 'outbound', number: '+15550002222', queue: { id: 901, name: 'Callbacks' } });
    const guid = view.lines[0]?.interactionGuid ?? '';
    await ann.ok('POST', `/calls/${guid}/hangup`);
  });
});
