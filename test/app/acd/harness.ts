import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/app/clock.ts';
import { Platform } from '../../../src/app/platform.ts';
import { visibleStatus } from '../../../src/domain/agent-status.ts';
import { seededRandom } from '../../../src/domain/ports.ts';
import { openSqliteStore } from '../../../src/storage/sqlite.ts';
import type { TenantRecord } from '../../../src/ports/storage.ts';

export const TENANT = 'acdcorp';
export const DID = '+18005550100';
export const QUEUE = 600;
export const AGENTS = ['agA', 'agB', 'agC'] as const;

export interface AcdHarness {
  platform: Platform;
  clock: VirtualClock;
  tenant: TenantRecord;
  dir: string;
  /** The agent's VCC status (0–11). */
  status(agentId: string): number;
  /** Event types since `after` (seq), with a detail. */
  log(after?: number): Promise<string[]>;
  lastSeq(): Promise<number>;
  call(from: string): string;
  close(): Promise<void>;
}

/** A tenant with one inbound queue (number DID), agents A, B, C available and joined, on a virtual clock. */
export async function openAcd(options: { routing?: Record<string, unknown>; telephony?: Record<string, unknown>; agents?: Record<string, unknown>; tiers?: Record<string, unknown>[]; dir?: string; seed?: number } = {}): Promise<AcdHarness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'acd-'));
  const store = await openSqliteStore(join(dir, 'acd.sqlite'));
  const clock = await VirtualClock.open(store);
  const platform = await Platform.open({ store, clock, random: seededRandom(options.seed ?? 5) });
  if (!options.dir) {
    await platform.apply({
      tenants: [{
        name: TENANT, actionRequestToken: 'acd-token-123', timezone: 'UTC',
        callDefaults: { wrapUpSeconds: 0 },
        telephony: { numbers: [{ pattern: '.*', talkSeconds: 60, hangup: 'callee' }], agentDevices: { ringSeconds: 2 }, ...options.telephony },
        agents: AGENTS.map((agentId) => ({ agentId, name: agentId, initialPresence: { kind: 'available' }, initialQueues: [QUEUE], ...options.agents })),
        queues: [{
          id: QUEUE, name: 'Support', type: 'inbound', wrapUpSeconds: 10,
          routing: { strategy: 'sequentially-by-agent-order', ...options.routing },
          tiers: options.tiers ?? AGENTS.map((agent, i) => ({ agent, position: i + 1, level: 1 })),
        }],
        dids: [{ number: DID, queue: QUEUE }],
      }],
    });
  }
  const tenant = platform.directory.tenantByName(TENANT) as TenantRecord;
  const events = async (after: number) => platform.store.readEvents(tenant.id, after, 10_000);
  return {
    platform, clock, tenant, dir,
    status: (agentId) => visibleStatus(platform.directory.requireAgent(tenant.id, agentId).state).status,
    log: async (after = 0) => (await events(after)).map((e) => {
      const ev = e.event as unknown as Record<string, unknown>;
      const detail = ev.cause ?? ev.toActivity ?? ev.agentId ?? '';
      return `${e.event.type}${detail === '' ? '' : `:${String(detail)}`}`;
    }),
    lastSeq: async () => (await events(0)).at(-1)?.seq ?? 0,
    call: (from) => platform.acd.placeInbound(tenant.id, from, DID),
    close: async () => {
      await platform.close().catch(() => undefined);
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
