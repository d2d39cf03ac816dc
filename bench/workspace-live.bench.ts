/**
 * The agent workspace's live views (`/AGUI/ws`, issue 9) beside the CCS event stream (`/6/v2/sock`) of the
 * same tenant, for the same status changes, in the same run; see bench/README.md. Per change, on this
 * process's clock: send → HTTP answer, → CCS `agent.state` (the baseline), → the agent's own snapshot
 * showing it, → each supervisor's. Then the same traffic with no page open: the pages' server CPU is the
 * difference. Env: BENCH_AGENTS (200), BENCH_SUPERVISORS (5), BENCH_RATE (20/s), BENCH_DURATION (s, 15),
 * BENCH_WARMUP (s, 2). Exit 1 on missed changes or errors, not on latency.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { BROADVIEW } from '../src/app/demo-ccs.ts';
import type { SupervisorView, WorkspaceMessage } from '../src/app/workspace/view.ts';
import { SockTracker, openClient, type LatencySummary } from './sock-clients.ts';
import { ROOT, call, cpuSeconds, envInt, machine, paced, runBenchmark, sleep, startServers, warnIfBusy } from './support.ts';

const TENANT = 'wsbench01';
const TENANT_UUID = 'a5b0e7c1-0000-4000-8000-00000000ws01';
const WATCH_ROLE = { uuid: 'a5b0e7c1-0000-4000-8000-0000000role1', name: 'Event watchers', permissions: ['api', 'agent_events'] };
const QUEUE = 950;
const BREAK = { listId: 95, itemId: 951 };
const SUPERVISOR = { agentId: 'agWsBenchSupervisor00001', username: `sup@${TENANT}`, extensionUuid: 'wsbench-ext-sup' };
const CONFIG = {
  agents: envInt('BENCH_AGENTS', 200, 1),
  supervisors: envInt('BENCH_SUPERVISORS', 5, 0),
  rate: envInt('BENCH_RATE', 20, 1),
  duration: envInt('BENCH_DURATION', 15, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
};
/** Seconds after the traffic for the last snapshots and events to arrive; a change not shown by then is missed. */
const SETTLE_SECONDS = 3;

type Presence = 'on_break' | 'available';
/** The CCS `agent_state.state.type` of each presence the bench sets. */
const CCS_PRESENCE: Record<string, Presence> = { ready: 'available', away: 'on_break' };
const agentId = (i: number): string => `agWsBench${String(i + 1).padStart(6, '0')}`;
const extensionUuid = (i: number): string => `wsbench-ext-${String(i + 1).padStart(5, '0')}`;

// ---- the bench tenant ----

function tenantDocument(password: string): unknown {
  const agents = Array.from({ length: CONFIG.agents }, (_, i) => ({
    agentId: agentId(i), name: `Bench ${i + 1}`, username: `bench${i + 1}@${TENANT}`, password, group: 1,
    initialPresence: { kind: 'available' }, initialQueues: [QUEUE],
    ccs: { extensionUuid: extensionUuid(i), extension: `7${String(i + 1).padStart(5, '0')}` },
  }));
  // Not an agent (so not a row of the supervisor page, and no events of its own); its CCS role reads agent events.
  const supervisor = {
    agentId: SUPERVISOR.agentId, name: 'Bench Supervisor', username: SUPERVISOR.username, password, pbx: { isAgent: false, permissionGroup: 2 },
    ccs: { extensionUuid: SUPERVISOR.extensionUuid, extension: '699999', roles: [WATCH_ROLE.uuid] },
  };
  return { tenants: [{
    name: TENANT, ccsUuid: TENANT_UUID, timezone: 'UTC',
    ccs: { telco: BROADVIEW, status: 'enable', roles: [WATCH_ROLE] },
    statusCodeLists: [{ id: BREAK.listId, name: 'Reasons', items: [{ id: BREAK.itemId, shortCode: 'Coffee', label: 'Coffee break', kind: 'break' }] }],
    agentGroups: [{ id: 1, name: 'Bench agents', statusCodeLists: [BREAK.listId] }],
    queues: [{ id: QUEUE, name: 'Bench desk', type: 'inbound', tiers: agents.map((a, i) => ({ agent: a.agentId, position: i + 1, level: 1 })) }],
    agents: [...agents, supervisor],
  }] };
}

