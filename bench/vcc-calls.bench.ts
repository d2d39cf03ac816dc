/**
 * VCC phone calls: calls placed per second through `POST /api/v1/tenants/{tenant}/calls`, each then
 * answered, talked, hung up and wrapped up on the virtual clock, beside a bare Fastify hello-world
 * measured in the same run. Run: `npx tsx bench/vcc-calls.bench.ts` (see bench/README.md).
 * Env: BENCH_DURATION (s, 10), BENCH_CONNECTIONS (10), BENCH_AGENTS (200), BENCH_WARMUP (s, 2),
 * BENCH_ROUNDS (3), BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT, SERVER_NODE_ARGS, autocannon, basicAuth, call, cpuSeconds, envInt, machine, median, readEvents, runBenchmark, sleep, startServers, warnIfBusy,
  type AcResult, type LoggedEventView,
} from './support.ts';

const TENANT = 'supertenantcsm01';
const CONFIG = {
  /** Wall-clock seconds of each measured run (hello-world, and the calls loop: the batch under way when it ends completes). */
  duration: envInt('BENCH_DURATION', 10, 1),
  connections: envInt('BENCH_CONNECTIONS', 10, 1),
  /** Agents provisioned for the benchmark: one call each per batch. */
  agents: envInt('BENCH_AGENTS', 200, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
  rounds: envInt('BENCH_ROUNDS', 3, 1),
};
/**
 * The demo's telephony and queue 598 written out, so the lifecycle doesn't move when the defaults
 * do: the agent's device answers after 2 s, the customer after 3–6 s, talks 60–120 s and hangs up;
 * then 30 s of wrap-up. Each batch advances the clock past all of that.
 */
const TELEPHONY = {
  numbers: [{ pattern: '.*', ringSeconds: { min: 3, max: 6 }, outcome: 'answer', talkSeconds: { distribution: 'uniform', min: 60, max: 120 }, hangup: 'callee' }],
  agentDevices: { ringSeconds: 2, answer: 'auto' },
};
const QUEUE = { id: 598, name: 'Outbound sales', type: 'outbound', wrapUpSeconds: 30, transactionCodeLists: [12, 2281], codesRequired: false };
const ADVANCE_SECONDS = 2 + 6 + 120 + 30 + 20;
/** The request of the phone-call document's example; only `agentId` changes. */
const BODY = { prefix: '1', number: '6175551984', callerId: '12015551212', queueId: 598, dialplanId: 12, forceCall: true };

// ---- a keep-alive client pool: one request at a time per connection, a shared queue of agents ----

interface PoolResult { ok: number; non2xx: number; errors: number; latencies: number[]; firstFailure: string | null }

function placeCalls(url: URL, agentPool: http.Agent, auth: Record<string, string>, agents: readonly string[]): Promise<PoolResult> {
  const result: PoolResult = { ok: 0, non2xx: 0, errors: 0, latencies: [], firstFailure: null };
  let next = 0;
  const one = (agentId: string): Promise<void> => new Promise((resolve) => {
    const body = JSON.stringify({ agentId, ...BODY });
    const started = performance.now();
    const req = http.request(url, {
      method: 'POST', agent: agentPool,
      headers: { ...auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => {
        result.latencies.push(performance.now() - started);
        if (res.statusCode === 200) result.ok++;
        else {
          result.non2xx++;
          result.firstFailure ??= `${agentId}: ${res.statusCode} ${text.slice(0, 300)}`;
        }
        resolve();
      });
    });
    req.on('error', (error) => {
      result.errors++;
      result.firstFailure ??= `${agentId}: ${error.message}`;
      resolve();
    });
    req.end(body);
  });
  const worker = async (): Promise<void> => {
    while (next < agents.length) await one(agents[next++] as string);
  };
  return Promise.all(Array.from({ length: Math.min(CONFIG.connections, agents.length) }, worker)).then(() => result);
}

// ---- the calls loop ----

interface Context { base: string; admin: Record<string, string>; auth: Record<string, string>; agents: readonly string[]; pool: http.Agent; pid: number }

