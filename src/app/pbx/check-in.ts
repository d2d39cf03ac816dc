import { PresenceKind, type Agent } from '../../domain/agent.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { DeviceRef, DomainEvent } from '../../domain/events.ts';
import { applyPresence, decideStatusChange, type StatusChangeOutcome } from '../../domain/status-change.ts';
import {
  CHECKED_IN_RECORD, CHECKIN_CODE_RECORD, CHECKIN_CODE_TTL_MS, newCheckInCode, type CheckedIn, type CheckInCode,
} from '../../domain/users/check-in.ts';
import type { Device } from '../../domain/users/device.ts';
import type { StoreTx } from '../../ports/storage.ts';
import type { Change } from '../group-commit.ts';
import type { Platform } from '../platform.ts';

const LOGGED_IN: ReadonlySet<PresenceKind> = new Set([PresenceKind.Available, PresenceKind.OnBreak, PresenceKind.WorkingOffline]);

/** Whether the agent is checked in (logged in, whatever the device): available, on break or working offline. */
export function isCheckedIn(agent: Agent): boolean {
  return LOGGED_IN.has(agent.state.presence.kind);
}

/** Writes, events and staged agent states gathered for one commit. */
class Batch {
  readonly events: DomainEvent[] = [];
  readonly writes: ((tx: StoreTx) => Promise<unknown>)[] = [];
  readonly after: (() => void)[] = [];
  readonly agents: { agent: Agent; outcome: Extract<StatusChangeOutcome, { changed: true }> }[] = [];

  record(tenantId: string, kind: string, key: string, body: unknown | null, after: () => void): void {
    this.events.push({ type: 'record.changed', kind, key, change: body === null ? 'deleted' : 'put' });
    this.writes.push((tx) => (body === null ? tx.deleteRecord(tenantId, kind, key) : tx.putRecord(tenantId, kind, key, body)));
    this.after.push(after);
  }
}

/**
 * Check-in state of the PBX agents: pending codes and the device each agent is checked in
 * with, both persisted as records (a restart keeps them) and mirrored in memory. Every change
 * runs under one lock per tenant, so two check-ins never both take one device; the agent's
 * presence, the device record and their events commit together.
 * @example await checkIns.checkInWith(tenantId, agentId, device, { force: false });
 */
export class CheckIns {
  private readonly codes = new Map<string, Map<string, CheckInCode>>();
  private readonly devices = new Map<string, Map<string, number>>();

  constructor(private readonly platform: Platform) {}

  async load(): Promise<void> {
    const { store } = this.platform;
    for (const r of await store.listRecords<CheckInCode>(null, CHECKIN_CODE_RECORD)) this.of(this.codes, r.tenantId).set(r.key, r.body);
    for (const r of await store.listRecords<CheckedIn>(null, CHECKED_IN_RECORD)) this.of(this.devices, r.tenantId).set(r.key, r.body.deviceId);
    // A device is released when its agent logs out by any means (VCC, workspace, a deferred check-out applying).
    this.platform.bus.subscribe((logged) => {
      const e = logged.event;
      const gone = e.type === 'agent.deleted' || (e.type === 'agent.presence_changed' && !LOGGED_IN.has(e.to.kind));
      if (gone && this.devices.get(logged.tenantId)?.has(e.agentId) === true) void this.release(logged.tenantId, e.agentId).catch(() => undefined);
    });
  }

  /** Runs `task` alone among the tenant's check-in changes. */
  exclusive<T>(tenantId: string, task: () => Promise<T>): Promise<T> {
    return this.platform.locks.run(`pbx-check-in:${tenantId}`, task);
  }

  /** The device the agent is checked in with; null when none (or the agent is no longer logged in). */
  deviceOf(tenantId: string, agentId: string): number | null {
    const deviceId = this.devices.get(tenantId)?.get(agentId);
    if (deviceId === undefined) return null;
    const agent = this.platform.directory.agent(tenantId, agentId);
    return agent && isCheckedIn(this.platform.agentWriter.current(tenantId, agentId)) ? deviceId : null;
  }

  /** The agent checked in with a device, other than `except`. */
  holderOf(tenantId: string, deviceId: number, except: string): Agent | null {
    for (const [agentId, id] of this.devices.get(tenantId) ?? []) {
      if (id === deviceId && agentId !== except && this.deviceOf(tenantId, agentId) === deviceId) return this.platform.agentWriter.current(tenantId, agentId);
    }
    return null;
  }

  /** The pending (unexpired) code a device dialled, or undefined. */
  codeFor(tenantId: string, code: string): CheckInCode | undefined {
    const now = this.platform.clock.now();
    return [...(this.codes.get(tenantId)?.values() ?? [])].find((c) => c.code === code && c.expiresAt > now);
  }

  /** Call inside `exclusive`: a new code for the agent (replacing its pending one), persisted. */
  async issueCode(tenantId: string, agentId: string, forceCheckOut: boolean): Promise<string> {
    const now = this.platform.clock.now();
    const pending = this.of(this.codes, tenantId);
    const taken = new Set([...pending.values()].filter((c) => c.expiresAt > now && c.agentId !== agentId).map((c) => c.code));
    const code = newCheckInCode(this.platform.random, taken);
    if (code === null) throw new ConflictError('every check-in code of the account is pending; try again in a few minutes');
    const batch = new Batch();
    const body: CheckInCode = { code, agentId, expiresAt: now + CHECKIN_CODE_TTL_MS, forceCheckOut };
    batch.record(tenantId, CHECKIN_CODE_RECORD, agentId, body, () => pending.set(agentId, body));
    for (const expired of [...pending.values()].filter((c) => c.expiresAt <= now && c.agentId !== agentId)) {
      batch.record(tenantId, CHECKIN_CODE_RECORD, expired.agentId, null, () => pending.delete(expired.agentId));
    }
    await this.commit(tenantId, batch);
    return code;
  }

