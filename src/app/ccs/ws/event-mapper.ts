import { CallerState } from '../../../domain/acd/queue-caller.ts';
import type { CcsCallRecord } from '../../../domain/ccs/call-record.ts';
import {
  CATEGORY_OF, WsEventName, acdOf, agentPhoneStateEvent, agentStateEvent, answeredBy, callEvent, endedBy, enveloped,
  queueCallerEvent, queueCountsEvent, type AcdRef, type CallEventName, type CallFacts, type ExtensionRef, type QueueCallFact, type WsEventBody,
} from '../../../domain/ccs/ws-events.ts';
import type { DomainEvent, LoggedEvent } from '../../../domain/events.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import type { Platform } from '../../platform.ts';

/** Which permission group an event belongs to (`PERMISSION_OF_CATEGORY` in the domain). */
export type WsCategory = 'agent' | 'call' | 'queue';

/** One event for WebSocket clients: its category (for permission filtering) and its JSON body. */
export interface WsEvent {
  readonly category: WsCategory;
  readonly body: Record<string, unknown>;
}

type Of<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

/** A caller still in its queue and not connected (waiting, or ringing an agent) counts as waiting. */
const WAITING: readonly string[] = [CallerState.Waiting, CallerState.Offered];

/**
 * Maps a tenant's logged domain events to CCS WebSocket events (`docs/ccs-events.md`): looks up
 * the facts (extension, ACD, the projected CCS call, live ACD counts) and lets the pure builders
 * of `src/domain/ccs/ws-events.ts` shape them. Call ids come from the call projector, caught up
 * first, so they equal the REST ids. The same log and state give the same events (resume replays
 * them), except what only live state tells: `queue.counts.waiting` (the count at mapping time) and
 * the queue name of `agent.phone_state` ("" once the agent's call is gone from the registry).
 * @example const events = await new CcsEventMapper(platform).map(logged); // [{ category: 'agent', body: { event: 'agent.state', … } }]
 */
export class CcsEventMapper {
  constructor(private readonly platform: Platform) {}

  async map(logged: LoggedEvent): Promise<WsEvent[]> {
    const tenant = this.platform.directory.tenantById(logged.tenantId);
    if (!tenant) return [];
    const bodies = await this.bodiesOf(tenant, logged);
    const shaped = enveloped(bodies, { tenantUuid: tenant.ccsUuid, seq: logged.seq, at: logged.at });
    return bodies.flatMap((b, i) => {
      const body = shaped[i];
      return body === undefined ? [] : [{ category: CATEGORY_OF[b.event], body }];
    });
  }

  private async bodiesOf(tenant: TenantRecord, logged: LoggedEvent): Promise<WsEventBody[]> {
    const { event } = logged;
    switch (event.type) {
      case 'agent.presence_changed':
        return this.presence(tenant, event);
      case 'agent.activity_changed':
        return this.activity(tenant, event);
      case 'caller.joined':
      case 'caller.left':
      case 'interaction.created':
      case 'agent.offered':
      case 'interaction.bridged':
      case 'interaction.ended':
      case 'call.transferred':
      case 'call.suppression_changed':
        await this.platform.ccs.calls.caughtUp(tenant.id);
        return this.callBodies(tenant, logged);
      default:
        return [];
    }
  }

  private presence(tenant: TenantRecord, event: Of<'agent.presence_changed'>): WsEventBody[] {
    const extension = this.extension(tenant.id, event.agentId);
    if (extension === null) return [];
    const reason = event.to.reason;
    const item = reason === null ? undefined : this.platform.directory.catalogue(tenant.id).item(reason.listId, reason.itemId);
    return [agentStateEvent(extension, event.to, item?.label ?? null)];
  }

  private activity(tenant: TenantRecord, event: Of<'agent.activity_changed'>): WsEventBody[] {
    const extension = this.extension(tenant.id, event.agentId);
    if (extension === null) return [];
    return [agentPhoneStateEvent(extension, event.toActivity, this.queueCallOf(tenant.id, event.agentId, event.toActivity))];
  }

  /** The queue of the agent's live call the activity is about, from the call registry (unknown once gone). */
  private queueCallOf(tenantId: string, agentId: string, activity: string): QueueCallFact {
    const interactions = this.platform.calls.engine.registry.ofAgent(tenantId, agentId);
    const call = activity === 'post_processing'
      ? interactions.find((i) => i.postProcessing !== null && i.postProcessing.endedAt === null)
      : (interactions.find((i) => i.endedAt === null && i.queueId !== null) ?? interactions.find((i) => i.endedAt === null));
    if (call === undefined) return { kind: 'unknown' };
    if (call.queueId === null) return { kind: 'direct' };
    const queue = this.platform.directory.calls.of(tenantId).queues.get(call.queueId);
    return { kind: 'queue', name: queue?.name ?? String(call.queueId) };
  }

