import type { DomainEvent, LoggedEvent } from '../domain/events.ts';
import type { Clock, RandomSource } from '../domain/ports.ts';
import type { Store, StoreTx } from '../ports/storage.ts';
import type { Directory } from './directory.ts';
import type { EventBus } from './event-bus.ts';
import type { GroupCommitter } from './group-commit.ts';
import type { KeyedMutex } from './keyed-mutex.ts';

/** What every application service shares. */
export interface Core {
  readonly store: Store;
  readonly directory: Directory;
  readonly bus: EventBus;
  readonly locks: KeyedMutex;
  readonly committer: GroupCommitter;
  readonly clock: Clock;
  readonly random: RandomSource;
}

/**
 * The one write path: runs `write` and appends `events` to the tenant's log in one
 * transaction (`NOTES.md` §6) — `events` may be computed from what `write` returned. After the
 * commit, `apply` updates the in-memory directory and only then are the events published.
 * Changes of one tenant commit in submission order, grouped into shared transactions when
 * they arrive together (see GroupCommitter).
 */
export function commitChange<T>(
  core: Core,
  tenantId: string,
  events: readonly DomainEvent[] | ((result: T) => readonly DomainEvent[]),
  write: (tx: StoreTx) => Promise<T>,
  apply?: (result: T) => void | Promise<void>,
): Promise<{ result: T; logged: LoggedEvent[] }> {
  return core.committer.submit(tenantId, { events, write, ...(apply && { apply }) });
}
