import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentView } from '../../src/app/workspace/view.ts';
import { ARTIFACTS, CHROMIUM, launchChromium, skipBrowser as skip, watchProblems } from '../support/browser.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../support/server.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';
import { clickToDialTenant, example3UserData, expectExample3Callback } from '../support/click-to-dial.ts';

/**
 * Click-to-dial in a real browser (issue 10's acceptance): the agent's workspace is open in Chromium
 * and a click-to-dial link opens in another tab of the same browser (the session cookie is shared).
 * The call is worked from the workspace; on completion the callback is POSTed (Example 3), or a CRM
 * record is created and its screen pop opens in edit mode on a fake CRM (Example 1). An `<img>` on
 * another site pointing at `make_call.php` places nothing.
 */
const TENANT = 'ctdbrowser01';
const ANN = 'agCtdBrowserAnn000000001';
const SECRET = 'ctd-browser-callback-secret';
const OUTBOUND_QUEUE = 971;

/** A tiny HTTP server on `host` for pages that must come from another origin or site. */
interface PageServer {
  readonly url: string;
  readonly requests: { method: string; path: string; form: URLSearchParams }[];
  close(): Promise<void>;
}

async function startPageServer(host: string, answer: (request: IncomingMessage, body: string) => string): Promise<PageServer> {
  const requests: PageServer['requests'] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', path: request.url ?? '', form: new URLSearchParams(body) });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(answer(request, body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The fake CRM's answer to the screen pop's POST: the record it would open, in words. */
function crmPage(_request: IncomingMessage, body: string): string {
  const userData = new URLSearchParams(body).get('CtlUserData') ?? '';
  const record = /\[ctl_newRecordId\|([^\]]*)\]/.exec(userData)?.[1] ?? '(none)';
  const mode = userData.includes('[ctl_launchext|edit]') ? 'edit' : 'read-only';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake CRM</title></head><body>
<h1>Fake CRM — Task ${escape(record)}</h1><p>Opened in ${mode} mode.</p><pre>${escape(userData)}</pre></body></html>`;
}

let server: TestServer;
let receiver: Receiver;
let crm: PageServer;
let otherSite: PageServer;
let browser: Browser;
let context: BrowserContext;
let agent: Page;
let tenantId = '';
/** The console errors of every page the test opened (each list fills as its page runs). */
const problems: string[][] = [];
const watch = (page: Page): number => problems.push(watchProblems(page));

const text = (locator: ReturnType<Page['locator']>) => locator.innerText();
const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
const admin = async <T>(path: string): Promise<T> =>
  (await (await fetch(`${server.url}/admin/v1/tenants/${TENANT}${path}`, { headers: { authorization: server.admin } })).json()) as T;

/** The agent's view through the browser's own cookie (the context's request API shares it). */
async function me(): Promise<AgentView> {
  const res = await context.request.get(`${server.url}/AGUI/api/me`);
  expect(res.status()).toBe(200);
  return (await res.json()) as AgentView;
}

async function createdInteractions(): Promise<number> {
  const { events } = await admin<{ events: { type: string }[] }>('/events?after=0&limit=1000');
  return events.filter((e) => e.type === 'interaction.created').length;
}

/** Opens a click-to-dial link in a new tab of the agent's browser: a top-level navigation. */
async function openLink(query: string): Promise<Page> {
  const tab = await context.newPage();
  watch(tab);
  const res = await tab.goto(`${server.url}/AGUI/make_call.php?${query}`);
  expect(res?.status(), await tab.innerText('body')).toBe(200);
  return tab;
}

/**
 * Works the ringing call from the workspace: the agent answers, the customer answers, they talk a
 * moment; the agent hangs up, picks Resolved and Technical, writes the note, ends post-processing.
 */
async function workTheCall(number: string, notes: string): Promise<string> {
  await expect.poll(() => text(agent.getByTestId('incoming-call'))).toContain(number);
  const guid = (await me()).lines[0]?.interactionGuid ?? '';
  await agent.getByRole('button', { name: 'Answer' }).click();
  const line = agent.getByTestId('line-1');
  await expect.poll(() => text(line)).toMatch(new RegExp(`Line 1 — Connected[\\s\\S]*\\${number}`));
  const talking = await text(line);
  await expect.poll(() => text(line), { timeout: 3000 }).not.toBe(talking); // the clock runs: a moment's talk
  await line.getByRole('button', { name: 'Hang up' }).click();
  const wrapUp = agent.getByTestId('post-processing');
  await wrapUp.getByLabel('Resolved').check();
  await wrapUp.getByLabel('Technical').check();
  await wrapUp.getByLabel('Notes').fill(notes);
  await wrapUp.getByRole('button', { name: 'End post-processing' }).click();
  await expect.poll(() => wrapUp.count()).toBe(0);
  await expect.poll(() => text(agent.getByTestId('status-badge'))).toBe('Available');
  return guid;
}

/** The window the workspace opened for the screen pop; through its button if the browser blocked it. */
async function screenPopWindow(opened: Page[]): Promise<Page> {
  const button = agent.getByRole('button', { name: /^Open the record on / });
  await expect.poll(async () => opened.length + (await button.count()), { timeout: 10_000 }).toBeGreaterThan(0);
  if (opened.length > 0) return opened[0] as Page;
  const [popup] = await Promise.all([context.waitForEvent('page'), button.click()]);
  return popup;
}

interface MakeCallRequest {
  status?: number;
  secFetchMode?: string;
  /** The cookies Chromium kept off the request, with why: `switchboard_session:SameSiteLax`. */
  blocked?: string[];
}

/**
 * What the network saw of `make_call.php` requests from `page`, read over CDP: the status survives
 * ORB (which hides the response from the page and from Playwright), and the cookies say why they were not sent.
 */
async function watchMakeCall(page: Page): Promise<() => MakeCallRequest[]> {
  const byId = new Map<string, MakeCallRequest>();
  const urls = new Map<string, string>();
  const entry = (id: string) => byId.get(id) ?? byId.set(id, {}).get(id) ?? {};
  const cdp = await context.newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => Object.assign(entry(e.requestId), {
    secFetchMode: e.headers['Sec-Fetch-Mode'] ?? e.headers['sec-fetch-mode'],
    blocked: e.associatedCookies.filter((c) => c.blockedReasons.length > 0).map((c) => `${c.cookie.name}:${c.blockedReasons.join('+')}`),
  }));
  cdp.on('Network.responseReceivedExtraInfo', (e) => { entry(e.requestId).status = e.statusCode; });
  await cdp.send('Network.enable');
  return () => [...byId].filter(([id]) => urls.get(id)?.includes('/AGUI/make_call.php')).map(([, seen]) => seen);
}

describe.skipIf(skip)(`click-to-dial in Chromium${skip ? ` (skipped: ${CHROMIUM} is missing)` : ''}`, () => {
  beforeAll(async () => {
    server = await startTestServer({ env: { SWITCHBOARD_OUTBOUND_ALLOW: '127.0.0.1/32' } });
    receiver = await startReceiver();
    crm = await startPageServer('127.0.0.1', crmPage);
    // 127.0.0.2 is another site than the server's 127.0.0.1 for SameSite (an IP address is its own site).
    otherSite = await startPageServer('127.0.0.2', () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cat pictures</title></head>
<body><h1>Cat pictures</h1><img alt="a cat" src="${server.url}/AGUI/make_call.php?prefix=1&amp;phone=6502928880"></body></html>`);
    const people = { ann: ANN, bob: 'agCtdBrowserBob000000001', sam: 'agCtdBrowserSam000000001' };
    const doc = clickToDialTenant({ name: TENANT, people, queueId: OUTBOUND_QUEUE - 1, did: '+18005550970', screenPopUrl: `${crm.url}/pop`, secret: SECRET });
    await server.platform.apply(doc);
    tenantId = server.platform.directory.tenantByName(TENANT)?.id ?? '';
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    agent = await context.newPage();
    watch(agent);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([crm?.close(), otherSite?.close(), receiver?.close()]);
    await server?.close();
  });

  it('the agent logs in to the workspace and goes available', async () => {
    await agent.goto(`${server.url}/AGUI/`);
    await agent.getByLabel('Username').fill(`ann@${TENANT}`);
    await agent.getByLabel('Password').fill(DEMO_SECRET);
    await agent.keyboard.press('Enter');
    await expect.poll(() => text(agent.getByTestId('connection'))).toMatch(/Live/);
    await agent.getByRole('button', { name: 'Available', exact: true }).click();
    await expect.poll(() => text(agent.getByTestId('status-badge'))).toBe('Available');
  });

  it('Example 3: the link calls from a new tab; after the call the callback is POSTed, signed, every token replaced', async () => {
    const callback = `${receiver.url.replace('/hook', '')}/clicktodial/callback?transaction=$transaction_id$`;
    const userdata = example3UserData(callback);
    const tab = await openLink(`prefix=&phone=5355566234&queue_id=${OUTBOUND_QUEUE}&ctl_userdata=${encodeURIComponent(userdata)}`);
    expect(await tab.innerText('body')).toMatch(/Your phone is ringing[\s\S]*\+15355566234[\s\S]*close this window/);
    await shot(tab, 'click-to-dial-calling');
    await tab.close();

    const guid = await workTheCall('+15355566234', 'Wants a brochure');
    await expectExample3Callback(receiver, await server.platform.calls.find(tenantId, guid), callback, SECRET);
  });

  it('Example 1: after the call a CRM Task exists and its screen pop opens in edit mode on the CRM', async () => {
    const userdata = '[ctl_action|create][subject|outbound call log ($transaction_id$)][Transactionid__c|$interaction_guid$][ObjectType|Task][WhatId|001A000001]'
      + '[status|completed][Description|My Own Description\ncall answered at$equal$ $call_answered_time$\ncall hangup at: $call_hangup_time$\nTransaction Codes $equal$ $transaction_codes$]'
      + '[ctl_parentid|001A000001][ctl_launchopt|true][ctl_launchext|edit][ctl_intType|sfdc][ActivityDate|$year$-$month$-$date$]';
    const tab = await openLink(`prefix=&phone=6502928880&callerId=5251990&queue_id=${OUTBOUND_QUEUE}&ctl_userdata=${encodeURIComponent(userdata)}`);
    await tab.close();
    const opened: Page[] = [];
    const collect = (page: Page): void => {
      opened.push(page);
      watch(page); // from its relay page on
    };
    context.on('page', collect);

    const guid = await workTheCall('+16502928880', 'Follow up next week');
    const popup = await screenPopWindow(opened);
    context.off('page', collect);
    await popup.waitForURL(`${crm.url}/pop`);
    await popup.waitForLoadState();
    await server.platform.clickToDial.completion.caughtUp(tenantId);
    const { records } = await admin<{ records: { id: string; objectType: string; interactionGuid: string }[] }>('/crm/records');
    expect(records).toEqual([expect.objectContaining({ objectType: 'Task', interactionGuid: guid })]);
    const [record] = records;
    const posts = crm.requests.filter((r) => r.method === 'POST'); // the browser also asks for /favicon.ico
    expect(posts.map((r) => r.path)).toEqual(['/pop']);
    const form = posts[0]?.form;
    expect(form?.get('Command')).toBe('launch');
    const sent = form?.get('CtlUserData') ?? '';
    for (const part of ['[ctl_launchext|edit]', `[ctl_newRecordId|${record?.id}]`, '[ctl_parentid|001A000001]', '[WhatId|001A000001]']) expect(sent).toContain(part);
    expect(await popup.innerText('h1')).toBe(`Fake CRM — Task ${record?.id}`);
    await shot(popup, 'click-to-dial-screen-pop');
    await expect.poll(async () => (await me()).screenPops).toEqual([]); // opened once
    await popup.close();
  });

  it('a cross-site image request to make_call.php places no call', async () => {
    const before = await createdInteractions();
    const page = await context.newPage();
    const pageProblems = watchProblems(page);
    const seen = await watchMakeCall(page);
    const failed = page.waitForEvent('requestfailed', (request) => request.url().includes('/AGUI/make_call.php'));
    await page.goto(`${otherSite.url}/`);
    // Chromium blocks the refused HTML from reaching the <img> (ORB), so the request fails.
    expect((await failed).failure()?.errorText).toMatch(/ERR_BLOCKED_BY_ORB|ERR_FAILED/);
    expect(await page.evaluate<boolean>('document.images[0].complete && document.images[0].naturalWidth === 0')).toBe(true); // a broken image
    // The server refused it as a page element (403), and Chromium kept the Lax session cookie off it anyway.
    await expect.poll(seen).toEqual([{ secFetchMode: 'no-cors', status: 403, blocked: [expect.stringMatching(/^switchboard_session:.*SameSiteLax/)] }]);
    await page.close();
    expect(pageProblems.filter((p) => !/status of 403 /.test(p)), pageProblems.join('\n')).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 500)); // a call would have reached the page by now
    expect(await text(agent.getByTestId('line-1'))).toBe('Line 1 — free');
    expect(await text(agent.getByTestId('line-2'))).toBe('Line 2 — free');
    expect((await me()).lines).toEqual([]);
    expect(await createdInteractions()).toBe(before);
  });

  it('ran without a console error or a CSP violation', () => {
    // Expected failed load: the workspace asks `/me` before logging in (401).
    const all = problems.flat();
    expect(all.filter((p) => !/status of 401 /.test(p)), all.join('\n')).toEqual([]);
  });
});
