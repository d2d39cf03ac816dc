import { createHash } from 'node:crypto';
import type { LoggedEvent } from '../../domain/events.ts';
import type { Store } from '../../ports/storage.ts';

/** A fingerprint of a tenant's event log. */
export interface LogDigest {
  /** SHA-256, hex, over every event in order (sequence, time, canonical JSON of the event). */
  readonly digest: string;
  readonly events: number;
}

const PAGE = 5000;

/**
 * Hashes a tenant's event log so two runs can be compared without shipping the log: a
 * simulation and a server on its virtual clock fed the same traffic give the same digest.
 * Keys are sorted, so how a store round-trips JSON does not matter; the tenant's own id is
 * left out (it is not part of what happened).
 * @example const { digest } = await eventLogDigest(platform.store, tenant.id);
 */
export async function eventLogDigest(store: Store, tenantId: string): Promise<LogDigest> {
  const hash = createHash('sha256');
  let after = 0;
  let events = 0;
  for (;;) {
    const page = await store.readEvents(tenantId, after, PAGE);
    for (const logged of page) hash.update(line(logged));
    events += page.length;
    if (page.length < PAGE) break;
    after = (page.at(-1) as LoggedEvent).seq;
  }
  return { digest: hash.digest('hex'), events };
}

function line(logged: LoggedEvent): string {
  return `${logged.seq}\t${logged.at}\t${canonicalJson(logged.event)}\n`;
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
