import { INITIAL_ROUTING } from '../../domain/acd/agent-routing.ts';
import type { RoutingAgent } from '../../domain/acd/router.ts';
import { DEFAULT_ROUTING, type QueueRouting } from '../../domain/acd/routing.ts';
import { ActivityKind, PresenceKind, type Agent } from '../../domain/agent.ts';
import type { Queue } from '../../domain/calls/queue.ts';

const LOGGED_OUT: ReadonlySet<string> = new Set([PresenceKind.LoggedOut, PresenceKind.NeverLoggedIn]);

/**
 * What routing needs to know about an agent, from its state (`acd.md`, eligibility): available,
 * nothing on its lines (the call engine settles the activity from the lines and wrap-ups), and
 * no delay running. Joined queues and counters come from its routing state.
 * @example routingAgentOf(agent, clock.now()).eligible
 */
export function routingAgentOf(agent: Agent, now: number): RoutingAgent {
  const routing = agent.state.routing ?? INITIAL_ROUTING;
  const idle = agent.state.presence.kind === PresenceKind.Available && agent.state.activity === ActivityKind.Idle;
  const delayed = routing.readyAt !== null && routing.readyAt > now;
  return {
    agentId: agent.agentId,
    eligible: idle && !delayed,
    loggedIn: !LOGGED_OUT.has(agent.state.presence.kind),
    joined: new Set(routing.joined),
    callsAnswered: routing.callsAnswered,
    talkTimeMs: routing.talkTimeMs,
    lastBridgeEndAt: routing.lastBridgeEndAt,
  };
}

/** A queue's routing settings, the defaults where the queue has none. */
export function routingOf(queue: Queue): QueueRouting {
  return queue.routing ?? DEFAULT_ROUTING;
}
