/**
 * ACD routing: the cost of one routing decision in the engine (`Router`, ordered indexes) beside the
 * naive scan (`test/support/naive-router.ts`, same interface) measured in the same run, and the
 * engine's decisions per second on a 10,000-agent, 500-queue workload. In-process, no server.
 * Run: `npx tsx bench/acd-routing.bench.ts` (see bench/README.md). Env: BENCH_ROUNDS (5),
 * BENCH_RUN_MS (150), BENCH_NAIVE_MAX_MS (300), BENCH_THROUGHPUT_MS (500), BENCH_SIZES
 * (10,100,1000,10000), BENCH_STRICT=1 (exit 1 when a target is missed).
 *
 * A decision is one cycle: a caller joins (`addCaller`), `dispatch(queue, now)` offers it one agent,
 * the offer ends answered (`offerEnded`) and the agent is put back eligible with new counters
 * (`putAgent`: one more call, more talk time, last call ended now), so the index keeps its size.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Router, type RoutingAgent, type WaitingCaller } from '../src/domain/acd/router.ts';
import { DEFAULT_ROUTING, Strategy, type QueueRouting, type Tier } from '../src/domain/acd/routing.ts';
import { seededRandom, type RandomSource } from '../src/domain/ports.ts';
import { NaiveRouter } from '../test/support/naive-router.ts';
import { ROOT, envInt, machine, median, runBenchmark, warnIfBusy } from './support.ts';

const CONFIG = {
  rounds: envInt('BENCH_ROUNDS', 5, 1),
  /** Wall-clock ms of each measured run of one configuration (and again for the dispatch-only run). */
  runMs: envInt('BENCH_RUN_MS', 150, 1),
  /** The naive scan's runs stop after this many ms (at least MIN_OPS decisions): at 10,000 agents one decision costs ms. */
  naiveMaxMs: envInt('BENCH_NAIVE_MAX_MS', 300, 1),
  /** Wall-clock ms of each measured throughput run. */
  throughputMs: envInt('BENCH_THROUGHPUT_MS', 500, 1),
  sizes: (process.env.BENCH_SIZES ?? '10,100,1000,10000').split(',').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 2) throw new Error(`BENCH_SIZES: '${s}' is not a whole number ≥ 2`);
    return n;
  }),
};
const STRATEGIES = [Strategy.LongestIdleAgent, Strategy.RoundRobin] as const;
const TARGETS = { flatRatio: 2, decisionsPerSec: 100_000 } as const;
const THROUGHPUT = { agents: 10_000, queues: 500, tiersPerAgent: 5 } as const;
/** Queue offsets of an agent's five tiers (distinct, not a subgroup of ℤ/500, so every queue shares agents with others). */
const TIER_OFFSETS = [0, 1, 3, 7, 12] as const;
const MIN_OPS = 3;
const T0 = 1_800_000_000_000;
const TALK_MS = 90_000;

// ---- the workload ----

/** What both routers offer: `Router` and `NaiveRouter` share this interface. */
interface RouterLike {
  putQueue(queueId: number, routing: QueueRouting, tiers: readonly Tier[], now: number): number[];
  putAgent(agent: RoutingAgent, now: number): number[];
  addCaller(caller: WaitingCaller): number[];
  offerEnded(queueId: number, callerId: string, agentId: string, end: 'answered', now: number): number[];
  dispatch(queueId: number, now: number): readonly { readonly callerId: string; readonly agentIds: readonly string[] }[];
}

type Impl = 'engine' | 'scan';

