import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../../src/app/schema-check.ts';
import { parseScenario } from '../../../src/app/sim/scenario-file.ts';
import { RuleViolationError } from '../../../src/domain/errors.ts';

type Doc = Record<string, unknown> & { queues: Record<string, unknown>[]; agents: Record<string, unknown>[] };

/** The smallest valid scenario document: every optional field left out. */
function minimal(): Doc {
  return {
    name: 'minimal',
    seed: 7,
    hours: 2,
    queues: [{ id: 42, name: 'Support', arrivals: { callsPerHour: 60 }, handling: { distribution: 'fixed', seconds: 120 } }],
    agents: [{ prefix: 'agent-', count: 3, queues: [42] }],
  };
}

/** `minimal()` with the first queue's fields replaced. */
function withQueue(fields: Record<string, unknown>): Doc {
  const doc = minimal();
  doc.queues = [{ ...doc.queues[0], ...fields }];
  return doc;
}

/** `minimal()` with the first agent group's fields replaced. */
function withAgents(fields: Record<string, unknown>): Doc {
  const doc = minimal();
  doc.agents = [{ ...doc.agents[0], ...fields }];
  return doc;
}

/** Runs `parseScenario` and returns the error it threw (failing the test when it did not throw). */
function refusal(input: unknown): Error & { field?: string } {
  try {
    parseScenario(input);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error & { field?: string };
  }
  throw new Error('parseScenario accepted the document');
}

function expectSchemaError(input: unknown, field: string): void {
  const error = refusal(input);
  expect(error).toBeInstanceOf(SchemaError);
  expect(error.field).toBe(field);
}

function expectRuleViolation(input: unknown, field: string): void {
  const error = refusal(input);
  expect(error).toBeInstanceOf(RuleViolationError);
  expect(error.field).toBe(field);
}

describe('parseScenario: defaults', () => {
  const scenario = parseScenario(minimal());

  it('keeps the required fields and converts hours to seconds', () => {
    expect(scenario.name).toBe('minimal');
    expect(scenario.seed).toBe(7);
    expect(scenario.durationSeconds).toBe(2 * 3600);
  });

  it('fills in the run-wide defaults', () => {
    expect(scenario.tenant).toBe('simcorp');
    expect(scenario.drainSeconds).toBe(60 * 60);
    expect(scenario.warmupSeconds).toBe(0);
    expect(scenario.reportIntervalSeconds).toBe(30 * 60);
    expect(scenario.serviceLevelSeconds).toBe(20);
    expect(scenario.ringSeconds).toBe(0);
  });

  it('fills in the queue defaults', () => {
    const queue = scenario.queues[0];
    expect(queue).toBeDefined();
    expect(queue?.id).toBe(42);
    expect(queue?.name).toBe('Support');
    expect(queue?.strategy).toBe('longest-idle-agent');
    expect(queue?.wrapUpSeconds).toBe(0);
    expect(queue?.did).toBe('+18000000042'); // +1800 and the id on 7 digits
    expect(queue?.patience).toEqual({ kind: 'none' });
    expect(queue?.arrivals.intervalSeconds).toBe(30 * 60);
  });

  it('gives an agent group without shifts no shifts (available for the whole run)', () => {
    expect(scenario.agents).toEqual([{ prefix: 'agent-', count: 3, queues: [42], shifts: [] }]);
  });

  it('derives the DID from a 6-digit queue id too', () => {
    const doc = withQueue({ id: 999_999 });
    doc.agents = [{ prefix: 'a', count: 1, queues: [999_999] }];
    expect(parseScenario(doc).queues[0]?.did).toBe('+18000999999');
  });

  it('takes every optional field when given', () => {
    const doc: Doc = {
      ...minimal(),
      tenant: 'acme', drainMinutes: 15, warmupMinutes: 30, reportIntervalMinutes: 15, serviceLevelSeconds: 30, ringSeconds: 4,
    };
    doc.queues = [{ ...doc.queues[0], strategy: 'round-robin', did: '+15550001111', wrapUpSeconds: 12, arrivals: { intervalMinutes: 15, callsPerHour: 60 } }];
    const parsed = parseScenario(doc);
    expect(parsed).toMatchObject({
      tenant: 'acme', drainSeconds: 900, warmupSeconds: 1800, reportIntervalSeconds: 900, serviceLevelSeconds: 30, ringSeconds: 4,
    });
    expect(parsed.queues[0]).toMatchObject({ strategy: 'round-robin', did: '+15550001111', wrapUpSeconds: 12, arrivals: { intervalSeconds: 900 } });
  });
});

