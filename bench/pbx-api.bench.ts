/**
 * PBX API throughput beside a bare Fastify hello-world and the VCC agent-status GET, measured in
 * the same run (ratios; machines are noisy). Reads: `GET /api/user/{id}?api_key=` (key auth from
 * memory, the whole user record). Writes: `GET /api/cc_agent/setPause` alternating a break and
 * available per agent, each a committed presence change with its events.
 * Run: `npm run bench:pbx`. Env: BENCH_DURATION (s, 10), BENCH_CONNECTIONS (10), BENCH_WARMUP (s, 2), BENCH_ROUNDS (3).
 */
import os from 'node:os';
import { basicAuth, call, envInt, runBenchmark, startServers, warnIfBusy } from './support.ts';
import { runRounds, type Scenario } from './rounds.ts';

const TENANT = 'acmecorp01';
const CONFIG = {
  duration: envInt('BENCH_DURATION', 10, 1),
  connections: envInt('BENCH_CONNECTIONS', 10, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
  rounds: envInt('BENCH_ROUNDS', 3, 1),
};

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
  return runRounds('pbx-api', scenarios, CONFIG);
}

await runBenchmark(main);
