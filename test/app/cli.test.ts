import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, ADMIN_TOKEN } from '../support/server.ts';

const BIN = resolve(import.meta.dirname, '../../bin/switchboard.js');
const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL'); // never leave a server behind a failed test
  rmSync(dir, { recursive: true, force: true });
});

const ENV = { ...process.env, SWITCHBOARD_DEMO_SECRET: 'cli-demo-secret', SWITCHBOARD_ADMIN_TOKEN: 'cli-admin-token' };

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolvePromise, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) resolvePromise(match);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}: ${seen}`)));
  });
}

describe('switchboard serve', () => {
  it('fails fast with a message naming the bad setting', () => {
    const result = spawnSync(process.execPath, [BIN, 'serve', '--port', 'eighty'], { env: ENV, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--port: 'eighty' is not a whole number/);
    const fromEnv = spawnSync(process.execPath, [BIN, 'serve'], { env: { ...ENV, SWITCHBOARD_CLOCK: 'sundial' }, encoding: 'utf8' });
    expect(fromEnv.stderr).toMatch(/SWITCHBOARD_CLOCK: 'sundial' is not one of wall, virtual/);
  });

  it('prints where it listens and where the docs are, and drains on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(dir, 'cli.sqlite'), '--seed', 'demo', '--log-level', 'warn'], { env: ENV });
    children.push(child);
    const [, url] = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)[^\n]*\nAPI docs: http:\/\/127\.0\.0\.1:\d+\/docs/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const entries = Array.from({ length: 1000 }, (_, i) => ({ 'agent-id': i % 2 ? 'ag64oyEUb_Sk6bxVB9P5ye5w' : 'agAQDqmvKiRbG4ekigNSmbbb', 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725 }));
    const inFlight = fetch(`${url}/api/v1/tenants/acmecorp01/agentstatus/agents/bulk`, {
      method: 'PUT',
      headers: { authorization: `Basic ${Buffer.from('acmecorp01:cli-demo-secret').toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ agents: entries }),
    });
    // Give the request time to reach the server; processing 1000 entries (one transaction each) takes far longer.
    await new Promise((r) => setTimeout(r, 50));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect((await inFlight).status).toBe(207);
    expect(await exited).toBe(0);
  });
});

describe('switchboard clock advance', () => {
  it('advances a running virtual-clock server and says where time now stands', async () => {
    const server = await startTestServer({ clock: 'virtual' });
    try {
      const child = spawn(process.execPath, [BIN, 'clock', 'advance', '90', '--url', server.url, '--token', ADMIN_TOKEN], { env: ENV });
      children.push(child);
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(code).toBe(0);
      expect(out).toMatch(/contact-center time is now 2026-01-05T09:01:30\.000Z \(0 timers ran\)/);
    } finally {
      await server.close();
    }
  });
});
