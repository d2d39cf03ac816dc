import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import { buildHttpServer } from '../../../src/api/http/server.ts';
import type { CcsSockOptions } from '../../../src/app/ccs/ws/options.ts';
import { sha256Hex } from '../../../src/app/security.ts';
import { ADMIN_TOKEN, DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * `/6/v2/sock` over real sockets (`docs/ccs-events.md`): the handshake and its close codes, the
 * permission and tenant filtering, resume without gap or duplicate, slow clients, the heartbeat.
 * Extra HTTP servers over the same platform carry shrunken timers and limits.
 */
const DEMO02 = 'c255052e-c560-4340-b73e-675eabc3aed3';
const DANA = 'az123456-5cca-4ff1-874e-dc1c92d6de64';
const TOM = 'az123456-30b7-4b06-9d87-7607033e2712';
const BROADVIEW = 'az123456-eee4-46f5-baf9-a9d661bfa92a';

type Message = Record<string, unknown>;

/** A test client: every message it got, and its close code and reason once closed. */
class Client {
  readonly messages: Message[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as Message);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.wake();
    });
    ws.on('error', () => undefined);
  }

  static async open(base: string, options: { autoPong?: boolean } = {}): Promise<Client> {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/6/v2/sock`, options);
    const client = new Client(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Opens and connects; resolves with the connect response. */
  static async connect(base: string, token: string, resume?: unknown): Promise<Client> {
    const client = await Client.open(base);
    client.send({ request: 'connect', token, ...(resume !== undefined && { resume }) });
    await client.until(() => client.messages.some((m) => m.response === 'connect'));
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  get response(): Message | undefined {
    return this.messages.find((m) => m.response === 'connect');
  }

  events(tenant = DEMO02): Message[] {
    return this.messages.filter((m) => typeof m.event === 'string' && m.tenant_id === tenant);
  }

  positions(tenant = DEMO02): string[] {
    return this.events(tenant).map((m) => `${String(m.seq)}.${String(m.n)}`);
  }

  async until(done: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out; messages: ${JSON.stringify(this.messages.slice(-5))}, closed: ${JSON.stringify(this.closed)}`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        setTimeout(wake, 50);
      });
    }
  }

  async closedWith(): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closed !== null);
    return this.closed ?? { code: 0, reason: '' };
  }

  close(): void {
    this.ws.terminate();
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

let server: TestServer;
const extra: FastifyInstance[] = [];

/** Another HTTP server over the test server's platform, with these endpoint options. */
async function serverWith(ccsSock: Partial<CcsSockOptions>): Promise<string> {
  const app = await buildHttpServer(server.platform, {
    logLevel: 'silent', bodyLimit: 1024 * 1024, trustedProxies: [], tls: null, adminTokenHash: sha256Hex(ADMIN_TOKEN), version: 'test', ccsSock,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  extra.push(app);
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/6/v2/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_SECRET }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function ccs(base: string, token: string, path: string, body: unknown): Promise<Message> {
  const res = await fetch(`${base}/6/v2/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await res.json()) as Message;
  expect(answer, JSON.stringify(answer)).toMatchObject({ success: true });
  return answer;
}

const token = { admin: '', tom: '', telco: '' };
let toggle = 0;
/** A presence change of Dana (ccsdemo02): one `agent.state` event. */
async function changeDana(): Promise<void> {
  toggle += 1;
  await ccs(server.url, token.telco, `/tenants/${DEMO02}/extensions/${DANA}`, { request: 'updateAgentState', name: toggle % 2 === 1 ? 'Lunch Break' : 'Coffee Break' });
}

beforeAll(async () => {
  server = await startTestServer();
  token.admin = await login(server.url, 'admin@ccsdemo02');
  token.tom = await login(server.url, 'tom@ccsdemo02');
  token.telco = await login(server.url, 'telco@broadview');
});
afterAll(async () => {
  for (const app of extra) await app.close();
  await server.close();
});

describe('the connect handshake', () => {
  it('a good token: the connect response with the user, permissions and tenants; ping answered, other requests refused', async () => {
    const client = await Client.connect(server.url, token.admin);
    const lastSeq = await server.platform.store.lastEventSeq(server.platform.tenants.requireTenant('ccsdemo02').id);
    expect(client.response).toEqual({
      response: 'connect', success: true, user: { username: 'admin@ccsdemo02', level: 'tenant' },
      permissions: expect.arrayContaining(['api', 'agent_events', 'call_events', 'inbound_queue_events']),
      tenants: [{ tenant_id: DEMO02, seq: lastSeq, resumed: false }],
    });
    client.send({ request: 'ping' });
    client.send({ request: 'subscribe' });
    client.send('not json');
    await client.until(() => client.messages.length >= 4);
    expect(client.messages.slice(1)).toEqual([
      { response: 'pong' },
      { response: 'error', reason: expect.stringContaining('unknown request') },
      { response: 'error', reason: expect.any(String) },
    ]);
    expect(client.closed).toBeNull();
    client.close();
  });

  it('the path with a trailing slash works; another path is refused', async () => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/6/v2/sock/`);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.terminate();
    const other = new WebSocket(`${server.url.replace(/^http/, 'ws')}/6/v2/socket`);
    await expect(new Promise((resolve, reject) => { other.once('open', resolve); other.once('error', reject); })).rejects.toThrow(/404/);
  });

  it('a bad token: 4401 Unauthorized; not a connect request: 4400', async () => {
    const bad = await Client.open(server.url);
    bad.send({ request: 'connect', token: 'nope' });
    expect(await bad.closedWith()).toEqual({ code: 4401, reason: 'Unauthorized' });
    const notJson = await Client.open(server.url);
    notJson.send('hello');
    expect((await notJson.closedWith()).code).toBe(4400);
    const other = await Client.open(server.url);
    other.send({ request: 'ping' });
    expect((await other.closedWith()).code).toBe(4400);
    const badResume = await Client.open(server.url);
    badResume.send({ request: 'connect', token: token.admin, resume: { [DEMO02]: 'x' } });
    expect((await badResume.closedWith()).code).toBe(4400);
  });

  it('a revoked token: closed 4401 on the next check', async () => {
    const base = await serverWith({ heartbeatMs: 200 });
    const revoked = await login(base, 'admin@ccsdemo02');
    const client = await Client.connect(base, revoked);
    await fetch(`${base}/6/v2/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${revoked}` } });
    expect(await client.closedWith()).toEqual({ code: 4401, reason: 'Unauthorized' });
    const again = await Client.open(base);
    again.send({ request: 'connect', token: revoked });
    expect(await again.closedWith()).toEqual({ code: 4401, reason: 'Unauthorized' });
  });

  it('no connect request in time: 4408', async () => {
    const base = await serverWith({ connectTimeoutMs: 200 });
    const client = await Client.open(base);
    expect((await client.closedWith()).code).toBe(4408);
  });
});

