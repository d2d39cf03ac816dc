import { CALL_RECORD, type CcsCallRecord } from '../../domain/ccs/call-record.ts';
import { callRefOf, callerRef, interactionRef, projectCall, type ProjectionContext } from '../../domain/ccs/call-projection.ts';
import { callIdFloor } from '../../domain/ccs/stable-ids.ts';
import type { LoggedEvent } from '../../domain/events.ts';
import type { Store } from '../../ports/storage.ts';
import { KeyedMutex } from '../keyed-mutex.ts';
import type { Platform } from '../platform.ts';

/** Lookup records: `c:<queueCallerId>` / `g:<interactionGuid>` → `{ callId }`. */
export const CALL_REF_RECORD = 'ccs_call_ref';

/** The setting holding how far a tenant's log has been projected. */
export const callsCursorKey = (tenantId: string): string => `ccs.calls.cursor.${tenantId}`;

/** Events read (and their changes written in one transaction) per step. */
const BATCH = 200;
/** A batch without call changes moves only the in-memory cursor; it is stored at least this often (events). */
const CURSOR_STRIDE = 1000;
/** Records read per page when listing. */
const PAGE = 500;

/** What `list` selects; times are contact-center ms, numbers compared without a leading `+`. */
export interface CallQuery {
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly callingNumber?: string;
  readonly calledNumber?: string;
  readonly limit: number;
}

interface RefBody {
  readonly callId: string;
}

/** Records and lookups read or changed while projecting one batch (written together at its end). */
class Batch {
  readonly records = new Map<string, CcsCallRecord>();
  readonly refs = new Map<string, string>();
  readonly changedRecords = new Set<string>();
  readonly changedRefs = new Set<string>();

  constructor(private readonly store: Store, private readonly tenantId: string) {}

  async record(callId: string): Promise<CcsCallRecord | undefined> {
    const known = this.records.get(callId);
    if (known) return known;
    const stored = (await this.store.getRecord<CcsCallRecord>(this.tenantId, CALL_RECORD, callId))?.body;
    if (stored) this.records.set(callId, stored);
    return stored;
  }

  async ref(ref: string): Promise<string | undefined> {
    const known = this.refs.get(ref);
    if (known !== undefined) return known;
    const stored = (await this.store.getRecord<RefBody>(this.tenantId, CALL_REF_RECORD, ref))?.body.callId;
    if (stored !== undefined) this.refs.set(ref, stored);
    return stored;
  }

  put(record: CcsCallRecord, refs: readonly string[]): void {
    this.records.set(record.callId, record);
    this.changedRecords.add(record.callId);
    for (const ref of refs) {
      if (this.refs.get(ref) === record.callId) continue;
      this.refs.set(ref, record.callId);
      this.changedRefs.add(ref);
    }
  }

  get changed(): boolean {
    return this.changedRecords.size > 0 || this.changedRefs.size > 0;
  }
}

function normalised(number: string): string {
  return number.trim().replace(/^\+/, '');
}

/**
 * The CCS calls (`ccs-api-overview.txt` 4.19–4.21): a projector per tenant follows the event log
 * like the delivery followers do — reads the events after its cursor, applies the pure projection
 * (`src/domain/ccs/call-projection.ts`), and writes the changed `ccs_call` records, their lookups
 * and the cursor in one transaction, so a restart resumes where it stopped and a replay gives the
 * same ids. The bus wakes it; routes call `caughtUp` before reading, so a read after a write sees it.
 * @example await platform.ccs.calls.caughtUp(tenant.id); const call = await platform.ccs.calls.find(tenant.id, '0KUGX3Z8ABCDE');
 */