/** A workspace session: `POST /AGUI/api/login` → the session cookie. */
async function workspaceLogin(base: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${base}/AGUI/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username, password }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`login ${username} → ${response.status}: ${text.slice(0, 300)}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Every agent's cookie, a few logins at a time (each is a scrypt hash on the server). */
async function loginAgents(base: string, password: string): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < CONFIG.agents; i += 8) {
    const batch = Array.from({ length: Math.min(8, CONFIG.agents - i) }, (_, k) => workspaceLogin(base, `bench${i + k + 1}@${TENANT}`, password));
    cookies.push(...(await Promise.all(batch)));
  }
  return cookies;
}

// ---- which change each observer has shown ----

/** One status change and when each observer first showed it (ms on `performance.now()`; null: not yet). */
interface Change {
  readonly agent: number; readonly presence: Presence; readonly measured: boolean; readonly sentAt: number;
  answeredAt: number | null; pageAt: number | null; readonly supervisorAt: (number | null)[]; ccsAt: number | null;
}

/** The changes of one phase; `open`: not yet shown everywhere. */
class Changes {
  readonly all: Change[] = [];
  readonly open = new Set<Change>();
  httpErrors = 0;
  private readonly latestOf = new Map<number, Change>();

  constructor(readonly pages: boolean, readonly supervisors: number) {}

  add(agent: number, presence: Presence, measured: boolean): Change {
    const change: Change = { agent, presence, measured, sentAt: performance.now(), answeredAt: null, pageAt: null, supervisorAt: Array.from({ length: this.supervisors }, () => null), ccsAt: null };
    this.all.push(change);
    this.open.add(change);
    this.latestOf.set(agent, change);
    return change;
  }

  /** The agent's own page (`pageAt`) or the CCS stream (`ccsAt`) showed the agent in `presence`. */
  shown(agent: number, by: 'pageAt' | 'ccsAt', presence: string, at: number): void {
    const change = this.latestOf.get(agent);
    if (change === undefined) return;
    if (change[by] === null && change.presence === presence) change[by] = at;
    this.closeIfDone(change);
  }

  /** A supervisor page showed these presences (agentId → presence). */
  supervisor(index: number, presences: ReadonlyMap<string, string>, at: number): void {
    for (const change of this.open) {
      if (change.supervisorAt[index] === null && presences.get(agentId(change.agent)) === change.presence) change.supervisorAt[index] = at;
      this.closeIfDone(change);
    }
  }

  private closeIfDone(change: Change): void {
    // The HTTP answers are in before the settle (the driver awaits them): only the pushes keep a change open.
    if (change.ccsAt !== null && (!this.pages || change.pageAt !== null) && change.supervisorAt.every((at) => at !== null)) this.open.delete(change);
  }
}

// ---- the observers ----

/** Counts of one socket's snapshots in the measured window. */
class SnapshotCounter {
  snapshots = 0; bytes = 0; maxBytes = 0;
  add(text: string): void {
    this.snapshots += 1;
    this.bytes += text.length;
    this.maxBytes = Math.max(this.maxBytes, text.length);
  }
}

/** Sockets the server closed, counted (ours are closed with 1000 after `closing` is set). */
const unexpectedCloses: string[] = [];
let closing = false;

/** Opens a workspace socket as a browser page would (cookie, same origin); resolves on its first snapshot. */
function openPage(base: string, cookie: string, supervisor: boolean, onSnapshot: (text: string, at: number) => void): Promise<WebSocket> {
  const url = `${base.replace(/^http/, 'ws')}/AGUI/ws${supervisor ? '?view=supervisor' : ''}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { cookie, origin: base }, perMessageDeflate: false });
    let first = true;
    ws.on('message', (data) => {
      const at = performance.now();
      onSnapshot(String(data), at);
      if (first) resolve(ws);
      first = false;
    });
    ws.on('close', (code, reason) => {
      if (first) reject(new Error(`workspace socket closed ${code} ${String(reason)} before its first snapshot`));
      else if (!closing) unexpectedCloses.push(`${supervisor ? 'supervisor' : 'agent'} page closed ${code} ${String(reason)}`);
    });
    ws.on('error', (error) => { if (first) reject(error); });
  });
}

/** The phase whose `Changes` the observers report to (none between phases). */
interface Observers { changes: Changes | null; measuring: boolean; pageCounter: SnapshotCounter; supervisorCounters: SnapshotCounter[] }

async function openAgentPages(base: string, cookies: readonly string[], obs: Observers): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < cookies.length; i += 50) {
    sockets.push(...(await Promise.all(cookies.slice(i, i + 50).map((cookie, k) => openPage(base, cookie, false, (text, at) => {
      if (obs.measuring) obs.pageCounter.add(text);
      const view = (JSON.parse(text) as WorkspaceMessage).view;
      if (view.kind === 'agent') obs.changes?.shown(i + k, 'pageAt', view.status.presence, at);
    })))));
  }
  return sockets;
}

