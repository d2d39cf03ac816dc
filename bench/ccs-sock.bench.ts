/**
 * CCS WebSocket (`/6/v2/sock`) fan-out beside a bare `ws` broadcast, measured in the same run.
 * BENCH_CLIENTS clients (one process of their own, `bench/sock-clients.ts`) all watch `ccsdemo02`
 * as `admin@ccsdemo02` (one token) while BENCH_RATE `updateAgentState` requests per second
 * (`POST /6/v2/api/extensions/{e}`, bench agents alternating "Coffee Break" and "Ready") make the
 * events; a control client in this process counts what the tenant's stream carried, and every
 * client must receive exactly that, in order. Then a bare `ws` server in this process broadcasts
 * frames of the same size, as many and at the same pace, to the same number of clients of the
 * same harness: the difference is Switchboard's pipeline (log, bus, mapping, permission filter).
 * Figures: deliveries/s (frames received by all clients / duration), delivery latency (receive
 * time − the frame's `at`, the commit time, whole ms: reads up to 1 ms high), clients that missed
 * events, clients closed by the server. Target (issue 8): p99 < 50 ms and no client misses an event.
 * Run: `npm run bench:sock`. Env: BENCH_CLIENTS (1000), BENCH_RATE (state changes/s, 50),
 * BENCH_DURATION (s, 20), BENCH_WARMUP (s, 2), BENCH_AGENTS (10). Exit 1 on missed events or errors, not on latency.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { ROOT, call, cpuSeconds, envInt, machine, paced, runBenchmark, sleep, startServers, warnIfBusy } from './support.ts';
import { SockTracker, openClient, type ClientsConfig, type ClientsResult, type FromChild, type LatencySummary, type ToChild } from './sock-clients.ts';

const TENANT = 'ccsdemo02';
const TENANT_UUID = 'c255052e-c560-4340-b73e-675eabc3aed3';
const TARGET_P99_MS = 50;
const CONFIG = {
  clients: envInt('BENCH_CLIENTS', 1000, 1),
  rate: envInt('BENCH_RATE', 50, 1),
  duration: envInt('BENCH_DURATION', 20, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
  agents: envInt('BENCH_AGENTS', 10, 1),
};

// ---- the clients' process ----

type Reply<T extends FromChild['type']> = Extract<FromChild, { type: T }>;

/** `bench/sock-clients.ts` in its own process, spoken to over IPC. */
class ClientsProcess {
  private readonly child: ChildProcess;
  private readonly waiters = new Map<string, { resolve: (m: FromChild) => void; reject: (e: Error) => void }>();
  private readonly exited: Promise<void>;

  constructor(config: ClientsConfig) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'bench/sock-clients.ts', JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    live.add(this.child);
    this.child.on('message', (message: FromChild) => {
      const waiter = this.waiters.get(message.type);
      this.waiters.delete(message.type);
      waiter?.resolve(message);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      live.delete(this.child);
      for (const w of this.waiters.values()) w.reject(new Error(`sock clients exited (code ${code}, signal ${signal})`));
      this.waiters.clear();
      resolve();
    }));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** The next message of a type (registered before anything is sent, so none is lost). */
  next<T extends FromChild['type']>(type: T, timeoutMs = 120_000): Promise<Reply<T>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${type}' from the sock clients within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiters.set(type, {
        resolve: (m) => { clearTimeout(timer); resolve(m as Reply<T>); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
    });
  }

  ask<T extends FromChild['type']>(message: ToChild, type: T): Promise<Reply<T>> {
    const answer = this.next(type);
    this.child.send(message);
    return answer;
  }

  tell(message: ToChild): void {
    this.child.send(message);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      this.child.kill('SIGTERM');
      await this.exited;
      clearTimeout(timer);
    }
  }
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

// ---- one measured phase (Switchboard or the baseline) ----

/** What differs between the phases: where the clients connect and what makes the events. */
interface Target {
  name: string;
  url: string;
  token: string;
  /** Makes events for `seconds` at the configured pace; the measured window is `measured`. */
  traffic(seconds: number, measured: boolean): Promise<void>;
  /** CPU seconds of the server's process so far. */
  serverCpu(): number;
}

