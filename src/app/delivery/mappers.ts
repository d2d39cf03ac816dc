import type { LoggedEvent } from '../../domain/events.ts';

/** What one logged event becomes for a destination: a message type and its JSON body, or null (not sent). */
export type MappedMessage = { readonly type: string; readonly body: unknown } | null;

/** Turns a tenant's logged events into a destination's messages; registered per destination kind. */
export type EventMapper = (logged: LoggedEvent) => MappedMessage;

/**
 * The generic kind `events`: every logged event as it is in the log. The message id travels
 * in the `X-Switchboard-Event-Id` header, not in the body.
 * @example eventsMapper({ tenantId: 't', seq: 5, at: 0, event: { type: 'tenant.credentials_rotated' } })
 */
export const eventsMapper: EventMapper = (logged) => ({
  type: logged.event.type,
  body: { tenantId: logged.tenantId, seq: logged.seq, at: new Date(logged.at).toISOString(), type: logged.event.type, data: logged.event },
});

/**
 * Mappers by destination kind; the PBX push events and the click-to-dial callbacks register theirs.
 * @example platform.delivery.mappers.register('pbx', (logged) => (logged.event.type === 'agent.presence_changed' ? { type: 'agent:status', body: {} } : null));
 */
export class MapperRegistry {
  private readonly mappers = new Map<string, EventMapper>([['events', eventsMapper]]);

  register(kind: string, mapper: EventMapper): void {
    this.mappers.set(kind, mapper);
  }

  get(kind: string): EventMapper | undefined {
    return this.mappers.get(kind);
  }

  kinds(): string[] {
    return [...this.mappers.keys()].sort();
  }
}