  /**
   * Call inside `exclusive`: checks the agent in with `device`. From logged out (or never logged
   * in) the agent becomes available and the presence event names the device; an agent already
   * logged in keeps its presence and moves to the device. Another agent on the device: 409, or
   * with `force` that agent is checked out (deferred while on a call). `code` is consumed.
   */
  async checkInWith(tenantId: string, agentId: string, device: Device, options: { readonly force: boolean; readonly code?: CheckInCode }): Promise<void> {
    const { agentWriter, clock } = this.platform;
    const holder = this.holderOf(tenantId, device.id, agentId);
    if (holder && !options.force) {
      throw new ConflictError(`device_id: device ${device.id} is in use by user ${holder.userId} (${holder.name}); send forceCheckOut=1 to check that user out`);
    }
    const batch = new Batch();
    if (holder) this.stageCheckOut(tenantId, holder, batch, true);
    const agent = agentWriter.current(tenantId, agentId);
    if (!isCheckedIn(agent)) {
      const outcome = applyPresence(agent, { kind: PresenceKind.Available, reason: null }, clock.now(), 'pbx');
      if (outcome.changed) batch.agents.push({ agent, outcome: { ...outcome, events: withDevice(outcome.events, { id: device.id, name: device.name }) } });
    }
    if (this.devices.get(tenantId)?.get(agentId) !== device.id) {
      batch.record(tenantId, CHECKED_IN_RECORD, agentId, { deviceId: device.id } satisfies CheckedIn, () => this.of(this.devices, tenantId).set(agentId, device.id));
    }
    if (options.code) batch.record(tenantId, CHECKIN_CODE_RECORD, agentId, null, () => this.codes.get(tenantId)?.delete(agentId));
    await this.commit(tenantId, batch);
  }

  /** Call inside `exclusive`: checks the agent out (a no-op success when it is not logged in). */
  async checkOut(tenantId: string, agentId: string): Promise<void> {
    const batch = new Batch();
    this.stageCheckOut(tenantId, this.platform.agentWriter.current(tenantId, agentId), batch, false);
    await this.commit(tenantId, batch);
  }

  /**
   * Logged out now (device released in the same commit), or when the agent's call and wrap-up end
   * (`NOTES.md` §3); `releaseNow` frees the device at once even then (another agent takes it).
   */
  private stageCheckOut(tenantId: string, agent: Agent, batch: Batch, releaseNow: boolean): void {
    if (isCheckedIn(agent)) {
      const { directory, clock } = this.platform;
      const outcome = decideStatusChange(agent, { status: 1, reason: null }, directory.allowedReasons(agent), clock.now(), 'pbx');
      if (outcome.changed) batch.agents.push({ agent, outcome });
      // Deferred: the device stays the agent's until the logout applies (then `release`).
      if (!releaseNow && outcome.changed && isCheckedIn({ ...agent, state: outcome.state })) return;
    }
    if (this.devices.get(tenantId)?.has(agent.agentId) === true) {
      batch.record(tenantId, CHECKED_IN_RECORD, agent.agentId, null, () => this.devices.get(tenantId)?.delete(agent.agentId));
    }
  }

  /** Drops the device record of an agent that logged out elsewhere or was deleted. */
  private release(tenantId: string, agentId: string): Promise<void> {
    return this.exclusive(tenantId, async () => {
      const agent = this.platform.directory.agent(tenantId, agentId);
      if (agent && isCheckedIn(this.platform.agentWriter.current(tenantId, agentId))) return;
      if (this.devices.get(tenantId)?.has(agentId) !== true) return;
      const batch = new Batch();
      batch.record(tenantId, CHECKED_IN_RECORD, agentId, null, () => this.devices.get(tenantId)?.delete(agentId));
      if (!agent && this.codes.get(tenantId)?.has(agentId) === true) batch.record(tenantId, CHECKIN_CODE_RECORD, agentId, null, () => this.codes.get(tenantId)?.delete(agentId));
      await this.commit(tenantId, batch);
    });
  }

  /** One commit: the records, the agents' staged states and every event. */
  private async commit(tenantId: string, batch: Batch): Promise<void> {
    const events = [...batch.agents.flatMap((a) => a.outcome.events), ...batch.events];
    if (events.length === 0) return;
    let change: Change<unknown> = {
      events,
      write: async (tx) => {
        for (const write of batch.writes) await write(tx);
      },
      apply: () => batch.after.forEach((run) => run()),
    };
    for (const { agent, outcome } of batch.agents) change = this.platform.agentWriter.stage(agent, outcome.state, change);
    await this.platform.committer.submit(tenantId, change);
  }

  private of<V>(map: Map<string, Map<string, V>>, tenantId: string): Map<string, V> {
    let inner = map.get(tenantId);
    if (!inner) map.set(tenantId, (inner = new Map()));
    return inner;
  }
}

/** The presence events of a check-in, naming the device (`agent:checkin` carries it). */
function withDevice(events: readonly DomainEvent[], device: DeviceRef): DomainEvent[] {
  return events.map((e) => (e.type === 'agent.presence_changed' ? { ...e, device } : e));
}
