/**
 * PBX API throughput beside a bare Fastify hello-world and the VCC agent-status GET, measured in
 * the same run (ratios; machines are noisy). Reads: `GET /api/user/{id}?api_key=` (key auth from
 * memory, the whole user record). Writes: `GET /api/cc_agent/setPause` alternating a break and
 * available per agent, each a committed presence change with its events.
 * Run: `npm run bench:pbx`. Env: BENCH_DURATION (s, 10), BENCH_CONNECTIONS (10), BENCH_WARMUP (s, 2), BENCH_ROUNDS (3).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, autocannon, basicAuth, call, envInt, machine, median, runBenchmark, sleep, startServers, warnIfBusy, type AcOptions } from './support.ts';

const TENANT = 'acmecorp01';
const CONFIG = {
  duration: envInt('BENCH_DURATION', 10, 1),
  connections: envInt('BENCH_CONNECTIONS', 10, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
  rounds: envInt('BENCH_ROUNDS', 3, 1),
};

interface Scenario { name: string; options: AcOptions }

async function measure(scenario: Scenario): Promise<{ rate: number; p99: number; bad: number }> {
  if (CONFIG.warmup > 0) {
    await autocannon({ ...scenario.options, duration: CONFIG.warmup });
    await sleep(250);
  }
  const r = await autocannon({ ...scenario.options, duration: CONFIG.duration });
  return { rate: r.requests.average, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts };
}

/** One checked-in agent per connection; each connection alternates break (1725) and available (0) for its agent. */
function setPauseScenario(base: string, key: string, userIds: readonly number[]): Scenario {
  let clients = 0;
  return {
    name: 'PBX setPause (write)',
    options: {
      url: base, connections: CONFIG.connections, duration: CONFIG.duration,
      setupClient: (client) => {
        const userId = userIds[clients++ % userIds.length];
        let onBreak = false;
        client.setRequests([{
          method: 'GET',
          setupRequest: (req) => {
            onBreak = !onBreak;
            return { ...req, path: `/api/cc_agent/setPause?id=${onBreak ? 1725 : 0}&user_id=${userId}&api_key=${encodeURIComponent(key)}` };
          },
        }]);
      },
    },
  };
}

async function benchAgents(base: string, admin: Record<string, string>, key: string): Promise<number[]> {
  const agents = Array.from({ length: CONFIG.connections }, (_, i) => `agPbxBench${String(i + 1).padStart(3, '0')}`);
  await call(`${base}/admin/v1/provisioning`, {
    method: 'PUT', headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ tenants: [{ name: TENANT, agents: agents.map((agentId, i) => ({ agentId, name: `PBX bench ${i + 1}`, group: 1, initialPresence: { kind: 'available' } })) }] }),
  });
  const users = (await call(`${base}/api/user?is_agent=1&q=PBX%20bench&api_key=${encodeURIComponent(key)}`, { headers: {} })) as { data: { id: number }[] };
  return users.data.map((u) => u.id);
}

async function main(): Promise<number> {
  console.log(`connections ${CONFIG.connections}, duration ${CONFIG.duration} s, warm-up ${CONFIG.warmup} s, ${CONFIG.rounds} rounds, ${os.cpus().length} CPUs, node ${process.version}`);
  warnIfBusy();
  const { hello, base, secret, admin } = await startServers();
  const userIds = await benchAgents(base, admin, secret);
  const self = (await call(`${base}/api/user?q=api@acmecorp01&api_key=${encodeURIComponent(secret)}`, { headers: {} })) as { data: { id: number }[] };
  const common = { connections: CONFIG.connections, duration: CONFIG.duration };
  const scenarios: Scenario[] = [
    { name: 'hello-world GET /hello', options: { url: `${hello}/hello`, ...common } },
    { name: 'VCC GET agent status', options: { url: `${base}/api/v1/tenants/${TENANT}/agentstatus/agents/agAQDqmvKiRbG4ekigNSmbbb`, headers: basicAuth(TENANT, secret), ...common } },
    { name: 'PBX GET /api/user/{id}', options: { url: `${base}/api/user/${self.data[0]?.id}?api_key=${encodeURIComponent(secret)}`, ...common } },
    setPauseScenario(base, secret, userIds),
  ];
  const rounds: { name: string; rate: number; p99: number; bad: number; ratio: number }[][] = [];
  for (let round = 1; round <= CONFIG.rounds; round++) {
    const rows = [];
    let helloRate = 0;
    for (const scenario of scenarios) {
      const m = await measure(scenario);
      if (rows.length === 0) helloRate = m.rate;
      rows.push({ name: scenario.name, ...m, ratio: m.rate / helloRate });
      console.log(`round ${round}: ${scenario.name.padEnd(26)} ${m.rate.toFixed(0).padStart(6)} req/s  p99 ${m.p99.toFixed(1)} ms  ratio ${(m.rate / helloRate).toFixed(3)}  non-2xx/errors ${m.bad}`);
    }
    rounds.push(rows);
  }
  const summary = scenarios.map((s, i) => ({
    scenario: s.name, medianReqPerSec: median(rounds.map((r) => r[i]?.rate ?? 0)), medianRatio: median(rounds.map((r) => r[i]?.ratio ?? 0)),
  }));
  console.log(`\nsummary (median of ${CONFIG.rounds} rounds, ratio to that round's hello-world)`);
  for (const s of summary) console.log(`  ${s.scenario.padEnd(26)} ${s.medianReqPerSec.toFixed(0).padStart(6)} req/s  ratio ${s.medianRatio.toFixed(3)}`);
  const output = path.join(ROOT, 'bench', 'results', 'pbx-api.json');
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify({ benchmark: 'pbx-api', date: new Date().toISOString(), machine: machine(), config: CONFIG, summary, rounds }, null, 2)}\n`);
  const bad = rounds.flat().filter((r) => r.bad > 0);
  for (const r of bad) console.error(`PROBLEM ${r.name}: ${r.bad} non-2xx/errors`);
  return bad.length > 0 ? 1 : 0;
}

await runBenchmark(main);