function shuffled(count: number, random: RandomSource): number[] {
  const out = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

/**
 * A router with its agents and the decision cycle. Built from a seed, so the engine and the scan
 * get the same agents, tiers and caller sequence. Every agent starts eligible with a distinct end of
 * its last call (longest-idle-agent is in its steady state from the first decision: the oldest is
 * offered, answers, and goes to the back with `lastBridgeEndAt = now`).
 */
class Workload {
  readonly router: RouterLike;
  private readonly agents = new Map<string, RoutingAgent>();
  /** The queue of each decision, cycled (a power of two long). */
  private readonly arrivals: Int32Array;
  private seq = 0;
  private now = T0;
  /** Sum of dispatch times (ns) measured by `timedCycles`. */
  dispatchNs = 0;

  constructor(impl: Impl, strategy: Strategy, agentCount: number, queues: readonly number[], tiersOf: (agent: number) => readonly number[], seed: number) {
    const random = seededRandom(seed);
    this.router = impl === 'engine' ? new Router(seededRandom(seed)) : new NaiveRouter(seededRandom(seed));
    const routing: QueueRouting = { ...DEFAULT_ROUTING, strategy };
    const idleOrder = shuffled(agentCount, random);
    const positions = shuffled(agentCount, random);
    const tiers = new Map<number, Tier[]>(queues.map((q) => [q, []]));
    const ids = Array.from({ length: agentCount }, (_, i) => `ag${String(i).padStart(6, '0')}`);
    for (let i = 0; i < agentCount; i++) {
      for (const q of tiersOf(i)) tiers.get(q)?.push({ agentId: ids[i] as string, mode: 'Available', position: (positions[i] as number) + 1, level: 1, timeGroupId: null });
    }
    for (const [q, list] of tiers) this.router.putQueue(q, routing, list, T0);
    for (let i = 0; i < agentCount; i++) {
      const agent: RoutingAgent = {
        agentId: ids[i] as string, eligible: true, loggedIn: true, joined: new Set(tiersOf(i)),
        callsAnswered: 0, talkTimeMs: 0, lastBridgeEndAt: T0 - 1_000 * (agentCount - (idleOrder[i] as number)),
      };
      this.agents.set(agent.agentId, agent);
      this.router.putAgent(agent, T0);
    }
    this.arrivals = new Int32Array(1 << 16);
    for (let i = 0; i < this.arrivals.length; i++) this.arrivals[i] = queues[Math.floor(random.next() * queues.length)] as number;
  }

  /** One decision; returns the agent offered. */
  cycle(): string {
    const seq = ++this.seq;
    const now = ++this.now;
    const queueId = this.arrivals[seq & 0xffff] as number;
    const callerId = `c${seq}`;
    this.router.addCaller({ callerId, queueId, joinedAt: now, answeredAt: now, baseScore: 0, seq });
    const offers = this.router.dispatch(queueId, now);
    return this.settle(offers, queueId, callerId, now);
  }

  /** `cycle` with the dispatch timed on its own (adds to `dispatchNs`). */
  timedCycle(): string {
    const seq = ++this.seq;
    const now = ++this.now;
    const queueId = this.arrivals[seq & 0xffff] as number;
    const callerId = `c${seq}`;
    this.router.addCaller({ callerId, queueId, joinedAt: now, answeredAt: now, baseScore: 0, seq });
    const start = performance.now();
    const offers = this.router.dispatch(queueId, now);
    this.dispatchNs += (performance.now() - start) * 1e6;
    return this.settle(offers, queueId, callerId, now);
  }

  private settle(offers: ReturnType<RouterLike['dispatch']>, queueId: number, callerId: string, now: number): string {
    const agentId = offers.length === 1 ? offers[0]?.agentIds[0] : undefined;
    if (agentId === undefined || offers[0]?.callerId !== callerId) throw new Error(`decision ${this.seq}: expected one offer for ${callerId}, got ${JSON.stringify(offers)}`);
    this.router.offerEnded(queueId, callerId, agentId, 'answered', now);
    const before = this.agents.get(agentId) as RoutingAgent;
    const after: RoutingAgent = { ...before, eligible: true, callsAnswered: before.callsAnswered + 1, talkTimeMs: before.talkTimeMs + TALK_MS, lastBridgeEndAt: now };
    this.agents.set(agentId, after);
    this.router.putAgent(after, now);
    return agentId;
  }
}

/** The same allocations and look-ups as a cycle, without the router: what the harness itself costs. */
class HarnessOnly {
  private readonly agents = new Map<string, RoutingAgent>();
  private readonly ids: string[];
  private readonly callers: WaitingCaller[] = [];
  private seq = 0;

  constructor(count: number) {
    this.ids = Array.from({ length: count }, (_, i) => `ag${String(i).padStart(6, '0')}`);
    for (const agentId of this.ids) this.agents.set(agentId, { agentId, eligible: true, loggedIn: true, joined: new Set([1]), callsAnswered: 0, talkTimeMs: 0, lastBridgeEndAt: null });
  }

  cycle(): string {
    const seq = ++this.seq;
    const callerId = `c${seq}`;
    this.callers[seq & 7] = { callerId, queueId: 1, joinedAt: seq, answeredAt: seq, baseScore: 0, seq };
    const agentId = this.ids[seq % this.ids.length] as string;
    const before = this.agents.get(agentId) as RoutingAgent;
    this.agents.set(agentId, { ...before, eligible: true, callsAnswered: before.callsAnswered + 1, talkTimeMs: before.talkTimeMs + TALK_MS, lastBridgeEndAt: seq });
    return agentId;
  }
}

// ---- timing ----

interface Run { ops: number; ns: number }

function timeOps(ops: number, step: () => string): Run {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) step();
  return { ops, ns: Number(process.hrtime.bigint() - start) };
}