interface CallsRun {
  batches: number; placed: number; non2xx: number; errors: number; firstFailure: string | null;
  placeSeconds: number; advanceSeconds: number; timersRun: number; p50Ms: number; p99Ms: number;
  /** Switchboard's CPU seconds during the place and advance phases (null: no /proc). */
  placeCpu: number | null; advanceCpu: number | null;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Batches until `seconds` of wall clock have passed: every agent places one call, then the clock
 * advances until every call has ended and been wrapped up. Stops early on a failed request.
 */
async function callsLoop(seconds: number, ctx: Context): Promise<CallsRun> {
  const run: CallsRun = { batches: 0, placed: 0, non2xx: 0, errors: 0, firstFailure: null, placeSeconds: 0, advanceSeconds: 0, timersRun: 0, p50Ms: 0, p99Ms: 0, placeCpu: 0, advanceCpu: 0 };
  const latencies: number[] = [];
  const url = new URL(`${ctx.base}/api/v1/tenants/${TENANT}/calls`);
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const c0 = cpuSeconds(ctx.pid);
    const t0 = performance.now();
    const placed = await placeCalls(url, ctx.pool, ctx.auth, ctx.agents);
    const t1 = performance.now();
    const c1 = cpuSeconds(ctx.pid);
    const advanced = (await call(`${ctx.base}/admin/v1/clock/advance?seconds=${ADVANCE_SECONDS}`, { method: 'POST', headers: ctx.admin })) as { timersRun: number };
    const t2 = performance.now();
    const c2 = cpuSeconds(ctx.pid);
    run.batches++;
    run.placed += placed.ok;
    run.non2xx += placed.non2xx;
    run.errors += placed.errors;
    run.firstFailure ??= placed.firstFailure;
    run.placeSeconds += (t1 - t0) / 1000;
    run.advanceSeconds += (t2 - t1) / 1000;
    run.timersRun += advanced.timersRun;
    run.placeCpu = c0 === null || c1 === null || run.placeCpu === null ? null : run.placeCpu + c1 - c0;
    run.advanceCpu = c1 === null || c2 === null || run.advanceCpu === null ? null : run.advanceCpu + c2 - c1;
    latencies.push(...placed.latencies);
    if (placed.non2xx + placed.errors > 0) break;
  }
  latencies.sort((a, b) => a - b);
  run.p50Ms = percentile(latencies, 50);
  run.p99Ms = percentile(latencies, 99);
  return run;
}

/** Checks the log after `after`: one `interaction.created` and one `interaction.ended` (completed) per 200; no live calls left. */
async function verify(base: string, admin: Record<string, string>, after: number, placed: number): Promise<{ created: number; completed: number; otherEnds: number; live: number; problems: string[] }> {
  let created = 0;
  let completed = 0;
  let otherEnds = 0;
  await readEvents(base, admin, TENANT, after, (events: LoggedEventView[]) => {
    for (const e of events) {
      if (e.type === 'interaction.created') created++;
      else if (e.type === 'interaction.ended' && e.data.cause === 'completed') completed++;
      else if (e.type === 'interaction.ended') otherEnds++;
    }
  });
  const { calls } = (await call(`${base}/admin/v1/tenants/${TENANT}/calls`, { headers: admin })) as { calls: unknown[] };
  const problems: string[] = [];
  if (created !== placed || completed !== placed || otherEnds > 0) {
    problems.push(`${placed} calls placed (200) but ${created} interaction.created, ${completed} interaction.ended (completed), ${otherEnds} ended otherwise`);
  }
  if (calls.length > 0) problems.push(`${calls.length} calls still live or in post-processing after the clock advanced`);
  return { created, completed, otherEnds, live: calls.length, problems };
}

async function lastSeq(base: string, admin: Record<string, string>, after: number): Promise<number> {
  return readEvents(base, admin, TENANT, after, () => undefined);
}

// ---- reporting ----

interface Row { scenario: string; rate: number; unit: string; p99Ms: number | null; non2xx: number; errors: number; ratio: number | null }
interface Round { rows: Row[]; calls: CallsRun; check: Awaited<ReturnType<typeof verify>> }

