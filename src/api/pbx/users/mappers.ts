import { PresenceKind, type Agent } from '../../../domain/agent.ts';
import { DEVICE_OVERRIDE_FIELDS, type DeviceOverrideValue } from '../../../domain/users/user-fields.ts';
import { permissionGroup } from '../../../domain/users/permissions.ts';
import type { UserView } from '../../../app/pbx/user-service.ts';
import { toUserQueueRow } from '../queues/mappers.ts';
import type { DeviceRow, PbxUser } from './schemas.ts';

/** Presences in which a PBX user counts as checked in (`NOTES.md` §3). */
const CHECKED_IN: ReadonlySet<string> = new Set([PresenceKind.Available, PresenceKind.OnBreak, PresenceKind.WorkingOffline]);

/**
 * The pause a user is in (`NOTES.md` §3: `pause_id` = the reason of a break or offline presence), else 0.
 * @example pauseIdOf(agent); // 1725 while on break with reason item 1725
 */
export function pauseIdOf(agent: Agent): number {
  const { presence } = agent.state;
  const paused = presence.kind === PresenceKind.OnBreak || presence.kind === PresenceKind.WorkingOffline;
  return paused && presence.reason ? presence.reason.itemId : 0;
}

function overrideFields(values: Readonly<Record<string, DeviceOverrideValue>>): Record<(typeof DEVICE_OVERRIDE_FIELDS)[number], DeviceOverrideValue> {
  return Object.fromEntries(DEVICE_OVERRIDE_FIELDS.map((f) => [f, values[f] ?? null])) as Record<(typeof DEVICE_OVERRIDE_FIELDS)[number], DeviceOverrideValue>;
}

/**
 * The PBX user record (`pbx-callcenter-api.md`, User Parameters), built in one place from the agent
 * row, the profile, the call settings and the computed read-only fields. `password` is never in it.
 * @example toPbxUser(await platform.pbx.users.get(tenant.id, 12345)).username; // 'Jonh123'
 */
export function toPbxUser(view: UserView): PbxUser {
  const { agent, profile: p, settings, tenant } = view;
  const overrides = settings?.overrides;
  return {
    id: agent.userId, account_id: tenant.pbxAccountId, agent_id: agent.agentId, active: p.active, is_agent: p.is_agent, in_reports: p.in_reports,
    name: agent.name, username: agent.username, email: p.email, timezone: p.timezone,
    sites: [...p.sites], groups: [...p.groups], intercept_groups: [...p.intercept_groups], intercept_other_groups: [...p.intercept_other_groups],
    geo_limit: p.geo_limit, follow_me: p.follow_me, last_login: p.last_login, ts: p.ts,
    devices: view.devices.map((d): DeviceRow => [d.id, d.ring, d.delay, d.timeout, d.name]),
    // No extension or number routes to a user yet (numbers lead to queues): empty lists, as the document's format.
    extensions: '', dids: '',
    dr_id: settings?.dialPlanId ?? null, call_timeout: p.call_timeout, vm_id: p.vm_id, vm_name: null,
    pgroup_id: p.pgroup_id, pgroup: permissionGroup(p.pgroup_id)?.name ?? '', permissions: { ...p.permissions },
    queue_perms: view.tiers.map(({ queue, tier }) => toUserQueueRow(queue, tier)),
    override_device: p.override_device, ...overrideFields(p.device_override),
    pause_id: pauseIdOf(agent), online: CHECKED_IN.has(agent.state.presence.kind) ? 1 : 0, queues: [...(agent.state.routing?.joined ?? [])],
    session_ttl: p.session_ttl, max_snooze: p.max_snooze,
    wrap_up_time: settings?.wrapUpSeconds ?? null,
    no_answer_delay_time: overrides?.noAnswerDelayTime ?? null, reject_delay_time: overrides?.rejectDelayTime ?? null,
    busy_delay_time: overrides?.busyDelayTime ?? null, max_no_answer: overrides?.maxNoAnswer ?? null,
    api_ip_ranges: [...p.api_ip_ranges],
  };
}
