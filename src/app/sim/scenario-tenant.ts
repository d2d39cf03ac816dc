import { scenarioAgents, type Scenario } from '../../domain/sim/scenario.ts';
import type { TenantDocument } from '../provisioning/schema.ts';

/** The break reason simulated agents use (list 1, item 1 of the simulated tenant). */
export const SIM_BREAK = { listId: 1, itemId: 1 } as const;

/**
 * The tenant a scenario runs in, as a tenant document (the same one `simulate` applies in
 * memory and `traffic` applies to a server through `PUT /admin/v1/provisioning`): its queues with
 * every agent tiered, one number per queue, agents devices answering by themselves after the
 * scenario's ring time. Agents without shifts start available; the others start logged out.
 * @example await platform.apply(scenarioTenant(scenario, 'a-token-of-8+'));
 */
export function scenarioTenant(scenario: Scenario, actionRequestToken: string): TenantDocument {
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
