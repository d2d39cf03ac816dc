import type { Platform } from '../platform.ts';

/**
 * A screen pop for an agent (`ctl_launchopt=true`, `vcc-click-to-dial.txt` Launch Option): the
 * workspace opens the tenant's screen-pop URL, POSTing these fields, in a window named `target`.
 */
export interface ScreenPop {
  readonly id: string;
  readonly agentId: string;
  readonly interactionGuid: string;
  readonly url: string;
  /** The window or tab name: `ctl_recordname`, or one Switchboard makes up. */
  readonly target: string;
  /** `CtlUserData`, `AgentID`, `Account`, `Role`, `Command`, `cmd` (never third-party passwords). */
  readonly fields: Readonly<Record<string, string>>;
  /** Wall-clock ms. */
  readonly createdAt: number;
  /** When the workspace opened it; null until then. */
  readonly openedAt: number | null;
}

export const SCREEN_POP_RECORD = 'ctd_screen_pop';

/** Pops older than this are no longer offered to the page (a workspace that was closed for a day). */
const PENDING_FOR_MS = 24 * 3600_000;

/**
 * The screen pops waiting for their agents' workspaces: tenant records, with the pending ones held
 * in memory (the agent's view lists them on every snapshot). The completion writes one with its
 * event and calls `remember`; the page opens each once (`opened`).
 * @example const pending = pops.pending(tenant.id, agentId);
 */
export class ScreenPops {
  /** tenant → pop id → pop, pending ones only. */
  private readonly waiting = new Map<string, Map<string, ScreenPop>>();

  constructor(private readonly platform: Platform) {}

  async load(): Promise<void> {
    const horizon = Date.now() - PENDING_FOR_MS;
    for (const record of await this.platform.store.listRecords<ScreenPop>(null, SCREEN_POP_RECORD)) {
      if (record.body.openedAt === null && record.body.createdAt >= horizon) this.remember(record.tenantId, record.body);
    }
  }

  /** The agent's pops not opened yet, oldest first. */
  pending(tenantId: string, agentId: string): ScreenPop[] {
    const horizon = Date.now() - PENDING_FOR_MS;
    return [...(this.waiting.get(tenantId)?.values() ?? [])].filter((p) => p.agentId === agentId && p.createdAt >= horizon).sort((a, b) => a.createdAt - b.createdAt);
  }

  async get(tenantId: string, id: string): Promise<ScreenPop | undefined> {
    return (await this.platform.store.getRecord<ScreenPop>(tenantId, SCREEN_POP_RECORD, id))?.body;
  }

  /** After the commit that wrote it. */
  remember(tenantId: string, pop: ScreenPop): void {
    const byId = this.waiting.get(tenantId) ?? new Map<string, ScreenPop>();
    if (pop.openedAt === null) byId.set(pop.id, pop);
    else byId.delete(pop.id);
    this.waiting.set(tenantId, byId);
  }

  /** Marks a pop opened, so the page does not open it again. */
  async opened(tenantId: string, pop: ScreenPop): Promise<void> {
    if (pop.openedAt !== null) return;
    const next: ScreenPop = { ...pop, openedAt: Date.now() };
    await this.platform.committer.submit(tenantId, {
      events: [{ type: 'record.changed', kind: SCREEN_POP_RECORD, key: pop.id, change: 'put' }],
      write: (tx) => tx.putRecord(tenantId, SCREEN_POP_RECORD, pop.id, next),
      apply: () => this.remember(tenantId, next),
    });
  }
}
