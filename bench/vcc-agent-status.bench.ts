/**
 * VCC agent-status throughput, relative to a bare Fastify hello-world measured in the same run.
 * Run: `npx tsx bench/vcc-agent-status.bench.ts` (see bench/README.md). Env: BENCH_DURATION (s, 10),
 * BENCH_CONNECTIONS (10), BENCH_WARMUP (s, 2), BENCH_ROUNDS (3), BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof`),
 * BENCH_STRICT=1 (exit 1 when a target is missed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT, SERVER_NODE_ARGS, autocannon, basicAuth, call, envInt, machine, median, readEvents, runBenchmark, sleep, startServers, warnIfBusy,
  type AcOptions, type AcResult,
} from './support.ts';

const TENANT = 'acmecorp01';
const GET_AGENT = 'ag64oyEUb_Sk6bxVB9P5ye5w'; // a demo agent
const TARGETS = { get: 0.6, put: 0.3 } as const;
/** Two valid bodies; alternating them (5 → 3 → 5 …) makes every PUT a committed change. */
const BODIES = [
  JSON.stringify({ 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725, 'status-code-item-short-code': 'Lunch' }),
  JSON.stringify({ 'agent-status': 5, 'status-code-list-id': 801, 'status-code-item-id': 1726, 'status-code-item-short-code': 'Train' }),
] as const;

