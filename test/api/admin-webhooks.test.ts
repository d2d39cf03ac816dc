import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADERS, verify } from '../../src/app/delivery/signing.ts';
import { OpenApiChecker } from '../support/openapi.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';

/**
 * `/admin/v1/tenants/{t}/webhooks` against a real server (allow-list: 127.0.0.1) and a real
 * receiver; every answer is checked against `/openapi.json`.
 */

const BASE = '/admin/v1/tenants/acmecorp01/webhooks';
let server: TestServer;
let checker: OpenApiChecker;
let receiver: Receiver;

beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_OUTBOUND_ALLOW: '127.0.0.1/32' } });
  checker = await OpenApiChecker.load(server.url);
  receiver = await startReceiver();
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

async function send(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown) {
  const res = await server.app.inject({
    method, url,
    headers: { authorization: server.admin, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { payload: JSON.stringify(body) }),
  });
  checker.check(method, url, res.statusCode, (res.headers['content-type'] as string | undefined) ?? null, res.body);
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

const toggle = (enabled: boolean) => send('PUT', '/admin/v1/tenants/acmecorp01/features/agent-status-api', { enabled });

describe('webhooks admin API', () => {
  it('creates a webhook (secret shown once), delivers the tenant\'s events signed, and shows the delivery state', async () => {
    const created = await send('POST', BASE, { url: receiver.url });
    expect(created.status).toBe(201);
    const { id, secret } = created.body as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(created.body).toMatchObject({ url: receiver.url, kind: 'events', enabled: true, delivery: { pending: 0, delivered: 0, failing: false } });
    await toggle(false);
    await toggle(true);
    await receiver.waitFor((r) => r.delivered().length === 2);
    for (const got of receiver.requests) {
      expect(verify(secret, String(got.headers[HEADERS.timestamp]), got.raw, String(got.headers[HEADERS.signature]))).toBe(true);
    }
    expect(receiver.requests.map((r) => r.body.data)).toMatchObject([{ enabled: false }, { enabled: true }]);
    await expect.poll(async () => (await send('GET', `${BASE}/${id}`)).body.delivery).toMatchObject({ pending: 0, delivered: 2, failing: false, attempts: 0, lastError: null, nextAttemptAt: null });
    const one = await send('GET', `${BASE}/${id}`);
    expect(one.body).not.toHaveProperty('secret');
    const list = await send('GET', BASE);
    expect((list.body.webhooks as { id: string }[]).map((w) => w.id)).toContain(id);
    expect(await send('DELETE', `${BASE}/${id}`)).toStrictEqual({ status: 200, body: { id, deleted: true } });
    expect((await send('GET', `${BASE}/${id}`)).status).toBe(404);
    expect((await send('DELETE', `${BASE}/${id}`)).status).toBe(404);
  });

  it('shows a failing receiver: attempts, last error, next attempt', async () => {
    receiver.status = () => 500;
    try {
      const { body } = await send('POST', BASE, { url: receiver.url, secret: 'a-given-secret-0123456789' });
      await toggle(false);
      await toggle(true);
      await expect.poll(async () => (await send('GET', `${BASE}/${String(body.id)}`)).body.delivery, { timeout: 5000 })
        .toMatchObject({ pending: 2, failing: true, lastError: expect.stringMatching(/^HTTP 500/) as unknown, nextAttemptAt: expect.any(String) as unknown });
      await send('DELETE', `${BASE}/${String(body.id)}`);
    } finally {
      receiver.status = () => 200;
    }
  });

  it('refuses a literal address outside the allow-list, a bad URL or kind, naming the problem', async () => {
    const refused = await send('POST', BASE, { url: 'http://10.0.0.5:8080/hook' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 400, message: expect.stringContaining('10.0.0.5') as unknown });
    expect((await send('POST', BASE, { url: 'ftp://example.com/x' })).body.message).toMatch(/http or https/);
    expect((await send('POST', BASE, { url: 'not a url' })).status).toBe(400);
    expect((await send('POST', BASE, { url: 'https://hooks.example.com/x', kind: 'pbx' })).body.message).toMatch(/kind 'pbx'/);
    expect((await send('POST', '/admin/v1/tenants/nosuchtenant/webhooks', { url: 'https://hooks.example.com/x' })).status).toBe(404);
  });
});