/** Runs `step` for about `ms` (doubling batches), for warm-up and to estimate its cost per call. */
function runFor(ms: number, step: () => string, maxOps = Number.POSITIVE_INFINITY): Run {
  let total: Run = { ops: 0, ns: 0 };
  for (let batch = 1; total.ns < ms * 1e6 && total.ops < maxOps; batch = Math.min(batch * 2, 1 << 16)) {
    const run = timeOps(Math.min(batch, maxOps - total.ops), step);
    total = { ops: total.ops + run.ops, ns: total.ns + run.ns };
  }
  return total;
}

/** How many calls fill `ms` at `nsPerOp`, at least MIN_OPS. */
const opsFor = (ms: number, nsPerOp: number): number => Math.max(MIN_OPS, Math.round((ms * 1e6) / nsPerOp));

/** What a `performance.now()` pair around nothing measures (ns), subtracted from the dispatch times. */
function timerOverheadNs(): number {
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    let sum = 0;
    const count = 200_000;
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      sum += performance.now() - start;
    }
    samples.push((sum * 1e6) / count);
  }
  return median(samples);
}

// ---- part 1: the cost of one decision ----

interface DecisionConfig { impl: Impl; strategy: Strategy; agents: number; workload: Workload; nsPerOp: number; maxMs: number }

interface DecisionRound { cycleNs: number; dispatchNs: number; cycleOps: number; dispatchOps: number }

interface DecisionRow {
  impl: Impl; strategy: Strategy; agents: number;
  medianNsPerDecision: number; medianDispatchNs: number;
  /** Median over rounds of this cycle ÷ the scan's cycle at the smallest size in the same round. */
  vsScanAtSmallest: number;
  rounds: DecisionRound[];
}

function buildDecisionConfigs(): DecisionConfig[] {
  const configs: DecisionConfig[] = [];
  for (const strategy of STRATEGIES) {
    for (const agents of CONFIG.sizes) {
      for (const impl of ['engine', 'scan'] as const) {
        const workload = new Workload(impl, strategy, agents, [1], () => [1], 1000 + agents);
        configs.push({ impl, strategy, agents, workload, nsPerOp: 0, maxMs: impl === 'scan' ? Math.min(CONFIG.runMs, CONFIG.naiveMaxMs) : CONFIG.runMs });
      }
    }
  }
  return configs;
}

/** The engine and the scan must make the same decisions on the same workload (or the comparison means nothing). */
function checkSameDecisions(strategy: Strategy, agents: number, queues: readonly number[], tiersOf: (agent: number) => readonly number[], decisions: number): string | null {
  const engine = new Workload('engine', strategy, agents, queues, tiersOf, 7);
  const scan = new Workload('scan', strategy, agents, queues, tiersOf, 7);
  for (let i = 1; i <= decisions; i++) {
    const a = engine.cycle();
    const b = scan.cycle();
    if (a !== b) return `${strategy}, ${agents} agents in ${queues.length} queue(s): decision ${i} offered ${a} (engine) but ${b} (scan)`;
  }
  return null;
}

