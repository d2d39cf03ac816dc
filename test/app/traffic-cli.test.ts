import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimStream } from '../../src/domain/sim/timeline.ts';
import { streamSeed } from '../../src/app/sim/streams.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

/** `switchboard traffic`: both clocks, Ctrl-C, and the messages of what a user can get wrong. */

const BIN = resolve(import.meta.dirname, '../../bin/switchboard.js');
const dir = mkdtempSync(join(tmpdir(), 'switchboard-traffic-'));
/** Six minutes of calls, no drain, agents all day: ~20 calls. */
const SCENARIO = join(dir, 'tiny.json');
writeFileSync(SCENARIO, JSON.stringify({
  name: 'tiny', seed: 3, tenant: 'tinycorp', hours: 0.1, drainMinutes: 0,
  queues: [{ id: 1, name: 'Sales', arrivals: { callsPerHour: 200 }, handling: { distribution: 'fixed', seconds: 30 }, patience: { distribution: 'exponential', meanSeconds: 60 } }],
  agents: [{ prefix: 'a', count: 2, queues: [1] }],
}));

let wall: TestServer;
let virtual: TestServer;
beforeAll(async () => {
  [wall, virtual] = await Promise.all([startTestServer(), startTestServer({ clock: 'virtual' })]);
});
afterAll(async () => {
  await Promise.all([wall.close(), virtual.close()]);
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `switchboard traffic …`; `onStdout` sees the output as it comes (to send Ctrl-C at the right moment). */
function traffic(args: string[], onStdout?: (seen: string, kill: (signal: NodeJS.Signals) => void) => void): Promise<Run> {
  const child = spawn(process.execPath, [BIN, 'traffic', ...args], { env: { ...process.env, SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout, (signal) => child.kill(signal));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, stdout, stderr })));
}

/** A port nothing listens on (bound by the OS, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('switchboard traffic', () => {
  it('plays a scenario on a virtual-clock server and prints the calls, the digest and the seeds to start a server with', async () => {
    const run = await traffic([SCENARIO, '--url', virtual.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const calls = Number(/calls placed: (\d+)/.exec(run.stdout)?.[1]);
    expect(calls).toBeGreaterThan(5);
    const res = await fetch(`${virtual.url}/admin/v1/tenants/tinycorp/events/digest`, { headers: { authorization: virtual.admin } });
    const { digest, events } = (await res.json()) as { digest: string; events: number };
    expect(run.stdout).toContain(`event log: ${events} events, digest ${digest}`);
    expect(run.stdout).toContain(`server seeds: --random-seed ${streamSeed(3, SimStream.Core)} --telephony-seed ${streamSeed(3, SimStream.Telephony)}`);
  });

  it('plays a scenario on a wall-clock server in real time, --speed times faster', async () => {
    const run = await traffic([SCENARIO, '--url', wall.url, '--speed', '3600']); // six minutes in a tenth of a second
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/on the wall clock at 3600x/);
    expect(run.stdout).toMatch(/done: \d+ calls placed/);
  });

  it('stops cleanly on Ctrl-C, saying how far it got', async () => {
    let sent = false;
    const run = await traffic([SCENARIO, '--url', wall.url, '--clock', 'wall'], (seen, kill) => {
      if (!sent && seen.includes('Ctrl-C stops')) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/stopped: \d+ calls placed in .* \(scenario time 0:0\d:\d\d of 0:06:00\)/);
  });

  it('names what to fix, with exit code 2', async () => {
    const runs = await Promise.all([
      traffic([SCENARIO, '--url', `http://127.0.0.1:${await closedPort()}`]),
      traffic([SCENARIO, '--url', wall.url, '--token', 'not-the-admin-token']),
      traffic([join(dir, 'missing.yaml'), '--url', wall.url]),
      traffic([SCENARIO, '--url', wall.url, '--clock', 'virtual']),
      traffic([SCENARIO, '--url', virtual.url, '--speed', '60']),
      traffic([SCENARIO, '--url', wall.url, '--speed', '0']),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2]);
    const messages = runs.map((r) => r.stderr.trim());
    expect(messages[0]).toMatch(/^switchboard: --url: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(messages[1]).toMatch(/^switchboard: --token: the server at .* refused the admin token \(401\)$/);
    expect(messages[2]).toMatch(/missing\.yaml: cannot be read \(ENOENT\)/);
    expect(messages[3]).toMatch(/--clock: the server at .* runs on the wall clock/);
    expect(messages[4]).toMatch(/--speed: only with --clock wall/);
    expect(messages[5]).toMatch(/--speed: '0' is not a factor above 0/);
  });
});
