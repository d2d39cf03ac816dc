import { Command, Option } from 'commander';
import { ConfigError, ENV_NAMES, parseConfig, type Config } from '../app/config.ts';
import { startSwitchboard, VERSION } from '../app/bootstrap.ts';
import { Platform } from '../app/platform.ts';
import { cryptoRandom } from '../app/random.ts';
import { wallClock } from '../app/clock.ts';
import { readTenantFile } from '../app/tenant-file.ts';
import { describeApplyResult } from '../app/provisioning/apply.ts';
import { openStore } from '../storage/open.ts';
import { fail } from './fail.ts';
import { registerSimulate } from './simulate.ts';
import { registerTraffic } from './traffic.ts';

function env(key: keyof typeof ENV_NAMES): string {
  return `(env ${ENV_NAMES[key]})`;
}

async function serve(flags: Partial<Record<keyof Config, string>>): Promise<void> {
  const config = parseConfig(flags, process.env);
  const running = await startSwitchboard(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.app.log.info({ signal }, 'draining in-flight requests and closing the database');
    running.close().then(() => process.exit(0), fail);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function apply(file: string, flags: { db?: string }): Promise<void> {
  const config = parseConfig({ ...(flags.db !== undefined && { db: flags.db }) }, process.env);
  const store = await openStore(config.db, { sqliteSynchronous: config.sqliteSynchronous });
  const platform = await Platform.open({ store, clock: wallClock, random: cryptoRandom });
  try {
    for (const r of await platform.apply(await readTenantFile(file))) console.log(describeApplyResult(r));
  } finally {
    await platform.close();
  }
}

async function advanceClock(seconds: string, flags: { url: string; token?: string }): Promise<void> {
  const token = flags.token ?? process.env.SWITCHBOARD_ADMIN_TOKEN;
  if (!token) throw new ConfigError('--token', 'the admin token is required (or set SWITCHBOARD_ADMIN_TOKEN)');
  if (!/^\d+(\.\d+)?$/.test(seconds)) throw new ConfigError('seconds', `'${seconds}' is not a number of seconds`);
  const res = await fetch(`${flags.url.replace(/\/$/, '')}/admin/v1/clock/advance?seconds=${seconds}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { iso?: string; timersRun?: number; message?: string };
  if (!res.ok) throw new ConfigError('clock advance', body.message ?? `HTTP ${res.status}`);
  console.log(`contact-center time is now ${body.iso} (${body.timersRun} timers ran)`);
}

/** The `switchboard` command. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('switchboard').version(VERSION).description('Switchboard contact-center platform');
  program
    .command('serve')
    .description('run the server')
    .option('--host <host>', `address to listen on ${env('host')}`)
    .option('--port <port>', `port ${env('port')}`)
    .option('--db <file|url>', `SQLite file path or postgres:// URL ${env('db')}`)
    .option('--seed <demo|file>', `load the demo or a tenant file (JSON/YAML) at start ${env('seed')}`)
    .addOption(new Option('--clock <mode>', `contact-center time ${env('clock')}`).choices(['wall', 'virtual']))
    .option('--log-level <level>', `log level ${env('logLevel')}`)
    .option('--telephony-seed <n>', `seed of the simulated telephony (same seed, same calls) ${env('telephonySeed')}`)
    .option('--random-seed <n>', `seed of the core's ids and random routing, for simulations only (ids become predictable) ${env('randomSeed')}`)
    .action((opts: Record<string, string>) => serve({ host: opts.host, port: opts.port, db: opts.db, seed: opts.seed, clock: opts.clock, logLevel: opts.logLevel, telephonySeed: opts.telephonySeed, randomSeed: opts.randomSeed }).catch(fail));
  program
    .command('apply <file>')
    .description('apply a tenant file to the database without starting the server')
    .option('--db <file|url>', `SQLite file path or postgres:// URL ${env('db')}`)
    .action((file: string, opts: { db?: string }) => apply(file, opts).catch(fail));
  program
    .command('clock')
    .description('contact-center time of a running server')
    .command('advance <seconds>')
    .description('advance a virtual clock (server started with --clock virtual), running the timers due meanwhile')
    .option('--url <url>', 'the server', 'http://127.0.0.1:8080')
    .option('--token <token>', 'the admin token (env SWITCHBOARD_ADMIN_TOKEN)')
    .action((seconds: string, opts: { url: string; token?: string }) => advanceClock(seconds, opts).catch(fail));
  registerSimulate(program);
  registerTraffic(program);
  await program.parseAsync(argv);
}