  private async callBodies(tenant: TenantRecord, logged: LoggedEvent): Promise<WsEventBody[]> {
    const { event } = logged;
    const calls = this.platform.ccs.calls;
    switch (event.type) {
      case 'caller.joined':
        return this.joined(tenant, event, await calls.byQueueCaller(tenant.id, event.callerId));
      case 'caller.left':
        return this.left(tenant, logged, event, await calls.byQueueCaller(tenant.id, event.callerId));
      case 'interaction.created': {
        const call = event.direction === 'outbound' ? await calls.byInteraction(tenant.id, event.interactionGuid) : undefined;
        return call ? [this.callBody(WsEventName.CallCreated, tenant, call, { agentId: event.agentId, queueId: event.queueId })] : [];
      }
      case 'agent.offered': {
        const call = await calls.byQueueCaller(tenant.id, event.callerId);
        return call ? [this.callBody(WsEventName.CallRinging, tenant, call, { agentId: event.agentId, queueId: event.queueId })] : [];
      }
      case 'interaction.bridged': {
        const call = await calls.byInteraction(tenant.id, event.interactionGuid);
        return call && answeredBy(call, event.interactionGuid) ? [this.callBody(WsEventName.CallAnswered, tenant, call)] : [];
      }
      case 'interaction.ended': {
        const call = await calls.byInteraction(tenant.id, event.interactionGuid);
        return call && endedBy(call, logged) ? [this.callBody(WsEventName.CallEnded, tenant, call, {}, { end_cause: event.cause })] : [];
      }
      case 'call.transferred':
        return this.transferred(tenant, logged, event, await calls.byQueueCaller(tenant.id, event.callerId));
      case 'call.suppression_changed': {
        const call = await calls.find(tenant.id, event.callId);
        return call ? [this.callBody(WsEventName.CallSuppression, tenant, call, {}, { suppressed: event.suppressed })] : [];
      }
      default:
        return [];
    }
  }

  /** A new inbound call (created, joined, counts) or a redirected one (joined, counts: the call id stays). */
  private joined(tenant: TenantRecord, event: Of<'caller.joined'>, call: CcsCallRecord | undefined): WsEventBody[] {
    if (call === undefined) return [];
    const bodies: WsEventBody[] = [];
    if (event.redirectedFrom === undefined) bodies.push(this.callBody(WsEventName.CallCreated, tenant, call, { agentId: null, queueId: event.queueId }));
    const acd = this.ccsAcd(tenant.id, event.queueId);
    if (acd !== null) bodies.push(queueCallerEvent(WsEventName.QueueCallerJoined, acd, call.callId, call.callingNumber), this.counts(tenant.id, event.queueId, acd));
    return bodies;
  }

  /** The caller left its ACD (left, counts) and, when that ended the call, `call.ended`. */
  private left(tenant: TenantRecord, logged: LoggedEvent, event: Of<'caller.left'>, call: CcsCallRecord | undefined): WsEventBody[] {
    if (call === undefined) return [];
    const bodies: WsEventBody[] = [];
    const acd = this.ccsAcd(tenant.id, event.queueId);
    if (acd !== null) bodies.push(queueCallerEvent(WsEventName.QueueCallerLeft, acd, call.callId, call.callingNumber, event.cause), this.counts(tenant.id, event.queueId, acd));
    if (endedBy(call, logged)) bodies.push(this.callBody(WsEventName.CallEnded, tenant, call, { queueId: event.queueId }, { end_cause: event.cause }));
    return bodies;
  }

  private transferred(tenant: TenantRecord, logged: LoggedEvent, event: Of<'call.transferred'>, call: CcsCallRecord | undefined): WsEventBody[] {
    if (call === undefined) return [];
    const agent = { agentId: event.agentId ?? null };
    const bodies = [this.callBody(WsEventName.CallTransferred, tenant, call, agent, { target: event.target })];
    if (endedBy(call, logged)) bodies.push(this.callBody(WsEventName.CallEnded, tenant, call, agent, { end_cause: 'transferred' }));
    return bodies;
  }

  /**
   * A call event from the projected record; `at` names the agent / queue the event itself tells
   * (the record holds the call's latest ones, which a replay must not show for an earlier step).
   */
  private callBody(name: CallEventName, tenant: TenantRecord, call: CcsCallRecord, at: { agentId?: string | null; queueId?: number | null } = {}, extra: Record<string, unknown> = {}): WsEventBody {
    const queueId = at.queueId === undefined ? call.queueId : at.queueId;
    const agentId = at.agentId === undefined ? call.agentId : at.agentId;
    const queue = queueId === null ? undefined : this.platform.directory.calls.of(tenant.id).queues.get(queueId);
    const facts: CallFacts = {
      callId: call.callId, direction: call.direction, callingNumber: call.callingNumber, calledNumber: call.calledNumber,
      acd: queue ? acdOf(queue) : null, extension: agentId === null ? null : this.extension(tenant.id, agentId),
    };
    return callEvent(name, facts, extra);
  }

  private counts(tenantId: string, queueId: number, acd: AcdRef): WsEventBody {
    const waiting = this.platform.acd.state.callersOf(tenantId, queueId).filter((c) => WAITING.includes(c.state)).length;
    return queueCountsEvent(acd, waiting);
  }

  /** The ACD of a queue with a CCS face; null for queues without one (their queue events are not sent). */
  private ccsAcd(tenantId: string, queueId: number): AcdRef | null {
    const queue = this.platform.directory.calls.of(tenantId).queues.get(queueId);
    return queue && queue.ccsUuid !== null ? acdOf(queue) : null;
  }

  private extension(tenantId: string, agentId: string): ExtensionRef | null {
    const extension = this.platform.ccs.extensions.of(tenantId, agentId);
    return extension ? { uuid: extension.uuid, extension: extension.extension } : null;
  }
}
