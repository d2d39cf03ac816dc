import { expect, it } from 'vitest';
import { contains, describeCase, runCase, VALIDATION_TIMEOUT_MS } from './support.ts';

it('negative control: the occupancy 0.80 case with one agent fewer falls outside the interval (the method can fail)', async () => {
  const outcome = await runCase({ agents: 20, simulatedAgents: 19, load: 0.8, meanHandleSeconds: 180, slSeconds: 20, answered: 100_000, warmupHours: 2, seed: 80 });
  console.log(describeCase('Negative control: 19 agents simulated, Erlang C for 20', outcome));
  expect(contains(outcome.measured.serviceLevel, outcome.predicted.serviceLevel)).toBe(false);
  expect(contains(outcome.measured.asa, outcome.predicted.asa)).toBe(false);
  expect(outcome.measured.serviceLevel.high).toBeLessThan(outcome.predicted.serviceLevel);
}, VALIDATION_TIMEOUT_MS);
