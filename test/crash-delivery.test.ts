import { expect, it } from 'vitest';
import { HEADERS, verify } from '../src/app/delivery/signing.ts';
import { spawnServer, type ChildServer } from './support/child-server.ts';
import { adminCall, crashDatabase } from './support/crash-rig.ts';
import { startReceiver, type Receiver } from './support/webhook-receiver.ts';

/**
 * Issue 6 item 5 / `NOTES.md` §6, §11: webhook messages pending when the server is killed
 * (`kill -9`) — some enqueued, some still only in the event log — are all delivered, in order,
 * after the restart.
 */

const ENV = { SWITCHBOARD_OUTBOUND_ALLOW: '127.0.0.1/32' };
const BASE = '/admin/v1/tenants/acmecorp01';
const EVENTS = 20;

let server: ChildServer | null = null;
let receiver: Receiver | null = null;
const db = crashDatabase('switchboard-crash-delivery-', () => ({ server, receiver }));
const call = (method: string, path: string, body?: unknown) => adminCall(server, method, path, body);

it('delivers every event pending at kill -9 after the restart, in order, with valid signatures', async () => {
  const r = (receiver = await startReceiver());
  r.status = () => 500;
  server = await spawnServer(db, [], ENV);
  const created = (await call('POST', `${BASE}/webhooks`, { url: r.url })) as { id: string; secret: string; delivery: { cursor: number } };
  const { id, secret } = created;
  for (let i = 0; i < EVENTS; i++) await call('PUT', `${BASE}/features/agent-status-api`, { enabled: i % 2 === 1 });
  await server.kill9(); // at once: part of the log may not be enqueued yet

  r.status = () => 200;
  server = await spawnServer(db, [], ENV);
  await r.waitFor((x) => x.delivered().length >= EVENTS, 20_000);
  const delivered = r.delivered();
  const seqs = delivered.map((x) => x.body.seq);
  expect(seqs).toStrictEqual(Array.from({ length: EVENTS }, (_, i) => created.delivery.cursor + 1 + i));
  expect(new Set(delivered.map((x) => x.headers[HEADERS.eventId])).size).toBe(EVENTS);
  for (const got of delivered) expect(verify(secret, String(got.headers[HEADERS.timestamp]), got.raw, String(got.headers[HEADERS.signature]))).toBe(true);
  const state = (await call('GET', `${BASE}/webhooks/${id}`)).delivery;
  expect(state).toMatchObject({ pending: 0, delivered: EVENTS, failing: false });
}, 60_000);
