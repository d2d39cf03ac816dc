import { Type, type Static } from '@sinclair/typebox';
import { STRATEGIES, type Strategy } from '../../domain/acd/routing.ts';
import { RuleViolationError } from '../../domain/errors.ts';
import type { Scenario, ScenarioAgentGroup, ScenarioQueue, ScenarioShift } from '../../domain/sim/scenario.ts';
import { checkArrivalProfile, checkDistribution, checkPatience, type Distribution, type Patience } from '../../domain/sim/traffic.ts';
import { compileCheck, SchemaError } from '../schema-check.ts';
import { readTenantFile } from '../tenant-file.ts';

const Seconds = Type.Number({ minimum: 0 });
const PositiveSeconds = Type.Number({ exclusiveMinimum: 0 });
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM from the start of each day' });

/** One object for the three kinds (a union would report the first branch's complaint); `toHandling` checks what each kind needs. */
const Handling = Type.Object({
  distribution: Type.String({ enum: ['fixed', 'exponential', 'lognormal'] }),
  seconds: Type.Optional(Seconds),
  meanSeconds: Type.Optional(PositiveSeconds),
  sdSeconds: Type.Optional(Seconds),
}, { additionalProperties: false });

const PatienceSpec = Type.Union([
  Type.Literal('none'),
  Type.Object({ distribution: Type.Literal('exponential'), meanSeconds: PositiveSeconds }, { additionalProperties: false }),
]);

const QueueSpec = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 999_999 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  strategy: Type.Optional(Type.String({ enum: [...STRATEGIES] })),
  did: Type.Optional(Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$' })),
  wrapUpSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
  arrivals: Type.Object({
    intervalMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1440 })),
    callsPerHour: Type.Union([Type.Number({ minimum: 0 }), Type.Array(Type.Number({ minimum: 0 }), { minItems: 1, maxItems: 10_000 })]),
  }, { additionalProperties: false }),
  handling: Handling,
  patience: Type.Optional(PatienceSpec),
}, { additionalProperties: false });

const ShiftSpec = Type.Object({
  start: ClockTime,
  end: ClockTime,
  breaks: Type.Optional(Type.Array(Type.Object({ start: ClockTime, minutes: Type.Number({ exclusiveMinimum: 0, maximum: 720 }) }, { additionalProperties: false }), { maxItems: 20 })),
}, { additionalProperties: false });

const AgentGroupSpec = Type.Object({
  prefix: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,40}$' }),
  count: Type.Integer({ minimum: 1, maximum: 20_000 }),
  queues: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100 }),
  shifts: Type.Optional(Type.Array(ShiftSpec, { maxItems: 10 })),
}, { additionalProperties: false });

/** The scenario file (`docs/simulation.md`): YAML or JSON. */
export const ScenarioSpec = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  seed: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 2 }),
  tenant: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' })),
  hours: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 31 }),
  drainMinutes: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
  warmupMinutes: Type.Optional(Type.Number({ minimum: 0 })),
  reportIntervalMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1440 })),
  serviceLevelSeconds: Type.Optional(Seconds),
  ringSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 120 })),
  queues: Type.Array(QueueSpec, { minItems: 1, maxItems: 100 }),
  agents: Type.Array(AgentGroupSpec, { minItems: 1, maxItems: 1000 }),
}, { additionalProperties: false });
export type ScenarioSpec = Static<typeof ScenarioSpec>;

const checkSpec = compileCheck(ScenarioSpec);

/**
 * Reads a scenario file (`.yaml`/`.yml` or JSON) and validates it.
 * @example const scenario = await readScenario('examples/sim/demo-day.yaml');
 */
export async function readScenario(path: string): Promise<Scenario> {
  return parseScenario(await readTenantFile(path));
}

/**
 * Validates a scenario document; errors name the field (`SchemaError` or `RuleViolationError`).
 * @example parseScenario({ name: 'x', seed: 1, hours: 1, queues: [...], agents: [...] });
 */
