import { randomBytes } from 'node:crypto';
import { AgentStatus } from '../../domain/agent-status.ts';
import { scenarioAgents, type Scenario } from '../../domain/sim/scenario.ts';
import { SimPresence } from '../../domain/sim/timeline.ts';
import type { StatusChangeRequest } from '../../domain/status-change.ts';
import type { TenantDocument } from '../provisioning/schema.ts';

/** The break reason simulated agents use (list 1, item 1 of the simulated tenant). */
export const SIM_BREAK = { listId: 1, itemId: 1 } as const;

/**
 * The tenant a scenario runs in, as a tenant document (the same one `simulate` applies in
 * memory and `traffic` applies to a server through `PUT /admin/v1/provisioning`): its queues with
 * every agent tiered, one number per queue, agents devices answering by themselves after the
 * scenario's ring time. Agents without shifts start available; the others start logged out.
 * The VCC token is random unless given: a simulation never uses the tenant's VCC API.
 * @example await platform.apply(scenarioTenant(scenario));
 */
export function scenarioTenant(scenario: Scenario, actionRequestToken = randomBytes(18).toString('base64url')): TenantDocument {
  const agents = scenarioAgents(scenario);
  const queues = scenario.queues.map((queue) => ({
    id: queue.id, name: queue.name, type: 'inbound' as const, wrapUpSeconds: queue.wrapUpSeconds,
    routing: { strategy: queue.strategy },
    tiers: agents.filter((a) => a.group.queues.includes(queue.id)).map((a, i) => ({ agent: a.agentId, position: i + 1, level: 1 })),
  }));
  return {
    tenants: [{
      name: scenario.tenant, actionRequestToken, timezone: 'UTC',
      statusCodeLists: [{ id: SIM_BREAK.listId, name: 'Breaks', items: [{ id: SIM_BREAK.itemId, label: 'Scheduled break', kind: 'break' as const }] }],
      agentGroups: [{ id: 1, name: 'Agents', statusCodeLists: [SIM_BREAK.listId] }],
      callDefaults: { wrapUpSeconds: 0 },
      queues,
      dids: scenario.queues.map((q) => ({ number: q.did, queue: q.id })),
      telephony: { agentDevices: { ringSeconds: scenario.ringSeconds, answer: 'auto' as const } },
      agents: agents.map(({ agentId, group }) => ({
        agentId, name: agentId, group: 1, initialQueues: [...group.queues],
        initialPresence: { kind: group.shifts.length === 0 ? ('available' as const) : ('logged_out' as const) },
      })),
    }],
  } as TenantDocument;
}

/** What a simulated agent's shift action asks for, as a status request (the admin route's body). */
export function statusRequestFor(presence: SimPresence): StatusChangeRequest {
  switch (presence) {
    case SimPresence.Available:
      return { status: AgentStatus.WaitTransact, reason: null }; // available (logs a logged-out agent in)
    case SimPresence.OnBreak:
      return { status: AgentStatus.OnBreak, reason: SIM_BREAK };
    case SimPresence.LoggedOut:
      return { status: AgentStatus.LoggedOut, reason: null };
  }
}
