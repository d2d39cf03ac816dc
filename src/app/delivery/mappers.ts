import type { LoggedEvent } from '../../domain/events.ts';
import type { DeliveryDestination, StoreReads } from '../../ports/storage.ts';

/** One message a logged event becomes for a destination: a message type and its JSON body. */
export interface MappedMessage {
  readonly type: string;
  readonly body: unknown;
}

/** What a mapper may read besides the event: the stored state (interactions, agents, records). */
export interface MapperContext {
  readonly store: StoreReads;
  /** The destination the messages are for (a kind may serve several receivers on one origin). */
  readonly destination: DeliveryDestination;
}

/** One request on the wire: where, in which media type, what bytes (signed as they are). */
export interface WireRequest {
  readonly url: string;
  readonly contentType: string;
  readonly body: string;
}

/** How a kind's stored message body goes on the wire; the default posts it as JSON to the destination's URL. */
export type WireFormat = (body: unknown, destination: DeliveryDestination) => WireRequest;

/** The default wire format: the body as JSON, to the destination's URL. */
export const jsonWire: WireFormat = (body, destination) => ({ url: destination.url, contentType: 'application/json', body: JSON.stringify(body) });

/**
 * Turns one of a tenant's logged events into a destination's messages (none, one or several, in
 * order); registered per destination kind. It may read stored state, but must give the same
 * messages when run again on the same event (a restart maps the events after the cursor again),
 * so it reads only what the event's point in the log fixed: set-once facts (a leg's times, an
 * interaction's numbers), never "the current status".
 */
export type EventMapper = (logged: LoggedEvent, ctx: MapperContext) => readonly MappedMessage[] | Promise<readonly MappedMessage[]>;

/**
 * The generic kind `events`: every logged event as it is in the log. The message id travels
 * in the `X-Switchboard-Event-Id` header, not in the body.
 * @example eventsMapper({ tenantId: 't', seq: 5, at: 0, event: { type: 'tenant.credentials_rotated' } }, { store })
 */
export const eventsMapper: EventMapper = (logged) => [{
  type: logged.event.type,
  body: { tenantId: logged.tenantId, seq: logged.seq, at: new Date(logged.at).toISOString(), type: logged.event.type, data: logged.event },
}];

/**
 * Mappers by destination kind; the PBX push events (`pbx`) and the click-to-dial callbacks register theirs.
 * @example platform.delivery.mappers.register('pbx', (logged) => (logged.event.type === 'agent.presence_changed' ? [{ type: 'agent:status', body: {} }] : []));
 */
export class MapperRegistry {
  private readonly mappers = new Map<string, EventMapper>([['events', eventsMapper]]);
  private readonly wires = new Map<string, WireFormat>();

  /** `wire`: how the kind's messages are sent, when not as JSON to the destination's URL (click-to-dial callbacks are forms). */
  register(kind: string, mapper: EventMapper, wire?: WireFormat): void {
    this.mappers.set(kind, mapper);
    if (wire) this.wires.set(kind, wire);
  }

  get(kind: string): EventMapper | undefined {
    return this.mappers.get(kind);
  }

  wireOf(kind: string): WireFormat {
    return this.wires.get(kind) ?? jsonWire;
  }

  kinds(): string[] {
    return [...this.mappers.keys()].sort();
  }
}
