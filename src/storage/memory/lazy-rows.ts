import type { QueueCaller } from '../../domain/acd/queue-caller.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { Interaction } from '../../domain/calls/interaction.ts';
import { interactionColumns } from '../sql/interaction-rows.ts';
import type { EventsTable, InteractionsTable, QueueCallersTable } from '../sql/schema.ts';

/**
 * Rows of the busiest tables whose JSON `data` column is written only when first read. In a
 * simulation almost no event, interaction or caller row is ever read back, and serialising each
 * one on every step was a fifth of the run time. The document is the domain value the caller
 * passed in (immutable by contract, as everything the core hands the store), and a read still
 * gets a fresh copy parsed from the JSON, exactly as from SQL.
 */
abstract class LazyData<T> {
  private text: string | undefined;

  protected constructor(private readonly document: T) {}

  get data(): string {
    this.text ??= JSON.stringify(this.document);
    return this.text;
  }
}

export class LazyEventRow extends LazyData<DomainEvent> implements EventsTable {
  readonly type: string;

  constructor(
    readonly tenant_id: string,
    readonly seq: number,
    readonly at: number,
    event: DomainEvent,
  ) {
    super(event);
    this.type = event.type;
  }
}

export class LazyInteractionRow extends LazyData<Interaction> implements InteractionsTable {
  readonly agent_id: string;
  readonly active: number;
  readonly created_at: number;

  constructor(
    readonly tenant_id: string,
    readonly guid: string,
    readonly transaction_number: number,
    interaction: Interaction,
  ) {
    super(interaction);
    const { agent_id, active, created_at } = interactionColumns(interaction, false);
    this.agent_id = agent_id;
    this.active = active;
    this.created_at = created_at;
  }
}

export class LazyQueueCallerRow extends LazyData<QueueCaller> implements QueueCallersTable {
  readonly tenant_id: string;
  readonly caller_id: string;
  readonly queue_id: number;
  readonly number: string;
  readonly active: number;
  readonly updated_at: number;

  constructor(caller: QueueCaller) {
    super(caller);
    this.tenant_id = caller.tenantId;
    this.caller_id = caller.callerId;
    this.queue_id = caller.queueId;
    this.number = caller.number;
    this.active = caller.state === 'left' ? 0 : 1;
    this.updated_at = caller.leftAt ?? caller.joinedAt;
  }
}
