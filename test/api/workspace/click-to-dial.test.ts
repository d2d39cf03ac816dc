import { get, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { startReceiver, type Receiver } from '../../support/webhook-receiver.ts';
import { clickToDialTenant, example3UserData, expectExample3Callback } from '../../support/click-to-dial.ts';
import { WorkspaceClient } from '../../support/workspace.ts';

/**
 * `/AGUI/make_call.php` (`vcc-click-to-dial.txt`, `NOTES.md` §5) over a real server: the session
 * decides who calls, bad parameters place nothing, the transaction completes after the call and its
 * post-processing — tokens replaced, the CRM record created, the screen pop left for the workspace,
 * the callback POSTed (form-encoded, signed) through the delivery service.
 */
const TENANT = 'ctdapi01';
const ANN = 'agCtdApiAnn0000000000001';
const SECRET = 'ctd-callback-secret-0001';

let server: TestServer;
let receiver: Receiver;
let ann: WorkspaceClient;
let tenantId = '';

beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_OUTBOUND_ALLOW: '127.0.0.1/32' } });
  receiver = await startReceiver();
  const doc = clickToDialTenant({ name: TENANT, people: { ann: ANN, bob: 'agCtdApiBob0000000000001', sam: 'agCtdApiSam0000000000001' }, queueId: 960, did: '+18005550961', screenPopUrl: 'https://crm.example.com/pop', secret: SECRET });
  await server.platform.apply(doc);
  tenantId = server.platform.directory.tenantByName(TENANT)?.id ?? '';
  ann = await WorkspaceClient.login(server.url, `ann@${TENANT}`);
  await ann.ok('POST', '/status', { status: 'available' });
});
afterAll(async () => {
  await receiver?.close();
  await server?.close();
});

/**
 * Opens a click-to-dial URL as a browser would for a top-level navigation, with the agent's cookie.
 * Through `node:http`: `fetch` always says `Sec-Fetch-Mode: cors`, which the route rightly refuses.
 */
function makeCall(query: string, headers: Record<string, string> = { cookie: ann.cookie, 'sec-fetch-mode': 'navigate' }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    get(`${server.url}/AGUI/make_call.php?${query}`, { headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    }).on('error', reject);
  });
}

/** Runs the call to completion: the agent answers, talks, hangs up, codes and notes it, ends the wrap-up. */
async function workTheCall(notes: string): Promise<string> {
  const feed = await ann.live();
  const ringing = await feed.until('the agent phone ringing', (v) => 'lines' in v && v.lines[0]?.stage === 'agent_ringing');
  const guid = 'lines' in ringing ? ringing.lines[0]?.interactionGuid ?? '' : '';
  await ann.ok('POST', `/calls/${guid}/answer`);
  await feed.until('talking', (v) => 'lines' in v && v.lines[0]?.stage === 'talking');
  await ann.ok('POST', `/calls/${guid}/hangup`);
  await ann.ok('PUT', `/calls/${guid}/codes`, { codes: [{ listId: 70, itemId: 701 }, { listId: 71, itemId: 712 }] });
  await ann.ok('PUT', `/calls/${guid}/notes`, { notes });
  await ann.ok('POST', `/calls/${guid}/end-post-processing`);
  feed.close();
  await server.platform.clickToDial.completion.caughtUp(tenantId);
  return guid;
}

