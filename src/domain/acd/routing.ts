/**
 * Queue routing settings (`acd.md`): the fields of the PBX queue table that decide who gets a
 * caller, with FreeSWITCH mod_callcenter's meaning. Times are seconds; 0 switches a limit off.
 */

export const Strategy = {
  RingAll: 'ring-all',
  LongestIdleAgent: 'longest-idle-agent',
  RoundRobin: 'round-robin',
  TopDown: 'top-down',
  LeastTalkTime: 'agent-with-least-talk-time',
  FewestCalls: 'agent-with-fewest-calls',
  SequentiallyByAgentOrder: 'sequentially-by-agent-order',
  /** The original name of round-robin; an alias. */
  SequentiallyByNextAgentOrder: 'sequentially-by-next-agent-order',
  Random: 'random',
} as const;
export type Strategy = (typeof Strategy)[keyof typeof Strategy];
export const STRATEGIES: readonly Strategy[] = Object.values(Strategy);

export const TimeBaseScore = { System: 'system', Queue: 'queue' } as const;
export type TimeBaseScore = (typeof TimeBaseScore)[keyof typeof TimeBaseScore];

export interface QueueRouting {
  readonly strategy: Strategy;
  /** `system`: a caller's wait counts from when the system answered the call, not from joining this queue. */
  readonly timeBaseScore: TimeBaseScore;
  readonly maxWaitTime: number;
  readonly maxWaitTimeWithNoAgent: number;
  readonly maxWaitTimeWithNoAgentTimeReached: number;
  readonly tierRulesApply: boolean;
  readonly tierRuleWaitSecond: number;
  readonly tierRuleWaitMultiplyLevel: boolean;
  readonly tierRuleNoAgentNoWait: boolean;
  readonly discardAbandonedAfter: number;
  readonly abandonedResumeAllowed: boolean;
  /** How long an offer rings an agent before it counts as not answered (0: the platform default). */
  readonly ringTimeout: number;
}

export const DEFAULT_ROUTING: QueueRouting = {
  strategy: Strategy.LongestIdleAgent,
  timeBaseScore: TimeBaseScore.Queue,
  maxWaitTime: 0,
  maxWaitTimeWithNoAgent: 0,
  maxWaitTimeWithNoAgentTimeReached: 5,
  tierRulesApply: false,
  tierRuleWaitSecond: 300,
  tierRuleWaitMultiplyLevel: true,
  tierRuleNoAgentNoWait: false,
  discardAbandonedAfter: 60,
  abandonedResumeAllowed: false,
  ringTimeout: 0,
};

/**
 * An agent's membership of a queue: `[user_id, mode, position, level, timegroup_id]`. Lower level
 * is higher priority; position orders agents within a level; the time group limits the tier to
 * a schedule; `mode` is stored and returned.
 */
export interface Tier {
  readonly agentId: string;
  readonly mode: string;
  readonly position: number;
  readonly level: number;
  readonly timeGroupId: number | null;
}

/** Why a caller left a queue (`acd.md`: answered, or cancelled with a reason). */
export const LeaveCause = {
  Answered: 'answered',
  None: 'NONE',
  Timeout: 'TIMEOUT',
  NoAgentTimeout: 'NO_AGENT_TIMEOUT',
  BreakOut: 'BREAK_OUT',
  ExitWithKey: 'EXIT_WITH_KEY',
  /** CCS `wait_kill` (or `kill` of a waiting caller): dropped by the contact center. */
  Killed: 'KILLED',
  /** CCS `wait_redirect` / `wait_transfer` to an ACD: the same call waits in another queue. */
  Redirected: 'REDIRECTED',
  /** CCS `wait_transfer` to an extension or an outside number: the call left the contact center. */
  Transferred: 'TRANSFERRED',
} as const;
export type LeaveCause = (typeof LeaveCause)[keyof typeof LeaveCause];
