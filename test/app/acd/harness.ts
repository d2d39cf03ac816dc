import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/app/clock.ts';
import { Platform } from '../../../src/app/platform.ts';
import { visibleStatus } from '../../../src/domain/agent-status.ts';
import type { DomainEvent } from '../../../src/domain/events.ts';
import { seededRandom } from '../../../src/domain/ports.ts';
import { openSqliteStore } from '../../../src/storage/sqlite.ts';
import type { TenantRecord } from '../../../src/ports/storage.ts';
import type { LegEvent, OriginateRequest } from '../../../src/ports/telephony.ts';
import { SimulatedDriver, type SimulatedDriverOptions } from '../../../src/telephony/simulated/simulated-driver.ts';

export const TENANT = 'acdcorp';
export const DID = '+18005550100';
export const QUEUE = 600;
export const AGENTS = ['agA', 'agB', 'agC'] as const;
/** The tenant's break reason (list 10, item 1), usable by every agent (group 1). */
export const BREAK = { listId: 10, itemId: 1 } as const;

export interface AcdHarness {
  platform: Platform;
  clock: VirtualClock;
  tenant: TenantRecord;
  dir: string;
  /** Errors the platform reported in the background (telephony requests, late commits). */
  errors: { error: unknown; context: string }[];
  /** The agent's VCC status (0–11). */
  status(agentId: string): number;
  /** The agent's VCC status and reason. */
  statusOf(agentId: string): { status: number; reason: { listId: number; itemId: number } | null };
  /** Event types since `after` (seq), with a detail. */
  log(after?: number): Promise<string[]>;
  /** The raw events since `after` (seq). */
  events(after?: number): Promise<DomainEvent[]>;
  lastSeq(): Promise<number>;
  call(from: string): string;
  sim(): BusyDevicesDriver;
  /** The live leg ringing (or up) on the agent's device, if any. */
  agentLeg(agentId: string): string | undefined;
  /** Agents whose device is ringing right now, sorted. */
  ringing(): string[];
  /** Re-applies the tenant's configuration with these fields changed (queues, timeGroups, …). */
  apply(fields: Record<string, unknown>): Promise<void>;
  /** The queue definition the harness applied (to change and re-apply). */
  queue(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Closes the platform and opens it again over the same database (nothing re-applied). */
  restart(): Promise<AcdHarness>;
  close(): Promise<void>;
}

export interface AcdOptions {
  routing?: Record<string, unknown>;
  telephony?: Record<string, unknown>;
  /** Fields every agent gets. */
  agents?: Record<string, unknown>;
  /** Fields per agent. */
  agentFields?: Record<string, Record<string, unknown>>;
  /** The agents to create (default agA, agB, agC). */
  agentIds?: readonly string[];
  tiers?: Record<string, unknown>[];
  /** Extra fields of the queue (e.g. `settings`). */
  queueFields?: Record<string, unknown>;
  /** Extra tenant fields (e.g. timeGroups). */
  tenantFields?: Record<string, unknown>;
  /** Reopen this directory's database without applying anything. */
  dir?: string;
  seed?: number;
  /** Remove the directory on close (default: when the harness created it). */
  ownsDir?: boolean;
}

/**
 * The simulated telephony, plus agent devices that answer busy (the simulator's agent devices
 * always ring; a busy device is what `busy_delay_time` is for).
 */
export class BusyDevicesDriver extends SimulatedDriver {
  private readonly busy = new Set<string>();
  private readonly listenersOf = new Set<(event: LegEvent) => void>();

  constructor(private readonly options: SimulatedDriverOptions) {
    super(options);
  }

  setDeviceBusy(agentId: string, busy: boolean): void {
    if (busy) this.busy.add(agentId);
    else this.busy.delete(agentId);
  }

  override onEvent(listener: (event: LegEvent) => void): () => void {
    this.listenersOf.add(listener);
    const off = super.onEvent(listener);
    return () => {
      this.listenersOf.delete(listener);
      off();
    };
  }

