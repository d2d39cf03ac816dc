import { Metrics } from '../../domain/sim/metrics.ts';
import type { Scenario } from '../../domain/sim/scenario.ts';
import { SimStream } from '../../domain/sim/timeline.ts';
import { MemoryDatabase, openMemoryStore } from '../../storage/memory/memory-store.ts';
import { VirtualClock } from '../clock.ts';
import { Platform } from '../platform.ts';
import { LogHasher, type LogDigest } from './digest.ts';
import { drive, type DriveProgress } from './drive.ts';
import { LocalTarget } from './local-target.ts';
import { scenarioStreams, streamSeed } from './streams.ts';

export interface SimulateOptions {
  readonly onProgress?: (progress: DriveProgress) => void;
  /** Hash the event log as it is written (default true; about 5 % of the run time). */
  readonly digest?: boolean;
}

export interface SimulationResult {
  readonly scenario: Scenario;
  readonly startAt: number;
  readonly calls: number;
  readonly metrics: Metrics;
  /** Null when the run was asked not to compute it. */
  readonly digest: LogDigest | null;
  /** Errors the engine reported in the background (none in a healthy run). */
  readonly errors: readonly string[];
  /** The server flags that make a `--clock virtual` server run this scenario identically. */
  readonly serverSeeds: { readonly randomSeed: number; readonly telephonySeed: number };
}

/**
 * What the in-memory store keeps during a simulation: the newest events only and no completed
 * calls, so a day of a large center runs in flat memory (figures and the digest are taken from
 * the events as they are committed).
 */
const SIMULATION_RETENTION = { eventWindow: 20_000, keepHistory: false } as const;

/**
 * Runs a scenario through the real engine (the same Platform a server runs) on a virtual clock
 * with the in-memory store: a discrete-event simulation whose events are the platform's own.
 * @example const result = await simulate(await readScenario('examples/sim/demo-day.yaml'));
 */
export async function simulate(scenario: Scenario, options: SimulateOptions = {}): Promise<SimulationResult> {
  const store = await openMemoryStore(new MemoryDatabase(SIMULATION_RETENTION));
  const clock = await VirtualClock.open(store, { persist: false });
  const streams = scenarioStreams(scenario.seed);
  const errors: string[] = [];
  const platform = await Platform.open({
    store, clock, random: streams(SimStream.Core), telephonyRandom: streams(SimStream.Telephony),
    calls: { onError: (error, context) => void errors.push(`${context}: ${error instanceof Error ? error.message : String(error)}`) },
    // Nothing but the simulation runs in this process: no I/O to let through between commits.
    commit: { yieldToIo: async () => undefined },
  });
  // The store holds only one tenant, the scenario's: every event is its.
  const hasher = options.digest === false ? null : new LogHasher();
  if (hasher) platform.bus.subscribe((logged) => hasher.add(logged));
  try {
    const target = new LocalTarget(platform, scenario);
    let live = new Metrics({ ...metricsOptions(scenario), startAt: 0 }); // replaced once the start is known
    const run = await drive(scenario, target, streams, {
      ...(options.onProgress && { onProgress: options.onProgress }),
      onPrepared: (startAt) => {
        live = new Metrics({ ...metricsOptions(scenario), startAt });
        for (const agent of platform.directory.agentsPage(target.tenantId, null, Number.MAX_SAFE_INTEGER).agents) {
          live.setAgent(agent.agentId, clock.now(), { staffed: agent.state.presence.kind === 'available', busy: agent.state.activity !== 'idle' });
        }
        platform.bus.subscribe((logged) => live.add(logged));
      },
    });
    live.finish(run.endAt);
    return {
      scenario, startAt: run.startAt, calls: run.calls, metrics: live, digest: hasher?.result() ?? null, errors,
      serverSeeds: { randomSeed: streamSeed(scenario.seed, SimStream.Core), telephonySeed: streamSeed(scenario.seed, SimStream.Telephony) },
    };
  } finally {
    await platform.close();
  }
}

function metricsOptions(scenario: Scenario) {
  return {
    intervalSeconds: scenario.reportIntervalSeconds, serviceLevelSeconds: scenario.serviceLevelSeconds,
    warmupSeconds: scenario.warmupSeconds, queueIds: scenario.queues.map((q) => q.id),
    intervals: Math.ceil(scenario.durationSeconds / scenario.reportIntervalSeconds),
  };
}
