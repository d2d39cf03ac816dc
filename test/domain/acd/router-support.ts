import { Router, type RoutingAgent } from '../../../src/domain/acd/router.ts';
import { DEFAULT_ROUTING, type QueueRouting, type Strategy, type Tier } from '../../../src/domain/acd/routing.ts';
import { seededRandom } from '../../../src/domain/ports.ts';

export const Q = 1;
export const T0 = 1_000_000;

export function tier(agentId: string, position: number, level = 1, timeGroupId: number | null = null): Tier {
  return { agentId, mode: 'Available', position, level, timeGroupId };
}

export function agent(agentId: string, extra: Partial<RoutingAgent> = {}): RoutingAgent {
  return { agentId, eligible: true, loggedIn: true, joined: new Set([Q]), callsAnswered: 0, talkTimeMs: 0, lastBridgeEndAt: null, ...extra };
}

/** A router with one queue of `strategy` and the given tiers, every agent eligible unless overridden. */
export function routerWith(strategy: Strategy, tiers: Tier[], agents: RoutingAgent[] = [], routing: Partial<QueueRouting> = {}, seed = 1): Router {
  const router = new Router(seededRandom(seed));
  router.putQueue(Q, { ...DEFAULT_ROUTING, strategy, ...routing }, tiers, T0);
  const given = new Map(agents.map((a) => [a.agentId, a]));
  for (const t of tiers) router.putAgent(given.get(t.agentId) ?? agent(t.agentId), T0);
  return router;
}

let seq = 0;
/** Adds a caller who joined at `joinedAt` and returns its id. */
export function join(router: Router, callerId: string, joinedAt = T0, baseScore = 0, queueId = Q): string {
  router.addCaller({ callerId, queueId, joinedAt, answeredAt: joinedAt, baseScore, seq: ++seq });
  return callerId;
}

/** Dispatches and returns `caller → agents` pairs. */
export function offers(router: Router, now = T0, queueId = Q): string[] {
  return router.dispatch(queueId, now).map((o) => `${o.callerId}→${o.agentIds.join('+')}`);
}

/** Ends an offer and makes the agent eligible again (as the app does once its call and wrap-up are over). */
export function release(router: Router, callerId: string, agentId: string, end: 'answered' | 'missed' | 'cancelled', now = T0): void {
  router.offerEnded(Q, callerId, agentId, end, now);
  router.putAgent(agent(agentId), now);
}