async function openSupervisorPages(base: string, cookie: string, obs: Observers): Promise<WebSocket[]> {
  return Promise.all(obs.supervisorCounters.map((_, s) => openPage(base, cookie, true, (text, at) => {
    if (obs.measuring) obs.supervisorCounters[s]?.add(text);
    const view = (JSON.parse(text) as WorkspaceMessage).view as SupervisorView;
    obs.changes?.supervisor(s, new Map(view.agents.map((row) => [row.agentId, row.status.presence])), at);
  })));
}

/** The CCS client: `agent.state` events of the bench tenant, stamped on arrival (the order checks are SockTracker's). */
class CcsWatch extends SockTracker {
  private readonly byExtension = new Map(Array.from({ length: CONFIG.agents }, (_, i) => [extensionUuid(i), i]));

  constructor(private readonly obs: Observers) {
    super(null);
  }

  override onFrame(text: string): void {
    const at = performance.now();
    super.onFrame(text);
    const body = JSON.parse(text) as { event?: string; tenant_id?: string; extension?: { uuid?: string }; agent_state?: { state?: { type?: string } } };
    const agent = this.byExtension.get(body.extension?.uuid ?? '');
    const type = body.agent_state?.state?.type ?? '';
    if (body.event === 'agent.state' && body.tenant_id === TENANT_UUID && agent !== undefined) this.obs.changes?.shown(agent, 'ccsAt', CCS_PRESENCE[type] ?? type, at);
  }
}

// ---- the traffic ----


/** Round-robin status changes; which agent is next and each agent's status carry over from phase to phase. */
function makeDriver(base: string, cookies: readonly string[]): (changes: Changes, seconds: number, measured: boolean) => Promise<void> {
  const onBreak = cookies.map(() => false);
  let next = 0;
  return async (changes, seconds, measured) => {
    const requests: Promise<void>[] = [];
    await paced(CONFIG.rate, seconds, () => {
      const agent = next++ % cookies.length;
      onBreak[agent] = !onBreak[agent];
      const presence: Presence = onBreak[agent] ? 'on_break' : 'available';
      const change = changes.add(agent, presence, measured);
      requests.push(fetch(`${base}/AGUI/api/status`, {
        method: 'POST', headers: { cookie: cookies[agent] ?? '', origin: base, 'content-type': 'application/json' },
        body: JSON.stringify(presence === 'on_break' ? { status: presence, reason: BREAK } : { status: presence }),
      }).then(async (response) => {
        await response.arrayBuffer();
        change.answeredAt = performance.now();
        if (!response.ok) changes.httpErrors += 1;
      }, () => { changes.httpErrors += 1; }));
    });
    await Promise.all(requests);
  };
}

/** Waits until every change was shown everywhere, or SETTLE_SECONDS passed. */
async function settle(changes: Changes): Promise<void> {
  const deadline = performance.now() + SETTLE_SECONDS * 1000;
  while (changes.open.size > 0 && performance.now() < deadline) await sleep(50);
  await sleep(250); // late snapshots still count as snapshots of the window
}

// ---- figures ----

function summary(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0;
  return { count: sorted.length, mean, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted.at(-1) ?? 0 };
}

interface PhaseFigures {
  name: string; changes: number; httpErrors: number;
  /** Send → HTTP answer (the change committed), send → CCS event, → the agent's page, → every supervisor page (pooled). */
  latencyMs: { answer: LatencySummary; ccs: LatencySummary; page: LatencySummary | null; supervisor: LatencySummary | null };
  missed: { answer: number; ccs: number; page: number; supervisor: number };
  pageSnapshots: { perSec: number; meanBytes: number };
  supervisorSnapshots: { perSecEach: number[]; meanBytes: number; maxBytes: number };
  /** Switchboard's CPU in the window, and the bench process's own (its sockets parse every snapshot). */
  serverCpuSeconds: number; serverCpuMsPerChange: number; benchCpuSeconds: number;
}

