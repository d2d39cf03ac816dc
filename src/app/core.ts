import type { DomainEvent, LoggedEvent } from '../domain/events.ts';
import type { Clock, RandomSource } from '../domain/ports.ts';
import type { Store, StoreTx } from '../ports/storage.ts';
import type { Directory } from './directory.ts';
import type { EventBus } from './event-bus.ts';
import type { KeyedMutex } from './keyed-mutex.ts';

/** What every application service shares. */
export interface Core {
  readonly store: Store;
  readonly directory: Directory;
  readonly bus: EventBus;
  readonly locks: KeyedMutex;
  readonly clock: Clock;
  readonly random: RandomSource;
}

/**
 * The one write path: runs `write` and appends `events` to the tenant's log in one
 * transaction (`NOTES.md` §6) — `events` may be computed from what `write` returned; after the commit, `apply` updates the in-memory directory
 * and only then are the events published.
 */
export async function commitChange<T>(
  core: Core,
  tenantId: string,
  events: readonly DomainEvent[] | ((result: T) => readonly DomainEvent[]),
  write: (tx: StoreTx) => Promise<T>,
  apply: (result: T) => void | Promise<void> = () => {},
): Promise<{ result: T; logged: LoggedEvent[] }> {
  const at = core.clock.now();
  const out = await core.store.transaction(async (tx) => {
    const result = await write(tx);
    const logged = await tx.appendEvents(tenantId, at, typeof events === 'function' ? events(result) : events);
    return { result, logged };
  });
  await apply(out.result);
  core.bus.publish(out.logged);
  return out;
}