export function parseScenario(input: unknown): Scenario {
  const spec = checkSpec(input);
  const queues = spec.queues.map((q, i) => toQueue(q, `queues[${i}]`));
  const ids = new Set<number>();
  queues.forEach((q, i) => {
    if (ids.has(q.id)) throw new RuleViolationError(`queue id ${q.id} appears twice`, `queues[${i}].id`);
    ids.add(q.id);
  });
  const agents = spec.agents.map((g, i) => toAgents(g, ids, `agents[${i}]`));
  const prefixes = new Set(agents.map((g) => g.prefix));
  if (prefixes.size !== agents.length) throw new RuleViolationError('agent group prefixes must be different', 'agents');
  const durationSeconds = spec.hours * 3600;
  const warmupSeconds = (spec.warmupMinutes ?? 0) * 60;
  if (warmupSeconds >= durationSeconds) throw new RuleViolationError('the warm-up must end before the run does', 'warmupMinutes');
  return {
    name: spec.name, seed: spec.seed, tenant: spec.tenant ?? 'simcorp', durationSeconds,
    drainSeconds: (spec.drainMinutes ?? 60) * 60, warmupSeconds,
    reportIntervalSeconds: (spec.reportIntervalMinutes ?? 30) * 60,
    serviceLevelSeconds: spec.serviceLevelSeconds ?? 20, ringSeconds: spec.ringSeconds ?? 0, queues, agents,
  };
}

function toQueue(q: ScenarioSpec['queues'][number], field: string): ScenarioQueue {
  const rates = typeof q.arrivals.callsPerHour === 'number' ? [q.arrivals.callsPerHour] : q.arrivals.callsPerHour;
  const arrivals = { intervalSeconds: (q.arrivals.intervalMinutes ?? 30) * 60, ratesPerHour: rates };
  const handling = toHandling(q.handling, `${field}.handling`);
  const patience: Patience = q.patience === undefined || q.patience === 'none' ? { kind: 'none' } : { kind: 'exponential', mean: q.patience.meanSeconds };
  checkArrivalProfile(arrivals, `${field}.arrivals`);
  checkDistribution(handling, `${field}.handling`);
  checkPatience(patience, `${field}.patience`);
  return {
    id: q.id, name: q.name, strategy: (q.strategy ?? 'longest-idle-agent') as Strategy, did: q.did ?? `+1800${String(q.id).padStart(7, '0')}`,
    wrapUpSeconds: q.wrapUpSeconds ?? 0, arrivals, handling, patience,
  };
}

function toHandling(h: ScenarioSpec['queues'][number]['handling'], field: string): Distribution {
  const need = (value: number | undefined, name: string): number => {
    if (value === undefined) throw new SchemaError(`${field}.${name}`, `is required with distribution ${h.distribution}`);
    return value;
  };
  const unused = (names: readonly ('seconds' | 'meanSeconds' | 'sdSeconds')[]): void => {
    const extra = names.find((n) => h[n] !== undefined);
    if (extra) throw new SchemaError(`${field}.${extra}`, `does not apply to distribution ${h.distribution}`);
  };
  if (h.distribution === 'fixed') {
    unused(['meanSeconds', 'sdSeconds']);
    return { kind: 'fixed', seconds: need(h.seconds, 'seconds') };
  }
  if (h.distribution === 'exponential') {
    unused(['seconds', 'sdSeconds']);
    return { kind: 'exponential', mean: need(h.meanSeconds, 'meanSeconds') };
  }
  unused(['seconds']);
  return { kind: 'lognormal', mean: need(h.meanSeconds, 'meanSeconds'), sd: need(h.sdSeconds, 'sdSeconds') };
}

function toAgents(g: ScenarioSpec['agents'][number], queueIds: ReadonlySet<number>, field: string): ScenarioAgentGroup {
  g.queues.forEach((id, i) => {
    if (!queueIds.has(id)) throw new RuleViolationError(`queue ${id} is not one of the scenario's queues`, `${field}.queues[${i}]`);
  });
  const shifts = (g.shifts ?? []).map((s, i): ScenarioShift => {
    const start = clockSeconds(s.start);
    let end = clockSeconds(s.end);
    if (end <= start) end += 86_400; // ends the next day
    const breaks = (s.breaks ?? []).map((b, j) => {
      let at = clockSeconds(b.start);
      if (at < start) at += 86_400;
      const durationSeconds = b.minutes * 60;
      if (at + durationSeconds > end) throw new SchemaError(`${field}.shifts[${i}].breaks[${j}]`, 'must lie within its shift');
      return { startSeconds: at, durationSeconds };
    });
    return { startSeconds: start, endSeconds: end, breaks: breaks.sort((a, b) => a.startSeconds - b.startSeconds) };
  });
  return { prefix: g.prefix, count: g.count, queues: g.queues, shifts };
}

function clockSeconds(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 3600 + m * 60;
}
