import type { Platform } from '../platform.ts';
import { WorkspaceLive } from './live.ts';
import { QueueDayStats } from './queue-day-stats.ts';
import { WorkspaceActions } from './workspace-actions.ts';

/**
 * The agent workspace and the supervisor page (`/AGUI/`): what an agent does, today's queue
 * counts, and the live views the pages receive.
 * @example await platform.workspace.actions.setJoined(tenant.id, agentId, 600, true);
 */
export class WorkspaceServices {
  readonly actions: WorkspaceActions;
  readonly stats: QueueDayStats;
  readonly live: WorkspaceLive;

  constructor(platform: Platform) {
    this.actions = new WorkspaceActions(platform);
    this.stats = new QueueDayStats(platform);
    this.live = new WorkspaceLive(platform, this.stats);
  }
}
