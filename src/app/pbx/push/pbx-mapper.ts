import { ActivityKind } from '../../../domain/agent.ts';
import type { AgentActivityChanged, AgentPresenceChanged, AgentQueuesChanged, DomainEvent, LoggedEvent } from '../../../domain/events.ts';
import type { EventMapper, MappedMessage, MapperContext } from '../../delivery/mappers.ts';
import type { CallParty } from './call-fields.ts';
import { callerJoinedMessages, callerLeftMessages, callStartMessages, legMessages, type CallLookups } from './call-messages.ts';
import { agentStatusData, checkedIn, PbxEvent, pushMessage } from './messages.ts';

/** What the PBX mapper needs from the platform: ids that never change once assigned. */
export interface PbxLookups {
  /** The tenant's PBX `account_id`; null: no such tenant (nothing is sent). */
  accountId(tenantId: string): number | null;
  /** The agent's PBX user id; null when the agent is gone. */
  userId(tenantId: string, agentId: string, ctx: MapperContext): Promise<number | null>;
  /** The device the agent is checked in with, if any. */
  deviceId(tenantId: string, agentId: string, ctx: MapperContext): Promise<number | null>;
}

type Of<T extends DomainEvent['type']> = LoggedEvent<Extract<DomainEvent, { type: T }>>;

/**
 * Presence changes: `agent:checkin` (from not checked in to checked in, with the device the
 * event names), `agent:checkout` (to logged out), and `agent:status` when its fields change.
 * Older events without the activity read the agent's stored one.
 */
async function presenceMessages(logged: Of<'agent.presence_changed'>, ctx: MapperContext, lookups: PbxLookups, accountId: number): Promise<MappedMessage[]> {
  const e: AgentPresenceChanged = logged.event;
  const userId = await lookups.userId(logged.tenantId, e.agentId, ctx);
  if (userId === null) return [];
  const activity = e.activity ?? (await ctx.store.getAgent(logged.tenantId, e.agentId))?.state.activity ?? ActivityKind.Idle;
  const out: MappedMessage[] = [];
  const message = (event: PbxEvent, data: Record<string, unknown>) => out.push(pushMessage(event, accountId, logged.at, data));
  if (!checkedIn(e.from) && checkedIn(e.to)) message(PbxEvent.CheckIn, { user_id: userId, device_id: e.device?.id ?? null, device_name: e.device?.name ?? null });
  if (checkedIn(e.from) && !checkedIn(e.to)) message(PbxEvent.CheckOut, { user_id: userId });
  const before = agentStatusData(userId, e.from, activity);
  const after = agentStatusData(userId, e.to, activity);
  if (JSON.stringify(before) !== JSON.stringify(after)) message(PbxEvent.Status, after);
  return out;
}

/** Activity changes (a call rings, is answered, wrap-up): `agent:status` when its fields change. */
async function activityMessages(logged: Of<'agent.activity_changed'>, ctx: MapperContext, lookups: PbxLookups, accountId: number): Promise<MappedMessage[]> {
  const e: AgentActivityChanged = logged.event;
  const userId = await lookups.userId(logged.tenantId, e.agentId, ctx);
  if (userId === null) return [];
  const presence = e.presence ?? (await ctx.store.getAgent(logged.tenantId, e.agentId))?.state.presence;
  if (!presence) return [];
  const before = agentStatusData(userId, presence, e.fromActivity);
  const after = agentStatusData(userId, presence, e.toActivity);
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [pushMessage(PbxEvent.Status, accountId, logged.at, after)];
}

/** `queue:leave` then `queue:join` for the queues a change left and joined (older events: `joined` counts as joined). */
async function queueMessages(logged: Of<'agent.queues_changed'>, ctx: MapperContext, lookups: PbxLookups, accountId: number): Promise<MappedMessage[]> {
  const e: AgentQueuesChanged = logged.event;
  const userId = await lookups.userId(logged.tenantId, e.agentId, ctx);
  if (userId === null) return [];
  const added = e.added ?? e.joined;
  const removed = e.removed ?? [];
  return [
    ...(removed.length > 0 ? [pushMessage(PbxEvent.QueueLeave, accountId, logged.at, { user_id: userId, queues: [...removed] })] : []),
    ...(added.length > 0 ? [pushMessage(PbxEvent.QueueJoin, accountId, logged.at, { user_id: userId, queues: [...added] })] : []),
  ];
}

function callLookups(tenantId: string, accountId: number, ctx: MapperContext, lookups: PbxLookups): CallLookups {
  return {
    accountId,
    party: async (agentId): Promise<CallParty> => ({ userId: await lookups.userId(tenantId, agentId, ctx), deviceId: await lookups.deviceId(tenantId, agentId, ctx) }),
  };
}

/**
 * The delivery kind `pbx`: a tenant's logged events as PBX push events (`docs/pbx-events.md`).
 * Deterministic from the event and set-once stored facts, so mapping an event again after a
 * restart gives the same messages.
 * @example platform.delivery.mappers.register('pbx', pbxMapper(lookups));
 */
export function pbxMapper(lookups: PbxLookups): EventMapper {
  return async (logged, ctx) => {
    const accountId = lookups.accountId(logged.tenantId);
    if (accountId === null) return [];
    const call = () => callLookups(logged.tenantId, accountId, ctx, lookups);
    switch (logged.event.type) {
      case 'agent.presence_changed': return presenceMessages(logged as Of<'agent.presence_changed'>, ctx, lookups, accountId);
      case 'agent.activity_changed': return activityMessages(logged as Of<'agent.activity_changed'>, ctx, lookups, accountId);
      case 'agent.queues_changed': return queueMessages(logged as Of<'agent.queues_changed'>, ctx, lookups, accountId);
      case 'leg.ringing':
      case 'leg.answered':
      case 'leg.ended': return legMessages(logged as Of<'leg.ringing' | 'leg.answered' | 'leg.ended'>, ctx, call());
      case 'bridge.started': return callStartMessages(logged as Of<'bridge.started'>, ctx, call());
      case 'caller.joined': return callerJoinedMessages(logged as Of<'caller.joined'>, accountId);
      case 'caller.left': return callerLeftMessages(logged as Of<'caller.left'>, ctx, accountId);
      default: return [];
    }
  };
}
