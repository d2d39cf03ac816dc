import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADMIN_TOKEN, DEMO_SECRET } from './server.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 20_000;

/** The real `switchboard serve` in a child process, for tests that kill it. */
export interface ChildServer {
  url: string;
  pid: number;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** SIGKILL, as `kill -9`: no shutdown hook runs. Resolves when the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and wait (clean shutdown). */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `node bin/switchboard.js serve` on `db` with the demo and the test credentials, and
 * resolves once it prints "listening on <url>". Port 0 lets the OS pick a free port (no race
 * between choosing one and binding it); the URL comes from that line.
 */
export async function spawnServer(db: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<ChildServer> {
  const args = ['bin/switchboard.js', 'serve', '--db', db, '--port', '0', '--seed', 'demo', '--log-level', 'warn', ...extraArgs];
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, SWITCHBOARD_DEMO_SECRET: DEMO_SECRET, SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${code}, signal ${signal}):\n${output}`));
    });
  });
  const pid = child.pid as number;
  return {
    url,
    pid,
    output: () => output,
    kill9: async () => {
      const gone = exited(child);
      child.kill('SIGKILL');
      await gone;
    },
    stop: async () => {
      const gone = exited(child);
      child.kill('SIGTERM');
      await gone;
    },
  };
}
