/**
 * The simulator on a day of a 1,000-agent center (`bench/scenarios/day-1000.yaml`, about 300,000
 * calls): wall time, calls per second and peak memory of `simulate()` — the real engine on the
 * in-memory store — beside a bare discrete-event model of the same traffic measured in the same
 * run (same timeline: arrivals, talk and patience draws, shifts; then a binary-heap event loop
 * with first-come-first-served queues and longest-idle agents, and nothing else). The ratio says
 * what running the real platform costs over the simplest simulator of the same day.
 * Each part runs in its own child process, so peak memory (maxRSS) is that part's alone.
 * Run: `npm run bench:sim` (see bench/README.md). Env: BENCH_SCENARIO (another scenario file),
 * BENCH_STRICT=1 (exit 1 when a target is missed).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readScenario } from '../src/app/sim/scenario-file.ts';
import { simulate } from '../src/app/sim/simulate.ts';
import { scenarioStreams } from '../src/app/sim/streams.ts';
import { bareSimulation } from './bare-simulation.ts';
import { ROOT, machine, warnIfBusy } from './support.ts';

const SCENARIO = process.env.BENCH_SCENARIO ?? path.join(ROOT, 'bench/scenarios/day-1000.yaml');
const TARGETS = { wallSeconds: 20, peakMiB: 1024 } as const;

interface PartResult {
  readonly part: 'bare' | 'engine';
  readonly wallMs: number;
  readonly calls: number;
  readonly answered: number;
  readonly maxRssMiB: number;
}

async function runPart(part: PartResult['part']): Promise<PartResult> {
  const scenario = await readScenario(SCENARIO);
  const started = performance.now();
  let calls: number;
  let answered: number;
  if (part === 'bare') {
    ({ calls, answered } = bareSimulation(scenario, scenarioStreams(scenario.seed)));
  } else {
    const result = await simulate(scenario, { digest: false });
    if (result.errors.length > 0) throw new Error(`engine errors: ${result.errors.slice(0, 3).join('; ')}`);
    calls = result.calls;
    answered = scenario.queues.reduce((sum, q) => sum + result.metrics.intervals(q.id).reduce((s, f) => s + f.answered, 0), 0);
  }
  const wallMs = performance.now() - started;
  return { part, wallMs, calls, answered, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
}

/** Runs one part in a fresh process (same loader as this one) and reads its JSON line. */
function inChild(part: PartResult['part']): PartResult {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] as string, '--part', part], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`${part} part failed (${child.status}):\n${child.stderr.slice(-3000)}`);
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as PartResult;
}

async function main(): Promise<number> {
  warnIfBusy();
  console.log(`scenario: ${path.relative(ROOT, SCENARIO)}`);
  const bare = inChild('bare');
  const engine = inChild('engine');
  const row = (r: PartResult) =>
    `${r.part.padEnd(7)} ${(r.wallMs / 1000).toFixed(1).padStart(7)} s ${Math.round(r.calls / (r.wallMs / 1000)).toLocaleString('en-US').padStart(10)} calls/s ${r.calls.toLocaleString('en-US').padStart(9)} calls ${r.answered.toLocaleString('en-US').padStart(9)} answered ${r.maxRssMiB.toFixed(0).padStart(6)} MiB peak`;
  console.log(row(bare));
  console.log(row(engine));
  const ratio = engine.wallMs / bare.wallMs;
  const met = { wall: engine.wallMs / 1000 <= TARGETS.wallSeconds, memory: engine.maxRssMiB <= TARGETS.peakMiB };
  console.log(`engine / bare model wall time: ${ratio.toFixed(1)}×`);
  console.log(`targets: ≤ ${TARGETS.wallSeconds} s ${met.wall ? 'met' : 'MISSED'}, ≤ ${TARGETS.peakMiB} MiB ${met.memory ? 'met' : 'MISSED'}`);
  const out = path.join(ROOT, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `simulate-day-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(file, JSON.stringify({ scenario: path.relative(ROOT, SCENARIO), machine: machine(), bare, engine, ratio, targets: TARGETS, met }, null, 2));
  console.log(`written: ${path.relative(ROOT, file)}`);
  return process.env.BENCH_STRICT === '1' && !(met.wall && met.memory) ? 1 : 0;
}

const partIndex = process.argv.indexOf('--part');
if (partIndex > 0) {
  const part = process.argv[partIndex + 1] === 'bare' ? 'bare' : 'engine';
  console.log(JSON.stringify(await runPart(part)));
} else {
  process.exit(await main().catch((error: unknown) => {
    console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }));
}
