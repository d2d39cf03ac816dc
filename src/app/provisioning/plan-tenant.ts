import { ConflictError } from '../../domain/errors.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { newUuid } from '../../domain/ids.ts';
import { ReasonKind, SYSTEM_LIST_ID, type StatusCodeList } from '../../domain/reason-codes.ts';
import type { NewTenant, TenantRecord } from '../../ports/storage.ts';
import type { Core } from '../core.ts';
import { SchemaError } from '../schema-check.ts';
import { newSecret, sha256Hex } from '../security.ts';
import type { StatusCodeListSpec, TenantSpec } from './schema.ts';

/** Reasons the system sets (`NOTES.md` §2); every tenant has them. */
export const SYSTEM_LIST: StatusCodeList = {
  id: SYSTEM_LIST_ID,
  name: 'System',
  items: [
    { listId: SYSTEM_LIST_ID, id: 1, shortCode: null, label: 'Logged out by the system', kind: ReasonKind.SignOut },
    { listId: SYSTEM_LIST_ID, id: 2, shortCode: null, label: 'On break after login', kind: ReasonKind.Break },
    { listId: SYSTEM_LIST_ID, id: 3, shortCode: null, label: 'Missed transactions', kind: ReasonKind.Break },
  ],
};

export interface TenantPlan {
  insert?: NewTenant;
  patch?: { timezone?: string; apiUsername?: string; features?: TenantRecord['features'] };
  tokenHash?: string;
  /** A token Switchboard made up; shown once to whoever applied the file. */
  generatedToken?: string;
  events: DomainEvent[];
}

/** What to write for the tenant row itself: a new tenant, or the fields that differ. */
export function planTenantRecord(core: Core, spec: TenantSpec, existing: TenantRecord | undefined, secretsOnCreateOnly: boolean): TenantPlan {
  const apiUsername = spec.apiUsername ?? existing?.apiUsername ?? spec.name;
  const owner = core.directory.tenantByApiUsername(apiUsername);
  if (owner && owner.id !== existing?.id) throw new ConflictError(`apiUsername '${apiUsername}' is already used by another tenant`);
  const givenHash = spec.actionRequestTokenSha256 ?? (spec.actionRequestToken === undefined ? undefined : sha256Hex(spec.actionRequestToken));
  if (!existing) return planNewTenant(core, spec, apiUsername, givenHash);
  if (spec.ccsUuid !== undefined && spec.ccsUuid !== existing.ccsUuid) throw new SchemaError('ccsUuid', 'ids never change once assigned');
  if (spec.pbxAccountId !== undefined && spec.pbxAccountId !== existing.pbxAccountId) throw new SchemaError('pbxAccountId', 'ids never change once assigned');
  const plan: TenantPlan = { events: [] };
  const patch: NonNullable<TenantPlan['patch']> = {};
  if (spec.timezone !== undefined && spec.timezone !== existing.timezone) {
    patch.timezone = spec.timezone;
    // Schedules (time groups) are read in the tenant's zone: whoever evaluates them hears of the change.
    plan.events.push({ type: 'tenant.timezone_changed', timezone: spec.timezone });
  }
  if (apiUsername !== existing.apiUsername) patch.apiUsername = apiUsername;
  const enabled = spec.features?.agentStatusApi;
  if (enabled !== undefined && enabled !== existing.features.agentStatusApi) {
    patch.features = { ...existing.features, agentStatusApi: enabled };
    plan.events.push({ type: 'tenant.feature_changed', feature: 'agentStatusApi', enabled });
  }
  if (Object.keys(patch).length > 0) plan.patch = patch;
  if (!secretsOnCreateOnly && givenHash !== undefined && givenHash !== existing.actionTokenHash) {
    plan.tokenHash = givenHash;
    plan.events.push({ type: 'tenant.credentials_rotated' });
  }
  return plan;
}

function planNewTenant(core: Core, spec: TenantSpec, apiUsername: string, givenHash: string | undefined): TenantPlan {
  const generatedToken = givenHash === undefined ? newSecret() : undefined;
  const insert: NewTenant = {
    id: newUuid(core.random),
    name: spec.name,
    ccsUuid: spec.ccsUuid ?? newUuid(core.random),
    ...(spec.pbxAccountId !== undefined && { pbxAccountId: spec.pbxAccountId }),
    timezone: spec.timezone ?? 'UTC',
    apiUsername,
    actionTokenHash: givenHash ?? sha256Hex(generatedToken as string),
    features: { agentStatusApi: spec.features?.agentStatusApi ?? true },
  };
  return { insert, events: [{ type: 'tenant.created', name: spec.name }], ...(generatedToken && { generatedToken }) };
}

export function listFromSpec(spec: StatusCodeListSpec): StatusCodeList {
  return {
    id: spec.id,
    name: spec.name,
    items: spec.items.map((i) => ({ listId: spec.id, id: i.id, shortCode: i.shortCode ?? null, label: i.label, kind: i.kind })),
  };
}
