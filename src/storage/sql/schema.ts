/** Table shapes as Kysely sees them. Booleans are 0/1 integers and JSON is text, the same on both engines. */
export interface Database {
  tenants: TenantsTable;
  status_code_lists: StatusCodeListsTable;
  status_code_items: StatusCodeItemsTable;
  agent_groups: AgentGroupsTable;
  agents: AgentsTable;
  events: EventsTable;
  settings: SettingsTable;
  timers: TimersTable;
  queues: QueuesTable;
  transaction_code_lists: JsonDocTable;
  dial_plans: JsonDocTable;
  channels: ChannelsTable;
  interactions: InteractionsTable;
  time_groups: JsonDocTable;
  dids: DidsTable;
  queue_callers: QueueCallersTable;
  delivery_destinations: DeliveryDestinationsTable;
  delivery_outbox: DeliveryOutboxTable;
  records: RecordsTable;
}

export interface TenantsTable {
  id: string;
  name: string;
  ccs_uuid: string;
  pbx_account_id: number;
  timezone: string;
  api_username: string;
  action_token_hash: string;
  feature_agent_status_api: number;
  last_event_seq: number;
  default_wrap_up_seconds: number;
  default_dial_plan_id: number | null;
  last_transaction_number: number;
  /** JSON; null = the simulated telephony's defaults. */
  telephony_rules: string | null;
}

export interface StatusCodeListsTable {
  tenant_id: string;
  list_id: number;
  name: string;
}

export interface StatusCodeItemsTable {
  tenant_id: string;
  list_id: number;
  item_id: number;
  short_code: string | null;
  label: string;
  kind: string;
}

export interface AgentGroupsTable {
  tenant_id: string;
  group_id: number;
  name: string;
  /** JSON array of list ids. */
  status_code_list_ids: string;
}

export interface AgentsTable {
  tenant_id: string;
  agent_id: string;
  user_id: number;
  name: string;
  username: string | null;
  password_hash: string | null;
  group_id: number | null;
  presence: string;
  reason_list_id: number | null;
  reason_item_id: number | null;
  presence_since: number;
  activity: string;
  /** JSON of a Presence, or null. */
  pending_presence: string | null;
  version: number;
  caller_id: string | null;
  dial_plan_id: number | null;
  wrap_up_seconds: number | null;
  /** JSON of the AgentRouting, or null (none yet). */
  routing: string | null;
  /** JSON of the AgentOverrides, or null (the defaults). */
  routing_overrides: string | null;
}

export interface EventsTable {
  tenant_id: string;
  seq: number;
  at: number;
  type: string;
  /** JSON of the DomainEvent. */
  data: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface TimersTable {
  tenant_id: string;
  timer_id: string;
  due_at: number;
  kind: string;
  /** JSON. */
  payload: string;
}

export interface QueuesTable {
  tenant_id: string;
  queue_id: number;
  name: string;
  type: string;
  ccs_uuid: string | null;
  extension: string | null;
  wrap_up_seconds: number | null;
  codes_required: number;
  /** JSON array of list ids. */
  transaction_code_list_ids: string;
  /** JSON of the QueueRouting, or null (defaults). */
  routing: string | null;
  /** JSON array of Tiers, or null (none). */
  tiers: string | null;
  /** JSON of the QueueSettings (the PBX table's other fields), or null. */
  settings: string | null;
}

export interface DidsTable {
  number: string;
  tenant_id: string;
  queue_id: number;
}

export interface QueueCallersTable {
  tenant_id: string;
  caller_id: string;
  queue_id: number;
  number: string;
  /** 1 while waiting, offered or connected; 0 once left (an abandoned record stays for resume). */
  active: number;
  updated_at: number;
  /** JSON of the QueueCaller. */
  data: string;
}

/** A tenant's document-shaped configuration (dial plans, transaction code lists). */
export interface JsonDocTable {
  tenant_id: string;
  id: number;
  /** JSON of the domain object. */
  data: string;
}

export interface ChannelsTable {
  tenant_id: string;
  number: string;
}

export interface InteractionsTable {
  tenant_id: string;
  guid: string;
  transaction_number: number;
  agent_id: string;
  /** 1 while the call is up or its post-processing runs. */
  active: number;
  created_at: number;
  /** JSON of the domain Interaction. */
  data: string;
}

export interface DeliveryDestinationsTable {
  tenant_id: string;
  destination_id: string;
  kind: string;
  url: string;
  secret: string;
  enabled: number;
  created_at: number;
  /** The last tenant event seq turned into messages. */
  cursor: number;
  /** The outbox's last seq (the next message takes + 1). */
  last_message_seq: number;
}

export interface DeliveryOutboxTable {
  tenant_id: string;
  destination_id: string;
  seq: number;
  message_id: string;
  type: string;
  /** JSON. */
  body: string;
  created_at: number;
  /** 'pending' | 'delivered'. */
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  delivered_at: number | null;
}

/** A tenant's record of a kind without a table of its own; keys order by bytes (`COLLATE "C"` on PostgreSQL). */
export interface RecordsTable {
  tenant_id: string;
  kind: string;
  record_key: string;
  /** JSON. */
  body: string;
}
