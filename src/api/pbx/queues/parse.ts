import { STRATEGIES, TimeBaseScore, type QueueRouting, type Strategy } from '../../../domain/acd/routing.ts';
import { RuleViolationError } from '../../../domain/errors.ts';
import type { QueueChanges, SettingsChanges, TierInput } from '../../../app/pbx/queue-admin.ts';
import type { PbxQueue, QueueWrite } from './schemas.ts';

/**
 * PBX queue writes in domain terms. The route schema has checked types and ranges; here the
 * rules that need a message listing what is allowed (strategy, time base), the two forms of id
 * lists, the rows, and read-only fields.
 */

/** Fields a client may not set. Echoing the current value back (a GET record PUT again) is accepted. */
const READ_ONLY = ['id', 'account_id', 'site_id', 'type', 'user_ids', 'extensions'] as const;
const COLOUR = /^#?[0-9A-Fa-f]{3,8}$|^[a-z]{3,20}$/;
const MAX_JSON = 64 * 1024;
const MAX_ID = 2_147_483_647;

const fail = (field: string, problem: string): never => {
  throw new RuleViolationError(`${field}: ${problem}`, field);
};

/**
 * A strategy name, or 400 naming `strategy` and listing the nine.
 * @example parseStrategy('top-down'); // 'top-down'
 */
export function parseStrategy(value: string, field = 'strategy'): Strategy {
  const found = STRATEGIES.find((s) => s === value);
  return found ?? fail(field, `'${value}' is not a strategy; one of ${STRATEGIES.join(', ')}`);
}

/**
 * `system` or `queue`, or 400 naming `time_base_score`.
 * @example parseTimeBaseScore('system'); // 'system'
 */
export function parseTimeBaseScore(value: string, field = 'time_base_score'): QueueRouting['timeBaseScore'] {
  if (value === TimeBaseScore.System || value === TimeBaseScore.Queue) return value;
  return fail(field, `'${value}' is not allowed; one of system, queue`);
}

/**
 * Ids given as an array, a comma-separated list or one number.
 * @example parseIds('3, 4', 'ids'); // [3, 4]
 */
export function parseIds(value: readonly number[] | string | number, field: string): number[] {
  const parts = Array.isArray(value) ? value : typeof value === 'number' ? [value] : String(value).split(',').map((s) => s.trim()).filter((s) => s !== '');
  return parts.map((part, i) => {
    const n = typeof part === 'number' ? part : /^[0-9]{1,10}$/.test(part) ? Number(part) : NaN;
    return Number.isInteger(n) && n >= 0 && n <= MAX_ID ? n : fail(`${field}[${i}]`, `'${String(part)}' is not an id`);
  });
}

function intAt(row: readonly unknown[], i: number, field: string, max: number): number {
  const v = row[i];
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? v : fail(`${field}[${i}]`, `must be an integer from 0 to ${max}`);
}

/**
 * Rows `[[id, mode, position, level, timegroup_id], ...]` (timegroup_id may be left out). The
 * 7-element rows reads return (`[id, mode, position, level, name, timegroup_id, joined]`) are
 * accepted too, so a list read can be written back.
 * @example parseRows([[17798, 4, 10, 1, null]], 'users'); // [{ id: 17798, mode: 4, position: 10, level: 1, timeGroupId: null, field: 'users[0]' }]
 */
export function parseRows(rows: readonly (readonly unknown[])[], field: string): TierInput[] {
  return rows.map((row, r) => {
    const at = `${field}[${r}]`;
    const read = row.length === 7 && typeof row[4] === 'string';
    if (!read && (row.length < 4 || row.length > 5)) fail(at, 'must be [id, mode, position, level, timegroup_id]');
    const groupAt = read ? 5 : 4;
    return {
      id: intAt(row, 0, at, MAX_ID), mode: intAt(row, 1, at, 255), position: intAt(row, 2, at, 1_000_000), level: intAt(row, 3, at, 1000),
      timeGroupId: (row[groupAt] ?? null) === null ? null : intAt(row, groupAt, at, MAX_ID), field: at,
    };
  });
}

function checkReadOnly(body: Record<string, unknown>, current: PbxQueue | null): void {
  for (const key of READ_ONLY) {
    if (!(key in body)) continue;
    if (current === null || JSON.stringify(body[key]) !== JSON.stringify(current[key])) fail(key, 'is read only');
  }
}

