import { ActivityKind, type Agent, type Presence } from '../agent.ts';
import type { DomainEvent } from '../events.ts';
import { sameReason } from '../reason-codes.ts';
import { applyPresence } from '../status-change.ts';
import type { CallChange, Interaction } from './interaction.ts';
import { activityFor, otherLine, type LineUse } from './lines.ts';

/**
 * What a call transition needs to know about the agent besides the interaction itself:
 * the agent, what the agent's other line carries, and whether another interaction's
 * wrap-up is still running (after a forced call during post-processing).
 */
export interface CallContext {
  readonly agent: Agent;
  readonly now: number;
  readonly otherLine: LineUse | null;
  readonly otherPostProcessing: boolean;
}

/**
 * Recomputes the agent's activity after an interaction changed, logs the change, and applies
 * a deferred presence once nothing is left running (`NOTES.md` §3: "applied when the call and
 * its post-processing end").
 * @example settleAgent(ctx, interaction, [ringingEvent]); // { changed: true, interaction, agentState, events }
 */
export function settleAgent(ctx: CallContext, interaction: Interaction, events: readonly DomainEvent[]): CallChange {
  const { agent } = ctx;
  const thisLine: LineUse | null = interaction.endedAt === null
    ? { queued: interaction.queueId !== null, agentAnswered: interaction.agentLeg.answeredAt !== null }
    : null;
  const lines = { [interaction.line]: thisLine, [otherLine(interaction.line)]: ctx.otherLine } as Record<1 | 2, LineUse | null>;
  const wrapUp = ctx.otherPostProcessing || (interaction.postProcessing !== null && interaction.postProcessing.endedAt === null);
  const activity = activityFor(lines, wrapUp);
  const all: DomainEvent[] = [...events];
  if (activity !== agent.state.activity) {
    all.push({ type: 'agent.activity_changed', agentId: agent.agentId, fromActivity: agent.state.activity, toActivity: activity, presence: agent.state.presence });
  }
  let agentState = { ...agent.state, activity };
  const pending = agentState.pendingPresence;
  if (activity === ActivityKind.Idle && pending !== null && samePresence(pending, agentState.presence)) {
    // The agent asked to stay as they were (e.g. a break, then available again): nothing changes.
    agentState = { ...agentState, pendingPresence: null };
  } else if (activity === ActivityKind.Idle && pending !== null) {
    // The deferred request's source is not kept with the presence, so the change is the system's doing.
    const applied = applyPresence({ ...agent, state: agentState }, pending, ctx.now, 'system');
    if (applied.changed) {
      agentState = applied.state;
      all.push(...applied.events);
    }
  }
  return { changed: true, interaction, agentState, events: all };
}

function samePresence(a: Presence, b: Presence): boolean {
  return a.kind === b.kind && sameReason(a.reason, b.reason);
}