export class CcsCalls {
  private readonly mutex = new KeyedMutex();
  /** How far each tenant is projected (may be ahead of the stored cursor by batches that changed nothing). */
  private readonly cursors = new Map<string, number>();
  private readonly storedCursors = new Map<string, number>();
  /** Tenants with a wake-up queued and not started yet (further wake-ups fold into it). */
  private readonly queued = new Set<string>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly platform: Platform) {}

  /** Follows the bus and catches every tenant up in the background. */
  start(): void {
    // Only call events wake it (presence changes, the bulk of the log, cost no read); reads catch up anyway.
    this.unsubscribe = this.platform.bus.subscribe((logged) => {
      if (callRefOf(logged.event) !== null) this.wake(logged.tenantId);
    });
    for (const tenant of this.platform.directory.tenants()) this.wake(tenant.id);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Projects everything the tenant has logged so far. */
  caughtUp(tenantId: string): Promise<void> {
    return this.mutex.run(tenantId, () => this.drain(tenantId));
  }

  async find(tenantId: string, callId: string): Promise<CcsCallRecord | undefined> {
    return (await this.platform.store.getRecord<CcsCallRecord>(tenantId, CALL_RECORD, callId))?.body;
  }

  /** The call an interaction (an offer, a placed call) belongs to. */
  byInteraction(tenantId: string, guid: string): Promise<CcsCallRecord | undefined> {
    return this.byRef(tenantId, interactionRef(guid));
  }

  /** The call a queue caller (`qc-…`) belongs to. */
  byQueueCaller(tenantId: string, callerId: string): Promise<CcsCallRecord | undefined> {
    return this.byRef(tenantId, callerRef(callerId));
  }

  /** Calls in start order (oldest first) matching the query, at most `limit`. */
  async list(tenantId: string, query: CallQuery): Promise<CcsCallRecord[]> {
    const found: CcsCallRecord[] = [];
    const upper = query.toMs === undefined ? null : callIdFloor(query.toMs + 1);
    let afterKey = query.fromMs === undefined ? undefined : callIdFloor(query.fromMs);
    for (;;) {
      const page = await this.platform.store.listRecords<CcsCallRecord>(tenantId, CALL_RECORD, { ...(afterKey !== undefined && { afterKey }), limit: PAGE });
      for (const { key, body } of page) {
        if (upper !== null && key >= upper) return found;
        if (matches(body, query)) found.push(body);
        if (found.length >= query.limit) return found;
      }
      const last = page.at(-1);
      if (last === undefined || page.length < PAGE) return found;
      afterKey = last.key;
    }
  }

  private async byRef(tenantId: string, ref: string): Promise<CcsCallRecord | undefined> {
    const callId = (await this.platform.store.getRecord<RefBody>(tenantId, CALL_REF_RECORD, ref))?.body.callId;
    return callId === undefined ? undefined : this.find(tenantId, callId);
  }

  private wake(tenantId: string): void {
    if (this.queued.has(tenantId)) return;
    this.queued.add(tenantId);
    void this.mutex
      .run(tenantId, () => {
        this.queued.delete(tenantId);
        return this.drain(tenantId);
      })
      .catch(() => undefined); // the next event or read retries from the stored cursor
  }

  private async cursorOf(tenantId: string): Promise<number> {
    const known = this.cursors.get(tenantId);
    if (known !== undefined) return known;
    const stored = Number((await this.platform.store.getSetting(callsCursorKey(tenantId))) ?? '0');
    const cursor = Number.isSafeInteger(stored) && stored > 0 ? stored : 0;
    this.cursors.set(tenantId, cursor);
    this.storedCursors.set(tenantId, cursor);
    return cursor;
  }

  /** Reads and projects batches until the log is drained (runs under the tenant's mutex). */
  private async drain(tenantId: string): Promise<void> {
    const { store } = this.platform;
    const ctx: ProjectionContext = { extensionOf: (agentId) => this.platform.ccs.extensions.of(tenantId, agentId)?.extension ?? null };
    for (;;) {
      const from = await this.cursorOf(tenantId);
      const events = await store.readEvents(tenantId, from, BATCH);
      const last = events.at(-1);
      if (last === undefined) return;
      const batch = new Batch(store, tenantId);
      for (const logged of events) await this.apply(batch, logged, ctx);
      if (batch.changed || last.seq - (this.storedCursors.get(tenantId) ?? 0) >= CURSOR_STRIDE) {
        await this.write(tenantId, batch, last.seq);
        this.storedCursors.set(tenantId, last.seq);
      }
      this.cursors.set(tenantId, last.seq);
    }
  }

  private async apply(batch: Batch, logged: LoggedEvent, ctx: ProjectionContext): Promise<void> {
    const target = callRefOf(logged.event);
    if (target === null) return;
    let current: CcsCallRecord | undefined;
    if (target.kind === 'ref') {
      const callId = await batch.ref(target.ref);
      current = callId === undefined ? undefined : await batch.record(callId);
    } else if (target.kind === 'call') {
      current = await batch.record(target.callId);
    }
    const projected = projectCall(current, logged, ctx);
    if (projected !== null) batch.put(projected.record, projected.refs);
  }

  /** The batch's changes and the cursor, in one transaction. */
  private async write(tenantId: string, batch: Batch, seq: number): Promise<void> {
    await this.platform.store.transaction(async (tx) => {
      for (const callId of batch.changedRecords) await tx.putRecord(tenantId, CALL_RECORD, callId, batch.records.get(callId));
      for (const ref of batch.changedRefs) await tx.putRecord(tenantId, CALL_REF_RECORD, ref, { callId: batch.refs.get(ref) });
      await tx.setSetting(callsCursorKey(tenantId), String(seq));
    });
  }
}

function matches(call: CcsCallRecord, query: CallQuery): boolean {
  if (query.fromMs !== undefined && call.startedAt < query.fromMs) return false;
  if (query.toMs !== undefined && call.startedAt > query.toMs) return false;
  if (query.callingNumber !== undefined && normalised(call.callingNumber) !== normalised(query.callingNumber)) return false;
  return query.calledNumber === undefined || normalised(call.calledNumber) === normalised(query.calledNumber);
}
