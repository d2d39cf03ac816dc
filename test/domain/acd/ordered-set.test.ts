import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderedSet } from '../../../src/domain/acd/ordered-set.ts';

const byNumber = (a: number, b: number): number => a - b;

type Entry = readonly [level: number, position: number, id: string];
const byEntry = (a: Entry, b: Entry): number => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);

const numbers = (...values: number[]): OrderedSet<number> => {
  const set = new OrderedSet(byNumber);
  for (const value of values) set.add(value);
  return set;
};

describe('OrderedSet, small cases', () => {
  it('adds distinct elements and refuses an equal one', () => {
    const set = new OrderedSet(byNumber);
    expect(set.size).toBe(0);
    expect(set.add(5)).toBe(true);
    expect(set.add(1)).toBe(true);
    expect(set.add(5)).toBe(false);
    expect(set.size).toBe(2);
    expect([...set.values()]).toEqual([1, 5]);
  });

  it('treats compare === 0 as the same element, keeping the one already present', () => {
    const set = new OrderedSet<Entry>((a, b) => a[0] - b[0]);
    expect(set.add([1, 0, 'first'])).toBe(true);
    expect(set.add([1, 9, 'second'])).toBe(false);
    expect(set.first()).toEqual([1, 0, 'first']);
  });

  it('deletes present elements and reports absent ones', () => {
    const set = numbers(3, 1, 2);
    expect(set.delete(2)).toBe(true);
    expect(set.delete(2)).toBe(false);
    expect(set.delete(42)).toBe(false);
    expect(set.size).toBe(2);
    expect([...set.values()]).toEqual([1, 3]);
    expect(new OrderedSet(byNumber).delete(1)).toBe(false);
  });

  it('has', () => {
    const set = numbers(4, 8);
    expect(set.has(4)).toBe(true);
    expect(set.has(5)).toBe(false);
    expect(new OrderedSet(byNumber).has(0)).toBe(false);
  });

  it('first and last, undefined when empty', () => {
    expect(numbers(7, 2, 9).first()).toBe(2);
    expect(numbers(7, 2, 9).last()).toBe(9);
    expect(new OrderedSet(byNumber).first()).toBeUndefined();
    expect(new OrderedSet(byNumber).last()).toBeUndefined();
  });

  it('ceiling is the smallest element ≥ value', () => {
    const set = numbers(10, 20, 30);
    expect(set.ceiling(20)).toBe(20);
    expect(set.ceiling(21)).toBe(30);
    expect(set.ceiling(-5)).toBe(10);
    expect(set.ceiling(31)).toBeUndefined();
  });

  it('higher is the smallest element > value', () => {
    const set = numbers(10, 20, 30);
    expect(set.higher(20)).toBe(30);
    expect(set.higher(19)).toBe(20);
    expect(set.higher(30)).toBeUndefined();
    expect(new OrderedSet(byNumber).higher(0)).toBeUndefined();
  });

  it('rank counts the elements < value, present or not', () => {
    const set = numbers(10, 20, 30);
    expect(set.rank(5)).toBe(0);
    expect(set.rank(10)).toBe(0);
    expect(set.rank(11)).toBe(1);
    expect(set.rank(30)).toBe(2);
    expect(set.rank(99)).toBe(3);
  });

  it('at is positional, undefined out of range or for a non-integer', () => {
    const set = numbers(30, 10, 20);
    expect([0, 1, 2].map((i) => set.at(i))).toEqual([10, 20, 30]);
    expect(set.at(3)).toBeUndefined();
    expect(set.at(-1)).toBeUndefined();
    expect(set.at(0.5)).toBeUndefined();
    expect(set.at(Number.NaN)).toBeUndefined();
  });

  it('values iterates in order, optionally from the first element ≥ from', () => {
    const set = numbers(5, 1, 4, 2, 3);
    expect([...set.values()]).toEqual([1, 2, 3, 4, 5]);
    expect([...set.values(3)]).toEqual([3, 4, 5]);
    expect([...set.values(3.5)]).toEqual([4, 5]);
    expect([...set.values(0)]).toEqual([1, 2, 3, 4, 5]);
    expect([...set.values(6)]).toEqual([]);
    expect([...new OrderedSet(byNumber).values()]).toEqual([]);
  });

  it('values is lazy: taking the first few of a large set does not walk it all', () => {
    let comparisons = 0;
    const set = new OrderedSet<number>((a, b) => (comparisons++, a - b));
    for (let i = 0; i < 10_000; i++) set.add(i);
    comparisons = 0;
    const taken: number[] = [];
    for (const value of set.values(5_000)) {
      taken.push(value);
      if (taken.length === 3) break;
    }
    expect(taken).toEqual([5_000, 5_001, 5_002]);
    expect(comparisons).toBeLessThan(100);
  });

  it('refuses to continue an iteration after the set changed', () => {
    const set = numbers(1, 2, 3);
    const it1 = set.values();
    expect(it1.next().value).toBe(1);
    set.delete(3);
    expect(() => it1.next()).toThrow(/changed during iteration/);

    const it2 = set.values();
    it2.next();
    expect(set.add(1)).toBe(false); // no change, so the iteration goes on
    expect(it2.next().value).toBe(2);
    set.clear();
    expect(() => it2.next()).toThrow(/changed during iteration/);
  });

  it('clear empties the set, which stays usable', () => {
    const set = numbers(1, 2, 3);
    set.clear();
    expect(set.size).toBe(0);
    expect(set.first()).toBeUndefined();
    expect(set.add(2)).toBe(true);
    expect([...set.values()]).toEqual([2]);
  });

  it('orders tuples lexicographically', () => {
    const set = new OrderedSet<Entry>(byEntry);
    for (const entry of [[2, 1, 'c4'], [1, 7, 'c2'], [1, 3, 'c9'], [1, 3, 'c1']] as const) set.add(entry);
    expect([...set.values()]).toEqual([[1, 3, 'c1'], [1, 3, 'c9'], [1, 7, 'c2'], [2, 1, 'c4']]);
    expect(set.ceiling([2, 0, ''])).toEqual([2, 1, 'c4']);
    expect(set.higher([1, 3, 'c9'])).toEqual([1, 7, 'c2']);
    expect(set.rank([2, 0, ''])).toBe(3);
    expect(set.delete([1, 3, 'c9'])).toBe(true);
    expect(set.at(1)).toEqual([1, 7, 'c2']);
  });
});

