import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiChecker, checkedFetcher } from '../support/openapi.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Every curl example of `vcc-manage-phone-calls.md` (host changed) against its own fixture
 * (`POST /admin/v1/demo/examples/{example}`), with the agent-status API checked along the way.
 * The server runs on a virtual clock, so a call's progress is moved by advancing it.
 */
let server: TestServer;
let call: ReturnType<typeof checkedFetcher>;
const TENANT = 'supertenantcsm01';
const AGENT = 'ag0VYyLh0YTsymdbtYIaaaa';
const STATUS = `/api/v1/tenants/${TENANT}/agentstatus/agents/${AGENT}`;
const PLACE_BODY = {
  agentId: AGENT, prefix: '1', number: '6175551984', callerId: '12015551212', queueId: '598', forceCall: true, dialplanId: '12',
  extTransactionData: [{ name: 'Name', value: 'Bilbo Baggins' }, { name: 'Loyalty Level', value: 'Gold' }],
  ctlUserData: [{ name: 'AccountRef', value: 'BB123987' }, { name: 'DueDate', value: '2022-12-25' }],
};
const CODES_BODY = { selections: [{ id: 12, codes: [{ id: 234 }] }, { id: 2281, codes: [{ id: 7361 }] }] };

beforeAll(async () => {
  server = await startTestServer({ clock: 'virtual' });
  call = checkedFetcher(server.url, await OpenApiChecker.load(server.url));
});
afterAll(() => server.close());

