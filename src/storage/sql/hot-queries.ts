import { Prepared } from './prepared.ts';

const EVENT_COLUMNS = ['tenant_id', 'seq', 'at', 'type', 'data'] as const;
const MAX_CACHED_ROWS = 64;

/** The statements every state change runs, compiled once per store (so once per dialect). */
export class HotQueries {
  readonly saveAgentState = new Prepared<
    'presence' | 'reasonList' | 'reasonItem' | 'since' | 'activity' | 'pending' | 'routing' | 'version' | 'tenant' | 'agent' | 'expected'
  >((db, v) =>
    db
      .updateTable('agents')
      .set({
        presence: v.presence,
        reason_list_id: v.reasonList,
        reason_item_id: v.reasonItem,
        presence_since: v.since,
        activity: v.activity,
        pending_presence: v.pending,
        routing: v.routing,
        version: v.version,
      })
      .where('tenant_id', '=', v.tenant)
      .where('agent_id', '=', v.agent)
      .where('version', '=', v.expected),
  );

  readonly bumpEventSeq = new Prepared<'count' | 'tenant'>((db, v) =>
    db
      .updateTable('tenants')
      .set((eb) => ({ last_event_seq: eb('last_event_seq', '+', v.count) }))
      .where('id', '=', v.tenant)
      .returning('last_event_seq'),
  );

  private readonly insertEvents = new Map<number, Prepared<string>>();

  /** An INSERT of `rows` events; slots are named `<column><row>`. */
  insertEventRows(rows: number): Prepared<string> | null {
    if (rows > MAX_CACHED_ROWS) return null;
    let prepared = this.insertEvents.get(rows);
    if (!prepared) {
      prepared = new Prepared<string>((db, v) =>
        db.insertInto('events').values(
          Array.from({ length: rows }, (_, i) => Object.fromEntries(EVENT_COLUMNS.map((c) => [c, (v as Record<string, never>)[`${c}${i}`]])) as never),
        ),
      );
      this.insertEvents.set(rows, prepared);
    }
    return prepared;
  }
}
