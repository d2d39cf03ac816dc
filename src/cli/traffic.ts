import { Option, type Command } from 'commander';
import { ConfigError } from '../app/config.ts';
import { drive, type DriveProgress, type DriveResult } from '../app/sim/drive.ts';
import { AdminApiError, adminRequest, HttpTarget, WallHttpTarget, type AdminEndpoint, type ServerClock } from '../app/sim/http-target.ts';
import { readScenario } from '../app/sim/scenario-file.ts';
import { scenarioStreams, streamSeed } from '../app/sim/streams.ts';
import type { Scenario } from '../domain/sim/scenario.ts';
import { SimStream } from '../domain/sim/timeline.ts';
import { fail } from './fail.ts';

interface TrafficFlags {
  readonly url: string;
  readonly token?: string;
  readonly clock?: 'virtual' | 'wall';
  readonly speed?: string;
}

/** A progress line every this many calls: wall runs (people watch them) and virtual runs (long ones take minutes). */
const WALL_EVERY = 100;
const VIRTUAL_EVERY = 5000;

/**
 * `switchboard traffic <scenario>`: plays a scenario (`docs/simulation.md`) into a running server
 * through its admin API (`docs/traffic.md`). On a virtual-clock server it moves the server's
 * clock itself and ends with the event log's digest (comparable with `switchboard simulate`);
 * on a wall-clock server it plays in real time, `--speed` times faster, until done or Ctrl-C.
 * @example registerTraffic(program); // switchboard traffic examples/sim/demo-day.yaml --clock wall --speed 60
 */
export function registerTraffic(program: Command): void {
  program
    .command('traffic <scenario>')
    .description('play a scenario file into a running server through its admin API')
    .option('--url <url>', 'the server', 'http://127.0.0.1:8080')
    .option('--token <token>', 'the admin token (env SWITCHBOARD_ADMIN_TOKEN)')
    .addOption(new Option('--clock <mode>', 'virtual: move the server\'s virtual clock; wall: play in real time (default: the server\'s own mode)').choices(['virtual', 'wall']))
    .option('--speed <factor>', 'wall clock only: play this many times faster (60 plays a day in 24 minutes); default 1')
    .action((file: string, flags: TrafficFlags) => traffic(file, flags).catch(fail));
}

async function traffic(file: string, flags: TrafficFlags): Promise<void> {
  const token = flags.token ?? process.env.SWITCHBOARD_ADMIN_TOKEN;
  if (!token) throw new ConfigError('--token', 'the admin token is required (or set SWITCHBOARD_ADMIN_TOKEN)');
  if (!/^https?:\/\/[^\s/]+/.test(flags.url)) throw new ConfigError('--url', `'${flags.url}' is not an http:// or https:// URL`);
  const speed = parseSpeed(flags.speed);
  const scenario = await readScenario(file);
  const stop = stopOnInterrupt();
  const endpoint: AdminEndpoint = { url: flags.url, token, signal: stop.signal };
  const server = await explained(flags.url, adminRequest<ServerClock>(endpoint, 'GET', '/clock'));
  const mode = flags.clock ?? server.mode;
  if (mode !== server.mode) {
    throw new ConfigError('--clock', `the server at ${flags.url} runs on the ${server.mode} clock; --clock ${mode} needs a server started with --clock ${mode}`);
  }
  if (mode === 'virtual' && speed !== null) throw new ConfigError('--speed', 'only with --clock wall (a virtual run takes no real time)');
  await explained(flags.url, mode === 'virtual' ? playVirtual(file, scenario, endpoint) : playWall(scenario, endpoint, speed ?? 1));
}

function parseSpeed(value: string | undefined): number | null {
  if (value === undefined) return null;
  const speed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(speed > 0) || speed > 1_000_000) throw new ConfigError('--speed', `'${value}' is not a factor above 0 (e.g. 1, 10, 60)`);
  return speed;
}

