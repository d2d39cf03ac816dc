import { DEVICE_RECORD, deviceKey, type Device } from '../../domain/users/device.ts';
import { PERMISSIONS, permissionGroup, type Permission, type PermissionOverrides } from '../../domain/users/permissions.ts';
import type { UserProfile } from '../../domain/users/user-profile.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { StoreTx } from '../../ports/storage.ts';
import { parseCidr } from '../delivery/address-policy.ts';
import type { Platform } from '../platform.ts';
import { SchemaError } from '../schema-check.ts';
import type { AgentPbxSpec, TenantDocument, TenantSpec } from './schema.ts';

/** What one tenant's `pbx` parts change: device records and user profiles to write, keys to create. */
interface PbxPlan {
  devices: Device[];
  profiles: { agentId: string; profile: UserProfile }[];
  keys: { agentId: string; key: string }[];
}

/**
 * The PBX parts of a tenant document (`docs/tenant-file.md`, `pbx`): devices, users' PBX settings
 * and API keys. Applied after the tenant itself (agents must exist), in one commit per tenant;
 * applying the same document twice changes nothing the second time.
 * @example await applyPbxSections(platform, document);
 */
export async function applyPbxSections(platform: Platform, doc: TenantDocument, secretsOnCreateOnly: boolean): Promise<Set<string>> {
  const changed = new Set<string>();
  for (const spec of doc.tenants) {
    const tenant = platform.directory.tenantByName(spec.name);
    if (!tenant) continue;
    const plan = await planPbx(platform, tenant.id, spec, secretsOnCreateOnly);
    if (await commitPlan(platform, tenant.id, plan)) changed.add(spec.name);
    if (await applyEventPush(platform, tenant.id, spec, `tenants[${spec.name}].pbx`)) changed.add(spec.name);
    for (const { agentId, key } of plan.keys) {
      if (platform.access.keys.lookup(key)) continue;
      await platform.access.keys.create(tenant.id, agentId, { key, label: 'tenant file' });
      changed.add(spec.name);
    }
  }
  return changed;
}

async function planPbx(platform: Platform, tenantId: string, spec: TenantSpec, secretsOnCreateOnly: boolean): Promise<PbxPlan> {
  const plan: PbxPlan = { devices: [], profiles: [], keys: [] };
  const at = `tenants[${spec.name}]`;
  for (const [i, d] of (spec.pbx?.devices ?? []).entries()) {
    const agentId = d.agent ?? null;
    if (agentId !== null && !platform.directory.agent(tenantId, agentId)) throw new SchemaError(`${at}.pbx.devices[${i}].agent`, `agent '${agentId}' does not exist`);
    const device: Device = { id: d.id, name: d.name, agentId, ring: d.ring ?? 0, delay: d.delay ?? 0, timeout: d.timeout ?? 30 };
    const stored = await platform.store.getRecord<Device>(tenantId, DEVICE_RECORD, deviceKey(d.id));
    if (JSON.stringify(stored?.body) !== JSON.stringify(device)) plan.devices.push(device);
  }
  for (const [i, a] of (spec.agents ?? []).entries()) {
    if (!a.pbx) continue;
    const agent = a.agentId !== undefined ? platform.directory.agent(tenantId, a.agentId) : a.username !== undefined ? platform.directory.agentByUsername(tenantId, a.username) : undefined;
    if (!agent) continue; // planAgents created every agent of the document; one without id or username cannot be found again
    const current = platform.pbx.profiles.of(tenantId, agent.agentId);
    const profile = profileFrom(current, a.pbx, `${at}.agents[${i}].pbx`);
    if (JSON.stringify(profile) !== JSON.stringify(current) || !platform.pbx.profiles.has(tenantId, agent.agentId)) plan.profiles.push({ agentId: agent.agentId, profile });
    // Like tokens and passwords: with secretsOnCreateOnly (the demo), a user that has keys keeps them.
    const keep = secretsOnCreateOnly && (await platform.access.keys.list(tenantId, agent.agentId)).length > 0;
    if (!keep) for (const key of a.pbx.apiKeys ?? []) plan.keys.push({ agentId: agent.agentId, key });
  }
  return plan;
}

function profileFrom(current: UserProfile, spec: AgentPbxSpec, at: string): UserProfile {
  if (spec.permissionGroup !== undefined && !permissionGroup(spec.permissionGroup)) throw new SchemaError(`${at}.permissionGroup`, 'is not a known permission group');
  for (const name of Object.keys(spec.permissions ?? {})) {
    if (!PERMISSIONS.includes(name as Permission)) throw new SchemaError(`${at}.permissions.${name}`, `is not a permission (${PERMISSIONS.join(', ')})`);
  }
  for (const [i, range] of (spec.apiIpRanges ?? []).entries()) {
    try {
      parseCidr(range);
    } catch (error) {
      throw new SchemaError(`${at}.apiIpRanges[${i}]`, (error as Error).message);
    }
  }
  return {
    ...current,
    ...(spec.isAgent !== undefined && { is_agent: spec.isAgent }),
    ...(spec.permissionGroup !== undefined && { pgroup_id: spec.permissionGroup }),
    ...(spec.permissions !== undefined && { permissions: spec.permissions as PermissionOverrides }),
    ...(spec.email !== undefined && { email: spec.email }),
    ...(spec.apiIpRanges !== undefined && { api_ip_ranges: spec.apiIpRanges }),
  };
}

async function commitPlan(platform: Platform, tenantId: string, plan: PbxPlan): Promise<boolean> {
  if (plan.devices.length + plan.profiles.length === 0) return false;
  const events: DomainEvent[] = [
    ...plan.devices.map((d): DomainEvent => ({ type: 'record.changed', kind: DEVICE_RECORD, key: deviceKey(d.id), change: 'put' })),
    ...plan.profiles.map((p): DomainEvent => ({ type: 'record.changed', kind: 'user', key: p.agentId, change: 'put' })),
  ];
  const write = async (tx: StoreTx): Promise<void> => {
    for (const d of plan.devices) await tx.putRecord(tenantId, DEVICE_RECORD, deviceKey(d.id), d);
    for (const p of plan.profiles) await platform.pbx.profiles.write(tx, tenantId, p.agentId, p.profile);
  };
  await platform.committer.submit(tenantId, { events, write, apply: () => plan.profiles.forEach((p) => platform.pbx.profiles.remember(tenantId, p.agentId, p.profile)) });
  return true;
}

/** `pbx.eventPushUrl` (null removes it) and `eventPushSecret`: the account's push destination. Returns whether it changed. */
async function applyEventPush(platform: Platform, tenantId: string, spec: TenantSpec, at: string): Promise<boolean> {
  const url = spec.pbx?.eventPushUrl;
  if (url === undefined) return false;
  if (url === null) return platform.pbx.eventPush.clear(tenantId);
  const secret = spec.pbx?.eventPushSecret;
  const current = await platform.pbx.eventPush.get(tenantId);
  // A generated secret could not be shown to whoever applies a file, and unverifiable pushes are no use.
  if (!current && secret === undefined) throw new SchemaError(`${at}.eventPushSecret`, 'is required with a new eventPushUrl (receivers check signatures with it)');
  if (current && current.url === url && current.enabled && (secret === undefined || secret === current.secret)) return false;
  await platform.pbx.eventPush.set(tenantId, { url, ...(secret !== undefined && { secret }) });
  return true;
}