describe('parseScenario: arrivals', () => {
  it('takes callsPerHour as a single number (one interval)', () => {
    expect(parseScenario(withQueue({ arrivals: { callsPerHour: 90 } })).queues[0]?.arrivals).toEqual({ intervalSeconds: 1800, ratesPerHour: [90] });
  });

  it('takes callsPerHour as a list, one rate per interval', () => {
    const arrivals = parseScenario(withQueue({ arrivals: { intervalMinutes: 60, callsPerHour: [0, 10, 20.5] } })).queues[0]?.arrivals;
    expect(arrivals).toEqual({ intervalSeconds: 3600, ratesPerHour: [0, 10, 20.5] });
  });

  it('refuses a negative rate and an empty list, naming the field', () => {
    expectSchemaError(withQueue({ arrivals: { callsPerHour: [10, -1] } }), 'queues[0].arrivals.callsPerHour');
    expectSchemaError(withQueue({ arrivals: { callsPerHour: [] } }), 'queues[0].arrivals.callsPerHour');
  });
});

describe('parseScenario: handling and patience', () => {
  it('reads a fixed handling time', () => {
    expect(parseScenario(withQueue({ handling: { distribution: 'fixed', seconds: 0 } })).queues[0]?.handling).toEqual({ kind: 'fixed', seconds: 0 });
  });

  it('reads an exponential handling time', () => {
    expect(parseScenario(withQueue({ handling: { distribution: 'exponential', meanSeconds: 180 } })).queues[0]?.handling).toEqual({ kind: 'exponential', mean: 180 });
  });

  it('reads a log-normal handling time', () => {
    expect(parseScenario(withQueue({ handling: { distribution: 'lognormal', meanSeconds: 240, sdSeconds: 150 } })).queues[0]?.handling).toEqual({ kind: 'lognormal', mean: 240, sd: 150 });
  });

  it('requires meanSeconds with exponential', () => {
    expectSchemaError(withQueue({ handling: { distribution: 'exponential' } }), 'queues[0].handling.meanSeconds');
  });

  it('requires seconds with fixed, and meanSeconds and sdSeconds with lognormal', () => {
    expectSchemaError(withQueue({ handling: { distribution: 'fixed' } }), 'queues[0].handling.seconds');
    expectSchemaError(withQueue({ handling: { distribution: 'lognormal', sdSeconds: 10 } }), 'queues[0].handling.meanSeconds');
    expectSchemaError(withQueue({ handling: { distribution: 'lognormal', meanSeconds: 100 } }), 'queues[0].handling.sdSeconds');
  });

  it('refuses seconds with exponential (it does not apply)', () => {
    const error = refusal(withQueue({ handling: { distribution: 'exponential', meanSeconds: 180, seconds: 180 } }));
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.field).toBe('queues[0].handling.seconds');
    expect(error.message).toMatch(/does not apply to distribution exponential/);
  });

  it('refuses meanSeconds with fixed and seconds with lognormal', () => {
    expectSchemaError(withQueue({ handling: { distribution: 'fixed', seconds: 60, meanSeconds: 60 } }), 'queues[0].handling.meanSeconds');
    expectSchemaError(withQueue({ handling: { distribution: 'lognormal', meanSeconds: 60, sdSeconds: 10, seconds: 60 } }), 'queues[0].handling.seconds');
  });

  it('refuses an unknown distribution', () => {
    expectSchemaError(withQueue({ handling: { distribution: 'gamma', meanSeconds: 60 } }), 'queues[0].handling.distribution');
  });

  it('refuses meanSeconds 0', () => {
    expectSchemaError(withQueue({ handling: { distribution: 'exponential', meanSeconds: 0 } }), 'queues[0].handling.meanSeconds');
  });

  it('names the queue by its index', () => {
    const doc = minimal();
    doc.queues.push({ id: 43, name: 'Sales', arrivals: { callsPerHour: 1 }, handling: { distribution: 'exponential' } });
    expectSchemaError(doc, 'queues[1].handling.meanSeconds');
  });

  it('reads patience none and exponential patience', () => {
    expect(parseScenario(withQueue({ patience: 'none' })).queues[0]?.patience).toEqual({ kind: 'none' });
    expect(parseScenario(withQueue({ patience: { distribution: 'exponential', meanSeconds: 90 } })).queues[0]?.patience).toEqual({ kind: 'exponential', mean: 90 });
  });

  it('refuses exponential patience with meanSeconds 0', () => {
    expect(refusal(withQueue({ patience: { distribution: 'exponential', meanSeconds: 0 } }))).toBeInstanceOf(SchemaError);
  });
});

