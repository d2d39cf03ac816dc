import type { Platform } from '../platform.ts';
import { UserProfiles } from './user-profiles.ts';
import { Devices } from './devices.ts';
import { UserService } from './user-service.ts';
import { PhoneListService } from './phone-list-service.ts';
import { QueueAdmin } from './queue-admin.ts';
import { AgentControl } from './agent-control.ts';
import { EventPush } from './event-push.ts';

/**
 * The PBX family's application services (`pbx-callcenter-api.md`) over the one core: users and
 * their profiles, phone lists and leads, queues with their agents, and agent control (check-in,
 * pauses, joined queues, wrap-up, originate).
 * @example await platform.pbx.agents.setPause(tenant.id, agent.agentId, 1725);
 */
export class PbxServices {
  readonly profiles: UserProfiles;
  /** Devices by user, cached until a device record changes. */
  readonly devices: Devices;
  readonly users: UserService;
  readonly phoneLists: PhoneListService;
  readonly queues: QueueAdmin;
  readonly agents: AgentControl;
  /** The account's Event Push Notifications URL and the `pbx` event mapper of the delivery service. */
  readonly eventPush: EventPush;

  constructor(platform: Platform) {
    this.profiles = new UserProfiles(platform);
    this.devices = new Devices(platform);
    this.users = new UserService(platform);
    this.phoneLists = new PhoneListService(platform);
    this.queues = new QueueAdmin(platform);
    this.agents = new AgentControl(platform);
    this.eventPush = new EventPush(platform);
  }

  async start(): Promise<void> {
    await this.profiles.load();
    await this.agents.start();
  }
}
