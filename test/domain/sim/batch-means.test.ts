import { describe, expect, it } from 'vitest';
import { batchMeans, meanInterval, tQuantile975 } from '../../../src/domain/sim/batch-means.ts';
import { seededRandom } from '../../../src/domain/ports.ts';
import type { CallerOutcomes } from '../../../src/domain/sim/metrics.ts';

function outcomes(rows: readonly { wait: number; answered: boolean }[]): CallerOutcomes {
  return { count: rows.length, wait: (i) => rows[i]?.wait ?? 0, answered: (i) => rows[i]?.answered ?? false, joinedAt: (i) => i };
}

describe('batch means', () => {
  it('t quantiles match the table values and fall back to the normal', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(19)).toBe(2.093);
    expect(tQuantile975(1000)).toBe(1.96);
    expect(() => tQuantile975(0)).toThrow(RangeError);
  });

  it('the interval of a mean is mean ± t·s/√n', () => {
    const i = meanInterval([1, 2, 3]);
    expect(i.mean).toBe(2);
    expect(i.width).toBeCloseTo(2 * 4.303 * Math.sqrt(1 / 3), 10);
    expect(() => meanInterval([1])).toThrow(RangeError);
  });

  it('computes service level, ASA and abandonment per batch (abandoned callers count as not in time)', () => {
    const rows = [
      { wait: 5, answered: true }, { wait: 30, answered: true }, { wait: 50, answered: false }, { wait: 0, answered: true },
      { wait: 10, answered: true }, { wait: 25, answered: true }, { wait: 2, answered: false }, { wait: 20, answered: true },
    ];
    const r = batchMeans(outcomes(rows), 2, 20);
    // batch 1: in time 2 of 4, ASA (5+30+0)/3, abandoned 1/4; batch 2: in time 2 of 4, ASA (10+25+20)/3, abandoned 1/4
    expect(r.serviceLevel.mean).toBe(0.5);
    expect(r.serviceLevel.width).toBe(0);
    expect(r.asa.mean).toBeCloseTo((35 / 3 + 55 / 3) / 2, 10);
    expect(r.abandonRate.mean).toBe(0.25);
    expect(r.answered).toBe(6);
  });

  it('covers the true mean of independent draws about 95 % of the time', () => {
    const random = seededRandom(11);
    let covered = 0;
    for (let run = 0; run < 400; run++) {
      const rows = Array.from({ length: 2000 }, () => ({ wait: 40 * random.next(), answered: true }));
      const sl = batchMeans(outcomes(rows), 20, 10).serviceLevel; // P(U·40 ≤ 10) = 0.25
      if (sl.low <= 0.25 && 0.25 <= sl.high) covered++;
    }
    expect(covered / 400).toBeGreaterThan(0.91);
    expect(covered / 400).toBeLessThan(0.99);
  });

  it('refuses more batches than callers', () => {
    expect(() => batchMeans(outcomes([{ wait: 1, answered: true }]), 2, 20)).toThrow(RangeError);
  });
});
