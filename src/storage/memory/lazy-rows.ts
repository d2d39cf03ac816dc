import type { QueueCaller } from '../../domain/acd/queue-caller.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { Interaction } from '../../domain/calls/interaction.ts';
import { interactionColumns } from '../sql/interaction-rows.ts';
import { stateToColumns } from '../sql/rows.ts';
import type { AgentRouting } from '../../domain/acd/agent-routing.ts';
import type { AgentState } from '../../domain/agent.ts';
import type { AgentsTable, EventsTable, InteractionsTable, QueueCallersTable } from '../sql/schema.ts';

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

/**
 * An agent's row after a state save: the `routing` JSON is written only when read (an agent's
 * state is saved on most call steps). `routing` is a getter, so a row built from this one must
 * name it (`{ ...row, routing: row.routing }`): a spread copies only the row's own fields.
 */
export class LazyAgentRow implements AgentsTable {
  readonly tenant_id: string;
  readonly agent_id: string;
  readonly user_id: number;
  readonly name: string;
  readonly username: string | null;
  readonly password_hash: string | null;
  readonly group_id: number | null;
  readonly presence: string;
  readonly reason_list_id: number | null;
  readonly reason_item_id: number | null;
  readonly presence_since: number;
  readonly activity: string;
  readonly pending_presence: string | null;
  readonly caller_id: string | null;
  readonly dial_plan_id: number | null;
  readonly wrap_up_seconds: number | null;
  readonly routing_overrides: string | null;
  private text: string | null | undefined;
  private readonly document: AgentRouting | undefined;

  constructor(row: AgentsTable, state: AgentState, readonly version: number) {
    this.tenant_id = row.tenant_id;
    this.agent_id = row.agent_id;
    this.user_id = row.user_id;
    this.name = row.name;
    this.username = row.username;
    this.password_hash = row.password_hash;
    this.group_id = row.group_id;
    const columns = stateToColumns(state, false);
    this.presence = columns.presence;
    this.reason_list_id = columns.reason_list_id;
    this.reason_item_id = columns.reason_item_id;
    this.presence_since = columns.presence_since;
    this.activity = columns.activity;
    this.pending_presence = columns.pending_presence;
    this.caller_id = row.caller_id;
    this.dial_plan_id = row.dial_plan_id;
    this.wrap_up_seconds = row.wrap_up_seconds;
    this.routing_overrides = row.routing_overrides;
    this.document = state.routing;
  }

  get routing(): string | null {
    if (this.text === undefined) this.text = this.document === undefined ? null : JSON.stringify(this.document);
    return this.text;
  }
}