describe('expiring tokens (SWITCHBOARD_CCS_TOKEN_TTL=1)', () => {
  it('closes a live connection 4401 when its token expires, and refuses the expired token', async () => {
    const short = await startTestServer({ env: { SWITCHBOARD_CCS_TOKEN_TTL: '1' } });
    try {
      const expiring = await login(short.url, 'admin@ccsdemo02');
      const client = await Client.connect(short.url, expiring);
      expect(await client.closedWith()).toEqual({ code: 4401, reason: 'Unauthorized' });
      const late = await Client.open(short.url);
      late.send({ request: 'connect', token: expiring });
      expect(await late.closedWith()).toEqual({ code: 4401, reason: 'Unauthorized' });
    } finally {
      await short.close();
    }
  });
});

describe('permissions and tenants', () => {
  it('a user with Agent Events only sees agent.state and no call events', async () => {
    const tom = await Client.connect(server.url, token.tom);
    const admin = await Client.connect(server.url, token.admin);
    expect(tom.response?.permissions).not.toContain('call_events');
    await changeDana();
    await tom.until(() => tom.events().some((e) => e.event === 'agent.state'));
    expect(tom.events().find((e) => e.event === 'agent.state')).toMatchObject({ tenant_id: DEMO02, seq: expect.any(Number), n: expect.any(Number), at: expect.any(String) });
    await ccs(server.url, token.admin, `/tenants/${DEMO02}/extensions/${TOM}`, { request: 'dial', target: '819735552106', outbound_queue_uuid: 'az123456-c0ed-42b7-8e8c-d50c4991828c' });
    await admin.until(() => admin.events().some((e) => String(e.event).startsWith('call.')));
    await changeDana(); // a later event: tom has seen everything before it
    await tom.until(() => tom.events().filter((e) => e.event === 'agent.state').length >= 2);
    expect(tom.events().filter((e) => !String(e.event).startsWith('agent.'))).toEqual([]);
    tom.close();
    admin.close();
  });

  it("a telco user gets its telco's tenants only", async () => {
    const telco = await Client.connect(server.url, token.telco);
    const ours = server.platform.ccs.tenants.ofTelco(BROADVIEW).map((t) => t.ccsUuid).sort();
    const tenants = telco.response?.tenants as { tenant_id: string }[];
    expect(tenants.map((t) => t.tenant_id).sort()).toEqual(ours);
    const outsider = server.platform.directory.tenants().find((t) => server.platform.ccs.tenants.of(t.id).telcoUuid !== BROADVIEW);
    expect(outsider).toBeDefined();
    if (!outsider) return;
    const agent = server.platform.directory.agentsPage(outsider.id, null, 1).agents[0];
    expect(agent).toBeDefined();
    await server.platform.agentStatus.force(outsider.id, agent?.agentId ?? '', { kind: 'logged_out', reason: null }, 'admin');
    await server.platform.agentStatus.force(outsider.id, agent?.agentId ?? '', { kind: 'available', reason: null }, 'admin');
    await changeDana();
    await telco.until(() => telco.events().some((e) => e.event === 'agent.state'));
    expect(telco.messages.filter((m) => typeof m.event === 'string' && !ours.includes(String(m.tenant_id)))).toEqual([]);
    telco.close();
  });
});

