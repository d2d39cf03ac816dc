import { describe, expect, it } from 'vitest';
import { countAnswer, countLeave, EMPTY_DAY, localDate, serviceLevel } from '../../../src/domain/supervision/queue-day.ts';

describe('a queue\'s day', () => {
  it('counts answers within and beyond the threshold, and callers who left unanswered', () => {
    let day = countAnswer(EMPTY_DAY, 20_000, 20_000); // at the threshold: within
    day = countAnswer(day, 20_001, 20_000);
    day = countAnswer(day, null, 20_000); // an older event without the wait: not within
    day = countLeave(day, 'BREAK_OUT'); // hung up waiting: abandoned
    day = countLeave(day, 'TIMEOUT');
    expect(day).toEqual({ handled: 5, answered: 3, answeredInThreshold: 1, abandoned: 1 });
    expect(serviceLevel(day)).toBeCloseTo(0.2);
  });

  it('does not count an answered caller again when it leaves, nor callers moved elsewhere', () => {
    const day = ['answered', 'REDIRECTED', 'TRANSFERRED'].reduce(countLeave, countAnswer(EMPTY_DAY, 1000, 20_000));
    expect(day).toEqual({ handled: 1, answered: 1, answeredInThreshold: 1, abandoned: 0 });
  });

  it('has no service level before its first caller', () => {
    expect(serviceLevel(EMPTY_DAY)).toBeNull();
  });

  it('turns over at local midnight of the tenant\'s zone', () => {
    const berlinMidnight = Date.UTC(2026, 0, 4, 23, 0); // 2026-01-05 00:00 in Berlin
    expect(localDate(berlinMidnight - 1, 'Europe/Berlin')).toBe('2026-01-04');
    expect(localDate(berlinMidnight, 'Europe/Berlin')).toBe('2026-01-05');
    expect(localDate(berlinMidnight, 'UTC')).toBe('2026-01-04');
    expect(localDate(berlinMidnight, 'US/Eastern')).toBe('2026-01-04');
  });
});