function rowsOf(hello: AcResult, calls: CallsRun): Row[] {
  const helloRate = hello.requests.average;
  const placeRate = calls.placed / calls.placeSeconds;
  const lifecycleRate = calls.placed / (calls.placeSeconds + calls.advanceSeconds);
  return [
    { scenario: 'hello-world GET /hello', rate: helloRate, unit: 'req/s', p99Ms: hello.latency.p99, non2xx: hello.non2xx, errors: hello.errors + hello.timeouts, ratio: null },
    { scenario: 'place call (POST …/calls)', rate: placeRate, unit: 'req/s', p99Ms: calls.p99Ms, non2xx: calls.non2xx, errors: calls.errors, ratio: placeRate / helloRate },
    { scenario: 'call lifecycles (place + clock)', rate: lifecycleRate, unit: 'calls/s', p99Ms: null, non2xx: calls.non2xx, errors: calls.errors, ratio: lifecycleRate / helloRate },
  ];
}

function printTable(rows: readonly Row[]): void {
  const header = ['scenario', 'rate', 'unit', 'p99 ms', 'non-2xx', 'errors', 'vs hello'];
  const lines = rows.map((r) => [
    r.scenario, r.rate.toFixed(0), r.unit, r.p99Ms === null ? '' : r.p99Ms.toFixed(1), String(r.non2xx), String(r.errors), r.ratio === null ? '1.00 (base)' : r.ratio.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(format(line));
}

function describeCalls(c: CallsRun): string {
  const perCall = (seconds: number): string => `${((seconds * 1e6) / Math.max(1, c.placed)).toFixed(0)} µs`;
  const cpu = c.placeCpu === null || c.advanceCpu === null ? '' : `; Switchboard CPU per call: place ${perCall(c.placeCpu)}, advance ${perCall(c.advanceCpu)}`;
  return `  calls: ${c.batches} batches of ${CONFIG.agents}, ${c.placed} placed, place-call p50 ${c.p50Ms.toFixed(1)} ms, ${(c.timersRun / Math.max(1, c.placed)).toFixed(1)} timers per call
  wall clock per call: place ${perCall(c.placeSeconds)}, advance ${perCall(c.advanceSeconds)}${cpu}`;
}

function summarise(rounds: readonly Round[]): { scenario: string; unit: string; medianRate: number; medianRatio: number | null; rates: number[]; ratios: number[] }[] {
  return (rounds[0]?.rows ?? []).map((first, i) => {
    const rows = rounds.map((r) => r.rows[i] as Row);
    const ratios = rows.flatMap((r) => (r.ratio === null ? [] : [r.ratio]));
    const rates = rows.map((r) => r.rate);
    return { scenario: first.scenario, unit: first.unit, medianRate: median(rates), medianRatio: ratios.length ? median(ratios) : null, rates, ratios };
  });
}

async function main(): Promise<number> {
  console.log(`connections ${CONFIG.connections}, ${CONFIG.agents} agents (calls per batch), duration ${CONFIG.duration} s, warm-up ${CONFIG.warmup} s, ${CONFIG.rounds} rounds, ${os.cpus().length} CPUs, node ${process.version}`);
  warnIfBusy();
  const loadavgAtStart = os.loadavg();
  const { hello, base, secret, admin, pid } = await startServers(['--clock', 'virtual']);
  const auth = basicAuth(TENANT, secret);
  const agents = Array.from({ length: CONFIG.agents }, (_, i) => `agCallBench${String(i + 1).padStart(4, '0')}`);
  await call(`${base}/admin/v1/provisioning`, {
    method: 'PUT', headers: admin,
    body: JSON.stringify({ tenants: [{
      name: TENANT, telephony: TELEPHONY, queues: [QUEUE],
      agents: agents.map((agentId, i) => ({
        agentId, name: `Call bench ${i + 1}`, username: `callbench${i + 1}@${TENANT}`, password: secret, group: 1, callerId: BODY.callerId, initialPresence: { kind: 'available' },
      })),
    }] }),
  });
  const pool = new http.Agent({ keepAlive: true, maxSockets: CONFIG.connections });
  const ctx: Context = { base, admin, auth, agents, pool, pid };

  const rounds: Round[] = [];
  const problems: string[] = [];
  for (let round = 1; round <= CONFIG.rounds; round++) {
    console.log(`round ${round} of ${CONFIG.rounds}`);
    process.stdout.write('  running hello-world GET /hello …');
    const helloOptions = { url: `${hello}/hello`, connections: CONFIG.connections, duration: CONFIG.duration };
    if (CONFIG.warmup > 0) {
      await autocannon({ ...helloOptions, duration: CONFIG.warmup });
      await sleep(250);
    }
    const helloResult = await autocannon(helloOptions);
    console.log(` ${helloResult.requests.average.toFixed(0)} req/s`);

    process.stdout.write('  running calls …');
    if (CONFIG.warmup > 0) {
      const warm = await callsLoop(CONFIG.warmup, ctx);
      if (warm.non2xx + warm.errors > 0) throw new Error(`warm-up: ${warm.firstFailure}`);
    }
    const before = await lastSeq(base, admin, 0);
    const calls = await callsLoop(CONFIG.duration, ctx);
    const rows = rowsOf(helloResult, calls);
    console.log(` ${rows[1]?.rate.toFixed(0)} place-call req/s, ${rows[2]?.rate.toFixed(0)} call lifecycles/s`);
    printTable(rows);
    console.log(describeCalls(calls));
    const check = await verify(base, admin, before, calls.placed);
    console.log(`  check: ${calls.placed} 200 answers, ${check.created} interaction.created, ${check.completed} interaction.ended (completed), ${check.otherEnds} other ends, ${check.live} live calls left`);
    if (calls.firstFailure) problems.push(`round ${round}: first failed request: ${calls.firstFailure}`);
    if (helloResult.non2xx + helloResult.errors + helloResult.timeouts > 0) problems.push(`round ${round}: hello-world had failures`);
    problems.push(...check.problems.map((p) => `round ${round}: ${p}`));
    rounds.push({ rows, calls, check });
  }
  pool.destroy();

  const summary = summarise(rounds);
  console.log(`\nsummary (median of ${CONFIG.rounds} rounds; each round's ratio uses that round's hello-world)`);
  for (const s of summary) {
    const ratio = s.medianRatio === null ? '' : `  ratio ${s.medianRatio.toFixed(3)} (rounds: ${s.ratios.map((r) => r.toFixed(3)).join(', ')})`;
    console.log(`  ${s.scenario.padEnd(32)} ${s.medianRate.toFixed(0).padStart(6)} ${s.unit.padEnd(7)}${ratio}`);
  }
  const perCall = (pick: (c: CallsRun) => number | null): string => {
    const values = rounds.map((r) => pick(r.calls));
    return values.every((v) => v !== null) ? `${median(values.map((v, i) => ((v as number) * 1e6) / Math.max(1, rounds[i]?.calls.placed ?? 1))).toFixed(0)} µs` : 'n/a';
  };
  console.log(`  per call (medians): wall clock place ${perCall((c) => c.placeSeconds)}, advance ${perCall((c) => c.advanceSeconds)}; Switchboard CPU place ${perCall((c) => c.placeCpu)}, advance ${perCall((c) => c.advanceCpu)}`);

  const output = path.join(ROOT, 'bench', 'results', `vcc-calls-${new Date().toISOString().slice(0, 10)}.json`);
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify({
    benchmark: 'vcc-calls', date: new Date().toISOString(), machine: { ...machine(), loadavgAtStart },
    config: { ...CONFIG, advanceSeconds: ADVANCE_SECONDS, telephony: TELEPHONY, queue: QUEUE, serverNodeArgs: SERVER_NODE_ARGS },
    summary, rounds, problems,
  }, null, 2)}\n`);
  console.log(`results written to ${path.relative(process.cwd(), output)}`);
  for (const p of problems) console.error(`PROBLEM ${p}`);
  return problems.length > 0 ? 1 : 0;
}

await runBenchmark(main);
