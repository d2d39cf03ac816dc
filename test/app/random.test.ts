import { describe, expect, it } from 'vitest';
import { cryptoRandom } from '../../src/app/random.ts';

describe('cryptoRandom', () => {
  it('draws floats in [0, 1) across pool refills, without repeats, evenly spread', () => {
    const draws = Array.from({ length: 5000 }, () => cryptoRandom.next()); // several pool refills
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    expect(new Set(draws).size).toBe(draws.length);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    const low = draws.filter((d) => d < 0.1).length;
    expect(low).toBeGreaterThan(350);
    expect(low).toBeLessThan(650);
  });
});