describe('parseScenario: shifts and breaks', () => {
  it('converts a day shift and its breaks to seconds from midnight, breaks sorted', () => {
    const doc = withAgents({ shifts: [{ start: '08:00', end: '16:30', breaks: [{ start: '13:00', minutes: 15 }, { start: '10:15', minutes: 30 }] }] });
    expect(parseScenario(doc).agents[0]?.shifts).toEqual([
      { startSeconds: 8 * 3600, endSeconds: 16.5 * 3600, breaks: [{ startSeconds: 10.25 * 3600, durationSeconds: 1800 }, { startSeconds: 13 * 3600, durationSeconds: 900 }] },
    ]);
  });

  it('moves the end of a shift across midnight to the next day, and a break after midnight with it', () => {
    const doc = withAgents({ shifts: [{ start: '22:00', end: '06:00', breaks: [{ start: '23:30', minutes: 15 }, { start: '02:00', minutes: 30 }] }] });
    expect(parseScenario(doc).agents[0]?.shifts).toEqual([
      {
        startSeconds: 22 * 3600,
        endSeconds: (6 + 24) * 3600,
        breaks: [{ startSeconds: 23.5 * 3600, durationSeconds: 900 }, { startSeconds: (2 + 24) * 3600, durationSeconds: 1800 }],
      },
    ]);
  });

  it('reads a shift whose end equals its start as 24 hours', () => {
    const shifts = parseScenario(withAgents({ shifts: [{ start: '06:00', end: '06:00' }] })).agents[0]?.shifts;
    expect(shifts).toEqual([{ startSeconds: 6 * 3600, endSeconds: 30 * 3600, breaks: [] }]);
  });

  it('accepts a break that ends exactly when the shift does', () => {
    const shifts = parseScenario(withAgents({ shifts: [{ start: '08:00', end: '16:00', breaks: [{ start: '15:30', minutes: 30 }] }] })).agents[0]?.shifts;
    expect(shifts?.[0]?.breaks).toEqual([{ startSeconds: 15.5 * 3600, durationSeconds: 1800 }]);
  });

  it('refuses a break after its shift ends', () => {
    expectSchemaError(withAgents({ shifts: [{ start: '08:00', end: '16:00', breaks: [{ start: '17:00', minutes: 15 }] }] }), 'agents[0].shifts[0].breaks[0]');
  });

  it('refuses a break running past the end of its shift', () => {
    expectSchemaError(withAgents({ shifts: [{ start: '08:00', end: '16:00', breaks: [{ start: '15:45', minutes: 30 }] }] }), 'agents[0].shifts[0].breaks[0]');
  });

  it('refuses a break before its shift starts', () => {
    expectSchemaError(withAgents({ shifts: [{ start: '08:00', end: '16:00', breaks: [{ start: '07:00', minutes: 15 }] }] }), 'agents[0].shifts[0].breaks[0]');
  });

  it('names the break and the shift by index', () => {
    const doc = withAgents({
      shifts: [
        { start: '06:00', end: '10:00' },
        { start: '12:00', end: '18:00', breaks: [{ start: '14:00', minutes: 15 }, { start: '19:00', minutes: 15 }] },
      ],
    });
    expectSchemaError(doc, 'agents[0].shifts[1].breaks[1]');
  });

  it('refuses a badly written clock time', () => {
    expectSchemaError(withAgents({ shifts: [{ start: '24:00', end: '06:00' }] }), 'agents[0].shifts[0].start');
    expectSchemaError(withAgents({ shifts: [{ start: '8:00', end: '16:00' }] }), 'agents[0].shifts[0].start');
  });
});