const auth = () => server.basic(TENANT);
const send = (method: string, path: string, body?: unknown) =>
  call(path, { method, headers: { authorization: auth(), ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
const admin = (method: string, path: string, body?: unknown) =>
  call(`/admin/v1${path}`, { method, headers: { authorization: server.admin, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
const status = async () => (await send('GET', STATUS)).body['agent-status'];
const advance = (seconds: number) => admin('POST', `/clock/advance?seconds=${seconds}`);

interface Fixture { path: string; method: string; interactionGuid: string | null; agentLegId: string | null; line: number | null }
async function fixture(example: string): Promise<Fixture> {
  const res = await admin('POST', `/demo/examples/${example}`);
  expect(res.status).toBe(200);
  return res.body as unknown as Fixture;
}
const record = async (guid: string) => (await admin('GET', `/tenants/${TENANT}/calls/${guid}`)).body;

describe('documented examples (vcc-manage-phone-calls.md)', () => {
  it('place call: 200 with the documented reasons, and the agent goes 6 → 7 → 8 → 4', async () => {
    await fixture('place-call');
    expect(await status()).toBe(4);
    const res = await send('POST', `/api/v1/tenants/${TENANT}/calls`, PLACE_BODY);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reasons: ['Call successfully initiated'], message: 'OK', interactionGuid: expect.stringMatching(/^int-[0-9a-f]+-[A-Za-z0-9_-]{21}-phone-00-supertenantcsm01$/) });
    expect(Object.keys(res.body)).toEqual(['reasons', 'message', 'interactionGuid']);
    expect(await status()).toBe(6); // offered: the agent's device rings first
    await advance(2);
    expect(await status()).toBe(7); // answered: connected on the queue transaction
    const guid = res.body.interactionGuid as string;
    const placed = await record(guid);
    expect(placed).toMatchObject({
      queueId: 598, destination: '+16175551984', callerId: '12015551212', line: 1,
      extTransactionData: PLACE_BODY.extTransactionData, ctlUserData: PLACE_BODY.ctlUserData,
    });
    // The customer answers after 3–6 s, talks one to two minutes (the default rule) and hangs up.
    let seconds = 2;
    while ((await record(guid)).endedAt === null && seconds < 200) seconds += Number((await advance(5)).status === 200) * 5;
    expect(seconds).toBeGreaterThanOrEqual(60);
    expect(seconds).toBeLessThanOrEqual(133); // ring 2 s + 3–6 s, talk ≤ 120 s, checked every 5 s
    expect(await record(guid)).toMatchObject({ endCause: 'completed', hungUpBy: 'customer' });
    expect(await status()).toBe(8);
    await advance(30); // queue 598's wrap-up
    expect(await status()).toBe(4);
  });

  it('set transaction codes: two items from two lists', async () => {
    const f = await fixture('set-transaction-codes');
    expect(await status()).toBe(7);
    const res = await send(f.method, f.path, CODES_BODY);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reasons: ['Transaction codes successfully set'], message: 'OK' });
    expect((await record(f.interactionGuid as string)).transactionCodes).toEqual([{ listId: 12, itemId: 234 }, { listId: 2281, itemId: 7361 }]);
  });

  it('end call with endPostProcessing=true: the call and its post-processing end, the agent is available', async () => {
    const f = await fixture('end-call');
    expect(f.path).toMatch(/\?endPostProcessing=true$/);
    const res = await send(f.method, f.path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reasons: [`Ending call with interactionGuid=[${f.interactionGuid}] was successful`], message: 'OK' });
    expect(await status()).toBe(4);
    const ended = await record(f.interactionGuid as string);
    expect(ended).toMatchObject({ endCause: 'completed', hungUpBy: 'system', postProcessing: { endedBy: 'vcc' } });
  });

  it('end call without endPostProcessing: post-processing follows and ends on its timer', async () => {
    const f = await fixture('end-call');
    const res = await send('DELETE', `/api/v1/tenants/${TENANT}/calls/${f.interactionGuid}`);
    expect(res.status).toBe(200);
    expect(await status()).toBe(8);
    const again = await send('DELETE', `/api/v1/tenants/${TENANT}/calls/${f.interactionGuid}`);
    expect(again.status).toBe(409);
    expect(again.body.reasons).toEqual([expect.stringContaining('has already ended; its post processing is running')]);
    await advance(30);
    expect(await status()).toBe(4);
  });

  it('end call with endPostProcessing=true on a direct call (no wrap-up to end) is a plain end', async () => {
    await fixture('place-call');
    const { queueId: _queue, ...direct } = PLACE_BODY;
    const placed = await send('POST', `/api/v1/tenants/${TENANT}/calls`, direct);
    expect(await status()).toBe(10);
    const res = await send('DELETE', `/api/v1/tenants/${TENANT}/calls/${placed.body.interactionGuid}?endPostProcessing=true`);
    expect(res.status).toBe(200);
    expect(await status()).toBe(4);
  });

  it('hang up call for agent: the documented reason names the agent leg and the interaction', async () => {
    const f = await fixture('hang-up-agent');
    const res = await send(f.method, f.path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reasons: [`Hangup for agent [${f.agentLegId}] leg in interaction [${f.interactionGuid}] was successful`], message: 'OK' });
    expect(f.agentLegId).toMatch(new RegExp(`^${TENANT}-${AGENT}-[0-9a-f-]{36}$`));
    expect(await record(f.interactionGuid as string)).toMatchObject({ hungUpBy: 'agent', endCause: 'completed' });
    expect(await status()).toBe(8);
  });

  it('free agent lines: every call of the agent ends', async () => {
    const f = await fixture('free-lines');
    const res = await send(f.method, f.path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reasons: [`Hangup all calls for agent [${f.agentLegId}] was successful.`], message: 'OK' });
    expect(await status()).toBe(8);
  });

  it('free specific agent line: line 2 ends, line 1 stays connected (9 → 7)', async () => {
    const f = await fixture('free-line');
    expect(f.line).toBe(2);
    expect(await status()).toBe(9);
    const res = await send(f.method, f.path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reasons: [`Hangup for agent [${f.agentLegId}] leg on line [2] assigned to interaction [${f.interactionGuid}] was successful.`], message: 'OK' });
    expect(await status()).toBe(7);
  });
});

