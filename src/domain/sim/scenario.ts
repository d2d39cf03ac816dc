/**
 * A simulation scenario, parsed and validated (the file format and its schema live in
 * `src/app/sim/scenario-file.ts`; `docs/simulation.md` documents it). Times are seconds from the
 * scenario's start, which is midnight of its first day.
 */
import type { Strategy } from '../acd/routing.ts';
import type { ArrivalProfile, Distribution, Patience } from './traffic.ts';

export interface ScenarioQueue {
  /** The inbound queue's id in the simulated tenant. */
  readonly id: number;
  readonly name: string;
  readonly strategy: Strategy;
  /** The tenant number callers dial to reach this queue. */
  readonly did: string;
  /** Post-processing after each answered call, seconds. */
  readonly wrapUpSeconds: number;
  readonly arrivals: ArrivalProfile;
  /** Talk time of an answered call, seconds. */
  readonly handling: Distribution;
  readonly patience: Patience;
}

/** A break within a shift. */
export interface ScenarioBreak {
  readonly startSeconds: number;
  readonly durationSeconds: number;
}

/** A working period, repeated every day of the scenario; `endSeconds` may pass midnight (≤ 48 h). */
export interface ScenarioShift {
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly breaks: readonly ScenarioBreak[];
}

/** `count` identical agents, ids `${prefix}${1..count}`. */
export interface ScenarioAgentGroup {
  readonly prefix: string;
  readonly count: number;
  readonly queues: readonly number[];
  /** Empty: available from the start to the end of the run. */
  readonly shifts: readonly ScenarioShift[];
}

export interface Scenario {
  readonly name: string;
  readonly seed: number;
  /** The simulated tenant's name. */
  readonly tenant: string;
  /** Calls arrive during [0, durationSeconds). */
  readonly durationSeconds: number;
  /** After the last arrival, time runs on this long so calls in progress can finish. */
  readonly drainSeconds: number;
  /** Arrivals before this are left out of the figures (the queue fills up first). */
  readonly warmupSeconds: number;
  /** The report's interval length. */
  readonly reportIntervalSeconds: number;
  /** Service level: answered within this many seconds of joining the queue. */
  readonly serviceLevelSeconds: number;
  /** How long an agent's device rings before it answers by itself. */
  readonly ringSeconds: number;
  readonly queues: readonly ScenarioQueue[];
  readonly agents: readonly ScenarioAgentGroup[];
}

/** The ids of a group's agents, in order. */
export function agentIdsOf(group: ScenarioAgentGroup): string[] {
  return Array.from({ length: group.count }, (_, i) => `${group.prefix}${i + 1}`);
}

/** Every agent of the scenario with the queues it serves, in scenario order. */
export function scenarioAgents(scenario: Scenario): { readonly agentId: string; readonly group: ScenarioAgentGroup }[] {
  return scenario.agents.flatMap((group) => agentIdsOf(group).map((agentId) => ({ agentId, group })));
}
