import type { Store, StoreTx } from '../../ports/storage.ts';
import { MemoryReads } from './memory-reads.ts';
import { MemoryDatabase, type Undo } from './memory-tables.ts';
import { MemoryTx } from './memory-tx.ts';

export { MemoryDatabase, type MemoryRetention } from './memory-tables.ts';

/**
 * A Store held in memory, for discrete-event simulation and tests: the SQL adapter's
 * behaviour (orders, per-tenant event and transaction numbers, id allocation, errors) without
 * I/O. Nothing survives the process; a store reopened on the same `MemoryDatabase` sees what
 * was committed before.
 *
 * Transactions run one at a time, first come first served; a transaction that throws is undone
 * from its journal. Reads on the store itself (not on a tx) wait for a running transaction, as
 * on SQLite's single connection, so they never see uncommitted writes — and, as there, calling
 * the store rather than the tx inside a transaction's callback waits forever.
 */
export class MemoryStore extends MemoryReads implements Store {
  readonly kind = 'memory' as const;
  private closed = false;

  constructor(private readonly database: MemoryDatabase = new MemoryDatabase()) {
    super(database.tables);
  }

  protected override read<T>(fn: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('memory store: closed'));
    const lock = this.database.lock;
    return lock.idle ? super.read(fn) : lock.run(() => super.read(fn));
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('memory store: closed'));
    const tables = this.database.tables;
    return this.database.lock.run(async () => {
      const journal: Undo[] = [];
      const tx = new MemoryTx(tables);
      tables.journal = journal;
      try {
        const result = await fn(tx);
        tables.journal = null;
        this.database.prune();
        return result;
      } catch (error) {
        for (let i = journal.length - 1; i >= 0; i--) journal[i]?.();
        throw error;
      } finally {
        tables.journal = null;
        tx.end();
      }
    });
  }

  /** Waits for queued transactions, then refuses further use; the database keeps its data. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.database.lock.run(async () => {});
    this.closed = true;
  }
}

/**
 * Opens a store over `database`, or over a new empty one.
 * @example const store = await openMemoryStore();
 */
export function openMemoryStore(database: MemoryDatabase = new MemoryDatabase()): Promise<MemoryStore> {
  return Promise.resolve(new MemoryStore(database));
}
