/**
 * CCS API throughput beside a bare Fastify hello-world and the VCC agent-status GET, measured in
 * the same run (ratios; machines are noisy). Read: `GET /6/v2/api/tenants/{t}/extensions/{e}/agent_state`
 * as the telco user (bearer token from memory, the permission check, the state view). Write:
 * `POST /6/v2/api/extensions/{e}` `updateAgentState` as the tenant admin, alternating "Coffee Break"
 * and "Ready" per agent, each a committed presence change with its events.
 * Run: `npm run bench:ccs`. Env: BENCH_DURATION (s, 10), BENCH_CONNECTIONS (10), BENCH_WARMUP (s, 2), BENCH_ROUNDS (3).
 */
import os from 'node:os';
import { basicAuth, call, envInt, runBenchmark, startServers, warnIfBusy } from './support.ts';
import { runRounds, type Scenario } from './rounds.ts';

const VCC_TENANT = 'acmecorp01';
const CCS_TENANT = 'ccsdemo02';
const CCS_TENANT_UUID = 'c255052e-c560-4340-b73e-675eabc3aed3';
/** Dana Dialer, extension 101 of `ccsdemo02` (the agent-state examples). */
const CCS_EXTENSION = 'az123456-5cca-4ff1-874e-dc1c92d6de64';
const CONFIG = {
  duration: envInt('BENCH_DURATION', 10, 1),
  connections: envInt('BENCH_CONNECTIONS', 10, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
  rounds: envInt('BENCH_ROUNDS', 3, 1),
};

/** `POST /6/v2/api/login`: the bearer header of a CCS user. */
async function bearer(base: string, username: string, password: string): Promise<Record<string, string>> {
  const answer = (await call(`${base}/6/v2/api/login`, { method: 'POST', headers: {}, body: JSON.stringify({ username, password }) })) as { token: string };
  return { authorization: `Bearer ${answer.token}` };
}

/** One bench agent per connection; each connection alternates "Coffee Break" and "Ready" for its agent's extension. */
function updateStateScenario(base: string, auth: Record<string, string>, extensions: readonly string[]): Scenario {
  let clients = 0;
  return {
    name: 'CCS updateAgentState (write)',
    options: {
      url: base, connections: CONFIG.connections, duration: CONFIG.duration,
      setupClient: (client) => {
        const extension = extensions[clients++ % extensions.length];
        let onBreak = false;
        client.setRequests([{
          method: 'POST',
          path: `/6/v2/api/extensions/${extension}`,
          headers: { ...auth, 'content-type': 'application/json' },
          setupRequest: (req) => {
            onBreak = !onBreak;
            return { ...req, body: JSON.stringify({ request: 'updateAgentState', name: onBreak ? 'Coffee Break' : 'Ready' }) };
          },
        }]);
      },
    },
  };
}

async function benchAgents(base: string, admin: Record<string, string>): Promise<string[]> {
  const agents = Array.from({ length: CONFIG.connections }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return { agentId: `agCcsBench${n}`, name: `CCS bench ${i + 1}`, group: 1, initialPresence: { kind: 'available' }, ccs: { extensionUuid: `bench-ext-${n}`, extension: `9${n}` } };
  });
  await call(`${base}/admin/v1/provisioning`, {
    method: 'PUT', headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ tenants: [{ name: CCS_TENANT, agents }] }),
  });
  return agents.map((a) => a.ccs.extensionUuid);
}

async function main(): Promise<number> {
  console.log(`connections ${CONFIG.connections}, duration ${CONFIG.duration} s, warm-up ${CONFIG.warmup} s, ${CONFIG.rounds} rounds, ${os.cpus().length} CPUs, node ${process.version}`);
  warnIfBusy();
  const { hello, base, secret, admin } = await startServers();
  const extensions = await benchAgents(base, admin);
  const telco = await bearer(base, 'telco@broadview', secret);
  const tenantAdmin = await bearer(base, 'admin@ccsdemo02', secret);
  const common = { connections: CONFIG.connections, duration: CONFIG.duration };
  const scenarios: Scenario[] = [
    { name: 'hello-world GET /hello', options: { url: `${hello}/hello`, ...common } },
    { name: 'VCC GET agent status', options: { url: `${base}/api/v1/tenants/${VCC_TENANT}/agentstatus/agents/agAQDqmvKiRbG4ekigNSmbbb`, headers: basicAuth(VCC_TENANT, secret), ...common } },
    { name: 'CCS GET agent_state', options: { url: `${base}/6/v2/api/tenants/${CCS_TENANT_UUID}/extensions/${CCS_EXTENSION}/agent_state`, headers: telco, ...common } },
    updateStateScenario(base, tenantAdmin, extensions),
  ];
  return runRounds('ccs-api', scenarios, CONFIG);
}

await runBenchmark(main);
