import type { Agent } from '../../domain/agent.ts';
import { inPostProcessing, type Interaction } from '../../domain/calls/interaction.ts';
import { rescheduleWrapUp } from '../../domain/calls/post-processing.ts';
import { wrapUpSeconds, type Queue } from '../../domain/calls/queue.ts';
import { newCustomerLegId } from '../../domain/calls/ids.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../domain/errors.ts';
import { ReasonKind, SYSTEM_LIST_ID, type StatusCodeItem } from '../../domain/reason-codes.ts';
import { DEVICE_RECORD, deviceKey, type Device } from '../../domain/users/device.ts';
import type { IncomingCall } from '../../ports/telephony.ts';
import type { TenantRecord } from '../../ports/storage.ts';
import type { Platform } from '../platform.ts';
import { CheckIns, isCheckedIn } from './check-in.ts';
import { originate, type OriginateRequest, type OriginateResult } from './originate.ts';

/** What became of a device's call to a check-in code (admin `telephony/devices/{id}/dial`). */
export interface DialOutcome {
  readonly legId: string;
  readonly outcome: 'checked_in' | 'refused' | 'pending';
  /** Why it was refused (unknown code, device of another user, device in use…); null otherwise. */
  readonly reason: string | null;
  /** The PBX user id checked in; null unless `checked_in`. */
  readonly userId: number | null;
}

/** The agent device's ring timeout the originate waits for (the call engine's default). */
const AGENT_RING_MS = 30_000;
/** How long the admin dial route waits (wall clock) for the check-in to commit. */
const DIAL_WAIT_MS = 10_000;

/**
 * The PBX agent actions (`pbx-callcenter-api.md`, Agents; `NOTES.md` §3, §8): check in with a
 * code dialled from a device or straight onto a device, check out, pauses, joined queues,
 * wrap-up time, originate. Callers resolve ids and permissions; every target must be an agent.
 * @example await platform.pbx.agents.setPause(tenant.id, agent.agentId, 1725);
 */
export class AgentControl {
  readonly checkIns: CheckIns;
  private readonly dialWaiters = new Map<string, (outcome: DialOutcome) => void>();

  constructor(readonly platform: Platform) {
    this.checkIns = new CheckIns(platform);
  }

  async start(): Promise<void> {
    await this.checkIns.load();
    this.platform.telephony.onIncoming((call) => {
      if (call.fromDevice !== undefined) void this.deviceCall(call, call.fromDevice);
    });
  }

  /** A call-center agent of the tenant (`is_agent`), else 400; unknown: 404. */
  requireAgent(tenantId: string, agentId: string): Agent {
    const agent = this.platform.agentWriter.current(tenantId, agentId);
    if (!this.platform.pbx.profiles.of(tenantId, agentId).is_agent) {
      throw new RuleViolationError(`user_id: user ${agent.userId} is not an agent (is_agent is off)`, 'user_id');
    }
    return agent;
  }

  /** A device of the tenant; 404 when there is none with that id. */
  async device(tenantId: string, deviceId: number): Promise<Device> {
    const found = await this.platform.store.getRecord<Device>(tenantId, DEVICE_RECORD, deviceKey(deviceId));
    if (!found) throw new NotFoundError('device', String(deviceId));
    return found.body;
  }

  /**
   * A new check-in code for the agent (any pending one is replaced). `forceCheckOut`: the agent is
   * checked out at once, and dialling the code takes the device over from a user checked in on it.
   */
  async checkIn(tenantId: string, agentId: string, forceCheckOut: boolean): Promise<string> {
    this.requireAgent(tenantId, agentId);
    return this.checkIns.exclusive(tenantId, async () => {
      if (forceCheckOut) await this.checkIns.checkOut(tenantId, agentId);
      return this.checkIns.issueCode(tenantId, agentId, forceCheckOut);
    });
  }

