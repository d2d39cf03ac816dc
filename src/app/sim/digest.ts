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
  const hasher = new LogHasher();
  let after = 0;
  for (;;) {
    const page = await store.readEvents(tenantId, after, PAGE);
    for (const logged of page) hasher.add(logged);
    if (page.length < PAGE) break;
    after = (page.at(-1) as LoggedEvent).seq;
  }
  return hasher.result();
}

/**
 * The same digest, fed event by event as they are committed (a simulation that does not keep
 * its whole log in memory hashes from the event bus).
 * @example const hasher = new LogHasher(); bus.subscribe((e) => hasher.add(e)); … hasher.result();
 */
export class LogHasher {
  private readonly hash = createHash('sha256');
  private events = 0;

  add(logged: LoggedEvent): void {
    this.hash.update(line(logged));
    this.events++;
  }

  result(): LogDigest {
    return { digest: this.hash.copy().digest('hex'), events: this.events };
  }
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