function measureDecisions(configs: readonly DecisionConfig[], overheadNs: number): DecisionRow[] {
  for (const c of configs) {
    const warm = runFor(c.maxMs, () => c.workload.cycle());
    c.nsPerOp = warm.ns / warm.ops;
  }
  const rounds = configs.map((): DecisionRound[] => []);
  for (let round = 1; round <= CONFIG.rounds; round++) {
    process.stdout.write(`  decision cost, round ${round} of ${CONFIG.rounds} …`);
    configs.forEach((c, i) => {
      const cycle = timeOps(opsFor(c.maxMs, c.nsPerOp), () => c.workload.cycle());
      c.workload.dispatchNs = 0;
      const timed = timeOps(opsFor(c.maxMs, c.nsPerOp), () => c.workload.timedCycle());
      rounds[i]?.push({
        cycleNs: cycle.ns / cycle.ops, cycleOps: cycle.ops,
        dispatchNs: Math.max(0, c.workload.dispatchNs / timed.ops - overheadNs), dispatchOps: timed.ops,
      });
    });
    console.log(' done');
  }
  const smallest = Math.min(...CONFIG.sizes);
  return configs.map((c, i) => {
    const mine = rounds[i] ?? [];
    const base = rounds[configs.findIndex((b) => b.impl === 'scan' && b.strategy === c.strategy && b.agents === smallest)] ?? [];
    return {
      impl: c.impl, strategy: c.strategy, agents: c.agents,
      medianNsPerDecision: median(mine.map((r) => r.cycleNs)),
      medianDispatchNs: median(mine.map((r) => r.dispatchNs)),
      vsScanAtSmallest: median(mine.map((r, k) => r.cycleNs / (base[k]?.cycleNs ?? Number.NaN))),
      rounds: mine,
    };
  });
}

interface Flatness {
  strategy: Strategy; impl: Impl; cycleRatio: number; dispatchRatio: number;
  /** The cycle ratio with the harness's own cost (ids, caller and agent objects) taken off both sizes: what the router alone does. */
  cycleRatioNetOfHarness: number;
  target: number | null; met: boolean | null;
}

function flatness(rows: readonly DecisionRow[], harnessNs: number): Flatness[] {
  const small = Math.min(...CONFIG.sizes);
  const large = Math.max(...CONFIG.sizes);
  const out: Flatness[] = [];
  for (const strategy of STRATEGIES) {
    for (const impl of ['engine', 'scan'] as const) {
      const at = (n: number): DecisionRow | undefined => rows.find((r) => r.impl === impl && r.strategy === strategy && r.agents === n);
      const a = at(small);
      const b = at(large);
      if (!a || !b) continue;
      // Per round would pair runs seconds apart anyway; the ratio of the medians is steadier.
      const cycleRatio = b.medianNsPerDecision / a.medianNsPerDecision;
      const target = impl === 'engine' ? TARGETS.flatRatio : null;
      out.push({
        strategy, impl, cycleRatio, dispatchRatio: b.medianDispatchNs / a.medianDispatchNs,
        cycleRatioNetOfHarness: (b.medianNsPerDecision - harnessNs) / (a.medianNsPerDecision - harnessNs), target, met: target === null ? null : cycleRatio <= target,
      });
    }
  }
  return out;
}

// ---- part 2: throughput ----

/** Agent i's five queues: a random slot of 0..499 per block of 500 agents, plus the offsets; every queue gets exactly 100 agents. */
function throughputTiers(): (agent: number) => readonly number[] {
  const { agents, queues } = THROUGHPUT;
  const random = seededRandom(42);
  const slots = Array.from({ length: Math.ceil(agents / queues) }, () => shuffled(queues, random));
  const tiers = Array.from({ length: agents }, (_, i) => {
    const slot = slots[Math.floor(i / queues)]?.[i % queues] as number;
    return TIER_OFFSETS.map((o) => 1 + ((slot + o) % queues));
  });
  return (i) => tiers[i] as number[];
}

interface ThroughputRow {
  impl: Impl; strategy: Strategy; medianDecisionsPerSec: number; roundsPerSec: number[]; decisionsPerRound: number[];
  /** Decisions per second of the process's CPU time (user + system, every thread: GC helpers included); steadier than wall clock when other work competes for the cores. */
  medianDecisionsPerCpuSec: number; roundsPerCpuSec: number[];
  target: number | null; met: boolean | null;
}

