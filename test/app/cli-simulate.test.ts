import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/switchboard.js');
const dir = mkdtempSync(join(tmpdir(), 'switchboard-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Half an hour of one queue: ~60 calls, a second or so with the process start. */
const TINY = `
name: tiny
seed: 5
hours: 0.5
drainMinutes: 5
reportIntervalMinutes: 15
queues:
  - id: 1
    name: Help & <Desk>
    wrapUpSeconds: 5
    arrivals: { callsPerHour: 120 }
    handling: { distribution: exponential, meanSeconds: 90 }
    patience: { distribution: exponential, meanSeconds: 60 }
agents:
  - prefix: a
    count: 4
    queues: [1]
`;

function run(...args: string[]) {
  return spawnSync(process.execPath, [BIN, 'simulate', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('switchboard simulate', () => {
  it('runs a scenario, prints the report with Erlang beside it, and writes the JSON and the chart', () => {
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, TINY);
    const out = join(dir, 'out');
    const result = run(file, '--out', out, '--no-progress', '--compare', 'erlang', '--digest');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^tiny \(seed 5\): \d+ calls in [\d.]+ s of wall time/);
    expect(result.stdout).toMatch(/Help & <Desk> \(queue 1\): SL = answered within 20 s; Erlang A beside/);
    expect(result.stdout).toMatch(/Erlang SL%/);
    expect(result.stdout).toContain(`wrote ${join(out, 'tiny.json')}`);
    expect(result.stdout).toMatch(/event log digest: [0-9a-f]{64} \(\d+ events\)/);
    expect(result.stdout).toMatch(/same run on a server .*: switchboard serve --clock virtual --db memory: --seed none --random-seed \d+ --telephony-seed \d+/);

    const report = JSON.parse(readFileSync(join(out, 'tiny.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['scenario', 'seed', 'startAt', 'calls', 'wallSeconds', 'queues', 'digest', 'serverSeeds', 'errors']));
    expect(report).toMatchObject({ scenario: 'tiny', seed: 5, compare: 'erlang', errors: [] });
    const [queue] = report.queues as { name: string; intervals: { start: string; predicted?: { model: string } }[]; total: { offered: number } }[];
    expect(queue?.name).toBe('Help & <Desk>');
    expect(queue?.intervals.map((i) => i.start)).toEqual(['00:00', '00:15']);
    expect(queue?.intervals[0]?.predicted?.model).toBe('erlang-a');
    expect(queue?.total.offered).toBe(report.calls);

    const svg = readFileSync(join(out, 'tiny.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Help &amp; &lt;Desk&gt; SL');
  });

  it('leaves the digest and the prediction out unless asked', () => {
    const out = join(dir, 'plain');
    const result = run(join(dir, 'tiny.yaml'), '--out', out, '--no-progress');
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/Erlang|event log digest/);
    expect(JSON.parse(readFileSync(join(out, 'tiny.json'), 'utf8'))).toMatchObject({ compare: null, digest: null });
  });

  it('exits 2 naming the field of a bad scenario, and writes nothing', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, TINY.replace('queues: [1]', 'queues: [7]'));
    const out = join(dir, 'bad-out');
    const result = run(file, '--out', out, '--no-progress');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`switchboard: ${file}: agents[0].queues[0]: queue 7 is not one of the scenario's queues`);
    expect(existsSync(out)).toBe(false);

    writeFileSync(file, TINY.replace('hours: 0.5\n', ''));
    expect(run(file, '--no-progress').stderr).toContain('Missing required field hours');
    const compare = run(join(dir, 'tiny.yaml'), '--compare', 'poisson');
    expect(compare.status).toBe(2);
    expect(compare.stderr).toContain("--compare: 'poisson' is not one of erlang");
  });
});
