import type { Scenario } from '../../domain/sim/scenario.ts';
import type { ArrivalAction, PresenceAction } from '../../domain/sim/timeline.ts';
import { setStatusAsAdmin } from '../admin-status.ts';
import type { Platform } from '../platform.ts';
import { eventLogDigest, type LogDigest } from './digest.ts';
import { scenarioTenant, statusRequestFor } from './scenario-tenant.ts';
import type { SimTarget } from './target.ts';

/**
 * The platform in this process, on its virtual clock: what the admin routes do for `traffic`,
 * called directly.
 * @example const target = new LocalTarget(platform, scenario);
 */
export class LocalTarget implements SimTarget {
  private id: string | null = null;

  constructor(
    private readonly platform: Platform,
    private readonly scenario: Scenario,
  ) {}

  get tenantId(): string {
    if (this.id === null) throw new Error('prepare() first');
    return this.id;
  }

  async now(): Promise<number> {
    return this.platform.clock.now();
  }

  async prepare(): Promise<void> {
    await this.platform.apply(scenarioTenant(this.scenario));
    this.id = this.platform.tenants.requireTenant(this.scenario.tenant).id;
    await this.settled();
  }

  async advanceTo(at: number): Promise<void> {
    const clock = this.clock();
    await clock.advance(at - clock.now());
  }

  async arrive(action: ArrivalAction): Promise<void> {
    this.platform.acd.placeInbound(this.tenantId, action.from, action.did, { talkMs: action.talkMs, patienceMs: action.patienceMs });
    await this.settled();
  }

  async presence(action: PresenceAction): Promise<void> {
    await setStatusAsAdmin(this.platform, this.tenantId, action.agentId, statusRequestFor(action.presence));
    await this.settled();
  }

  digest(): Promise<LogDigest> {
    return eventLogDigest(this.platform.store, this.tenantId);
  }

  private settled(): Promise<void> {
    return this.clock().settled();
  }

  private clock() {
    const clock = this.platform.virtualClock();
    if (!clock) throw new Error('a simulation runs on a virtual clock');
    return clock;
  }
}