function measureThroughput(): ThroughputRow[] {
  const queues = Array.from({ length: THROUGHPUT.queues }, (_, i) => i + 1);
  const tiersOf = throughputTiers();
  const configs = STRATEGIES.flatMap((strategy) => (['engine', 'scan'] as const).map((impl) => ({
    impl, strategy, workload: new Workload(impl, strategy, THROUGHPUT.agents, queues, tiersOf, 99), nsPerOp: 0,
    ms: impl === 'engine' ? CONFIG.throughputMs : Math.min(CONFIG.throughputMs, CONFIG.naiveMaxMs),
  })));
  for (const c of configs) {
    const warm = runFor(c.ms, () => c.workload.cycle());
    c.nsPerOp = warm.ns / warm.ops;
  }
  const rounds = configs.map((): (Run & { cpuNs: number })[] => []);
  for (let round = 1; round <= CONFIG.rounds; round++) {
    process.stdout.write(`  throughput, round ${round} of ${CONFIG.rounds} …`);
    configs.forEach((c, i) => {
      const cpu = process.cpuUsage();
      const run = timeOps(opsFor(c.ms, c.nsPerOp), () => c.workload.cycle());
      const used = process.cpuUsage(cpu);
      rounds[i]?.push({ ...run, cpuNs: (used.user + used.system) * 1000 });
    });
    console.log(' done');
  }
  return configs.map((c, i) => {
    const runs = rounds[i] ?? [];
    const rates = runs.map((r) => (r.ops * 1e9) / r.ns);
    const cpuRates = runs.map((r) => (r.ops * 1e9) / r.cpuNs);
    const medianRate = median(rates);
    const target = c.impl === 'engine' ? TARGETS.decisionsPerSec : null;
    return {
      impl: c.impl, strategy: c.strategy, medianDecisionsPerSec: medianRate, roundsPerSec: rates, decisionsPerRound: runs.map((r) => r.ops),
      medianDecisionsPerCpuSec: median(cpuRates), roundsPerCpuSec: cpuRates, target, met: target === null ? null : medianRate >= target,
    };
  });
}

// ---- output ----

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const fmtNs = (ns: number): string => (ns >= 1e6 ? `${fmt(ns / 1e6, 2)} ms` : ns >= 1e4 ? `${fmt(ns / 1e3, 1)} µs` : `${fmt(ns)} ns`);

function printTable(header: readonly string[], lines: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(format(line));
}

function printDecisions(rows: readonly DecisionRow[], flat: readonly Flatness[], harnessNs: number): void {
  const smallest = Math.min(...CONFIG.sizes);
  console.log(`\ncost of one decision (median of ${CONFIG.rounds} rounds); "× scan@${smallest}": cycle ÷ the scan's cycle at ${smallest} agents, same round`);
  const lines: string[][] = [];
  for (const strategy of STRATEGIES) {
    for (const agents of CONFIG.sizes) {
      const e = rows.find((r) => r.impl === 'engine' && r.strategy === strategy && r.agents === agents);
      const s = rows.find((r) => r.impl === 'scan' && r.strategy === strategy && r.agents === agents);
      if (!e || !s) continue;
      lines.push([strategy, fmt(agents), fmtNs(e.medianNsPerDecision), fmtNs(e.medianDispatchNs), e.vsScanAtSmallest.toFixed(2),
        fmtNs(s.medianNsPerDecision), fmtNs(s.medianDispatchNs), s.vsScanAtSmallest.toFixed(2), (s.medianNsPerDecision / e.medianNsPerDecision).toFixed(1)]);
    }
  }
  printTable(['strategy', 'agents', 'engine cycle', 'dispatch', `× scan@${smallest}`, 'scan cycle', 'dispatch', `× scan@${smallest}`, 'scan ÷ engine'], lines);
  console.log(`(harness alone — ids, caller and agent objects, no router — ${fmtNs(harnessNs)} per cycle, included above)`);
  const large = Math.max(...CONFIG.sizes);
  console.log(`\nratio ${fmt(large)} agents ÷ ${fmt(smallest)} agents`);
  printTable(['strategy', 'impl', 'cycle', 'dispatch', 'cycle − harness', 'target (cycle)', 'met'], flat.map((f) => [
    f.strategy, f.impl, `${f.cycleRatio.toFixed(2)}×`, `${f.dispatchRatio.toFixed(2)}×`, `${f.cycleRatioNetOfHarness.toFixed(2)}×`, f.target === null ? '' : `≤ ${f.target}×`, f.met === null ? '' : f.met ? 'yes' : 'NO',
  ]));
}

