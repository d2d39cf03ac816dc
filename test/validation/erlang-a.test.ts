import { expect, it } from 'vitest';
import { contains, describeCase, runCase, VALIDATION_TIMEOUT_MS } from './support.ts';

it('exponential patience: abandonment, service level and ASA of 200,000 answered calls lie in the interval around Erlang A', async () => {
  const outcome = await runCase({ agents: 50, load: 1.0, meanHandleSeconds: 180, slSeconds: 20, meanPatienceSeconds: 120, answered: 200_000, warmupHours: 2, seed: 101 });
  console.log(describeCase('Erlang A, offered load 1.0 per agent, patience 120 s', outcome));
  expect(outcome.measured.answered).toBeGreaterThanOrEqual(200_000);
  expect(contains(outcome.measured.abandonRate, outcome.predicted.abandonRate)).toBe(true);
  expect(contains(outcome.measured.serviceLevel, outcome.predicted.serviceLevel)).toBe(true);
  expect(contains(outcome.measured.asa, outcome.predicted.asa)).toBe(true);
  expect(outcome.measured.serviceLevel.width).toBeLessThan(0.04);
}, VALIDATION_TIMEOUT_MS);
