import type { Clock, RandomSource } from '../domain/ports.ts';
import type { Store } from '../ports/storage.ts';
import type { Timers } from '../ports/timers.ts';
import { VirtualClock } from './clock.ts';
import { WallTimers } from './timers.ts';
import { AgentStatusService } from './agent-status-service.ts';
import type { Core } from './core.ts';
import { Directory } from './directory.ts';
import { EventBus } from './event-bus.ts';
import { GroupCommitter } from './group-commit.ts';
import { DurableTimers } from './durable-timers.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { applyDocument, type ApplyOptions, type TenantApplyResult } from './provisioning/apply.ts';
import { TenantAdmin } from './tenant-admin.ts';

export interface PlatformOptions {
  store: Store;
  clock: Clock;
  random: RandomSource;
  /** Timers in contact-center time; defaults to the wall clock's, or the virtual clock's own. */
  timers?: Timers;
}

/**
 * The one core every API family talks to: state, the event log, and the services over them.
 * @example const platform = await Platform.open({ store, clock: wallClock, random: cryptoRandom });
 */
export class Platform implements Core {
  readonly bus = new EventBus();
  readonly locks = new KeyedMutex();
  readonly committer: GroupCommitter;
  /** Timers persisted with the state they belong to; services register their kinds. */
  readonly durableTimers: DurableTimers;
  readonly agentStatus: AgentStatusService;
  readonly tenants: TenantAdmin;

  private constructor(
    readonly store: Store,
    readonly directory: Directory,
    readonly clock: Clock,
    readonly random: RandomSource,
    readonly timers: Timers,
  ) {
    this.committer = new GroupCommitter(store, clock, this.bus);
    this.durableTimers = new DurableTimers(timers, this.committer, () => store.listTimers());
    this.agentStatus = new AgentStatusService(this);
    this.tenants = new TenantAdmin(this, this.agentStatus);
  }

  static async open(options: PlatformOptions): Promise<Platform> {
    const directory = await Directory.load(options.store);
    const timers = options.timers ?? (options.clock instanceof VirtualClock ? options.clock.timers : new WallTimers(() => options.clock.now()));
    const platform = new Platform(options.store, directory, options.clock, options.random, timers);
    await platform.durableTimers.start(); // handlers are looked up when a timer fires
    return platform;
  }

  /** Applies a tenant document (file or admin API); see `provisioning/schema.ts`. */
  apply(document: unknown, options: ApplyOptions = { secretsOnCreateOnly: false }): Promise<TenantApplyResult[]> {
    return applyDocument(this, document, options);
  }

  /** The virtual clock, when contact-center time runs on one (`--clock virtual`). */
  virtualClock(): VirtualClock | null {
    return this.clock instanceof VirtualClock ? this.clock : null;
  }

  close(): Promise<void> {
    if (this.timers instanceof WallTimers) this.timers.clear();
    return this.store.close();
  }
}