describe('parseScenario: cross-field rules', () => {
  it('refuses a queue id used twice, naming the second', () => {
    const doc = minimal();
    doc.queues.push({ id: 42, name: 'Again', arrivals: { callsPerHour: 1 }, handling: { distribution: 'fixed', seconds: 1 } });
    expectRuleViolation(doc, 'queues[1].id');
  });

  it('refuses an agent group serving a queue the scenario does not have', () => {
    expectRuleViolation(withAgents({ queues: [7] }), 'agents[0].queues[0]');
  });

  it('names the unknown queue by its index in the group and the group by its index', () => {
    const doc = minimal();
    doc.agents.push({ prefix: 'other-', count: 1, queues: [42, 8] });
    expectRuleViolation(doc, 'agents[1].queues[1]');
  });

  it('refuses two agent groups with the same prefix', () => {
    const doc = minimal();
    doc.agents.push({ prefix: 'agent-', count: 2, queues: [42] });
    expectRuleViolation(doc, 'agents');
  });

  it('refuses a warm-up as long as the run or longer', () => {
    expectRuleViolation({ ...minimal(), warmupMinutes: 120 }, 'warmupMinutes');
    expectRuleViolation({ ...minimal(), warmupMinutes: 121 }, 'warmupMinutes');
  });

  it('accepts a warm-up shorter than the run', () => {
    expect(parseScenario({ ...minimal(), warmupMinutes: 119 }).warmupSeconds).toBe(119 * 60);
  });
});

describe('parseScenario: schema', () => {
  it('refuses an unknown top-level field', () => {
    const error = refusal({ ...minimal(), bogus: true });
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.field).toBe('bogus');
    expect(error.message).toBe('Invalid bogus: is not a known field');
  });

  it('refuses an unknown field inside a queue, naming it', () => {
    expectSchemaError(withQueue({ colour: 'blue' }), 'queues[0].colour');
  });

  it('refuses a seed out of range', () => {
    expectSchemaError({ ...minimal(), seed: -1 }, 'seed');
    expectSchemaError({ ...minimal(), seed: 2 ** 31 - 1 }, 'seed');
    expectSchemaError({ ...minimal(), seed: 1.5 }, 'seed');
  });

  it('accepts the extreme seeds', () => {
    expect(parseScenario({ ...minimal(), seed: 0 }).seed).toBe(0);
    expect(parseScenario({ ...minimal(), seed: 2 ** 31 - 2 }).seed).toBe(2 ** 31 - 2);
  });

  it('requires name, seed, hours, queues and agents', () => {
    for (const key of ['name', 'seed', 'hours', 'queues', 'agents']) {
      const doc: Record<string, unknown> = minimal();
      delete doc[key];
      expectSchemaError(doc, key);
    }
  });

  it('refuses hours 0 and an empty queue list', () => {
    expectSchemaError({ ...minimal(), hours: 0 }, 'hours');
    expectSchemaError({ ...minimal(), queues: [] }, 'queues');
  });

  it('refuses an unknown strategy and a malformed DID', () => {
    expectSchemaError(withQueue({ strategy: 'cheapest' }), 'queues[0].strategy');
    expectSchemaError(withQueue({ did: '0800123' }), 'queues[0].did');
  });
});
