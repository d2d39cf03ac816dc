import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, eventLogDigest, LogHasher } from '../../../src/app/sim/digest.ts';
import { openMemoryStore } from '../../../src/storage/memory/memory-store.ts';
import { events, newTenant } from '../../contract/storage.fixtures.ts';

/** The definition: JSON.stringify with every object's keys sorted by a replacer. */
const reference = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

describe('event-log digest', () => {
  it('canonical JSON equals JSON.stringify with sorted keys, for any JSON value (and undefined members)', () => {
    const withUndefined = fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined)));
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), withUndefined), (value) => {
      expect(canonicalJson(value)).toBe(reference(value));
    }), { numRuns: 500 });
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null }, 10: 'x', 2: 'y' })).toBe('{"2":"y","10":"x","a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('hashing events as they commit gives the digest of the stored log', async () => {
    const store = await openMemoryStore();
    const tenantId = (await store.transaction((tx) => tx.insertTenant(newTenant()))).id;
    const hasher = new LogHasher();
    for (let i = 0; i < 30; i++) {
      for (const logged of await store.transaction((tx) => tx.appendEvents(tenantId, 1000 + i, events(i, 3)))) hasher.add(logged);
    }
    const stored = await eventLogDigest(store, tenantId);
    expect(hasher.result()).toStrictEqual(stored);
    expect(stored.events).toBe(90);
    expect(stored.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
