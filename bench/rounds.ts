import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, autocannon, machine, median, sleep, type AcOptions } from './support.ts';

/** One autocannon scenario; the first of a run is the hello-world baseline the others are divided by. */
export interface Scenario {
  readonly name: string;
  readonly options: AcOptions;
}

export interface RoundsConfig {
  readonly duration: number;
  readonly connections: number;
  readonly warmup: number;
  readonly rounds: number;
}

interface Row { name: string; rate: number; p99: number; bad: number; ratio: number }

async function measure(scenario: Scenario, config: RoundsConfig): Promise<{ rate: number; p99: number; bad: number }> {
  if (config.warmup > 0) {
    await autocannon({ ...scenario.options, duration: config.warmup });
    await sleep(250);
  }
  const r = await autocannon({ ...scenario.options, duration: config.duration });
  return { rate: r.requests.average, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts };
}

/**
 * Runs every scenario in each of `config.rounds` rounds (a warm-up, then the measured run), prints each result with
 * its ratio to that round's first scenario (the baseline measured in the same run), the median summary, and writes
 * `bench/results/<benchmark>.json`. Returns the exit code: 1 when any request failed.
 * @example return runRounds('ccs-api', scenarios, CONFIG);
 */
export async function runRounds(benchmark: string, scenarios: readonly Scenario[], config: RoundsConfig): Promise<number> {
  const width = Math.max(...scenarios.map((s) => s.name.length)) + 2;
  const rounds: Row[][] = [];
  for (let round = 1; round <= config.rounds; round++) {
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      const m = await measure(scenario, config);
      const ratio = m.rate / (rows[0]?.rate ?? m.rate);
      rows.push({ name: scenario.name, ...m, ratio });
      console.log(`round ${round}: ${scenario.name.padEnd(width)} ${m.rate.toFixed(0).padStart(6)} req/s  p99 ${m.p99.toFixed(1)} ms  ratio ${ratio.toFixed(3)}  non-2xx/errors ${m.bad}`);
    }
    rounds.push(rows);
  }
  const summary = scenarios.map((s, i) => ({
    scenario: s.name, medianReqPerSec: median(rounds.map((r) => r[i]?.rate ?? 0)), medianRatio: median(rounds.map((r) => r[i]?.ratio ?? 0)),
  }));
  console.log(`\nsummary (median of ${config.rounds} rounds, ratio to that round's hello-world)`);
  for (const s of summary) console.log(`  ${s.scenario.padEnd(width)} ${s.medianReqPerSec.toFixed(0).padStart(6)} req/s  ratio ${s.medianRatio.toFixed(3)}`);
  const output = path.join(ROOT, 'bench', 'results', `${benchmark}.json`);
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify({ benchmark, date: new Date().toISOString(), machine: machine(), config, summary, rounds }, null, 2)}\n`);
  const bad = rounds.flat().filter((r) => r.bad > 0);
  for (const r of bad) console.error(`PROBLEM ${r.name}: ${r.bad} non-2xx/errors`);
  return bad.length > 0 ? 1 : 0;
}
