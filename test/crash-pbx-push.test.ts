import { expect, it } from 'vitest';
import { HEADERS, verify } from '../src/app/delivery/signing.ts';
import { spawnServer, type ChildServer } from './support/child-server.ts';
import { adminCall, crashDatabase } from './support/crash-rig.ts';
import { startReceiver, type Receiver } from './support/webhook-receiver.ts';

/**
 * Issue 6 item 5 for the PBX push events: pushes pending when the server is killed (`kill -9`)
 * — some enqueued, some still only in the event log — are all delivered, in order, after the restart.
 */

const ENV = { SWITCHBOARD_OUTBOUND_ALLOW: '127.0.0.1/32' };
const BASE = '/admin/v1/tenants/acmecorp01';
const SECRET = 'pbx-push-secret-for-crash-test';
const ILYA = 'ag0VYyLh0YTsymdbtYIaaaa';
const CHANGES = 10;

let server: ChildServer | null = null;
let receiver: Receiver | null = null;
const db = crashDatabase('switchboard-crash-pbx-', () => ({ server, receiver }));
const call = (method: string, path: string, body?: unknown) => adminCall(server, method, path, body);

it('delivers every PBX push pending at kill -9 after the restart, in order, signed', async () => {
  const r = (receiver = await startReceiver());
  r.status = () => 500;
  server = await spawnServer(db, [], ENV);
  await call('PUT', `${BASE}/pbx/event-push`, { url: r.url, secret: SECRET });
  await call('PUT', `${BASE}/agents/${ILYA}/status`, { status: 4 }); // agent:checkin + agent:status
  for (let i = 0; i < CHANGES; i++) await call('PUT', `${BASE}/agents/${ILYA}/status`, i % 2 === 0 ? { status: 3, reason: { listId: 801, itemId: 1725 } } : { status: 4 });
  await server.kill9();

  r.status = () => 200;
  server = await spawnServer(db, [], ENV);
  const expected = 2 + CHANGES;
  await r.waitFor((x) => x.delivered().length >= expected, 20_000);
  const bodies = r.delivered().map((x) => x.body as unknown as { event: string; data: { pause_id?: number } });
  expect(bodies.map((b) => b.event)).toStrictEqual(['agent:checkin', ...Array<string>(CHANGES + 1).fill('agent:status')]);
  expect(bodies.slice(2).map((b) => b.data.pause_id)).toStrictEqual(Array.from({ length: CHANGES }, (_, i) => (i % 2 === 0 ? 1725 : 0)));
  expect(new Set(r.delivered().map((x) => x.headers[HEADERS.eventId])).size).toBe(expected);
  for (const got of r.delivered()) expect(verify(SECRET, String(got.headers[HEADERS.timestamp]), got.raw, String(got.headers[HEADERS.signature]))).toBe(true);
  const state = (await call('GET', `${BASE}/pbx/event-push`)).delivery;
  expect(state).toMatchObject({ pending: 0, delivered: expected, failing: false });
}, 60_000);