function figures(name: string, changes: Changes, obs: Observers, cpu: { server: number; bench: number }): PhaseFigures {
  const measured = changes.all.filter((c) => c.measured);
  const times = (pick: (c: Change) => (number | null)[]): number[] => measured.flatMap((c) => pick(c).flatMap((at) => (at === null ? [] : [at - c.sentAt])));
  const missing = (pick: (c: Change) => (number | null)[]): number => measured.reduce((n, c) => n + pick(c).filter((at) => at === null).length, 0);
  const sup = obs.supervisorCounters;
  return {
    name, changes: measured.length, httpErrors: changes.httpErrors,
    latencyMs: {
      answer: summary(times((c) => [c.answeredAt])), ccs: summary(times((c) => [c.ccsAt])),
      page: changes.pages ? summary(times((c) => [c.pageAt])) : null, supervisor: changes.supervisors ? summary(times((c) => c.supervisorAt)) : null,
    },
    missed: { answer: missing((c) => [c.answeredAt]), ccs: missing((c) => [c.ccsAt]), page: changes.pages ? missing((c) => [c.pageAt]) : 0, supervisor: missing((c) => c.supervisorAt) },
    pageSnapshots: { perSec: obs.pageCounter.snapshots / CONFIG.duration, meanBytes: Math.round(obs.pageCounter.bytes / Math.max(1, obs.pageCounter.snapshots)) },
    supervisorSnapshots: {
      perSecEach: sup.map((c) => +(c.snapshots / CONFIG.duration).toFixed(2)),
      meanBytes: Math.round(sup.reduce((n, c) => n + c.bytes, 0) / Math.max(1, sup.reduce((n, c) => n + c.snapshots, 0))), maxBytes: Math.max(0, ...sup.map((c) => c.maxBytes)),
    },
    serverCpuSeconds: cpu.server, serverCpuMsPerChange: (cpu.server * 1000) / Math.max(1, measured.length), benchCpuSeconds: cpu.bench,
  };
}

const benchCpu = (): number => (({ user, system }) => (user + system) / 1e6)(process.cpuUsage());

/** Warm-up (not measured), then the measured window, then the settle; the observers report to this phase's `Changes`. */
async function runPhase(name: string, changes: Changes, obs: Observers, drive: ReturnType<typeof makeDriver>, pid: number): Promise<PhaseFigures> {
  obs.changes = changes;
  obs.pageCounter = new SnapshotCounter();
  obs.supervisorCounters = obs.supervisorCounters.map(() => new SnapshotCounter());
  if (CONFIG.warmup > 0) await drive(changes, CONFIG.warmup, false);
  console.log(`[${name}] ${CONFIG.duration} s of ${CONFIG.rate} changes/s…`);
  obs.measuring = true;
  const [server0, bench0] = [cpuSeconds(pid) ?? 0, benchCpu()];
  await drive(changes, CONFIG.duration, true);
  await settle(changes);
  obs.measuring = false;
  const cpu = { server: (cpuSeconds(pid) ?? 0) - server0, bench: benchCpu() - bench0 };
  obs.changes = null;
  return figures(name, changes, obs, cpu);
}

// ---- report ----

const ms = (s: LatencySummary | null): string => (s === null ? '—' : `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} / ${s.max.toFixed(1)}`);
const ratio = (a: number | undefined, b: number): number | null => (a === undefined || b <= 0 ? null : +(a / b).toFixed(2));

function ratios(f: PhaseFigures): Record<string, number | null> {
  const { ccs, page, supervisor } = f.latencyMs;
  return { pageP50: ratio(page?.p50, ccs.p50), pageP99: ratio(page?.p99, ccs.p99), supervisorP50: ratio(supervisor?.p50, ccs.p50), supervisorP99: ratio(supervisor?.p99, ccs.p99) };
}

function print(pages: PhaseFigures, quiet: PhaseFigures): void {
  const l = pages.latencyMs;
  console.log(`\n${'send → (ms)'.padEnd(34)}${'p50 / p99 / max'.padEnd(26)}missed`);
  const row = (label: string, s: LatencySummary | null, missed: number): void => console.log(`${label.padEnd(34)}${ms(s).padEnd(26)}${missed}`);
  row('HTTP answer (commit)', l.answer, pages.missed.answer);
  row('CCS agent.state (baseline)', l.ccs, pages.missed.ccs);
  row('agent page snapshot', l.page, pages.missed.page);
  row(`supervisor snapshot (×${CONFIG.supervisors})`, l.supervisor, pages.missed.supervisor);
  const r = ratios(pages);
  console.log(`ratios to the CCS event: agent page p50 ${r.pageP50}× p99 ${r.pageP99}×; supervisor p50 ${r.supervisorP50}× p99 ${r.supervisorP99}×`);
  const sup = pages.supervisorSnapshots;
  console.log(`supervisor snapshots/s each: ${sup.perSecEach.join(', ')}; ${sup.meanBytes} B mean, ${sup.maxBytes} B max; agent page snapshots ${pages.pageSnapshots.perSec.toFixed(1)}/s in all, ${pages.pageSnapshots.meanBytes} B mean`);
  console.log(`server CPU: ${pages.serverCpuSeconds.toFixed(2)} s with the pages (${pages.serverCpuMsPerChange.toFixed(2)} ms/change), ${quiet.serverCpuSeconds.toFixed(2)} s with none (${quiet.serverCpuMsPerChange.toFixed(2)} ms/change); the bench's own ${pages.benchCpuSeconds.toFixed(2)} s / ${quiet.benchCpuSeconds.toFixed(2)} s`);
  console.log(`no pages open: CCS event p50 / p99 / max ${ms(quiet.latencyMs.ccs)} ms, HTTP answer ${ms(quiet.latencyMs.answer)} ms`);
}

