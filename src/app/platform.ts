import type { Clock, RandomSource } from '../domain/ports.ts';
import type { Store } from '../ports/storage.ts';
import { AgentStatusService } from './agent-status-service.ts';
import type { Core } from './core.ts';
import { Directory } from './directory.ts';
import { EventBus } from './event-bus.ts';
import { GroupCommitter } from './group-commit.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { applyDocument, type ApplyOptions, type TenantApplyResult } from './provisioning/apply.ts';
import { TenantAdmin } from './tenant-admin.ts';

export interface PlatformOptions {
  store: Store;
  clock: Clock;
  random: RandomSource;
}

/**
 * The one core every API family talks to: state, the event log, and the services over them.
 * @example const platform = await Platform.open({ store, clock: wallClock, random: cryptoRandom });
 */
export class Platform implements Core {
  readonly bus = new EventBus();
  readonly locks = new KeyedMutex();
  readonly committer: GroupCommitter;
  readonly agentStatus: AgentStatusService;
  readonly tenants: TenantAdmin;

  private constructor(
    readonly store: Store,
    readonly directory: Directory,
    readonly clock: Clock,
    readonly random: RandomSource,
  ) {
    this.committer = new GroupCommitter(store, clock, this.bus);
    this.agentStatus = new AgentStatusService(this);
    this.tenants = new TenantAdmin(this, this.agentStatus);
  }

  static async open(options: PlatformOptions): Promise<Platform> {
    const directory = await Directory.load(options.store);
    return new Platform(options.store, directory, options.clock, options.random);
  }

  /** Applies a tenant document (file or admin API); see `provisioning/schema.ts`. */
  apply(document: unknown, options: ApplyOptions = { secretsOnCreateOnly: false }): Promise<TenantApplyResult[]> {
    return applyDocument(this, document, options);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
