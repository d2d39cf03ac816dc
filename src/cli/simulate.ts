import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ConfigError } from '../app/config.ts';
import { SchemaError } from '../app/schema-check.ts';
import type { DriveProgress } from '../app/sim/drive.ts';
import { buildReport, formatReport } from '../app/sim/report.ts';
import { readScenario } from '../app/sim/scenario-file.ts';
import { simulate } from '../app/sim/simulate.ts';
import { svgChart } from '../app/sim/svg-chart.ts';
import { RuleViolationError } from '../domain/errors.ts';
import { predictScenario } from '../domain/sim/predict.ts';
import type { Scenario } from '../domain/sim/scenario.ts';
import { fail } from './fail.ts';

/** The models `--compare` knows. */
export const CompareModel = { Erlang: 'erlang' } as const;
export type CompareModel = (typeof CompareModel)[keyof typeof CompareModel];

interface SimulateFlags {
  readonly out: string;
  readonly compare?: string;
  readonly digest?: boolean;
  readonly progress: boolean;
}

/**
 * `switchboard simulate <scenario>`: runs a scenario file (docs/simulation.md) through the real
 * engine on a virtual clock, prints the report and writes it as JSON and as an SVG chart.
 * @example registerSimulate(program); // switchboard simulate examples/sim/demo-day.yaml --compare erlang
 */
export function registerSimulate(program: Command): void {
  program
    .command('simulate <scenario>')
    .description('simulate a day of a contact center from a scenario file (YAML/JSON) on the real engine, and report on it')
    .option('--out <dir>', 'where to write <scenario>.json and <scenario>.svg', 'sim-out')
    .option('--compare <model>', `set a queueing model's prediction beside the measured figures (${Object.values(CompareModel).join(', ')})`)
    .option('--digest', 'compute the event-log digest, to compare the run with a server (hashing every event costs time on big runs)')
    .option('--no-progress', 'no progress bar (there is none either when stderr is not a terminal)')
    .action((file: string, flags: SimulateFlags) => runSimulate(file, flags).catch(fail));
}

async function runSimulate(file: string, flags: SimulateFlags): Promise<void> {
  // Checked here rather than by commander, so a bad value exits 2 like every other bad setting.
  if (flags.compare !== undefined && !(Object.values(CompareModel) as string[]).includes(flags.compare)) {
    throw new ConfigError('--compare', `'${flags.compare}' is not one of ${Object.values(CompareModel).join(', ')}`);
  }
  const scenario = await loadScenario(file);
  const bar = flags.progress && process.stderr.isTTY ? progressBar(scenario) : null;
  const started = performance.now();
  let result;
  try {
    result = await simulate(scenario, { digest: flags.digest === true, ...(bar && { onProgress: bar.update }) });
  } finally {
    bar?.stop();
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const predictions = flags.compare === CompareModel.Erlang ? predictScenario(scenario) : undefined;
  const report = buildReport(result, { wallSeconds, ...(predictions && { predictions }) });
  await mkdir(flags.out, { recursive: true });
  const name = basename(file, extname(file));
  const jsonPath = join(flags.out, `${name}.json`);
  const svgPath = join(flags.out, `${name}.svg`);
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(svgPath, svgChart(report));
  console.log(formatReport(report));
  console.log('');
  console.log(`wrote ${jsonPath}`);
  console.log(`wrote ${svgPath}`);
  if (report.digest) console.log(`event log digest: ${report.digest.digest} (${report.digest.events} events)`);
  const { randomSeed, telephonySeed } = report.serverSeeds;
  console.log(`same run on a server (fresh, nothing else loaded; then \`switchboard traffic\` this file): switchboard serve --clock virtual --db memory: --seed none --random-seed ${randomSeed} --telephony-seed ${telephonySeed}`);
}

/** Reads the scenario; a problem with it names the file and the field (exit 2 through `fail`). */
async function loadScenario(file: string): Promise<Scenario> {
  try {
    return await readScenario(file);
  } catch (error) {
    if (error instanceof SchemaError && error.field === file) throw error; // unreadable or not YAML/JSON: the message names the file already
    if (error instanceof SchemaError) throw new ConfigError(file, error.message);
    if (error instanceof RuleViolationError) {
      const named = error.field && !error.message.includes(error.field) ? `${error.field}: ${error.message}` : error.message;
      throw new ConfigError(file, named);
    }
    throw error;
  }
}

/** A bar over simulated time on stderr: done of total, calls so far and how fast they go. */
function progressBar(scenario: Scenario): { readonly update: (p: DriveProgress) => void; readonly stop: () => void } {
  const bar = new SingleBar(
    { format: 'simulating {bar} {percentage}% | {done} of {span} h simulated | {calls} calls | {rate} calls/s', hideCursor: true, clearOnComplete: true, barsize: 28, stream: process.stderr },
    Presets.shades_classic,
  );
  const started = performance.now();
  const totalMs = (scenario.durationSeconds + scenario.drainSeconds) * 1000;
  const payload = (p: { doneMs: number; calls: number }) => ({
    done: hours(p.doneMs), calls: p.calls, rate: Math.round(p.calls / Math.max(0.001, (performance.now() - started) / 1000)),
  });
  bar.start(totalMs, 0, { ...payload({ doneMs: 0, calls: 0 }), span: hours(totalMs) });
  return {
    update: (p) => bar.update(p.doneMs, payload(p)),
    stop: () => bar.stop(),
  };
}

/** Simulated time as h:mm. */
function hours(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