/** The model: a sorted array with linear-time everything. */
function check<T>(compare: (a: T, b: T) => number, element: fc.Arbitrary<T>): void {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), value: element }),
    fc.record({ kind: fc.constant('add' as const), value: element }),
    fc.record({ kind: fc.constant('delete' as const), value: element }),
    fc.record({ kind: fc.constantFrom('has' as const, 'ceiling' as const, 'higher' as const, 'rank' as const, 'values' as const), value: element }),
    fc.record({ kind: fc.constantFrom('first' as const, 'last' as const, 'all' as const, 'clear' as const) }),
    fc.record({ kind: fc.constant('at' as const), index: fc.integer({ min: -2, max: 60 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const set = new OrderedSet(compare);
      let model: T[] = [];
      const indexOf = (v: T): number => model.findIndex((m) => compare(m, v) === 0);
      for (const o of ops) {
        switch (o.kind) {
          case 'add': {
            const fresh = indexOf(o.value) < 0;
            if (fresh) model = [...model, o.value].sort(compare);
            expect(set.add(o.value)).toBe(fresh);
            break;
          }
          case 'delete': {
            const i = indexOf(o.value);
            if (i >= 0) model.splice(i, 1);
            expect(set.delete(o.value)).toBe(i >= 0);
            break;
          }
          case 'has': expect(set.has(o.value)).toBe(indexOf(o.value) >= 0); break;
          case 'ceiling': expect(set.ceiling(o.value)).toEqual(model.find((m) => compare(m, o.value) >= 0)); break;
          case 'higher': expect(set.higher(o.value)).toEqual(model.find((m) => compare(m, o.value) > 0)); break;
          case 'rank': expect(set.rank(o.value)).toBe(model.filter((m) => compare(m, o.value) < 0).length); break;
          case 'values': expect([...set.values(o.value)]).toEqual(model.filter((m) => compare(m, o.value) >= 0)); break;
          case 'at': expect(set.at(o.index)).toEqual(model[o.index]); break;
          case 'first': expect(set.first()).toEqual(model[0]); break;
          case 'last': expect(set.last()).toEqual(model.at(-1)); break;
          case 'all': expect([...set.values()]).toEqual(model); break;
          case 'clear': set.clear(); model = []; break;
        }
        expect(set.size).toBe(model.length);
      }
      expect([...set.values()]).toEqual(model);
    }),
    { numRuns: 300 },
  );
}

describe('OrderedSet against a sorted-array model', () => {
  it('numbers', () => check(byNumber, fc.integer({ min: 0, max: 40 })));

  it('[level, position, id] tuples', () =>
    check(byEntry, fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 }), fc.constantFrom('a', 'b', 'c'))));
});

describe('OrderedSet at scale', () => {
  // Speed is measured in bench/acd-routing.bench.ts, not asserted here (a loaded CI machine is not slow code).
  it('takes 100,000 adds and 100,000 deletes, in order', () => {
    const set = new OrderedSet(byNumber);
    const n = 100_000;
    for (let i = 0; i < n; i++) set.add((i * 7_919) % n); // a permutation of 0..n-1
    expect(set.size).toBe(n);
    for (let i = 0; i < n; i++) set.delete(i);
    expect(set.size).toBe(0);
  });

  it('stays logarithmically shallow, even for sorted input (a plain BST\'s worst case)', () => {
    const set = new OrderedSet(byNumber);
    const n = 100_000;
    for (let i = 0; i < n; i++) set.add(i);
    const bound = 4 * Math.log2(n + 1);
    expect(set.height()).toBeLessThanOrEqual(bound);
    for (let i = 0; i < n; i += 2) set.delete(i);
    expect(set.height()).toBeLessThanOrEqual(bound);
    expect(set.at(0)).toBe(1);
    expect(set.rank(n)).toBe(n / 2);
    expect(new OrderedSet(byNumber).height()).toBe(0);
  });
});