const CONFIG = {
  duration: envInt('BENCH_DURATION', 10, 1),
  connections: envInt('BENCH_CONNECTIONS', 10, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
  /** Rounds of all three scenarios; each round's ratios use that round's hello-world, and the median is reported. */
  rounds: envInt('BENCH_ROUNDS', 3, 1),
};
/** Counts `agent.presence_changed` events after `after`; returns the count and the last sequence number. */
async function countPresenceChanges(base: string, admin: Record<string, string>, after: number): Promise<{ count: number; lastSeq: number }> {
  let count = 0;
  const lastSeq = await readEvents(base, admin, TENANT, after, (events) => { count += events.filter((e) => e.type === 'agent.presence_changed').length; });
  return { count, lastSeq };
}

// ---- scenarios ----

interface Scenario { name: string; key: 'hello' | 'get' | 'put'; options: AcOptions }

interface Row {
  scenario: string; reqPerSec: number; p50Ms: number; p99Ms: number; requests: number; ok2xx: number; non2xx: number; errors: number; timeouts: number;
  ratio: number | null; target: number | null; met: boolean | null; committedWrites?: number;
}

/** Warm-up run, then `beforeRun`, then the measured run. */
async function measure(scenario: Scenario, beforeRun: () => Promise<void>): Promise<AcResult> {
  if (CONFIG.warmup > 0) {
    await autocannon({ ...scenario.options, duration: CONFIG.warmup });
    await sleep(250); // let requests cut off by the warm-up's end finish
  }
  await beforeRun();
  return autocannon({ ...scenario.options, duration: CONFIG.duration });
}

function putScenario(base: string, auth: Record<string, string>, agents: readonly string[]): Scenario {
  const next = agents.map(() => 0); // per agent: which body comes next; survives the warm-up → run hand-over
  let clients = 0;
  return {
    name: 'Switchboard PUT agent status', key: 'put',
    options: {
      url: base, connections: CONFIG.connections, duration: CONFIG.duration,
      // One agent per connection; a connection sends one request at a time, so each agent alternates cleanly.
      setupClient: (client) => {
        const index = clients++ % agents.length;
        client.setRequests([{
          method: 'PUT',
          path: `/api/v1/tenants/${TENANT}/agentstatus/agents/${agents[index]}`,
          headers: { ...auth, 'content-type': 'application/json' },
          setupRequest: (req) => {
            const which = next[index] ?? 0;
            next[index] = 1 - which;
            return { ...req, body: BODIES[which] };
          },
        }]);
      },
    },
  };
}

function toRow(scenario: Scenario, r: AcResult, hello: number | null): Row {
  const ratio = hello && scenario.key !== 'hello' ? r.requests.average / hello : null;
  const target = scenario.key === 'hello' ? null : TARGETS[scenario.key];
  return {
    scenario: scenario.name, reqPerSec: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, requests: r.requests.total,
    ok2xx: r['2xx'], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
    ratio, target, met: ratio === null || target === null ? null : ratio >= target,
  };
}

function printTable(rows: readonly Row[]): void {
  const header = ['scenario', 'req/s', 'p99 ms', 'non-2xx', 'errors', 'vs hello', 'target', 'met'];
  const lines = rows.map((r) => [
    r.scenario, r.reqPerSec.toFixed(0), r.p99Ms.toFixed(1), String(r.non2xx), String(r.errors + r.timeouts),
    r.ratio === null ? '1.00 (base)' : r.ratio.toFixed(2), r.target === null ? '' : `≥ ${r.target.toFixed(2)}`, r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(format(line));
}

/** One round: hello-world, then GET, then PUT, each measured after its own warm-up. */
async function runRound(scenarios: readonly Scenario[], base: string, admin: Record<string, string>): Promise<Row[]> {
  const rows: Row[] = [];
  let helloRate: number | null = null;
  for (const scenario of scenarios) {
    process.stdout.write(`  running ${scenario.name} …`);
    let before = 0;
    const result = await measure(scenario, async () => {
      if (scenario.key === 'put') before = (await countPresenceChanges(base, admin, 0)).lastSeq;
    });
    if (scenario.key === 'hello') helloRate = result.requests.average;
    const row = toRow(scenario, result, helloRate);
    if (scenario.key === 'put') {
      await sleep(250);
      row.committedWrites = (await countPresenceChanges(base, admin, before)).count;
    }
    rows.push(row);
    console.log(` ${row.reqPerSec.toFixed(0)} req/s`);
  }
  return rows;
}

/** Every response 2xx, and every PUT a real committed change (requests cut off at the end may add one per connection). */
function checkRound(rows: readonly Row[]): string[] {
  const problems = rows.filter((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
    .map((r) => `${r.scenario}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  const put = rows.find((r) => r.committedWrites !== undefined);
  if (put?.committedWrites !== undefined) {
    const extra = put.committedWrites - put.ok2xx;
    console.log(`  PUT: ${put.ok2xx} 2xx responses, ${put.committedWrites} agent.presence_changed events committed`);
    if (extra < 0 || extra > CONFIG.connections) problems.push(`PUT: ${put.ok2xx} 2xx but ${put.committedWrites} committed changes (expected 0 to ${CONFIG.connections} more)`);
  }
  return problems;
}

interface SummaryRow { scenario: string; medianReqPerSec: number; medianRatio: number; ratios: number[]; target: number; met: boolean }

function summarise(rounds: readonly Row[][]): SummaryRow[] {
  const names = (rounds[0] ?? []).filter((r) => r.target !== null).map((r) => r.scenario);
  return names.map((scenario) => {
    const rows = rounds.map((round) => round.find((r) => r.scenario === scenario) as Row);
    const ratios = rows.map((r) => r.ratio ?? 0);
    const target = rows[0]?.target ?? 0;
    const medianRatio = median(ratios);
    return { scenario, medianReqPerSec: median(rows.map((r) => r.reqPerSec)), medianRatio, ratios, target, met: medianRatio >= target };
  });
}

function printSummary(summary: readonly SummaryRow[]): void {
  console.log(`\nsummary (median of ${CONFIG.rounds} rounds; each round's ratio uses that round's hello-world)`);
  for (const s of summary) {
    console.log(`  ${s.scenario.padEnd(30)} ${s.medianReqPerSec.toFixed(0).padStart(6)} req/s  ratio ${s.medianRatio.toFixed(2)} (rounds: ${s.ratios.map((r) => r.toFixed(2)).join(', ')})  target ≥ ${s.target.toFixed(2)}  ${s.met ? 'met' : 'MISSED'}`);
  }
}

async function main(): Promise<number> {
  console.log(`connections ${CONFIG.connections}, duration ${CONFIG.duration} s, warm-up ${CONFIG.warmup} s, ${CONFIG.rounds} rounds, ${os.cpus().length} CPUs, node ${process.version}`);
  warnIfBusy();
  const { hello: helloUrl, base, secret, admin } = await startServers();
  const auth = basicAuth(TENANT, secret);

  // One agent per connection, starting in 5 (working offline, Train) so the first PUT (3, Lunch) changes it.
  const agents = Array.from({ length: CONFIG.connections }, (_, i) => `agBench${String(i + 1).padStart(3, '0')}`);
  await call(`${base}/admin/v1/provisioning`, {
    method: 'PUT', headers: admin,
    body: JSON.stringify({ tenants: [{ name: TENANT, agents: agents.map((agentId, i) => ({
      agentId, name: `Bench ${i + 1}`, group: 1, initialPresence: { kind: 'working_offline', reason: { statusCodeListId: 801, statusCodeItemId: 1726 } },
    })) }] }),
  });
  await call(`${base}/api/v1/tenants/${TENANT}/agentstatus/agents/${GET_AGENT}`, { headers: auth }); // credentials work

  const scenarios: Scenario[] = [
    { name: 'hello-world GET /hello', key: 'hello', options: { url: `${helloUrl}/hello`, connections: CONFIG.connections, duration: CONFIG.duration } },
    { name: 'Switchboard GET agent', key: 'get', options: { url: `${base}/api/v1/tenants/${TENANT}/agentstatus/agents/${GET_AGENT}`, connections: CONFIG.connections, duration: CONFIG.duration, headers: auth } },
    putScenario(base, auth, agents),
  ];

  const rounds: Row[][] = [];
  const problems: string[] = [];
  for (let round = 1; round <= CONFIG.rounds; round++) {
    console.log(`round ${round} of ${CONFIG.rounds}`);
    const rows = await runRound(scenarios, base, admin);
    printTable(rows);
    problems.push(...checkRound(rows));
    rounds.push(rows);
  }
  const summary = summarise(rounds);
  printSummary(summary);

  const output = path.join(ROOT, 'bench', 'results', 'vcc-agent-status.json');
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify({
    benchmark: 'vcc-agent-status', date: new Date().toISOString(), machine: machine(),
    config: { ...CONFIG, serverNodeArgs: SERVER_NODE_ARGS },
    targets: { getVsHello: TARGETS.get, putVsHello: TARGETS.put },
    summary, rounds, problems,
  }, null, 2)}\n`);
  console.log(`results written to ${path.relative(process.cwd(), output)}`);

  for (const p of problems) console.error(`PROBLEM ${p}`);
  const missed = summary.filter((r) => !r.met);
  if (missed.length > 0) console.log(`targets missed (median of ${CONFIG.rounds} rounds): ${missed.map((r) => r.scenario).join(', ')}`);
  return problems.length > 0 ? 1 : missed.length > 0 && process.env.BENCH_STRICT === '1' ? 1 : 0;
}

await runBenchmark(main);