function printThroughput(rows: readonly ThroughputRow[]): void {
  console.log(`\nthroughput: ${fmt(THROUGHPUT.agents)} agents, ${THROUGHPUT.queues} queues, ${THROUGHPUT.tiersPerAgent} tiers per agent (${(THROUGHPUT.agents * THROUGHPUT.tiersPerAgent) / THROUGHPUT.queues} agents per queue), callers at random queues`);
  printTable(['strategy', 'impl', 'decisions/s (median)', 'per round', 'µs/decision', 'per CPU-s', 'target', 'met'], rows.map((r) => [
    r.strategy, r.impl, fmt(r.medianDecisionsPerSec), r.roundsPerSec.map((x) => fmt(x / 1000, 0) + 'k').join(' / '), fmt(1e6 / r.medianDecisionsPerSec, 2), fmt(r.medianDecisionsPerCpuSec),
    r.target === null ? '' : `≥ ${fmt(r.target)}`, r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]));
}

async function main(): Promise<number> {
  const loadavgAtStart = os.loadavg();
  console.log(`${CONFIG.rounds} rounds, ${CONFIG.runMs} ms per run (scan ≤ ${CONFIG.naiveMaxMs} ms), throughput ${CONFIG.throughputMs} ms per run, sizes ${CONFIG.sizes.join('/')}, ${os.cpus().length} CPUs, node ${process.version}, load average ${loadavgAtStart.map((l) => l.toFixed(2)).join(' ')}`);
  warnIfBusy();

  const problems: string[] = [];
  const throughputTiersOf = throughputTiers();
  const throughputQueues = Array.from({ length: THROUGHPUT.queues }, (_, i) => i + 1);
  for (const strategy of STRATEGIES) {
    for (const problem of [
      checkSameDecisions(strategy, 100, [1], () => [1], 300),
      checkSameDecisions(strategy, THROUGHPUT.agents, throughputQueues, throughputTiersOf, 300),
    ]) if (problem) problems.push(problem);
  }
  console.log(problems.length === 0 ? 'check: the engine and the scan make the same decisions on both workloads (300 each)' : 'check FAILED');

  const overheadNs = timerOverheadNs();
  const harness = new HarnessOnly(1000);
  runFor(100, () => harness.cycle());
  const harnessRun = runFor(200, () => harness.cycle());
  const harnessNs = harnessRun.ns / harnessRun.ops;

  const decisionRows = measureDecisions(buildDecisionConfigs(), overheadNs);
  const flat = flatness(decisionRows, harnessNs);
  const throughputRows = measureThroughput();
  const loadavgAtEnd = os.loadavg();

  printDecisions(decisionRows, flat, harnessNs);
  printThroughput(throughputRows);
  console.log(`\nload average at start ${loadavgAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${loadavgAtEnd.map((l) => l.toFixed(2)).join(' ')}; dispatch times have ${fmt(overheadNs)} ns of timer overhead subtracted`);

  const output = path.join(ROOT, 'bench', 'results', `acd-routing-${new Date().toISOString().slice(0, 10)}.json`);
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify({
    benchmark: 'acd-routing', date: new Date().toISOString(), machine: { ...machine(), loadavgAtStart, loadavgAtEnd },
    config: { ...CONFIG, strategies: STRATEGIES, throughput: THROUGHPUT, tierOffsets: TIER_OFFSETS, minOps: MIN_OPS },
    targets: TARGETS, timerOverheadNs: overheadNs, harnessNsPerCycle: harnessNs,
    decisionCost: { rows: decisionRows, flatness: flat }, throughput: throughputRows, problems,
  }, null, 2)}\n`);
  console.log(`results written to ${path.relative(process.cwd(), output)}`);

  for (const p of problems) console.error(`PROBLEM ${p}`);
  const missed = [...flat.filter((f) => f.met === false).map((f) => `${f.strategy} flatness ${f.cycleRatio.toFixed(2)}×`),
    ...throughputRows.filter((r) => r.met === false).map((r) => `${r.strategy} throughput ${fmt(r.medianDecisionsPerSec)}/s`)];
  if (missed.length > 0) console.log(`targets missed: ${missed.join(', ')}`);
  return problems.length > 0 ? 1 : missed.length > 0 && process.env.BENCH_STRICT === '1' ? 1 : 0;
}

await runBenchmark(main);