describe('resume', () => {
  it('a reconnect with the last position seen gets exactly the missed events, then live ones', async () => {
    const witness = await Client.connect(server.url, token.admin);
    const first = await Client.connect(server.url, token.admin);
    await changeDana();
    await first.until(() => first.events().length >= 1);
    const seen = first.events().at(-1) as { seq: number; n: number };
    first.close();
    for (let i = 0; i < 5; i += 1) await changeDana();
    await witness.until(() => witness.events().length >= 6);
    const missed = witness.positions().filter((p) => { const [seq = 0, n = 0] = p.split('.').map(Number); return seq > seen.seq || (seq === seen.seq && n > seen.n); });
    expect(missed.length).toBeGreaterThanOrEqual(5);

    const again = await Client.connect(server.url, token.admin, { [DEMO02]: { seq: seen.seq, n: seen.n } });
    expect(again.response?.tenants).toEqual([{ tenant_id: DEMO02, seq: expect.any(Number), resumed: true }]);
    await again.until(() => again.events().length >= missed.length);
    await changeDana();
    await witness.until(() => witness.events().length >= 7);
    const expected = witness.positions().filter((p) => missed.includes(p) || !first.positions().includes(p)).filter((p) => !first.positions().includes(p));
    await again.until(() => again.events().length >= expected.length);
    expect(again.positions()).toEqual(expected);
    // A bare seq means the whole seq was seen.
    const bare = await Client.connect(server.url, token.admin, { [DEMO02]: seen.seq });
    await bare.until(() => bare.events().length >= expected.length);
    expect(bare.positions()).toEqual(expected);
    for (const c of [witness, again, bare]) c.close();
  });

  it('a position older than the retention window: resumed false with a reason, streaming from now', async () => {
    const base = await serverWith({ retentionEvents: 2 });
    const client = await Client.connect(base, token.admin, { [DEMO02]: 0 });
    expect(client.response?.tenants).toEqual([{ tenant_id: DEMO02, seq: expect.any(Number), resumed: false, reason: expect.stringContaining('retention') }]);
    await changeDana();
    await client.until(() => client.events().length >= 1);
    const now = (client.response?.tenants as { seq: number }[])[0]?.seq ?? 0;
    expect(client.events().every((e) => Number(e.seq) > now)).toBe(true);
    client.close();
  });
});

describe('slow clients and the heartbeat', () => {
  it('a client that stops reading is closed 4008 while another keeps receiving every event', async () => {
    const base = await serverWith({ maxBufferedBytes: 16 * 1024 });
    // Loopback kernel buffers would take megabytes before the server's socket backs up: the
    // server side of the slow client is corked too, so what it is sent stays in its buffer at once.
    const app = extra.at(-1);
    const serverSockets: { cork(): void; uncork(): void }[] = [];
    app?.server.prependListener('upgrade', (_request, socket: { cork(): void; uncork(): void }) => serverSockets.push(socket));
    const slow = await Client.connect(base, token.admin);
    const fast = await Client.connect(base, token.admin);
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    serverSockets[0]?.cork();
    const start = fast.events().length;
    const made = 300;
    for (let round = 0; round < made / 50; round += 1) await Promise.all(Array.from({ length: 50 }, () => changeDana()));
    await fast.until(() => fast.events().length >= start + made, 10_000);
    serverSockets[0]?.uncork();
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const closed = await slow.closedWith();
    expect(closed.code).toBe(4008);
    expect(closed.reason).toMatch(/^too slow: behind at seq \d+; reconnect and resume$/);
    expect(slow.events().length).toBeLessThan(made);
    const positions = fast.positions();
    expect(new Set(positions).size).toBe(positions.length);
    expect(fast.closed).toBeNull();
    fast.close();
  }, 30_000);

  it('a client that does not answer pings is terminated; one that does stays', async () => {
    const base = await serverWith({ heartbeatMs: 150 });
    const mute = await Client.open(base, { autoPong: false });
    const live = await Client.open(base);
    live.send({ request: 'connect', token: token.admin });
    mute.send({ request: 'connect', token: token.admin });
    expect((await mute.closedWith()).code).toBe(1006);
    expect(live.closed).toBeNull();
    live.close();
  });
});