describe('who may place a call', () => {
  it('without a session: a page that says to log in, and no call', async () => {
    const page = await makeCall('prefix=1&phone=6502928880', { 'sec-fetch-mode': 'navigate' });
    expect(page.status).toBe(401);
    expect(page.text).toMatch(/Log in/);
    expect((await ann.me()).lines).toEqual([]);
  });

  it('an image or script request places no call, with or without the cookie (a page must be opened)', async () => {
    expect((await makeCall('prefix=1&phone=6502928880', { 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' })).status).toBe(403);
    expect((await makeCall('prefix=1&phone=6502928880', { cookie: ann.cookie, 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' })).status).toBe(403);
    expect((await makeCall('prefix=1&phone=6502928880', { cookie: ann.cookie, 'sec-fetch-mode': 'cors' })).status).toBe(403);
    expect((await ann.me()).lines).toEqual([]);
  });

  it('bad input places nothing and names the field', async () => {
    for (const [query, field] of [
      ['prefix=1&phone=', 'phone'], ['prefix=a1&phone=6502928880', 'prefix'], ['phone=6502928880&queue_id=x', 'queue_id'],
      ['phone=6502928880&ctl_userdata=' + encodeURIComponent('[foo|1][bar|2'), 'ctl_userdata'],
      ['phone=6502928880&ctl_userdata=' + encodeURIComponent('[|1]'), 'ctl_userdata'],
      ['phone=6502928880&ctl_userdata=' + encodeURIComponent('[ctl_launchopt|maybe]'), 'ctl_launchopt'],
    ] as const) {
      const page = await makeCall(query);
      expect(page.status, query).toBe(400);
      expect(page.text, query).toContain(field);
    }
    expect((await ann.me()).lines).toEqual([]);
  });
});

describe('the document\'s Example 3: a call with a callback', () => {
  it('posts ctl_userdata with every token replaced and resultCode IGNORE, signed, to the URL with its token replaced', async () => {
    const callback = `${receiver.url.replace('/hook', '')}/clicktodial/callback?transaction=$transaction_id$`;
    const userdata = example3UserData(callback);
    const page = await makeCall(`prefix=&phone=5355566234&queue_id=961&ctl_userdata=${encodeURIComponent(userdata)}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/close this window/i);
    expect(page.text).toContain('+15355566234');
    const guid = await workTheCall('Wants a brochure');
    await expectExample3Callback(receiver, await server.platform.calls.find(tenantId, guid), callback, SECRET);
  });
});

describe('the document\'s Example 1: a CRM record and a screen pop', () => {
  it('creates the Task in the CRM with the tokens replaced and leaves a screen pop in edit mode for the workspace', async () => {
    const userdata = '[ctl_action|create][subject|outbound call log ($transaction_id$)][Transactionid__c|$interaction_guid$][ObjectType|Task][WhatId|001A000001]'
      + '[status|completed][Description|My Own Description\ncall answered at$equal$ $call_answered_time$\ncall hangup at: $call_hangup_time$\nTransaction Codes $equal$ $transaction_codes$]'
      + '[ctl_parentid|001A000001][ctl_launchopt|true][ctl_launchext|edit][ctl_intType|sfdc][ActivityDate|$year$-$month$-$date$]';
    const page = await makeCall(`prefix=&phone=6502928880&callerId=5251990&queue_id=961&ctl_userdata=${encodeURIComponent(userdata)}`);
    expect(page.status, page.text).toBe(200);
    const guid = await workTheCall('Follow up next week');
    const call = await server.platform.calls.find(tenantId, guid);
    const records = await fetch(`${server.url}/admin/v1/tenants/${TENANT}/crm/records`, { headers: { authorization: server.admin } });
    const { records: [record] } = (await records.json()) as { records: { id: string; objectType: string; fields: { name: string; value: string }[] }[] };
    expect(record?.objectType).toBe('Task');
    const field = (name: string) => record?.fields.find((f) => f.name === name)?.value;
    expect(field('subject')).toBe(`outbound call log (${call?.transactionNumber})`);
    expect(field('Transactionid__c')).toBe(guid);
    expect(field('Description')).toBe(`My Own Description\ncall answered at= ${Math.floor((call?.bridgedAt ?? 0) / 1000)}\ncall hangup at: ${Math.floor((call?.endedAt ?? 0) / 1000)}\nTransaction Codes = Outcome:701,Topics:712`);
    expect(field('ActivityDate')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const view = await ann.me();
    expect(view.screenPops).toEqual([{ id: expect.any(String), target: expect.stringMatching(/^screenpop_/), host: 'crm.example.com' }]);
    const pop = await fetch(`${server.url}/AGUI/screen-pop/${view.screenPops[0]?.id}`, { headers: { cookie: ann.cookie } });
    expect(pop.status).toBe(200);
    expect(pop.headers.get('content-security-policy')).toContain('form-action https://crm.example.com');
    const html = await pop.text();
    expect(html).toContain('action="https://crm.example.com/pop"');
    expect(html).toContain(`[ctl_launchext|edit]`);
    expect(html).toContain(`[ctl_newRecordId|${record?.id}]`);
    expect(html).toMatch(/name="Command" value="launch"/);
    expect((await ann.me()).screenPops).toEqual([]); // opened once
  });
});

describe('the document\'s Example 2: a screen pop with the call\'s data', () => {
  it('opens the screen pop with ctl_userdata, its complete tokens replaced, and no action (IGNORE)', async () => {
    const userdata = '[foreign_key|12345678]\n  [Transactionid|$interaction_guid$][start_time|$call_answered_time][end_time|$call_hangup_time$]\n  [transaction_codes|$transaction_codes$][ctl_launchopt|true][customer_id|123456567]';
    const page = await makeCall(`prefix=1&phone=6502022222&queue_id=961&ctl_userdata=${encodeURIComponent(userdata)}`);
    expect(page.text).toContain('+16502022222');
    const guid = await workTheCall('Prefers email');
    const completed = (await server.platform.store.readEvents(tenantId, 0, 100_000)).map((e) => e.event).find((e) => e.type === 'click_to_dial.completed' && e.interactionGuid === guid);
    expect(completed).toMatchObject({ resultCode: 'IGNORE', callbackUrl: null, newRecordId: null });
    const [pop] = (await ann.me()).screenPops;
    const html = await (await fetch(`${server.url}/AGUI/screen-pop/${pop?.id}`, { headers: { cookie: ann.cookie } })).text();
    expect(html).toContain(`[Transactionid|${guid}]`);
    expect(html).toContain('[transaction_codes|Outcome:701,Topics:712][ctl_launchopt|true][customer_id|123456567]');
  });
});

describe('ctl_userdata and extTransactionData by POST', () => {
  it('takes them from a form body (the GET parameters stay in the query) and keeps extTransactionData with the call', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const body = new URLSearchParams({ ctl_userdata: '[foreign_key|42]', extTransactionData: '[extRecordId|001A000001][extRecordType|Account]' }).toString();
      const req = request(`${server.url}/AGUI/make_call.php?prefix=1&phone=6502028888`, {
        method: 'POST', headers: { cookie: ann.cookie, 'sec-fetch-mode': 'navigate', 'content-type': 'application/x-www-form-urlencoded' },
      }, (r) => {
        r.resume();
        r.on('end', () => resolve(r.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(res).toBe(200);
    const [line] = (await ann.me()).lines;
    const call = await server.platform.calls.find(tenantId, line?.interactionGuid ?? '');
    expect(call).toMatchObject({ ctlUserData: [{ name: 'foreign_key', value: '42' }], extTransactionData: [{ name: 'extRecordId', value: '001A000001' }, { name: 'extRecordType', value: 'Account' }] });
    await ann.ok('POST', `/calls/${line?.interactionGuid}/hangup`);
  });
});