interface PhaseResult {
  name: string;
  connected: number;
  connectSeconds: number;
  /** Event frames the control client received in the window: what every client should get. */
  expectedPerClient: number;
  frameBytes: number;
  framesPerClientPerSec: number;
  deliveriesPerSec: number;
  latency: LatencySummary;
  /** Open clients with fewer frames than the control client. */
  missed: number;
  /** Open clients with the right count but other (seq, n) — or more frames than the control. */
  wrong: number;
  disorders: number;
  closedByServer: Record<string, number>;
  serverCpuSeconds: number;
  clientsCpuSeconds: number;
}

/** Waits until the clients have every frame the control client has (or nothing moved for 2 s). */
async function settle(clients: ClientsProcess, control: SockTracker, connected: number): Promise<void> {
  let last = -1;
  let stillSince = performance.now();
  for (;;) {
    await sleep(250);
    const { frames, closed } = await clients.ask({ type: 'status' }, 'status');
    const expected = control.frames * (connected - closed);
    const seen = frames + control.frames;
    if (seen !== last) stillSince = performance.now();
    last = seen;
    if (frames >= expected && performance.now() - stillSince >= 500) return;
    if (performance.now() - stillSince >= 2000) return;
  }
}

function judge(name: string, result: ClientsResult, control: SockTracker, connected: number): Pick<PhaseResult, 'missed' | 'wrong' | 'disorders' | 'closedByServer'> {
  let missed = 0;
  let wrong = 0;
  const closedByServer: Record<string, number> = {};
  result.frames.forEach((frames, i) => {
    const code = result.closeCodes[i];
    if (code !== null && code !== undefined) {
      closedByServer[code] = (closedByServer[code] ?? 0) + 1;
      if (Object.keys(closedByServer).length === 1 && closedByServer[code] === 1) console.error(`${name}: a client was closed ${code} ${result.closeReasons[i]}`);
    } else if (frames < control.frames) missed += 1;
    else if (frames > control.frames || result.hashes[i] !== control.hash) wrong += 1;
  });
  // Clients that never connected are missing too.
  missed += CONFIG.clients - connected;
  return { missed, wrong, disorders: result.disorders.reduce((a, b) => a + b, 0) + control.disorders, closedByServer };
}

async function runPhase(target: Target): Promise<PhaseResult> {
  console.log(`\n[${target.name}] connecting ${CONFIG.clients} clients…`);
  const control = new SockTracker(null);
  const controlWs = await openClient(target.url, target.token, control);
  const clients = new ClientsProcess({ url: target.url, token: target.token, clients: CONFIG.clients, concurrency: 50 });
  try {
    const ready = await clients.next('ready');
    console.log(`[${target.name}] ${ready.connected} connected in ${(ready.ms / 1000).toFixed(1)} s${ready.failures.length ? `; failures: ${ready.failures.join(' | ')}` : ''}`);
    if (CONFIG.warmup > 0) {
      await target.traffic(CONFIG.warmup, false);
      await settle(clients, control, ready.connected);
    }
    control.reset();
    clients.tell({ type: 'reset' });
    const serverCpu0 = target.serverCpu();
    console.log(`[${target.name}] ${CONFIG.duration} s of traffic…`);
    await target.traffic(CONFIG.duration, true);
    await settle(clients, control, ready.connected);
    const serverCpuSeconds = target.serverCpu() - serverCpu0;
    const { result } = await clients.ask({ type: 'finish' }, 'result');
    const total = result.frames.reduce((a, b) => a + b, 0);
    return {
      name: target.name, connected: ready.connected, connectSeconds: ready.ms / 1000,
      expectedPerClient: control.frames, frameBytes: control.frames ? Math.round(control.bytes / control.frames) : 0,
      framesPerClientPerSec: control.frames / CONFIG.duration, deliveriesPerSec: total / CONFIG.duration, latency: result.latency,
      ...judge(target.name, result, control, ready.connected), serverCpuSeconds, clientsCpuSeconds: result.cpuSeconds,
    };
  } finally {
    controlWs.terminate();
    await clients.stop();
  }
}

