import { beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/domain/sim/scenario.ts';
import { SimStream } from '../../src/domain/sim/timeline.ts';
import { drive } from '../../src/app/sim/drive.ts';
import type { LogDigest } from '../../src/app/sim/digest.ts';
import { adminRequest, HttpTarget, type AdminEndpoint } from '../../src/app/sim/http-target.ts';
import { parseScenario } from '../../src/app/sim/scenario-file.ts';
import { simulate, type SimulationResult } from '../../src/app/sim/simulate.ts';
import { scenarioStreams, streamSeed } from '../../src/app/sim/streams.ts';
import { spawnServer, type ChildServer } from '../support/child-server.ts';
import { ADMIN_TOKEN } from '../support/server.ts';

/**
 * Issue 5: one scenario, two ways — `simulate` in this process, and `traffic`'s HttpTarget
 * driving a real `switchboard serve --clock virtual --db memory:` through the admin API — gives
 * the same event log (digest and count). That is what makes a simulation a faithful model of
 * the server: the same engine, the same inputs at the same virtual times, the same seeds.
 */

/** ~440 calls over two hours: a shift group with a break and an all-day group, abandons on Sales (exponential patience), wrap-up on Support, devices ringing 1 s. */
const SCENARIO = {
  name: 'identity', seed: 4242, tenant: 'identitycorp', hours: 2, drainMinutes: 20, ringSeconds: 1,
  queues: [
    { id: 1, name: 'Sales', arrivals: { callsPerHour: [140, 100], intervalMinutes: 60 }, handling: { distribution: 'exponential', meanSeconds: 110 }, patience: { distribution: 'exponential', meanSeconds: 45 } },
    { id: 2, name: 'Support', strategy: 'round-robin', wrapUpSeconds: 20, arrivals: { callsPerHour: 90 }, handling: { distribution: 'lognormal', meanSeconds: 160, sdSeconds: 80 } },
  ],
  agents: [
    { prefix: 'shift', count: 5, queues: [1, 2], shifts: [{ start: '00:00', end: '01:50', breaks: [{ start: '00:45', minutes: 15 }] }] },
    { prefix: 'day', count: 4, queues: [2, 1] },
  ],
};

/** A server started the way `simulate` says a server must be for its digest to match (`--seed none` overrides the helper's demo). */
async function serverFor(scenario: Scenario): Promise<ChildServer> {
  return spawnServer('memory:', [
    '--seed', 'none', '--clock', 'virtual',
    '--random-seed', String(streamSeed(scenario.seed, SimStream.Core)),
    '--telephony-seed', String(streamSeed(scenario.seed, SimStream.Telephony)),
  ]);
}

interface Remote {
  readonly calls: number;
  readonly digest: LogDigest;
  /** How many events of each type the server logged (`agent.presence_changed` split by the new presence). */
  readonly types: Map<string, number>;
}

async function overHttp(scenario: Scenario): Promise<Remote> {
  const server = await serverFor(scenario);
  try {
    const endpoint = { url: server.url, token: ADMIN_TOKEN };
    const target = new HttpTarget(endpoint, scenario);
    const run = await drive(scenario, target, scenarioStreams(scenario.seed));
    return { calls: run.calls, digest: await target.digest(), types: await eventTypes(endpoint, scenario.tenant) };
  } catch (error) {
    throw new Error(`${(error as Error).message}\nserver output:\n${server.output()}`);
  } finally {
    await server.stop();
  }
}

async function eventTypes(endpoint: AdminEndpoint, tenant: string): Promise<Map<string, number>> {
  const types = new Map<string, number>();
  for (let after = 0; ;) {
    const page = await adminRequest<{ events: { type: string; data: { to?: { kind: string } } }[]; lastSeq: number }>(endpoint, 'GET', `/tenants/${tenant}/events?after=${after}&limit=1000`);
    for (const e of page.events) {
      const type = e.type === 'agent.presence_changed' ? `${e.type}:${e.data.to?.kind}` : e.type;
      types.set(type, (types.get(type) ?? 0) + 1);
    }
    if (page.events.length < 1000) return types;
    after = page.lastSeq;
  }
}

describe('a scenario run in-process and through a real server gives one event log', () => {
  const scenario = parseScenario(SCENARIO);
  let local: SimulationResult;

  beforeAll(async () => {
    local = await simulate(scenario);
  });

  it('the scenario places 300–600 calls, some abandoned, without engine errors', () => {
    expect(local.errors).toEqual([]);
    expect(local.calls).toBeGreaterThan(300);
    expect(local.calls).toBeLessThan(600);
    expect(local.metrics.total(1).abandoned).toBeGreaterThan(0);
    expect(local.serverSeeds).toEqual({ randomSeed: streamSeed(scenario.seed, SimStream.Core), telephonySeed: streamSeed(scenario.seed, SimStream.Telephony) });
  });

  it('simulate and HttpTarget → switchboard serve --clock virtual: same digest, same event count', async () => {
    const remote = await overHttp(scenario);
    expect(remote.calls).toBe(local.calls);
    expect(remote.digest).toEqual(local.digest);
    // What the log holds is what the scenario is about: shifts with a break, wrap-up after calls.
    expect(remote.types.get('agent.presence_changed:on_break')).toBe(5);
    expect(remote.types.get('agent.presence_changed:logged_out')).toBe(5);
    expect(remote.types.get('post_processing.started')).toBeGreaterThan(50);
  }, 60_000);

  it('the check can fail: another scenario seed gives another log', async () => {
    const other = await simulate({ ...scenario, seed: scenario.seed + 1 });
    expect(other.digest?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(other.digest?.digest).not.toBe(local.digest?.digest);
  });
});
