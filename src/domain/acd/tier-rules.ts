import type { QueueRouting } from './routing.ts';

/** What tier rules need to know about a queue's levels. */
export interface LevelView {
  /** The queue's tier levels, ascending, without duplicates. */
  readonly levels: readonly number[];
  /** How many logged-in agents (any presence but logged out) hold a tier at `level`. */
  loggedInAt(level: number): number;
}

/**
 * The highest level open to a caller who has waited `waitedMs` (`acd.md`, tier rules): every level
 * when tier rules are off; else the first level at once, and level L once the caller has waited
 * `tier_rule_wait_second` × L (× 1 without `tier_rule_wait_multiply_level`, which opens every
 * level at once after the wait). With `tier_rule_no_agent_no_wait`, levels without a logged-in
 * agent are skipped: the first level that has one is open at once.
 * @example openLevel(rules30multiply, levels123, 65_000); // 2
 */
export function openLevel(routing: QueueRouting, view: LevelView, waitedMs: number): number {
  if (!routing.tierRulesApply || routing.tierRuleWaitSecond <= 0) return Number.POSITIVE_INFINITY;
  const first = firstLevel(routing, view);
  if (first === undefined) return Number.POSITIVE_INFINITY;
  const waited = waitedMs / 1000;
  if (!routing.tierRuleWaitMultiplyLevel) return waited >= routing.tierRuleWaitSecond ? Number.POSITIVE_INFINITY : first;
  return Math.max(first, Math.floor(waited / routing.tierRuleWaitSecond));
}

/**
 * How long (ms of waiting) until the next level above `open` opens, or null when none will.
 * @example nextOpeningWait(rules30multiply, levels123, 1); // 60_000
 */
export function nextOpeningWait(routing: QueueRouting, view: LevelView, open: number): number | null {
  if (open === Number.POSITIVE_INFINITY) return null;
  const next = view.levels.find((level) => level > open);
  if (next === undefined) return null;
  return routing.tierRuleWaitMultiplyLevel ? next * routing.tierRuleWaitSecond * 1000 : routing.tierRuleWaitSecond * 1000;
}

function firstLevel(routing: QueueRouting, view: LevelView): number | undefined {
  if (!routing.tierRuleNoAgentNoWait) return view.levels[0];
  return view.levels.find((level) => view.loggedInAt(level) > 0) ?? view.levels[0];
}