// ---- the two targets ----


async function benchAgents(base: string, admin: Record<string, string>): Promise<string[]> {
  const agents = Array.from({ length: CONFIG.agents }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return { agentId: `agSockBench${n}`, name: `Sock bench ${i + 1}`, group: 1, initialPresence: { kind: 'available' }, ccs: { extensionUuid: `sock-ext-${n}`, extension: `8${n}` } };
  });
  await call(`${base}/admin/v1/provisioning`, {
    method: 'PUT', headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ tenants: [{ name: TENANT, agents }] }),
  });
  return agents.map((a) => a.ccs.extensionUuid);
}

async function switchboardTarget(): Promise<Target & { httpErrors: () => number }> {
  const { base, secret, admin, pid } = await startServers();
  const extensions = await benchAgents(base, admin);
  const { token } = (await call(`${base}/6/v2/api/login`, { method: 'POST', headers: {}, body: JSON.stringify({ username: `admin@${TENANT}`, password: secret }) })) as { token: string };
  const onBreak = extensions.map(() => false);
  let errors = 0;
  return {
    name: 'Switchboard /6/v2/sock', url: `${base.replace(/^http/, 'ws')}/6/v2/sock`, token,
    httpErrors: () => errors,
    serverCpu: () => cpuSeconds(pid) ?? 0,
    traffic: async (seconds) => {
      const pending: Promise<void>[] = [];
      await paced(CONFIG.rate, seconds, (i) => {
        const a = i % extensions.length;
        onBreak[a] = !onBreak[a];
        pending.push(fetch(`${base}/6/v2/api/extensions/${extensions[a]}`, {
          method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ request: 'updateAgentState', name: onBreak[a] ? 'Coffee Break' : 'Ready' }),
        }).then(async (response) => {
          await response.arrayBuffer();
          if (!response.ok) errors += 1;
        }, () => { errors += 1; }));
      });
      await Promise.all(pending);
    },
  };
}