  override async originate(request: OriginateRequest): Promise<void> {
    if (request.to.kind !== 'agent' || !this.busy.has(request.to.agentId)) return super.originate(request);
    const at = this.options.clock.now();
    this.options.timers.at(at, () => {
      for (const listener of [...this.listenersOf]) listener({ legId: request.legId, type: 'busy', at });
    });
  }
}

/** A tenant with one inbound queue (number DID), agents A, B, C available and joined, on a virtual clock. */
export async function openAcd(options: AcdOptions = {}): Promise<AcdHarness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'acd-'));
  const store = await openSqliteStore(join(dir, 'acd.sqlite'));
  const clock = await VirtualClock.open(store);
  const errors: { error: unknown; context: string }[] = [];
  const platform = await Platform.open({
    store, clock, random: seededRandom(options.seed ?? 5),
    calls: { onError: (error, context) => errors.push({ error, context }) },
    telephony: (deps) => new BusyDevicesDriver({ clock: deps.clock, timers: deps.timers, random: deps.random, rulesFor: (tenantId) => deps.directory.calls.of(tenantId).telephony }),
  });
  const agentIds = options.agentIds ?? AGENTS;
  const queueDef = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: QUEUE, name: 'Support', type: 'inbound', wrapUpSeconds: 10,
    routing: { strategy: 'sequentially-by-agent-order', ...options.routing },
    tiers: options.tiers ?? agentIds.map((agent, i) => ({ agent, position: i + 1, level: 1 })),
    ...extra,
  });
  const base = {
    name: TENANT, actionRequestToken: 'acd-token-123', timezone: 'UTC',
    statusCodeLists: [{ id: 10, name: 'Breaks', items: [{ id: 1, shortCode: 'Lun', label: 'Lunch', kind: 'break' }] }],
    agentGroups: [{ id: 1, name: 'All', statusCodeLists: [10] }],
  };
  if (!options.dir) {
    await platform.apply({
      tenants: [{
        ...base,
        callDefaults: { wrapUpSeconds: 0 },
        telephony: { numbers: [{ pattern: '.*', talkSeconds: 60, hangup: 'callee' }], agentDevices: { ringSeconds: 2 }, ...options.telephony },
        agents: agentIds.map((agentId) => ({ agentId, name: agentId, group: 1, initialPresence: { kind: 'available' }, initialQueues: [QUEUE], ...options.agents, ...options.agentFields?.[agentId] })),
        queues: [queueDef(options.queueFields)],
        dids: [{ number: DID, queue: QUEUE }],
        ...options.tenantFields,
      }],
    });
  }
  const tenant = platform.directory.tenantByName(TENANT) as TenantRecord;
  const stored = async (after: number) => platform.store.readEvents(tenant.id, after, 10_000);
  const sim = (): BusyDevicesDriver => {
    const driver = platform.simulator();
    if (!(driver instanceof BusyDevicesDriver)) throw new Error('the telephony is not the harness driver');
    return driver;
  };
  const agentLegs = () => sim().legs().filter((l) => l.to.kind === 'agent');
  return {
    platform, clock, tenant, dir, errors,
    status: (agentId) => visibleStatus(platform.directory.requireAgent(tenant.id, agentId).state).status,
    statusOf: (agentId) => visibleStatus(platform.directory.requireAgent(tenant.id, agentId).state),
    log: async (after = 0) => (await stored(after)).map((e) => {
      const ev = e.event as unknown as Record<string, unknown>;
      const detail = ev.cause ?? ev.toActivity ?? ev.agentId ?? '';
      return `${e.event.type}${detail === '' ? '' : `:${String(detail)}`}`;
    }),
    events: async (after = 0) => (await stored(after)).map((e) => e.event),
    lastSeq: async () => (await stored(0)).at(-1)?.seq ?? 0,
    call: (from) => platform.acd.placeInbound(tenant.id, from, DID),
    sim,
    agentLeg: (agentId) => agentLegs().find((l) => l.to.kind === 'agent' && l.to.agentId === agentId)?.legId,
    ringing: () => agentLegs().filter((l) => l.state === 'ringing').map((l) => (l.to.kind === 'agent' ? l.to.agentId : '')).sort(),
    apply: async (fields) => {
      await platform.apply({ tenants: [{ ...base, ...fields }] });
    },
    queue: queueDef,
    restart: async () => {
      await platform.close();
      return openAcd({ ...options, dir, ownsDir: true });
    },
    close: async () => {
      await platform.close().catch(() => undefined);
      if (options.ownsDir ?? !options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `caller.joined` / `agent.offered` / … events of one type, with their fields. */
export function ofType<T extends DomainEvent['type']>(events: readonly DomainEvent[], type: T): Extract<DomainEvent, { type: T }>[] {
  return events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);
}

/** The agents offered, in order. */
export function offeredAgents(events: readonly DomainEvent[]): string[] {
  return ofType(events, 'agent.offered').map((e) => e.agentId);
}