  /** Checks the agent in with a device at once; the device must be the agent's or unassigned. */
  async checkInDevice(tenantId: string, agentId: string, deviceId: number, forceCheckOut: boolean): Promise<void> {
    const agent = this.requireAgent(tenantId, agentId);
    const device = await this.device(tenantId, deviceId);
    assignable(device, agent, this.platform);
    await this.checkIns.exclusive(tenantId, () => this.checkIns.checkInWith(tenantId, agentId, device, { force: forceCheckOut }));
  }

  /** Logged out and the device released; during a call, when it and its wrap-up end. No-op when not checked in. */
  async checkOut(tenantId: string, agentId: string): Promise<void> {
    this.requireAgent(tenantId, agentId);
    await this.checkIns.exclusive(tenantId, () => this.checkIns.checkOut(tenantId, agentId));
  }

  /** 0: available; else a break or offline reason of the agent's group (VCC 3 or 5). Deferred during a call. */
  async setPause(tenantId: string, agentId: string, pauseId: number): Promise<void> {
    const agent = this.requireAgent(tenantId, agentId);
    if (!isCheckedIn(agent)) throw new ConflictError(`user ${agent.userId} is not checked in; check in before setting a pause`);
    if (pauseId === 0) {
      await this.platform.agentStatus.set(tenantId, agentId, { status: 4, reason: null }, 'pbx');
      return;
    }
    const item = this.pause(agent, pauseId);
    if (item.kind === ReasonKind.SignOut) {
      throw new RuleViolationError(`id: pause ${pauseId} ('${item.label}') is a sign-out reason; use checkOut`, 'id');
    }
    const status = item.kind === ReasonKind.Break ? 3 : 5;
    await this.platform.agentStatus.set(tenantId, agentId, { status, reason: { listId: item.listId, itemId: item.id } }, 'pbx');
  }

  /** The joined queues become exactly these; the agent must hold a tier in each. Returns them in the order given. */
  async setQueues(tenantId: string, agentId: string, queueIds: readonly number[]): Promise<Queue[]> {
    const agent = this.requireAgent(tenantId, agentId);
    const ids = [...new Set(queueIds)];
    const config = this.platform.directory.calls.of(tenantId);
    const queues = ids.map((id) => {
      const queue = config.queues.get(id);
      if (!queue) throw new NotFoundError('queue', String(id));
      if (!(queue.tiers ?? []).some((t) => t.agentId === agentId)) {
        throw new RuleViolationError(`queue_ids: user ${agent.userId} is not an agent of queue ${id} (no tier); add the user to the queue first`, 'queue_ids');
      }
      return queue;
    });
    await this.platform.acd.setJoinedQueues(tenantId, agentId, ids);
    return queues;
  }

  /**
   * Post-processing ends `seconds` from now (0: now); without `seconds` the agent's default
   * wrap-up time is added to the time left. An agent not in post-processing has no wrap-up left, so
   * `seconds=0` (the document's example) is a success that changes nothing; any other request is a 409.
   */
  async wrapUp(tenantId: string, agentId: string, seconds: number | null): Promise<void> {
    const agent = this.requireAgent(tenantId, agentId);
    const running = this.platform.calls.engine.registry.ofAgent(tenantId, agentId).filter(inPostProcessing);
    if (running.length === 0 && seconds === 0) return;
    if (running.length === 0) throw new ConflictError(`user ${agent.userId} is not in post-processing (wrap-up); there is no wrap-up timer to change`);
    const engine = this.platform.calls.engine;
    await Promise.all(running.map((call) => engine.transition(call, (current, ctx) => {
      const dueAt = seconds !== null ? ctx.now + seconds * 1000 : Math.max(current.postProcessing?.dueAt ?? ctx.now, ctx.now) + this.defaultWrapUp(current) * 1000;
      return rescheduleWrapUp(current, dueAt, ctx, 'pbx');
    })));
  }

  /** Rings the agent's device, then the destination; answers once the device answered or failed. */
  async originate(tenant: TenantRecord, request: OriginateRequest): Promise<OriginateResult> {
    const agent = this.requireAgent(tenant.id, request.agentId);
    if (!isCheckedIn(agent)) throw new ConflictError(`user ${agent.userId} is not checked in; check in before originating calls`);
    return originate(this.platform, tenant, request, AGENT_RING_MS);
  }