function checkJson(value: unknown, field: string): unknown {
  if (value !== null && JSON.stringify(value).length > MAX_JSON) fail(field, `must be at most ${MAX_JSON} characters of JSON`);
  return value;
}

function colour(value: string | null | undefined, field: string): string | null | undefined {
  if (typeof value === 'string' && !COLOUR.test(value)) fail(field, `'${value}' is not a colour (#rgb, #rrggbb or a name)`);
  return value;
}

function routingOf(body: QueueWrite): Partial<QueueRouting> {
  const r: Record<string, unknown> = {
    strategy: body.strategy === undefined ? undefined : parseStrategy(body.strategy),
    timeBaseScore: body.time_base_score === undefined ? undefined : parseTimeBaseScore(body.time_base_score),
    maxWaitTime: body.max_wait_time, maxWaitTimeWithNoAgent: body.max_wait_time_with_no_agent,
    maxWaitTimeWithNoAgentTimeReached: body.max_wait_time_with_no_agent_time_reached, tierRulesApply: body.tier_rules_apply,
    tierRuleWaitSecond: body.tier_rule_wait_second, tierRuleWaitMultiplyLevel: body.tier_rule_wait_multiply_level,
    tierRuleNoAgentNoWait: body.tier_rule_no_agent_no_wait, discardAbandonedAfter: body.discard_abandoned_after,
    abandonedResumeAllowed: body.abandoned_resume_allowed, ringTimeout: body.ring_timeout,
  };
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Partial<QueueRouting>;
}

function settingsOf(body: QueueWrite): SettingsChanges {
  const labels = body.labels === undefined ? undefined : body.labels === null ? null : parseIds(body.labels, 'labels');
  if (labels && labels.length > 100) fail('labels', 'at most 100 labels');
  const s: Record<string, unknown> = {
    tvName: body.tv_name, record: body.record, announceId: body.announce_id, announceFrequency: body.announce_frequency, mohId: body.moh_id,
    slaStrategy: body.sla_strategy, slaAnswerTime: body.sla_answer_time, autoAnswer: body.auto_answer,
    preBridgeAnnounce: body.pre_bridge_announce, joinAnnounce: body.join_announce,
    exits: body.exits === undefined ? undefined : checkJson(body.exits, 'exits'),
    backgroundColor: colour(body.background_color, 'background_color'), fontColor: colour(body.font_color, 'font_color'),
    labels, avgWaitRange: body.avg_wait_range,
    audioPlayback: body.audio_playback === undefined ? undefined : checkJson(body.audio_playback, 'audio_playback'),
    musicAdvanced: body.music_advanced,
  };
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as SettingsChanges;
}

/**
 * A create (`current` null: `name`, `strategy` and `time_base_score` required) or an update
 * (only the fields given) in domain terms.
 * @example parseQueueWrite({ name: 'Sales', strategy: 'random', time_base_score: 'queue' }, null).routing; // { strategy: 'random', timeBaseScore: 'queue' }
 */
export function parseQueueWrite(body: QueueWrite, current: PbxQueue | null): QueueChanges {
  checkReadOnly(body as Record<string, unknown>, current);
  if (current === null) for (const key of ['name', 'strategy', 'time_base_score'] as const) if (body[key] === undefined) fail(key, 'is required');
  const name = body.name?.trim();
  if (name === '') fail('name', 'must not be empty');
  const routing = routingOf(body);
  const settings = settingsOf(body);
  return {
    ...(name !== undefined && { name }),
    ...(Object.keys(routing).length > 0 && { routing }),
    ...(Object.keys(settings).length > 0 && { settings }),
    ...(body.users !== undefined && { tiers: parseRows(body.users, 'users') }),
  };
}

/**
 * `ids` of a DELETE, from the query string or the body: an array, a comma-separated list or one id.
 * @example idsOf({ ids: '3,4' }, undefined); // [3, 4]
 */
export function idsOf(query: unknown, body: unknown): number[] {
  const pick = (from: unknown): unknown => (from !== null && typeof from === 'object' && !Array.isArray(from) ? (from as Record<string, unknown>).ids : undefined);
  const value = pick(query) ?? pick(body);
  if (value === undefined || value === '') return fail('ids', 'is required (an array or a comma-separated list of ids)');
  if (typeof value === 'number' || typeof value === 'string') return parseIds(value, 'ids');
  if (Array.isArray(value)) return parseIds(value.map((v) => (typeof v === 'number' || typeof v === 'string' ? String(v) : '?')).join(','), 'ids');
  return fail('ids', 'must be an array or a comma-separated list of ids');
}
