import { DEFAULT_ROUTING, type Tier } from '../../../domain/acd/routing.ts';
import type { Queue } from '../../../domain/calls/queue.ts';
import type { Platform } from '../../../app/platform.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import type { PbxQueue, TierRow, UserQueueRow } from './schemas.ts';

/**
 * A tier's `mode` as the PBX shows it: an integer. The domain keeps the mode as opaque text
 * (`acd.md`: stored and returned); the PBX API stores its integer as decimal text. Tiers written
 * elsewhere with a word (the tenant file's default `Available`) read as 0, "no PBX mode".
 * @example tierMode('4'); // 4
 * @example tierMode('Available'); // 0
 */
export function tierMode(mode: string): number {
  return /^[0-9]{1,9}$/.test(mode) ? Number(mode) : 0;
}

/**
 * One row of "Manage queue agents" (`GET /api/cc_queue/{id}/users`):
 * `[user_id, mode, position, level, user name, timegroup_id, joined]`, where `joined` says whether
 * the agent has currently joined the queue (`setQueues`, `NOTES.md` §2) rather than only holding
 * the tier. Null when the tier's agent no longer exists.
 * @example toTierRow(tier, 600, tenant, platform); // [17798, 4, 1, 1, 'Avery Example', null, true]
 */
export function toTierRow(tier: Tier, queueId: number, tenant: TenantRecord, platform: Platform): TierRow | null {
  if (!platform.directory.agent(tenant.id, tier.agentId)) return null;
  const agent = platform.agentWriter.current(tenant.id, tier.agentId);
  const joined = agent.state.routing?.joined.includes(queueId) ?? false;
  return [agent.userId, tierMode(tier.mode), tier.position, tier.level, agent.name, tier.timeGroupId, joined];
}

/** Every tier row of a queue, in tier order (tiers whose agent is gone are left out). */
export function tierRowsOf(queue: Queue, tenant: TenantRecord, platform: Platform): TierRow[] {
  return (queue.tiers ?? []).flatMap((t): TierRow[] => {
    const row = toTierRow(t, queue.id, tenant, platform);
    return row ? [row] : [];
  });
}

/**
 * One row of `/api/user/{id}/queues`: `[queue_id, mode, position, level, timegroup_id]`.
 * @example toUserQueueRow(queue, tier); // [600, 4, 1, 1, null]
 */
export function toUserQueueRow(queue: Queue, tier: Tier): UserQueueRow {
  return [queue.id, tierMode(tier.mode), tier.position, tier.level, tier.timeGroupId];
}

/**
 * A queue as the PBX API returns it (`pbx-callcenter-api.md`, Queue Properties): routing fields
 * from `queue.routing` (the defaults when unset), the table's other fields from `queue.settings`
 * (null when unset), tiers as `users` rows and `user_ids`, and the queue's extension.
 * @example toPbxQueue(queue, tenant, platform).strategy; // 'longest-idle-agent'
 */
export function toPbxQueue(queue: Queue, tenant: TenantRecord, platform: Platform): PbxQueue {
  const r = queue.routing ?? DEFAULT_ROUTING;
  const s = queue.settings ?? {};
  const users = tierRowsOf(queue, tenant, platform);
  return {
    id: queue.id, account_id: tenant.pbxAccountId, site_id: null, name: queue.name, tv_name: s.tvName ?? null, type: queue.type,
    strategy: r.strategy, record: s.record ?? 0, time_base_score: r.timeBaseScore,
    max_wait_time: r.maxWaitTime, max_wait_time_with_no_agent: r.maxWaitTimeWithNoAgent,
    max_wait_time_with_no_agent_time_reached: r.maxWaitTimeWithNoAgentTimeReached,
    tier_rules_apply: r.tierRulesApply, tier_rule_wait_second: r.tierRuleWaitSecond, tier_rule_no_agent_no_wait: r.tierRuleNoAgentNoWait,
    discard_abandoned_after: r.discardAbandonedAfter, abandoned_resume_allowed: r.abandonedResumeAllowed,
    tier_rule_wait_multiply_level: r.tierRuleWaitMultiplyLevel,
    announce_id: s.announceId ?? null, announce_frequency: s.announceFrequency ?? null, moh_id: s.mohId ?? null,
    sla_strategy: s.slaStrategy ?? null, sla_answer_time: s.slaAnswerTime ?? null, auto_answer: s.autoAnswer ?? false,
    pre_bridge_announce: s.preBridgeAnnounce ?? null, join_announce: s.joinAnnounce ?? null, exits: s.exits ?? null,
    ring_timeout: r.ringTimeout, background_color: s.backgroundColor ?? null, font_color: s.fontColor ?? null,
    labels: [...(s.labels ?? [])], avg_wait_range: s.avgWaitRange ?? null, audio_playback: s.audioPlayback ?? null,
    music_advanced: s.musicAdvanced ?? false,
    user_ids: users.map((row) => row[0]), extensions: queue.extension ?? '', users,
  };
}
