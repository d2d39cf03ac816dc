import { PresenceKind } from '../../domain/agent.ts';
import { usageOf, type CcsUsage } from '../../domain/ccs/licences.ts';
import type { Platform } from '../platform.ts';

const LOGGED_OUT: readonly string[] = [PresenceKind.NeverLoggedIn, PresenceKind.LoggedOut];

/**
 * Limits and licences of CCS tenants (`NOTES.md` §8), counted from the live state: extensions
 * (with the PBX `is_agent` flag), agents logged in (newest decided state), queues.
 * @example checkNewQueue(platform.ccs.tenants.of(t).limits, platform.ccs.licences.usage(t))
 */
export class CcsLicences {
  constructor(private readonly platform: Platform) {}

  usage(tenantId: string): CcsUsage {
    const { platform } = this;
    const extensions = platform.ccs.extensions.list(tenantId).map((e) => ({ ...e, isAgent: platform.pbx.profiles.of(tenantId, e.agentId).is_agent }));
    let loggedIn = 0;
    for (const agent of platform.directory.agentsPage(tenantId, null, Number.MAX_SAFE_INTEGER).agents) {
      if (!LOGGED_OUT.includes(platform.agentWriter.current(tenantId, agent.agentId).state.presence.kind)) loggedIn++;
    }
    return usageOf(extensions, { loggedIn, queues: platform.directory.calls.of(tenantId).queues.size });
  }
}
