import type { Clock, RandomSource } from '../domain/ports.ts';
import type { Store } from '../ports/storage.ts';
import type { TelephonyDriver } from '../ports/telephony.ts';
import type { Timers } from '../ports/timers.ts';
import { SimulatedDriver } from '../telephony/simulated/simulated-driver.ts';
import { AgentWriter } from './agent-writer.ts';
import { CallEngine, type CallEngineOptions } from './calls/call-engine.ts';
import { CallService } from './calls/call-service.ts';
import { AcdService } from './acd/acd-service.ts';
import { VirtualClock } from './clock.ts';
import { WallTimers } from './timers.ts';
import { AgentStatusService } from './agent-status-service.ts';
import type { Core } from './core.ts';
import { Directory } from './directory.ts';
import { EventBus } from './event-bus.ts';
import { GroupCommitter, type CommitOptions } from './group-commit.ts';
import { DurableTimers } from './durable-timers.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { applyDocument, type ApplyOptions, type TenantApplyResult } from './provisioning/apply.ts';
import { applyPbxSections } from './provisioning/apply-pbx.ts';
import { applyCcsSections } from './provisioning/apply-ccs.ts';
import { applyClickToDialSections } from './provisioning/apply-click-to-dial.ts';
import type { TenantDocument } from './provisioning/schema.ts';
import { TenantAdmin } from './tenant-admin.ts';
import { DeliveryService, type DeliveryOptions } from './delivery/delivery-service.ts';
import { Access } from './access/access.ts';
import type { LoginLimits } from './access/login-limiter.ts';
import { PbxServices } from './pbx/pbx-services.ts';
import { CcsServices, type CcsOptions } from './ccs/ccs-services.ts';
import { WorkspaceServices } from './workspace/workspace-services.ts';
import { ClickToDialServices } from './click-to-dial/click-to-dial-services.ts';

export interface PlatformOptions {
  store: Store;
  clock: Clock;
  random: RandomSource;
  /** Timers in contact-center time; defaults to the wall clock's, or the virtual clock's own. */
  timers?: Timers;
  /** The telephony; default: the simulated driver on the platform's clock and timers, with the tenants' rules. */
  telephony?: (deps: TelephonyDeps) => TelephonyDriver;
  /** Randomness of the simulated telephony (seed it for identical runs); default: `random`. */
  telephonyRandom?: RandomSource;
  calls?: CallEngineOptions;
  /** How changes are committed (the simulator turns off the yield to I/O: nothing else is waiting). */
  commit?: CommitOptions;
  /** Outbound delivery (webhooks): the address allow-list, retry schedule, timeouts. */
  delivery?: Partial<DeliveryOptions>;
  /** Login rate limits (failures per username and per address within a window). */
  loginLimits?: Partial<LoginLimits>;
  /** The CCS family's options (bearer token lifetime). */
  ccs?: Partial<CcsOptions>;
}

/** What a telephony driver may use of the platform. */
export interface TelephonyDeps {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: RandomSource;
  readonly directory: Directory;
}

