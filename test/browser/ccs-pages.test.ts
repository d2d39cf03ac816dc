import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/api/ccs/pages.ts';
import { ARTIFACTS, launchChromium, skipBrowser as skip, CHROMIUM, watchProblems } from '../support/browser.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../support/server.ts';

/**
 * The CCS test pages (`/6/v2/apitest.html`, `/6/v2/wstest.html`, `ccs-api-overview.txt` Terminology) in a real
 * browser: Debian's Chromium driven by playwright-core against a real server over the demo. The pages are used as a
 * person would — by their labels — and must run under their own Content-Security-Policy without a console error.
 * Without /usr/bin/chromium the suite is skipped locally, but fails in CI (`CI=true`; `.ci/run` installs it).
 */
const DEMO02 = 'c255052e-c560-4340-b73e-675eabc3aed3';
const DANA = 'az123456-5cca-4ff1-874e-dc1c92d6de64';
const TOM = 'az123456-30b7-4b06-9d87-7607033e2712';

let server: TestServer;
let browser: Browser;
let page: Page;
/** Console errors and uncaught exceptions of the page under test (a CSP violation shows up here). */
let problems: string[] = [];

async function login(username: string): Promise<string> {
  const res = await fetch(`${server.url}/6/v2/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_SECRET }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function open(name: 'apitest.html' | 'wstest.html'): Promise<Record<string, string>> {
  page = await browser.newPage({ viewport: { width: 1200, height: 1100 } });
  problems = watchProblems(page);
  const response = await page.goto(`${server.url}/6/v2/${name}`);
  expect(response?.status()).toBe(200);
  await page.waitForLoadState('load');
  return response?.headers() ?? {};
}

async function logIn(username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_SECRET);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect.poll(() => page.locator('#login-status').textContent()).toContain(`Logged in as ${username}`);
}

describe('the test pages\' Content-Security-Policy', () => {
  it('echoes only a plain host into connect-src', () => {
    expect(contentSecurityPolicy('[::1]:8080')).toContain("connect-src 'self' ws://[::1]:8080 wss://[::1]:8080;");
    expect(contentSecurityPolicy('evil.example; script-src *')).toContain("connect-src 'self';");
    expect(contentSecurityPolicy(undefined)).toContain("connect-src 'self';");
  });
});

describe.skipIf(skip)(`CCS test pages in Chromium${skip ? ` (skipped: ${CHROMIUM} is missing)` : ''}`, () => {
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await page?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the pages with a strict Content-Security-Policy', async () => {
    const headers = await open('apitest.html');
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    const host = new URL(server.url).host;
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://${host} wss://${host}`);
    expect(csp).not.toContain('unsafe');
    const style = await fetch(`${server.url}/6/v2/testpages.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${server.url}/6/v2/pages.ts`)).status).toBe(404);
  });

  it('apitest.html: log in, GET extensions, see status, headers and JSON; Clear empties', async () => {
    await open('apitest.html');
    await expect.poll(() => page.getByLabel('Domain', { exact: true }).inputValue()).toBe(server.url);
    await logIn('admin@ccsdemo02');
    expect(await page.getByLabel('Request Headers').inputValue()).toMatch(/^Authorization: Bearer \S{20,}$/);
    expect(await page.getByLabel('Tenant Domain').inputValue()).toBe(DEMO02);

    await page.getByLabel('Method').selectOption('GET');
    await page.getByLabel('Path', { exact: true }).fill('extensions');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.locator('#status-line').textContent()).toMatch(/^200 OK — GET http:\/\/.+\/6\/v2\/api\/extensions — \d+ ms$/);
    expect(await page.locator('#response-headers').textContent()).toMatch(/^content-type: application\/json/m);
    const body = JSON.parse((await page.locator('#response-body').textContent()) ?? '') as { success: boolean; items: unknown[] };
    expect(body.success).toBe(true);
    expect(body.items).toEqual(expect.arrayContaining([{ uuid: TOM, lastname: 'Transfer', firstname: 'Tom', extension: '102' }]));
    // Pretty-printed, not one line.
    expect((await page.locator('#response-body').textContent())?.split('\n').length).toBeGreaterThan(5);
    await page.screenshot({ path: `${ARTIFACTS}ccs-apitest.png`, fullPage: true });

    await page.getByRole('button', { name: 'Clear' }).click();
    expect(await page.locator('#status-line').textContent()).toBe('');
    expect(await page.locator('#response-headers').textContent()).toBe('');
    expect(await page.locator('#response-body').textContent()).toBe('');
    expect(problems).toEqual([]);
  });

  it('apitest.html: keyboard only, a tenant placeholder, a POST body, and errors in words', async () => {
    await open('apitest.html');
    await logIn('telco@broadview');
    // Telco users have no tenant of their own: the placeholder asks for Tenant Domain first.
    await page.getByLabel('Path', { exact: true }).fill('tenants/<tenant_uuid>/extensions');
    await page.getByLabel('Path', { exact: true }).press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('fill in Tenant Domain');

    await page.getByLabel('Tenant Domain').fill(DEMO02);
    await page.getByLabel('Path', { exact: true }).press('Enter');
    await expect.poll(() => page.locator('#status-line').textContent()).toContain(`200 OK — GET ${server.url}/6/v2/api/tenants/${DEMO02}/extensions`);
    expect(await page.getByRole('alert').textContent()).toBe('');

    await page.getByLabel('Method').selectOption('POST');
    await page.getByLabel('Path', { exact: true }).fill(`tenants/{tenant}/extensions/${DANA}`);
    await page.getByLabel('Request Body').fill('{"request": "updateAgentState", "name": ');
    await page.getByLabel('Request Body').press('Control+Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Request Body is not valid JSON');
    await page.getByLabel('Request Body').fill('{"request": "updateAgentState", "name": "Coffee Break"}');
    await page.getByLabel('Request Body').press('Control+Enter');
    await expect.poll(() => page.locator('#status-line').textContent()).toMatch(/^200 OK — POST /);
    expect(JSON.parse((await page.locator('#response-body').textContent()) ?? '')).toEqual({ success: true });

    // A refusal is shown with its status; a bad header line is named.
    await page.getByLabel('Request Headers').fill('Authorization: Bearer nope');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.locator('#status-line').textContent()).toMatch(/^401 Unauthorized — POST /);
    expect(await page.locator('#response-headers').textContent()).toContain('www-authenticate: Bearer realm="Switchboard CCS"');
    await page.getByLabel('Request Headers').fill('Authorization Bearer nope');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Request Headers, line 1: expected "Name: value"');
    // The 401 above is the page's own request, logged by Chromium as a failed resource: not a page problem.
    expect(problems.filter((text) => !text.includes('401'))).toEqual([]);
  });

  it('wstest.html: log in, connect, see the connect response and an agent.state event; close codes in words', async () => {
    await open('wstest.html');
    await logIn('telco@broadview');
    const token = await page.getByLabel('Token').inputValue();
    expect(token).toMatch(/^\S{20,}$/);
    expect(JSON.parse(await page.getByLabel('Request', { exact: true }).inputValue())).toEqual({ request: 'connect', token });

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => page.locator('#connection').textContent()).toMatch(/^Connected to ws:\/\/.+\/6\/v2\/sock\.$/);
    await page.getByRole('button', { name: 'Submit' }).click();
    const log = page.getByRole('log');
    await expect.poll(() => log.locator('li.received').first().textContent()).toContain('"response": "connect"');
    const connected = JSON.parse((await log.locator('li.received pre').first().textContent()) ?? '') as Record<string, unknown>;
    expect(connected).toMatchObject({ response: 'connect', success: true, user: { username: 'telco@broadview', level: 'telco' } });
    expect(connected.tenants).toEqual(expect.arrayContaining([expect.objectContaining({ tenant_id: DEMO02 })]));

    // A change made elsewhere (the REST API, as the telco user) arrives on the page as an event.
    const res = await fetch(`${server.url}/6/v2/api/tenants/${DEMO02}/extensions/${DANA}`, {
      method: 'POST', headers: { authorization: `Bearer ${await login('telco@broadview')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ request: 'updateAgentState', name: 'Lunch Break' }),
    });
    expect(res.status).toBe(200);
    const event = log.locator('li.received', { hasText: '"event": "agent.state"' }).filter({ hasText: DANA }).filter({ hasText: 'Lunch Break' });
    await expect.poll(() => event.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(JSON.parse((await event.first().locator('pre').textContent()) ?? '')).toMatchObject({
      event: 'agent.state', tenant_id: DEMO02, seq: expect.any(Number), n: expect.any(Number),
      extension: { uuid: DANA }, agent_state: { state: { type: 'away', name: 'Lunch Break' } },
    });
    // Every entry carries its time; the newest is last.
    expect(await log.locator('li').first().locator('time').textContent()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(await log.locator('li').last().textContent()).toContain('agent.state');
    await page.screenshot({ path: `${ARTIFACTS}ccs-wstest.png`, fullPage: true });

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => log.locator('li.closed').last().textContent()).toContain('connection closed 1000');

    // A bad token: Submit connects first, and the server's refusal is shown in words.
    await page.getByLabel('Token').fill('not-a-token');
    expect(JSON.parse(await page.getByLabel('Request', { exact: true }).inputValue())).toEqual({ request: 'connect', token: 'not-a-token' });
    await page.getByLabel('Request', { exact: true }).press('Control+Enter');
    await expect.poll(() => log.locator('li.closed').last().textContent()).toContain('connection closed 4401 Unauthorized');
    await expect.poll(() => page.locator('#connection').textContent()).toBe('Connection closed 4401 Unauthorized.');

    await page.getByRole('button', { name: 'Clear' }).click();
    expect(await log.locator('li').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
