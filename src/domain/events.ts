import type { Presence } from './agent.ts';

/** Who asked for a change; every family's events can tell their own changes apart. */
export const ChangeSource = {
  Vcc: 'vcc',
  Ccs: 'ccs',
  Pbx: 'pbx',
  Workspace: 'workspace',
  Admin: 'admin',
  System: 'system',
} as const;
export type ChangeSource = (typeof ChangeSource)[keyof typeof ChangeSource];

export interface TenantCreated {
  readonly type: 'tenant.created';
  readonly name: string;
}
export interface TenantCredentialsRotated {
  readonly type: 'tenant.credentials_rotated';
}
export interface TenantFeatureChanged {
  readonly type: 'tenant.feature_changed';
  readonly feature: 'agentStatusApi';
  readonly enabled: boolean;
}
export interface CatalogueDefined {
  readonly type: 'catalogue.defined';
  readonly statusCodeListIds: readonly number[];
  readonly agentGroupIds: readonly number[];
}
export interface AgentCreated {
  readonly type: 'agent.created';
  readonly agentId: string;
  readonly userId: number;
  readonly name: string;
}
export interface AgentUpdated {
  readonly type: 'agent.updated';
  readonly agentId: string;
  readonly name: string;
  readonly groupId: number | null;
}
export interface AgentPresenceChanged {
  readonly type: 'agent.presence_changed';
  readonly agentId: string;
  readonly from: Presence;
  readonly to: Presence;
  readonly by: ChangeSource;
}
/** A change asked for during a call: it takes effect when the call and post-processing end. */
export interface AgentPresenceChangeDeferred {
  readonly type: 'agent.presence_change_deferred';
  readonly agentId: string;
  readonly requested: Presence;
  readonly by: ChangeSource;
}

export type DomainEvent =
  | TenantCreated
  | TenantCredentialsRotated
  | TenantFeatureChanged
  | CatalogueDefined
  | AgentCreated
  | AgentUpdated
  | AgentPresenceChanged
  | AgentPresenceChangeDeferred;

export type DomainEventType = DomainEvent['type'];

/** An event as the tenant's log holds it: numbered in commit order. */
export interface LoggedEvent<E extends DomainEvent = DomainEvent> {
  readonly tenantId: string;
  /** 1, 2, 3 … per tenant, without gaps. */
  readonly seq: number;
  /** Contact-center time of the change (ms). */
  readonly at: number;
  readonly event: E;
}