/** A bare `ws` server: answers the connect request, then broadcasts `frames` frames of `bytes` bytes evenly over the window. */
async function baselineTarget(frames: number, bytes: number): Promise<Target & { close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const connected = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    ws.once('message', () => {
      ws.send(JSON.stringify({ response: 'connect', success: true }));
      connected.add(ws);
    });
    ws.on('close', () => connected.delete(ws));
  });
  let seq = 0;
  const frame = (n: number): string => {
    const body = { event: 'agent.state', tenant_id: TENANT_UUID, seq, n, at: new Date().toISOString() };
    const pad = Math.max(0, bytes - JSON.stringify(body).length - ',"pad":""'.length);
    return JSON.stringify({ ...body, pad: 'x'.repeat(pad) });
  };
  const perSecond = frames / CONFIG.duration;
  const startCpu = process.cpuUsage();
  return {
    name: 'bare ws broadcast', url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`, token: 'baseline',
    serverCpu: () => {
      const { user, system } = process.cpuUsage(startCpu);
      return (user + system) / 1e6;
    },
    traffic: async (seconds) => {
      const total = Math.round(perSecond * seconds);
      const ticks = CONFIG.rate * seconds;
      await paced(CONFIG.rate, seconds, (i) => {
        // As Switchboard: one seq per state change, its frames numbered n = 0, 1, … and sent together.
        const count = Math.floor(((i + 1) * total) / ticks) - Math.floor((i * total) / ticks);
        seq += 1;
        for (let n = 0; n < count; n++) {
          const text = frame(n);
          for (const ws of connected) ws.send(text);
        }
      });
    },
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

// ---- report ----

function printSideBySide(sb: PhaseResult, bare: PhaseResult): void {
  const rows: [string, (r: PhaseResult) => string][] = [
    ['clients connected', (r) => String(r.connected)],
    ['event frames per client', (r) => `${r.expectedPerClient} (${r.framesPerClientPerSec.toFixed(1)}/s, ${r.frameBytes} B)`],
    ['deliveries/s (all clients)', (r) => r.deliveriesPerSec.toFixed(0)],
    ['latency p50 / p99 / max (ms)', (r) => `${r.latency.p50.toFixed(1)} / ${r.latency.p99.toFixed(1)} / ${r.latency.max.toFixed(1)}`],
    ['latency mean / p99.9 (ms)', (r) => `${r.latency.mean.toFixed(1)} / ${r.latency.p999.toFixed(1)}`],
    ['clients that missed events', (r) => String(r.missed)],
    ['clients with other events', (r) => String(r.wrong)],
    ['duplicates/reorders', (r) => String(r.disorders)],
    ['clients closed by server', (r) => JSON.stringify(r.closedByServer)],
    ['server CPU s (window)', (r) => r.serverCpuSeconds.toFixed(1)],
    ['clients process CPU s', (r) => r.clientsCpuSeconds.toFixed(1)],
  ];
  console.log(`\n${''.padEnd(30)}${sb.name.padEnd(30)}${bare.name}`);
  for (const [label, value] of rows) console.log(`${label.padEnd(30)}${value(sb).padEnd(30)}${value(bare)}`);
  console.log(`ratios (Switchboard / bare): deliveries/s ${(sb.deliveriesPerSec / bare.deliveriesPerSec).toFixed(3)}, p50 ${(sb.latency.p50 / bare.latency.p50).toFixed(2)}×, p99 ${(sb.latency.p99 / bare.latency.p99).toFixed(2)}×`);
}

async function main(): Promise<number> {
  console.log(`${CONFIG.clients} clients, ${CONFIG.rate} state changes/s over ${CONFIG.agents} agents, ${CONFIG.duration} s after ${CONFIG.warmup} s warm-up, ${os.cpus().length} CPUs, node ${process.version}`);
  warnIfBusy();
  const sbTarget = await switchboardTarget();
  const sb = await runPhase(sbTarget);
  const httpErrors = sbTarget.httpErrors();
  const bareTarget = await baselineTarget(sb.expectedPerClient, sb.frameBytes);
  let bare: PhaseResult;
  try {
    bare = await runPhase(bareTarget);
  } finally {
    await bareTarget.close();
  }
  printSideBySide(sb, bare);
  const closed = Object.values(sb.closedByServer).reduce((a, b) => a + b, 0);
  const pass = sb.latency.p99 < TARGET_P99_MS && sb.missed === 0 && closed === 0;
  console.log(`\ntarget (issue 8): p99 < ${TARGET_P99_MS} ms (${sb.latency.p99.toFixed(1)} ms) and no client misses an event (${sb.missed} missed, ${closed} closed): ${pass ? 'PASS' : 'FAIL'}`);
  const output = path.join(ROOT, 'bench', 'results', 'ccs-sock.json');
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify({
    benchmark: 'ccs-sock', date: new Date().toISOString(), machine: machine(), config: CONFIG, switchboard: sb, baseline: bare, httpErrors,
    ratios: { deliveriesPerSec: sb.deliveriesPerSec / bare.deliveriesPerSec, p50: sb.latency.p50 / bare.latency.p50, p99: sb.latency.p99 / bare.latency.p99 },
    target: { p99Ms: TARGET_P99_MS, pass },
  }, null, 2)}\n`);
  const problems = [
    ...[sb, bare].flatMap((r) => [
      r.missed > 0 ? `${r.name}: ${r.missed} clients missed events` : '',
      r.wrong > 0 ? `${r.name}: ${r.wrong} clients received other events than the control client` : '',
      r.disorders > 0 ? `${r.name}: ${r.disorders} duplicate or reordered frames` : '',
      Object.keys(r.closedByServer).length > 0 ? `${r.name}: clients closed by the server ${JSON.stringify(r.closedByServer)}` : '',
      r.expectedPerClient === 0 ? `${r.name}: the control client received no events` : '',
    ]),
    httpErrors > 0 ? `${httpErrors} updateAgentState requests failed` : '',
  ].filter(Boolean);
  for (const p of problems) console.error(`PROBLEM ${p}`);
  return problems.length > 0 ? 1 : 0;
}

await runBenchmark(main);