/** The default driver: virtual phones and numbers behaving by each tenant's rules. */
export function simulatedTelephony(deps: TelephonyDeps): SimulatedDriver {
  return new SimulatedDriver({ clock: deps.clock, timers: deps.timers, random: deps.random, rulesFor: (tenantId) => deps.directory.calls.of(tenantId).telephony });
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
  /** The one owner of agents' decided-but-uncommitted state (presence and calls share it). */
  readonly agentWriter: AgentWriter;
  readonly agentStatus: AgentStatusService;
  readonly tenants: TenantAdmin;
  readonly calls: CallService;
  /** Queues that route inbound callers to agents. */
  readonly acd: AcdService;
  /** Outbound delivery of the event log (webhooks; later PBX push events and click-to-dial callbacks). */
  readonly delivery: DeliveryService;
  /** API keys, login sessions, the login rate limit. */
  readonly access: Access;
  /** The PBX family's services (users, phone lists, queues, agent control). */
  readonly pbx: PbxServices;
  /** The CCS family's services (telcos, tenant profiles and roles, extensions, bearer tokens). */
  readonly ccs: CcsServices;
  /** The agent workspace and supervisor page (`/AGUI/`). */
  readonly workspace: WorkspaceServices;
  /** Click-to-dial: settings, the built-in CRM, screen pops, completing transactions (`/AGUI/make_call.php`). */
  readonly clickToDial: ClickToDialServices;

  private constructor(
    readonly store: Store,
    readonly directory: Directory,
    readonly clock: Clock,
    readonly random: RandomSource,
    readonly timers: Timers,
    readonly telephony: TelephonyDriver,
    callOptions: CallEngineOptions,
    commitOptions: CommitOptions,
    deliveryOptions: Partial<DeliveryOptions>,
    loginLimits: Partial<LoginLimits>,
    ccsOptions: Partial<CcsOptions>,
  ) {
    this.committer = new GroupCommitter(store, clock, this.bus, commitOptions);
    this.durableTimers = new DurableTimers(timers, this.committer, () => store.listTimers());
    this.agentWriter = new AgentWriter(this);
    this.agentStatus = new AgentStatusService(this, this.agentWriter);
    this.tenants = new TenantAdmin(this, this.agentStatus);
    this.calls = new CallService(this, this.agentWriter, new CallEngine(this, this.agentWriter, telephony, this.durableTimers, callOptions));
    this.acd = new AcdService(this, this.agentWriter, this.calls.engine, timers, callOptions.onError ?? (() => undefined));
    this.delivery = new DeliveryService(store, this.bus, random, deliveryOptions);
    this.access = new Access(this, loginLimits);
    this.pbx = new PbxServices(this);
    this.ccs = new CcsServices(this, ccsOptions);
    this.workspace = new WorkspaceServices(this);
    this.clickToDial = new ClickToDialServices(this, callOptions.onError ?? (() => undefined));
  }

  static async open(options: PlatformOptions): Promise<Platform> {
    const directory = await Directory.load(options.store);
    const timers = options.timers ?? (options.clock instanceof VirtualClock ? options.clock.timers : new WallTimers(() => options.clock.now()));
    const deps = { clock: options.clock, timers, random: options.telephonyRandom ?? options.random, directory };
    const telephony = (options.telephony ?? simulatedTelephony)(deps);
    const platform = new Platform(options.store, directory, options.clock, options.random, timers, telephony, options.calls ?? {}, options.commit ?? {}, options.delivery ?? {}, options.loginLimits ?? {}, options.ccs ?? {});
    if (options.clock instanceof VirtualClock) options.clock.settleWith(() => platform.committer.idle());
    // The ACD observes call steps, so it starts first; then the registry, before stored timers fire (they need their calls).
    await platform.acd.start();
    await platform.calls.engine.start();
    await platform.access.load();
    await platform.pbx.start();
    await platform.ccs.start();
    await platform.durableTimers.start();
    await platform.delivery.start();
    await platform.clickToDial.start();
    return platform;
  }

  /** Applies a tenant document (file or admin API); see `provisioning/schema.ts`. */
  async apply(document: unknown, options: ApplyOptions = { secretsOnCreateOnly: false }): Promise<TenantApplyResult[]> {
    const results = await applyDocument(this, document, options);
    const pbxChanged = await applyPbxSections(this, document as TenantDocument, options.secretsOnCreateOnly); // checked by applyDocument
    const ccsChanged = await applyCcsSections(this, document as TenantDocument, options.secretsOnCreateOnly);
    const ctdChanged = await applyClickToDialSections(this, document as TenantDocument);
    const changed = (name: string) => pbxChanged.has(name) || ccsChanged.has(name) || ctdChanged.has(name);
    return results.map((r) => (changed(r.name) && !r.changed ? { ...r, changed: true } : r));
  }

  /** The virtual clock, when contact-center time runs on one (`--clock virtual`). */
  virtualClock(): VirtualClock | null {
    return this.clock instanceof VirtualClock ? this.clock : null;
  }

  /** The simulated driver, when the telephony is simulated (fault injection, answering by hand). */
  simulator(): SimulatedDriver | null {
    return this.telephony instanceof SimulatedDriver ? this.telephony : null;
  }

  async close(): Promise<void> {
    this.calls.engine.stop();
    this.clickToDial.stop();
    await this.delivery.close();
    await this.telephony.close();
    if (this.timers instanceof WallTimers) this.timers.clear();
    return this.store.close();
  }
}