function problemsOf(phases: readonly PhaseFigures[], ccsDisorders: number): string[] {
  return [
    ...phases.flatMap((f) => [
      f.httpErrors > 0 ? `${f.name}: ${f.httpErrors} status requests failed` : '',
      f.missed.answer + f.missed.ccs + f.missed.page + f.missed.supervisor > 0 ? `${f.name}: changes never shown ${JSON.stringify(f.missed)}` : '',
      f.changes === 0 ? `${f.name}: no change measured` : '',
    ]),
    ccsDisorders > 0 ? `${ccsDisorders} CCS events duplicated or out of order` : '',
    ...unexpectedCloses.slice(0, 5),
  ].filter(Boolean);
}

function writeResults(pages: PhaseFigures, quiet: PhaseFigures, problems: readonly string[]): void {
  const output = path.join(ROOT, 'bench', 'results', 'workspace-live.json');
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify({
    benchmark: 'workspace-live', date: new Date().toISOString(), machine: machine(), config: { ...CONFIG, settleSeconds: SETTLE_SECONDS },
    baseline: 'send → the CCS /6/v2/sock agent.state event of the same change (one CCS client in the bench process)',
    pages, noPages: quiet, ratios: ratios(pages),
    serverCpuOfPages: { seconds: +(pages.serverCpuSeconds - quiet.serverCpuSeconds).toFixed(2), msPerChange: +(pages.serverCpuMsPerChange - quiet.serverCpuMsPerChange).toFixed(2) },
    problems,
  }, null, 2)}\n`);
  console.log(`results written to ${path.relative(process.cwd(), output)}`);
}

async function main(): Promise<number> {
  console.log(`${CONFIG.agents} agents, ${CONFIG.supervisors} supervisor pages, ${CONFIG.rate} changes/s for ${CONFIG.duration} s after ${CONFIG.warmup} s warm-up, ${os.cpus().length} CPUs, node ${process.version}`);
  if (CONFIG.agents < CONFIG.rate) throw new Error('BENCH_AGENTS must be ≥ BENCH_RATE: an agent changes again only after its last change had a second to show');
  warnIfBusy();
  const { base, admin, pid } = await startServers();
  const password = randomBytes(12).toString('base64url');
  let started = performance.now();
  await call(`${base}/admin/v1/provisioning`, { method: 'PUT', headers: admin, body: JSON.stringify(tenantDocument(password)) });
  const cookies = await loginAgents(base, password);
  const supervisorCookie = await workspaceLogin(base, SUPERVISOR.username, password);
  const { token } = (await call(`${base}/6/v2/api/login`, { method: 'POST', headers: {}, body: JSON.stringify({ username: SUPERVISOR.username, password }) })) as { token: string };
  console.log(`provisioned and logged in ${CONFIG.agents} agents in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const obs: Observers = { changes: null, measuring: false, pageCounter: new SnapshotCounter(), supervisorCounters: Array.from({ length: CONFIG.supervisors }, () => new SnapshotCounter()) };
  const ccs = new CcsWatch(obs);
  const ccsSocket = await openClient(`${base.replace(/^http/, 'ws')}/6/v2/sock`, token, ccs);
  started = performance.now();
  const pageSockets = [...(await openAgentPages(base, cookies, obs)), ...(await openSupervisorPages(base, supervisorCookie, obs))];
  console.log(`${pageSockets.length} workspace sockets open in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const drive = makeDriver(base, cookies);
  const pages = await runPhase('pages open', new Changes(true, CONFIG.supervisors), obs, drive, pid);
  closing = true;
  for (const ws of pageSockets) ws.close(1000);
  await sleep(500);
  const quiet = await runPhase('no pages open', new Changes(false, 0), obs, drive, pid);
  ccsSocket.terminate();
  print(pages, quiet);

  const problems = problemsOf([pages, quiet], ccs.disorders);
  writeResults(pages, quiet, problems);
  for (const p of problems) console.error(`PROBLEM ${p}`);
  return problems.length > 0 ? 1 : 0;
}

await runBenchmark(main);
