import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { wallClock } from '../../../src/app/clock.ts';
import { OutboundAddressRefusedError } from '../../../src/app/delivery/address-policy.ts';
import type { DeliveryOptions } from '../../../src/app/delivery/delivery-service.ts';
import { HEADERS, verify } from '../../../src/app/delivery/signing.ts';
import { Platform } from '../../../src/app/platform.ts';
import { cryptoRandom } from '../../../src/app/random.ts';
import { openSqliteStore } from '../../../src/storage/sqlite.ts';
import { startReceiver, type Receiver } from '../../support/webhook-receiver.ts';

const dir = mkdtempSync(join(tmpdir(), 'delivery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Fast retries so a test sees several within a second. */
const FAST: Partial<DeliveryOptions> = { allow: ['127.0.0.1/32'], backoff: { baseMs: 20, factor: 2, capMs: 150 }, timeoutMs: 2000 };
const SECRET = 'a-webhook-secret-for-tests';

const open: { platform: Platform; receivers: Receiver[] }[] = [];
let serial = 0;

async function platformOn(db: string, delivery: Partial<DeliveryOptions> = FAST) {
  const store = await openSqliteStore(db);
  const platform = await Platform.open({ store, clock: wallClock, random: cryptoRandom, delivery });
  const entry = { platform, receivers: [] as Receiver[] };
  open.push(entry);
  return platform;
}

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  open.at(-1)?.receivers.push(r);
  return r;
}

afterEach(async () => {
  for (const { platform, receivers } of open.splice(0)) {
    await platform.close();
    for (const r of receivers) await r.close();
  }
});

async function tenant(platform: Platform): Promise<{ name: string; id: string }> {
  const name = `hooks${++serial}`;
  await platform.apply({ tenants: [{ name, actionRequestToken: `${name}-token-123` }] });
  return { name, id: platform.tenants.requireTenant(name).id };
}

/** `count` events in the tenant's log (the Agent Status API switched off and on). */
async function events(platform: Platform, name: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await platform.tenants.setAgentStatusApi(name, i % 2 === 1);
}

const seqs = (r: Receiver): number[] => r.delivered().map((x) => x.body.seq);
const consecutive = (xs: number[]): boolean => xs.every((x, i) => i === 0 || x === (xs[i - 1] as number) + 1);

describe('outbound delivery (webhooks)', () => {
  it('delivers every event after creation in order, signed with the secret, each with its own id', async () => {
    const platform = await platformOn(join(dir, 'order.sqlite'));
    const t = await tenant(platform);
    const r = await receiver();
    const dest = await platform.delivery.create(t.id, { url: r.url, secret: SECRET });
    await events(platform, t.name, 30);
    await r.waitFor((x) => x.delivered().length === 30);
    expect(consecutive(seqs(r))).toBe(true);
    expect(seqs(r)[0]).toBe(dest.cursor + 1);
    for (const got of r.requests) {
      const ts = String(got.headers[HEADERS.timestamp]);
      expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
      expect(verify(SECRET, ts, got.raw, String(got.headers[HEADERS.signature]))).toBe(true);
      expect(verify('another-secret-entirely', ts, got.raw, String(got.headers[HEADERS.signature]))).toBe(false);
      expect(got.body).toMatchObject({ tenantId: t.id, type: 'tenant.feature_changed', data: { type: 'tenant.feature_changed' } });
      expect(got.headers['content-type']).toBe('application/json');
    }
    expect(new Set(r.requests.map((x) => x.headers[HEADERS.eventId])).size).toBe(30);
    // The receiver has the request a moment before the sender's commit marks it delivered: poll the state.
    await expect.poll(() => platform.delivery.state(dest)).toMatchObject({ pending: 0, delivered: 30, failing: false, head: undefined });
  });

  it('a mapper may read the store and turn one event into several messages (or none), kept in log order', async () => {
    const platform = await platformOn(join(dir, 'multi.sqlite'));
    platform.delivery.mappers.register('twice', async (logged, ctx) => {
      const tenant = await ctx.store.getTenant(logged.tenantId);
      if (logged.event.type !== 'tenant.feature_changed' || !logged.event.enabled) return [];
      return ['a', 'b'].map((part) => ({ type: `x.${part}`, body: { seq: logged.seq, part, name: tenant?.name } }));
    });
    const t = await tenant(platform);
    const r = await receiver();
    const dest = await platform.delivery.create(t.id, { url: r.url, kind: 'twice' });
    await events(platform, t.name, 6); // off, on, off, on, off, on: three 'on'
    await r.waitFor((x) => x.delivered().length === 6);
    const bodies = r.delivered().map((x) => x.body as unknown as { seq: number; part: string; name: string });
    expect(bodies.map((b) => b.part)).toStrictEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(bodies.map((b) => b.seq)).toStrictEqual([dest.cursor + 2, dest.cursor + 2, dest.cursor + 4, dest.cursor + 4, dest.cursor + 6, dest.cursor + 6]);
    expect(bodies.every((b) => b.name === t.name)).toBe(true);
    expect(new Set(r.delivered().map((x) => x.headers[HEADERS.eventId])).size).toBe(6);
  });

  it('update changes the URL and secret, keeping the cursor and the undelivered messages', async () => {
    const platform = await platformOn(join(dir, 'update.sqlite'));
    const t = await tenant(platform);
    const down = await receiver();
    down.status = () => 503;
    const up = await receiver();
    const dest = await platform.delivery.create(t.id, { url: down.url, secret: SECRET });
    await events(platform, t.name, 3);
    await down.waitFor((x) => x.requests.length >= 1);
    const updated = await platform.delivery.update(t.id, dest.destinationId, { url: up.url, secret: 'another-secret-of-16+' });
    expect(updated).toMatchObject({ url: up.url, secret: 'another-secret-of-16+', cursor: dest.cursor + 3 });
    await up.waitFor((x) => x.delivered().length === 3);
    expect(seqs(up)).toStrictEqual([dest.cursor + 1, dest.cursor + 2, dest.cursor + 3]);
    const got = up.requests[0];
    expect(verify('another-secret-of-16+', String(got?.headers[HEADERS.timestamp]), got?.raw ?? '', String(got?.headers[HEADERS.signature]))).toBe(true);
    await expect(platform.delivery.update(t.id, 'wh_nope', { enabled: false })).rejects.toThrow(/wh_nope/);
  });

  it('retries a failing receiver with the same event id until it answers, keeping the order', async () => {
    const platform = await platformOn(join(dir, 'retry.sqlite'));
    const t = await tenant(platform);
    const r = await receiver();
    r.status = (n) => (n < 6 ? 500 : 200);
    await platform.delivery.create(t.id, { url: r.url, secret: SECRET });
    await events(platform, t.name, 10);
    await r.waitFor((x) => x.delivered().length === 10);
    const failed = r.requests.filter((x) => x.status === 500);
    expect(failed).toHaveLength(6);
    // The head is retried alone: every failed attempt carries the first message's id.
    expect(new Set(failed.map((x) => x.headers[HEADERS.eventId]))).toStrictEqual(new Set([r.delivered()[0]?.headers[HEADERS.eventId]]));
    expect(consecutive(seqs(r))).toBe(true);
    expect(new Set(r.delivered().map((x) => x.headers[HEADERS.eventId])).size).toBe(10);
  });

  it('keeps delivering to one destination while another is down', async () => {
    const platform = await platformOn(join(dir, 'two.sqlite'));
    const t = await tenant(platform);
    const up = await receiver();
    const down = await receiver();
    down.status = () => 503;
    const bad = await platform.delivery.create(t.id, { url: down.url });
    await platform.delivery.create(t.id, { url: up.url });
    const started = Date.now();
    await events(platform, t.name, 20);
    await up.waitFor((x) => x.delivered().length === 20, 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    await down.waitFor((x) => x.requests.length >= 3);
    const state = await platform.delivery.state(bad);
    expect(state).toMatchObject({ pending: 20, delivered: 0, failing: true });
    expect(state.head?.lastError).toMatch(/^HTTP 503/);
    expect(state.head?.seq).toBe(1);
  });

  it('resumes pending messages after a restart on the same database', async () => {
    const db = join(dir, 'restart.sqlite');
    let platform = await platformOn(db);
    const t = await tenant(platform);
    const r = await startReceiver();
    try {
      r.status = () => 500;
      await platform.delivery.create(t.id, { url: r.url, secret: SECRET });
      await events(platform, t.name, 12);
      await r.waitFor((x) => x.requests.length >= 2);
      await platform.close();
      open.splice(0);
      r.status = () => 200;
      platform = await platformOn(db);
      await events(platform, t.name, 3);
      await r.waitFor((x) => x.delivered().length === 15);
      expect(consecutive(seqs(r))).toBe(true);
    } finally {
      await r.close();
    }
  });

  it('resolves a name, checks its addresses and connects to the checked one (the Host header keeps the name)', async () => {
    const lookup = async (host: string) => (host === 'receiver.test' ? [{ address: '127.0.0.1', family: 4 }] : Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' })));
    const platform = await platformOn(join(dir, 'names.sqlite'), { ...FAST, lookup });
    const t = await tenant(platform);
    const r = await receiver();
    const named = r.url.replace('127.0.0.1', 'receiver.test');
    await platform.delivery.create(t.id, { url: named });
    const unknown = await platform.delivery.create(t.id, { url: 'http://nowhere.test/hook' });
    await events(platform, t.name, 3);
    await r.waitFor((x) => x.delivered().length === 3);
    expect(r.requests[0]?.headers.host).toBe(new URL(named).host);
    await expect.poll(async () => (await platform.delivery.state(unknown)).head?.lastError ?? '').toBe('cannot resolve nowhere.test: ENOTFOUND');
  });

  it('refuses non-public addresses unless the allow-list covers them, naming the address', async () => {
    const platform = await platformOn(join(dir, 'policy.sqlite'), { ...FAST, allow: [] });
    const t = await tenant(platform);
    const r = await receiver();
    await expect(platform.delivery.create(t.id, { url: r.url })).rejects.toThrow(OutboundAddressRefusedError);
    await expect(platform.delivery.create(t.id, { url: 'http://[::ffff:10.1.2.3]/x' })).rejects.toThrow(/10\.1\.2\.3|::ffff:a01:203/);
    await expect(platform.delivery.create(t.id, { url: 'http://169.254.169.254/latest' })).rejects.toThrow(/169\.254\.169\.254/);
    // A name is checked when resolved: the attempt fails with the address in last_error, and nothing is sent.
    const named = await platform.delivery.create(t.id, { url: r.url.replace('127.0.0.1', 'localhost') });
    await events(platform, t.name, 1);
    await expect.poll(async () => (await platform.delivery.state(named)).head?.lastError ?? '', { timeout: 5000 }).toMatch(/127\.0\.0\.1|::1/);
    expect(r.requests).toHaveLength(0);
  });
});
