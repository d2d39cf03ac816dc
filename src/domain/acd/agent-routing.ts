/**
 * An agent's routing state (`acd.md`, Agents and tiers): the queues joined, the counters two
 * strategies use, the end of the last bridged call, consecutive missed offers and the delay
 * after a missed offer. Kept with the agent's state, so it commits with every status change.
 */
export interface AgentRouting {
  /** Queues the agent currently serves (`NOTES.md` §2: joining; routing also needs a tier). */
  readonly joined: readonly number[];
  readonly callsAnswered: number;
  readonly talkTimeMs: number;
  /** End of the last bridged call; null when never bridged (longest-idle-agent puts those first). */
  readonly lastBridgeEndAt: number | null;
  /** Consecutive offers missed (not answered, failed); an answer resets it. */
  readonly noAnswerCount: number;
  /** The agent is not offered calls before this (a delay after a missed, busy or rejected offer). */
  readonly readyAt: number | null;
}

export const INITIAL_ROUTING: AgentRouting = { joined: [], callsAnswered: 0, talkTimeMs: 0, lastBridgeEndAt: null, noAnswerCount: 0, readyAt: null };

/** The agent overrides of the PBX user (seconds; `max_no_answer` is a count, `NOTES.md` §7). */
export interface AgentOverrides {
  readonly noAnswerDelayTime: number;
  readonly rejectDelayTime: number;
  readonly busyDelayTime: number;
  /** 0: never put on break for missed offers. */
  readonly maxNoAnswer: number;
}

export const DEFAULT_OVERRIDES: AgentOverrides = { noAnswerDelayTime: 0, rejectDelayTime: 0, busyDelayTime: 0, maxNoAnswer: 0 };

/** How an offer to the agent's device ended. */
export type OfferOutcome = 'answered' | 'busy' | 'rejected' | 'no_answer' | 'failed' | 'cancelled';

/**
 * The routing state after an offer (`acd.md`): answered → calls +1 and the miss count reset;
 * busy → `busy_delay_time`; rejected → `reject_delay_time`; no answer or failure →
 * `no_answer_delay_time` and the miss count +1, and `maxNoAnswerReached` when it reaches
 * `max_no_answer` (the caller puts the agent on break). Cancelled (another agent of a ring-all
 * answered, the caller hung up) changes nothing.
 * @example afterOffer(INITIAL_ROUTING, 'no_answer', { ...DEFAULT_OVERRIDES, noAnswerDelayTime: 10, maxNoAnswer: 1 }, 0); // { routing: { noAnswerCount: 1, readyAt: 10000, … }, maxNoAnswerReached: true }
 */
export function afterOffer(routing: AgentRouting, outcome: OfferOutcome, overrides: AgentOverrides, now: number): { routing: AgentRouting; maxNoAnswerReached: boolean } {
  const delayed = (seconds: number): number | null => (seconds > 0 ? now + seconds * 1000 : routing.readyAt);
  switch (outcome) {
    case 'answered':
      return { routing: { ...routing, callsAnswered: routing.callsAnswered + 1, noAnswerCount: 0 }, maxNoAnswerReached: false };
    case 'busy':
      return { routing: { ...routing, readyAt: delayed(overrides.busyDelayTime) }, maxNoAnswerReached: false };
    case 'rejected':
      return { routing: { ...routing, readyAt: delayed(overrides.rejectDelayTime) }, maxNoAnswerReached: false };
    case 'no_answer':
    case 'failed': {
      const noAnswerCount = routing.noAnswerCount + 1;
      const maxNoAnswerReached = overrides.maxNoAnswer > 0 && noAnswerCount >= overrides.maxNoAnswer;
      return { routing: { ...routing, noAnswerCount, readyAt: delayed(overrides.noAnswerDelayTime) }, maxNoAnswerReached };
    }
    case 'cancelled':
      return { routing, maxNoAnswerReached: false };
  }
}

/**
 * A bridged call ended: its talk time counts, and the agent has been idle since now.
 * @example afterBridge(INITIAL_ROUTING, 60_000, 1_000); // { talkTimeMs: 60000, lastBridgeEndAt: 1000, … }
 */
export function afterBridge(routing: AgentRouting, talkMs: number, now: number): AgentRouting {
  return { ...routing, talkTimeMs: routing.talkTimeMs + Math.max(0, talkMs), lastBridgeEndAt: now };
}

/**
 * The counters restart when the presence becomes available after being unavailable (`NOTES.md`
 * §3) — not when post-processing ends. The miss count restarts too: the agent is back.
 * @example restartCounters(routing); // { callsAnswered: 0, talkTimeMs: 0, noAnswerCount: 0, … }
 */
export function restartCounters(routing: AgentRouting): AgentRouting {
  return { ...routing, callsAnswered: 0, talkTimeMs: 0, noAnswerCount: 0 };
}

/**
 * Joins or leaves queues (the PBX `setQueues`, the workspace): the joined list becomes `queueIds`.
 * @example withJoined(INITIAL_ROUTING, [601, 600]); // joined [600, 601]
 */
export function withJoined(routing: AgentRouting, queueIds: readonly number[]): AgentRouting {
  return { ...routing, joined: [...new Set(queueIds)].sort((a, b) => a - b) };
}
