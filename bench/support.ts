/**
 * What the benchmarks share: settings from the environment, the two servers (each in its own child
 * process), cleanup on every exit path, small HTTP helpers and the machine description.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

// autocannon ships no type declarations: the slice of its API the benchmarks use.
export interface AcRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: AcRequest) => AcRequest }
export interface AcClient { setRequests(requests: AcRequest[]): void }
export interface AcOptions { url: string; connections: number; duration: number; method?: string; headers?: Record<string, string>; setupClient?: (client: AcClient) => void }
export interface AcStats { average: number; p50: number; p99: number; total: number }
export interface AcResult { requests: AcStats; latency: AcStats; non2xx: number; errors: number; timeouts: number; '2xx': number; duration: number }
export const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AcOptions) => Promise<AcResult>;

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, got '${raw}'`);
  return value;
}

/** Extra `node` flags for both servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
export const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

// ---- child processes and temp files, cleaned up on every exit path ----

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function startServer(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 60 s`)), 60_000);
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(new Error(`${error.message}\n--- ${name} output ---\n${output.slice(-4000)}`));
    }
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (https?:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`${name} exited early (code ${code}, signal ${signal})`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function cleanup(): Promise<void> {
  await Promise.all([...children].map(stopChild));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

// Last resort (an uncaught error, process.exit): nothing may outlive the benchmark.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping servers`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** Runs the benchmark, stops the servers and removes the database on every path, and exits with its code (1 on an error). */
export async function runBenchmark(main: () => Promise<number>): Promise<never> {
  let exitCode = 1;
  try {
    exitCode = await main();
  } catch (error) {
    console.error(`\nbenchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await cleanup();
  }
  process.exit(exitCode);
}

export interface Servers {
  /** The hello-world server's base URL. */
  hello: string;
  /** Switchboard's base URL. */
  base: string;
  /** Every demo tenant's VCC Action Request Token (and demo password). */
  secret: string;
  /** `authorization` header for `/admin/v1`. */
  admin: Record<string, string>;
  /** Switchboard's process id. */
  pid: number;
}

/**
 * Starts the hello-world baseline and Switchboard (demo seed, fresh SQLite file in a temporary
 * directory, random secrets, log level warn), each in its own process. `extraArgs` go to `serve`.
 */
export async function startServers(extraArgs: readonly string[] = []): Promise<Servers> {
  const secret = randomBytes(18).toString('base64url');
  const adminToken = randomBytes(18).toString('base64url');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
  tempDirs.add(dir);
  const [hello, switchboard] = await Promise.all([
    startServer('hello-world', ['--import', 'tsx', 'bench/hello-world-server.ts'], { PORT: '0' }),
    startServer('switchboard', ['bin/switchboard.js', 'serve', '--db', path.join(dir, 'bench.sqlite'), '--port', '0', '--seed', 'demo', '--log-level', 'warn', ...extraArgs], {
      SWITCHBOARD_DEMO_SECRET: secret, SWITCHBOARD_ADMIN_TOKEN: adminToken,
    }),
  ]);
  return { hello: hello.url, base: switchboard.url, secret, admin: { authorization: `Bearer ${adminToken}` }, pid: switchboard.child.pid ?? 0 };
}

export function basicAuth(tenant: string, secret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${tenant}:${secret}`).toString('base64')}` };
}

// ---- HTTP helpers ----

export async function call(url: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<unknown> {
  const response = await fetch(url, { ...init, headers: { ...init.headers, ...(init.body !== undefined && { 'content-type': 'application/json' }) } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

export interface LoggedEventView { seq: number; type: string; data: Record<string, unknown> }

/** Reads a tenant's event log after `after`, page by page, handing each page to `visit`; returns the last sequence number. */
export async function readEvents(base: string, admin: Record<string, string>, tenant: string, after: number, visit: (events: LoggedEventView[]) => void): Promise<number> {
  let seq = after;
  for (;;) {
    const page = (await call(`${base}/admin/v1/tenants/${tenant}/events?after=${seq}&limit=1000`, { headers: admin })) as { events: LoggedEventView[]; lastSeq: number };
    visit(page.events);
    seq = page.lastSeq;
    if (page.events.length < 1000) return seq;
  }
}

/** CPU seconds (user + system) a process has used so far, from `/proc` (Linux; null elsewhere). */
export function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ, 100 on Linux)
  } catch {
    return null;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `fire(i)` `rate × seconds` times, evenly spaced from now (the benches' steady traffic). */
export async function paced(rate: number, seconds: number, fire: (i: number) => void): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    fire(i);
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Warns when other work is likely to skew the figures. */
export function warnIfBusy(): void {
  const [load] = os.loadavg();
  if ((load ?? 0) > os.cpus().length / 2) console.warn(`warning: load average ${load?.toFixed(2)} — other work on this machine will skew the figures`);
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', totalMemGiB: +(os.totalmem() / 2 ** 30).toFixed(1), platform: os.platform(), arch: os.arch(), node: process.version, loadavg: os.loadavg() };
}