/** The first Ctrl-C stops after the request in flight (the server never sees half an action); a second one quits at once. */
function stopOnInterrupt(): AbortController {
  const stop = new AbortController();
  process.once('SIGINT', () => {
    console.error('stopping after the request in flight (Ctrl-C again to quit at once)');
    stop.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return stop;
}

async function playVirtual(file: string, scenario: Scenario, endpoint: AdminEndpoint): Promise<void> {
  const target = new HttpTarget(endpoint, scenario);
  console.log(`traffic: playing "${scenario.name}" into ${endpoint.url} on its virtual clock`);
  const started = Date.now();
  let run: DriveResult;
  try {
    run = await drive(scenario, target, scenarioStreams(scenario.seed), { progressEvery: 1, onProgress: progressPrinter(VIRTUAL_EVERY, started) });
  } catch (error) {
    if (!endpoint.signal?.aborted) throw error;
    console.log(`stopped: ${target.calls} calls placed; the server's clock stays where the run stopped`);
    return;
  }
  const digest = await target.digest();
  const seeds = `--random-seed ${streamSeed(scenario.seed, SimStream.Core)} --telephony-seed ${streamSeed(scenario.seed, SimStream.Telephony)}`;
  console.log(`calls placed: ${run.calls} (tenant ${scenario.tenant}, ${iso(run.startAt)} to ${iso(run.endAt)} contact-center time, ${elapsed(started)} real time)`);
  console.log(`event log: ${digest.events} events, digest ${digest.digest}`);
  console.log(`server seeds: ${seeds}`);
  console.log(`  (the digest equals \`switchboard simulate ${file} --digest\`'s only on a server started fresh with these seeds:`);
  console.log(`   switchboard serve --clock virtual --db memory: --seed none ${seeds})`);
}

async function playWall(scenario: Scenario, endpoint: AdminEndpoint, speed: number): Promise<void> {
  const target = new WallHttpTarget(endpoint, scenario, speed, (wait, at) => console.log(`  waiting ${clockText(wait)} for scenario time ${clockText(at)} (the next action)`));
  const total = (scenario.durationSeconds + scenario.drainSeconds) * 1000;
  console.log(`traffic: playing "${scenario.name}" into ${endpoint.url} on the wall clock at ${speed}x: ${clockText(total)} of scenario in ${clockText(total / speed)}; Ctrl-C stops`);
  const started = Date.now();
  let last: DriveProgress = { doneMs: 0, totalMs: total, calls: 0 };
  const print = progressPrinter(WALL_EVERY, started);
  try {
    await drive(scenario, target, scenarioStreams(scenario.seed), {
      startAt: (now) => target.begin(now), progressEvery: 1,
      onProgress: (progress) => print((last = progress)),
    });
    console.log(`done: ${target.calls} calls placed in ${elapsed(started)}`);
  } catch (error) {
    if (!endpoint.signal?.aborted) throw error;
    console.log(`stopped: ${target.calls} calls placed in ${elapsed(started)} (scenario time ${clockText(last.doneMs)} of ${clockText(total)})`);
  }
}

/** Prints a line each time the calls placed pass another multiple of `every`. */
function progressPrinter(every: number, started: number): (progress: DriveProgress) => void {
  let printed = 0;
  return ({ doneMs, totalMs, calls }) => {
    if (Math.floor(calls / every) <= printed) return;
    printed = Math.floor(calls / every);
    console.log(`  ${elapsed(started).padStart(8)}  ${String(calls).padStart(7)} calls  scenario ${clockText(doneMs)} of ${clockText(totalMs)}`);
  };
}

/**
 * Awaits `work`, turning what a user can fix into a message naming the setting (exit 2): an
 * unreachable server, a refused token, a request the server turned down.
 */
async function explained<T>(url: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AdminApiError && error.status === 401) throw new ConfigError('--token', `the server at ${url} refused the admin token (401)`);
    if (error instanceof AdminApiError && error.status < 500) throw new ConfigError('--url', `the server at ${url}: ${error.message}`);
    // fetch's own failure ('fetch failed') carries the socket's reason as its cause.
    const cause = error instanceof TypeError ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    if (cause) throw new ConfigError('--url', `cannot reach ${url} (${String(cause.code ?? cause.message)}); is the server running?`);
    throw error;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `h:mm:ss` of a duration in ms. */
function clockText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function elapsed(since: number): string {
  return clockText(Date.now() - since);
}
