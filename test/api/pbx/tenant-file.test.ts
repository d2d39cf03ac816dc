import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADERS, verify } from '../../../src/app/delivery/signing.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { startReceiver, type Receiver } from '../../support/webhook-receiver.ts';

/** The tenant file's `pbx.eventPushUrl`/`eventPushSecret` (`docs/tenant-file.md`) against a real server and receiver. */

let server: TestServer;
let receiver: Receiver;
const SECRET = 'push-secret-0123456789';

beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_OUTBOUND_ALLOW: '127.0.0.1/32' } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

async function admin(method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown) {
  const res = await server.app.inject({
    method, url: `/admin/v1${url}`, headers: { authorization: server.admin, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

const provision = (pbx: Record<string, unknown>) => admin('PUT', '/provisioning', { tenants: [{ name: 'acmecorp01', pbx }] });

describe('tenant file: the account\'s Event Push Notifications URL', () => {
  it('needs a secret for a new URL, sets it, changes nothing the second time, and pushes signed events', async () => {
    const missing = await provision({ eventPushUrl: receiver.url });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/pbx\.eventPushSecret/);
    const set = await provision({ eventPushUrl: receiver.url, eventPushSecret: SECRET });
    expect(set.status).toBe(200);
    expect(set.body.tenants).toMatchObject([{ name: 'acmecorp01', changed: true }]);
    expect((await provision({ eventPushUrl: receiver.url, eventPushSecret: SECRET })).body.tenants).toMatchObject([{ changed: false }]);
    expect((await admin('GET', '/tenants/acmecorp01/pbx/event-push')).body).toMatchObject({ url: receiver.url, enabled: true });

    const status = await admin('PUT', '/tenants/acmecorp01/agents/ag0VYyLh0YTsymdbtYIaaaa/status', { status: 4 });
    expect(status.status).toBe(200);
    await receiver.waitFor((r) => r.delivered().some((d) => d.body.event === 'agent:checkin'));
    const checkin = receiver.delivered().find((d) => d.body.event === 'agent:checkin');
    expect(checkin?.body).toMatchObject({ event: 'agent:checkin', account_id: 1001, data: { device_id: null, device_name: null } });
    expect(verify(SECRET, String(checkin?.headers[HEADERS.timestamp]), checkin?.raw ?? '', String(checkin?.headers[HEADERS.signature]))).toBe(true);
  });

  it('removes it with null', async () => {
    expect((await provision({ eventPushUrl: null })).body.tenants).toMatchObject([{ changed: true }]);
    expect((await admin('GET', '/tenants/acmecorp01/pbx/event-push')).status).toBe(404);
    expect((await provision({ eventPushUrl: null })).body.tenants).toMatchObject([{ changed: false }]);
  });
});