  /**
   * The simulated telephony: a device dials `number` (admin API). Resolves once the check-in
   * committed or the call was refused, or with `pending` after 10 s of wall-clock time.
   */
  async dialFromDevice(tenantId: string, deviceId: number, number: string): Promise<DialOutcome> {
    await this.device(tenantId, deviceId);
    const simulator = this.platform.simulator();
    if (!simulator) throw new ConflictError('the telephony is not simulated; devices dial from the network');
    const legId = newCustomerLegId(this.platform.random);
    const done = new Promise<DialOutcome>((resolve) => {
      const timer = setTimeout(() => resolve({ legId, outcome: 'pending', reason: null, userId: null }), DIAL_WAIT_MS);
      this.dialWaiters.set(legId, (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
    });
    simulator.dialFromDevice(tenantId, deviceId, number, legId);
    await this.platform.virtualClock()?.advance(0); // deliver it at the current virtual time
    try {
      return await done;
    } finally {
      this.dialWaiters.delete(legId);
    }
  }

  /** A device dialled: a pending code of its tenant checks its agent in with the device; anything else is hung up. */
  private async deviceCall(call: IncomingCall, from: { readonly tenantId: string; readonly deviceId: number }): Promise<void> {
    const { tenantId, deviceId } = from;
    const driver = this.platform.telephony;
    let outcome: DialOutcome;
    try {
      outcome = await this.checkIns.exclusive(tenantId, async (): Promise<DialOutcome> => {
        const code = this.checkIns.codeFor(tenantId, call.to);
        if (!code) return refused(call.legId, `'${call.to}' is not a pending check-in code`);
        const device = await this.device(tenantId, deviceId);
        const agent = this.platform.agentWriter.current(tenantId, code.agentId);
        assignable(device, agent, this.platform);
        await driver.accept(call.legId);
        await this.checkIns.checkInWith(tenantId, agent.agentId, device, { force: code.forceCheckOut, code });
        return { legId: call.legId, outcome: 'checked_in', reason: null, userId: agent.userId };
      });
    } catch (error) {
      outcome = refused(call.legId, error instanceof Error ? error.message : String(error));
    }
    await driver.hangup(call.legId).catch(() => undefined);
    this.dialWaiters.get(call.legId)?.(outcome);
  }

  /** A pause id among the reason lists of the agent's group (the system list excluded); 404 otherwise. */
  private pause(agent: Agent, pauseId: number): StatusCodeItem {
    const allowed = this.platform.directory.allowedReasons(agent);
    for (const listId of [...allowed.listIds].sort((a, b) => a - b)) {
      if (listId === SYSTEM_LIST_ID) continue;
      const item = allowed.catalogue.list(listId)?.items.find((i) => i.id === pauseId);
      if (item) return item;
    }
    throw new NotFoundError('pause', String(pauseId));
  }

  /** The agent's override, else the call's queue's, else the tenant default (`NOTES.md` §4). */
  private defaultWrapUp(call: Interaction): number {
    const config = this.platform.directory.calls.of(call.tenantId);
    const queue = call.queueId === null ? undefined : config.queues.get(call.queueId);
    return wrapUpSeconds(config.agentSettings.get(call.agentId)?.wrapUpSeconds ?? null, queue?.wrapUpSeconds ?? null, config.defaults.wrapUpSeconds);
  }
}

function refused(legId: string, reason: string): DialOutcome {
  return { legId, outcome: 'refused', reason, userId: null };
}

/** 400 unless the device is the agent's or unassigned. */
function assignable(device: Device, agent: Agent, platform: Platform): void {
  if (device.agentId === null || device.agentId === agent.agentId) return;
  const owner = platform.directory.agent(agent.tenantId, device.agentId);
  const whose = owner ? `user ${owner.userId}` : 'another user';
  throw new RuleViolationError(`device_id: device ${device.id} is assigned to ${whose}, not to user ${agent.userId}`, 'device_id');
}
