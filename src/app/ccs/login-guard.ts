import { checkLogin } from '../../domain/ccs/licences.ts';
import type { LoginGuard } from '../agent-writer.ts';
import type { Platform } from '../platform.ts';

/**
 * The CCS Concurrent licence check on every login (`NOTES.md` §8): with `agent_billing`
 * Concurrent and a `max_agents` limit, a login beyond the limit is refused (RuleViolationError
 * naming `max_agents`). Usage counts the newest decided states, so logins decided back to back
 * see each other. Tenants without that limit cost nothing.
 * @example platform.agentWriter.setLoginGuard(ccsLoginGuard(platform));
 */
export function ccsLoginGuard(platform: Platform): LoginGuard {
  return (agent) => {
    const { limits } = platform.ccs.tenants.of(agent.tenantId);
    if (limits.agentBilling !== 'Concurrent' || limits.maxAgents === null) return;
    checkLogin(limits, platform.ccs.licences.usage(agent.tenantId));
  };
}