describe('errors: {reasons, message} with a 4xx naming the problem', () => {
  const place = (body: Record<string, unknown>) => send('POST', `/api/v1/tenants/${TENANT}/calls`, { ...PLACE_BODY, ...body });
  const expectError = async (res: Awaited<ReturnType<typeof send>>, code: number, reason: RegExp) => {
    expect(res.status).toBe(code);
    expect(Object.keys(res.body)).toEqual(['reasons', 'message']);
    expect((res.body.reasons as string[])[0]).toMatch(reason);
  };

  it('unknown agent, queue, dial plan, interaction', async () => {
    await fixture('place-call');
    await expectError(await place({ agentId: 'agNoSuchAgent' }), 404, /Agent 'agNoSuchAgent' not found/);
    await expectError(await place({ queueId: 77 }), 404, /Queue '77' not found/);
    await expectError(await place({ dialplanId: '77' }), 404, /Dial plan '77' not found/);
    await expectError(await send('DELETE', `/api/v1/tenants/${TENANT}/calls/int-nope`), 404, /Interaction 'int-nope' not found/);
    await expectError(await send('PUT', `/api/v1/tenants/${TENANT}/calls/int-nope/agent/${AGENT}/transaction-codes`, CODES_BODY), 404, /int-nope/);
    await expectError(await send('DELETE', `/api/v1/tenants/${TENANT}/agents/agNoSuchAgent/calls`), 404, /agNoSuchAgent/);
  });

  it('invalid number, missing fields, wrong types, line number', async () => {
    await fixture('place-call');
    await expectError(await place({ number: '61755' }), 400, /number '61755'/);
    await expectError(await place({ forceCall: 'yes' }), 400, /forceCall/);
    const { number: _dropped, ...withoutNumber } = PLACE_BODY;
    await expectError(await send('POST', `/api/v1/tenants/${TENANT}/calls`, withoutNumber), 400, /number/);
    await expectError(await send('DELETE', `/api/v1/tenants/${TENANT}/agents/${AGENT}/calls/line/3`), 400, /Line \[3\] does not exist/);
    await expectError(await send('DELETE', `/api/v1/tenants/${TENANT}/agents/${AGENT}/calls/line/x`), 400, /lineNo/);
    expect(await status()).toBe(4); // nothing was placed
  });

  it('codes: unknown list or item, two from a single-choice list, on an ended call', async () => {
    const f = await fixture('set-transaction-codes');
    await expectError(await send('PUT', f.path, { selections: [{ id: 13, codes: [{ id: 1 }] }] }), 400, /list \[13\] does not exist/);
    await expectError(await send('PUT', f.path, { selections: [{ id: 12, codes: [{ id: 999 }] }] }), 400, /\[999\] is not an item of transaction code list \[12\]/);
    await expectError(await send('PUT', f.path, { selections: [{ id: 12, codes: [{ id: 234 }, { id: 235 }] }] }), 400, /single choice/);
    await send('DELETE', `/api/v1/tenants/${TENANT}/calls/${f.interactionGuid}?endPostProcessing=true`);
    await expectError(await send('PUT', f.path, CODES_BODY), 409, /complete/);
  });

  it('agent on break, logged out, both lines busy, busy without forceCall', async () => {
    await fixture('place-call');
    await send('PUT', STATUS, { 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725 });
    await expectError(await place({}), 409, /on break/);
    await send('PUT', STATUS, { 'agent-status': 1 });
    await expectError(await place({}), 409, /not logged in/);
    await fixture('free-line'); // both lines in use
    await expectError(await place({}), 409, /busy on both lines/);
    await fixture('hang-up-agent');
    await expectError(await place({ forceCall: false }), 409, /set forceCall/);
  });

  it('an ended call: hang up and end answer 409; free lines with none answers 200 saying so', async () => {
    const f = await fixture('hang-up-agent');
    await send('DELETE', `/api/v1/tenants/${TENANT}/calls/${f.interactionGuid}?endPostProcessing=true`);
    await expectError(await send('DELETE', f.path), 409, /has already ended/);
    await expectError(await send('DELETE', `/api/v1/tenants/${TENANT}/calls/${f.interactionGuid}`), 409, /has already ended/);
    const none = await send('DELETE', `/api/v1/tenants/${TENANT}/agents/${AGENT}/calls`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ reasons: [`Agent [${AGENT}] has no calls on its lines; nothing to hang up.`], message: 'OK' });
  });

  it('another tenant\'s credentials are refused; the agent-status switch does not gate calls', async () => {
    const res = await call(`/api/v1/tenants/${TENANT}/calls`, { method: 'POST', headers: { authorization: server.basic('acmecorp01'), 'content-type': 'application/json' }, body: JSON.stringify(PLACE_BODY) });
    expect(res.status).toBe(403);
    expect(res.body.reasons).toEqual([expect.stringContaining('Forbidden')]);
    await admin('PUT', `/tenants/${TENANT}/features/agent-status-api`, { enabled: false });
    await fixture('place-call');
    expect((await place({})).status).toBe(200);
    await admin('PUT', `/tenants/${TENANT}/features/agent-status-api`, { enabled: true });
  });
});
