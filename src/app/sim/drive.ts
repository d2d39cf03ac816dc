import type { Scenario } from '../../domain/sim/scenario.ts';
import { timeline, type StreamFactory } from '../../domain/sim/timeline.ts';
import type { SimTarget } from './target.ts';

const DAY_MS = 86_400_000;

export interface DriveProgress {
  /** Milliseconds of scenario time done, of `totalMs`. */
  readonly doneMs: number;
  readonly totalMs: number;
  readonly calls: number;
}

export interface DriveOptions {
  readonly onProgress?: (progress: DriveProgress) => void;
  /** How many actions between progress reports. */
  readonly progressEvery?: number;
  /** Called once the tenant is set up, with the scenario's start in contact-center time. */
  readonly onPrepared?: (startAt: number) => void;
  /** Where the scenario starts, given the target's time once prepared; default `scenarioStart` (the next midnight). A wall-clock run starts at once. */
  readonly startAt?: (now: number) => number;
}

/** A scenario starts at the first midnight (UTC) at or after `now`. */
export function scenarioStart(now: number): number {
  return Math.ceil(now / DAY_MS) * DAY_MS;
}

/** Where the scenario ran: its start in contact-center time, and how many callers arrived. */
export interface DriveResult {
  readonly startAt: number;
  readonly endAt: number;
  readonly calls: number;
}

/**
 * Plays a scenario's timeline into a target: the tenant is set up, time moves to the next
 * midnight (the scenario's start), and each action happens at its time; then time runs on for
 * the drain so calls in progress finish. Time only moves forward, and never for an action at
 * the same millisecond as the one before, so every target sees the same sequence.
 * @example await drive(scenario, new LocalTarget(platform, scenario), scenarioStreams(scenario.seed));
 */
export async function drive(scenario: Scenario, target: SimTarget, streams: StreamFactory, options: DriveOptions = {}): Promise<DriveResult> {
  await target.prepare();
  let current = await target.now();
  const startAt = (options.startAt ?? scenarioStart)(current);
  options.onPrepared?.(startAt);
  const totalMs = (scenario.durationSeconds + scenario.drainSeconds) * 1000;
  const moveTo = async (at: number): Promise<void> => {
    if (at <= current) return;
    await target.advanceTo(at);
    current = at;
  };
  await moveTo(startAt);
  let calls = 0;
  let actions = 0;
  const every = options.progressEvery ?? 500;
  for (const action of timeline(scenario, streams)) {
    await moveTo(startAt + action.at);
    if (action.kind === 'arrival') {
      calls++;
      await target.arrive(action);
    } else {
      await target.presence(action);
    }
    if (++actions % every === 0) options.onProgress?.({ doneMs: action.at, totalMs, calls });
  }
  await moveTo(startAt + totalMs);
  options.onProgress?.({ doneMs: totalMs, totalMs, calls });
  return { startAt, endAt: startAt + totalMs, calls };
}
