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

/**
 * JSON with object keys sorted at every level: the same text as `JSON.stringify` with a
 * key-sorting replacer, written directly (it runs on every committed event of a simulation).
 */
export function canonicalJson(value: unknown): string {
  return write(value, '') ?? (undefined as unknown as string);
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `"key":` for each key seen (events have few distinct keys). */
const quotedKeys = new Map<string, string>();

/** One value as JSON.stringify would write it, or undefined where it would leave it out. */
function write(value: unknown, key: string): string | undefined {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (write(value[i], String(i)) ?? 'null');
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const k of sortedKeys(record)) {
    const text = write(record[k], k);
    if (text === undefined) continue;
    let quoted = quotedKeys.get(k);
    if (quoted === undefined) {
      quoted = JSON.stringify(k) + ':';
      if (quotedKeys.size < 10_000) quotedKeys.set(k, quoted);
    }
    out += (out.length === 1 ? '' : ',') + quoted + text;
  }
  return out + '}';
}

/**
 * The order the replacer's `Object.fromEntries` of sorted entries gives: integer-like keys
 * first, ascending (as every object orders them, and as `Object.keys` already lists them), then
 * the others sorted by code unit.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  let indices = 0;
  while (indices < keys.length && isIndex(keys[indices] as string)) indices++;
  if (indices === 0) return keys.sort(byCodeUnit);
  return [...keys.slice(0, indices), ...keys.slice(indices).sort(byCodeUnit)];
}

function isIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (!(c >= 48 && c <= 57)) return false;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < 4294967295 && String(n) === key;
}
