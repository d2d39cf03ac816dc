import type { CompiledQuery, Compilable, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.ts';

const SLOT = '\u0000slot:';

/**
 * A query built and compiled once, then run with new values: building and compiling a Kysely
 * query costs more than SQLite takes to run it, which matters on the hot write path. Slots are
 * found by passing marker values to the builder, so the SQL is still Kysely's own, per dialect.
 * @example const save = new Prepared((v) => db.updateTable('agents').set({ name: v.name }).where('agent_id', '=', v.id));
 *          await save.run(trx, { name: 'Ada', id: 'ag1' });
 */
export class Prepared<K extends string> {
  private compiled: { query: CompiledQuery; slots: (K | { constant: unknown })[] } | null = null;

  constructor(private readonly build: (db: Kysely<Database>, values: Record<K, never>) => Compilable) {}

  run<R = unknown>(db: Kysely<Database>, values: Record<K, unknown>): Promise<QueryResult<R>> {
    this.compiled ??= this.compile(db);
    const { query, slots } = this.compiled;
    const parameters = slots.map((slot) => (typeof slot === 'string' ? values[slot] : slot.constant));
    return db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
  }

  private compile(db: Kysely<Database>) {
    const markers = new Proxy({} as Record<K, never>, { get: (_t, name) => `${SLOT}${String(name)}` as never });
    const query = this.build(db, markers).compile();
    const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? (p.slice(SLOT.length) as K) : { constant: p }));
    return { query, slots };
  }
}
