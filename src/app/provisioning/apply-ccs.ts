import { CCS_PERMISSIONS, SYSTEM_ROLES, type CcsPermission, type CcsRole } from '../../domain/ccs/permissions.ts';
import { EXTENSION_RECORD, type CcsExtensionSettings } from '../../domain/ccs/extension.ts';
import { stableUuid } from '../../domain/ccs/stable-ids.ts';
import { defaultProfile, TENANT_PROFILE_KEY, TENANT_PROFILE_RECORD, type CcsTenantProfile } from '../../domain/ccs/tenant-profile.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { StoreTx, TenantRecord } from '../../ports/storage.ts';
import type { CatalogueDocument, Telco, TelcoUser } from '../ccs/catalogue.ts';
import { TENANT_ROLE_RECORD } from '../ccs/tenant-profiles.ts';
import type { Platform } from '../platform.ts';
import { hashPassword, verifyPassword } from '../security.ts';
import { SchemaError } from '../schema-check.ts';
import type { AgentCcsSpec, PlatformCcsSpec, TenantCcsSpec } from './ccs-schema.ts';
import type { TenantDocument, TenantSpec } from './schema.ts';

/**
 * The CCS parts of a tenant document (`docs/tenant-file.md`, "CCS"): products and telcos first
 * (tenants name them), then per tenant its profile, roles and users' extensions — one commit per
 * tenant. Applying the same document twice changes nothing the second time.
 * @example await applyCcsSections(platform, document, false);
 */
export async function applyCcsSections(platform: Platform, doc: TenantDocument, secretsOnCreateOnly: boolean): Promise<Set<string>> {
  const changed = new Set<string>();
  if (doc.ccs) await applyCatalogue(platform, doc.ccs, secretsOnCreateOnly);
  for (const spec of doc.tenants) {
    const tenant = platform.directory.tenantByName(spec.name);
    if (!tenant) continue;
    if (await platform.locks.run(tenant.id, () => applyTenant(platform, tenant, spec))) changed.add(spec.name);
  }
  return changed;
}

async function applyCatalogue(platform: Platform, spec: PlatformCcsSpec, secretsOnCreateOnly: boolean): Promise<void> {
  const current = platform.ccs.catalogue.current();
  const products = [...current.products];
  for (const p of spec.products ?? []) {
    const product = { uuid: p.uuid, name: p.name, notes: p.notes ?? '' };
    const at = products.findIndex((q) => q.uuid === p.uuid);
    if (at >= 0) products[at] = product;
    else products.push(product);
  }
  const telcos = [...current.telcos];
  for (const [i, t] of (spec.telcos ?? []).entries()) {
    const at = telcos.findIndex((q) => q.uuid === t.uuid);
    const users = await telcoUsers(platform, t, telcos[at], secretsOnCreateOnly, `ccs.telcos[${i}]`);
    const telco: Telco = { uuid: t.uuid, name: t.name, users };
    if (at >= 0) telcos[at] = telco;
    else telcos.push(telco);
  }
  const next: CatalogueDocument = { products, telcos };
  if (JSON.stringify(next) !== JSON.stringify(current)) await platform.ccs.catalogue.replace(next);
}

async function telcoUsers(platform: Platform, spec: NonNullable<PlatformCcsSpec['telcos']>[number], existing: Telco | undefined, secretsOnCreateOnly: boolean, at: string): Promise<TelcoUser[]> {
  const users = [...(existing?.users ?? [])];
  for (const [i, u] of (spec.users ?? []).entries()) {
    const where = `${at}.users[${i}]`;
    const other = platform.ccs.catalogue.telcoUser(u.username);
    if (other && other.telco.uuid !== spec.uuid) throw new SchemaError(`${where}.username`, `'${u.username}' is a user of telco ${other.telco.uuid}`);
    if (await platform.store.getAgentByUsername(u.username)) throw new SchemaError(`${where}.username`, `'${u.username}' is a tenant user's username (usernames are unique)`);
    for (const [k, role] of (u.roles ?? []).entries()) {
      if (!SYSTEM_ROLES.some((r) => r.uuid === role)) throw new SchemaError(`${where}.roles[${k}]`, `'${role}' is not a system role`);
    }
    const index = users.findIndex((q) => q.username === u.username);
    const before = users[index];
    const passwordHash = await passwordFor(u.password, before?.passwordHash, secretsOnCreateOnly, `${where}.password`);
    const user: TelcoUser = {
      uuid: u.uuid ?? before?.uuid ?? stableUuid(`telco-user/${spec.uuid}/${u.username}`), username: u.username, passwordHash,
      name: u.name ?? before?.name ?? u.username, roles: u.roles ?? before?.roles ?? [],
    };
    if (index >= 0) users[index] = user;
    else users.push(user);
  }
  return users;
}

async function passwordFor(password: string | undefined, stored: string | undefined, secretsOnCreateOnly: boolean, at: string): Promise<string> {
  if (stored !== undefined && (password === undefined || secretsOnCreateOnly)) return stored;
  if (password === undefined) throw new SchemaError(at, 'is required for a new telco user');
  if (stored !== undefined && (await verifyPassword(password, stored))) return stored;
  return hashPassword(password);
}

interface TenantCcsPlan {
  profile: CcsTenantProfile | null;
  roles: CcsRole[];
  extensions: { agentId: string; settings: CcsExtensionSettings }[];
}

async function applyTenant(platform: Platform, tenant: TenantRecord, spec: TenantSpec): Promise<boolean> {
  const plan = planTenant(platform, tenant, spec);
  const events: DomainEvent[] = [
    ...(plan.profile ? [record(TENANT_PROFILE_RECORD, TENANT_PROFILE_KEY)] : []),
    ...plan.roles.map((r) => record(TENANT_ROLE_RECORD, r.uuid)),
    ...plan.extensions.map((e) => record(EXTENSION_RECORD, e.agentId)),
  ];
  if (events.length === 0) return false;
  const { ccs } = platform;
  await platform.committer.submit(tenant.id, {
    events,
    write: async (tx: StoreTx) => {
      if (plan.profile) await ccs.tenants.write(tx, tenant.id, plan.profile);
      for (const role of plan.roles) await ccs.tenants.writeRole(tx, tenant.id, role);
      for (const e of plan.extensions) await ccs.extensions.write(tx, tenant.id, e.agentId, e.settings);
    },
    apply: () => {
      if (plan.profile) ccs.tenants.remember(tenant.id, plan.profile);
      for (const role of plan.roles) ccs.tenants.rememberRole(tenant.id, role);
      for (const e of plan.extensions) ccs.extensions.remember(tenant.id, e.agentId, e.settings);
    },
  });
  return true;
}

const record = (kind: string, key: string): DomainEvent => ({ type: 'record.changed', kind, key, change: 'put' });

function planTenant(platform: Platform, tenant: TenantRecord, spec: TenantSpec): TenantCcsPlan {
  const at = `tenants[${spec.name}].ccs`;
  const roles = planRoles(platform, tenant, spec.ccs, at);
  const profile = spec.ccs ? planProfile(platform, tenant, spec.ccs, at) : null;
  const knownRoles = new Set([...SYSTEM_ROLES, ...platform.ccs.tenants.tenantRoles(tenant.id), ...roles].map((r) => r.uuid));
  const extensions: TenantCcsPlan['extensions'] = [];
  for (const [i, a] of (spec.agents ?? []).entries()) {
    if (!a.ccs) continue;
    const agent = a.agentId !== undefined ? platform.directory.agent(tenant.id, a.agentId) : a.username !== undefined ? platform.directory.agentByUsername(tenant.id, a.username) : undefined;
    if (!agent) continue;
    const settings = extensionSettings(platform.ccs.extensions.storedSettings(tenant.id, agent.agentId), a.ccs, knownRoles, `tenants[${spec.name}].agents[${i}].ccs`);
    if (JSON.stringify(settings) !== JSON.stringify(platform.ccs.extensions.storedSettings(tenant.id, agent.agentId))) extensions.push({ agentId: agent.agentId, settings });
  }
  checkUnique(platform, tenant, extensions, `tenants[${spec.name}].agents`);
  return { profile, roles, extensions };
}

function planRoles(platform: Platform, tenant: TenantRecord, spec: TenantCcsSpec | undefined, at: string): CcsRole[] {
  const planned: CcsRole[] = [];
  for (const [i, r] of (spec?.roles ?? []).entries()) {
    for (const [k, p] of r.permissions.entries()) {
      if (!CCS_PERMISSIONS.includes(p as CcsPermission)) throw new SchemaError(`${at}.roles[${i}].permissions[${k}]`, `'${p}' is not a CCS permission (${CCS_PERMISSIONS.join(', ')})`);
    }
    const role: CcsRole = { uuid: r.uuid ?? stableUuid(`role/${tenant.ccsUuid}/${r.name}`), name: r.name, permissions: r.permissions as CcsPermission[] };
    if (SYSTEM_ROLES.some((s) => s.uuid === role.uuid)) throw new SchemaError(`${at}.roles[${i}].uuid`, 'is a system role\'s uuid');
    const stored = platform.ccs.tenants.tenantRoles(tenant.id).find((s) => s.uuid === role.uuid);
    if (JSON.stringify(stored) !== JSON.stringify(role)) planned.push(role);
  }
  return planned;
}

function planProfile(platform: Platform, tenant: TenantRecord, spec: TenantCcsSpec, at: string): CcsTenantProfile | null {
  if (spec.telco !== undefined && spec.telco !== null && !platform.ccs.catalogue.telco(spec.telco)) throw new SchemaError(`${at}.telco`, `telco '${spec.telco}' does not exist`);
  for (const [i, p] of (spec.products ?? []).entries()) {
    if (!platform.ccs.catalogue.product(p)) throw new SchemaError(`${at}.products[${i}]`, `product '${p}' does not exist`);
  }
  const stored = platform.ccs.tenants.of(tenant.id);
  // A tenant never given a profile may already count texts: they stay.
  const base = stored.createdAt === 0 ? { ...defaultProfile(platform.clock.now()), texts: stored.texts } : stored;
  const next: CcsTenantProfile = {
    ...base,
    ...(spec.telco !== undefined && { telcoUuid: spec.telco }),
    ...(spec.status !== undefined && { status: spec.status }),
    ...(spec.productName !== undefined && { productName: spec.productName }),
    ...(spec.products !== undefined && { products: spec.products }),
    limits: { ...base.limits, ...spec.limits },
    details: { ...base.details, ...spec.details },
  };
  const same = JSON.stringify({ ...next, createdAt: 0, modifiedAt: 0 }) === JSON.stringify({ ...stored, createdAt: 0, modifiedAt: 0 });
  return same && stored.createdAt !== 0 ? null : next;
}

function extensionSettings(stored: CcsExtensionSettings, spec: AgentCcsSpec, knownRoles: ReadonlySet<string>, at: string): CcsExtensionSettings {
  for (const [k, role] of (spec.roles ?? []).entries()) {
    if (!knownRoles.has(role)) throw new SchemaError(`${at}.roles[${k}]`, `role '${role}' is neither a system role nor one of the tenant's`);
  }
  if (stored.uuid !== undefined && spec.extensionUuid !== undefined && spec.extensionUuid !== stored.uuid) throw new SchemaError(`${at}.extensionUuid`, 'ids never change once assigned');
  const { extensionUuid, ...rest } = spec;
  return { ...stored, ...(extensionUuid !== undefined && { uuid: extensionUuid }), ...rest };
}

/** Extension uuids and numbers are unique within the tenant. */
function checkUnique(platform: Platform, tenant: TenantRecord, planned: TenantCcsPlan['extensions'], at: string): void {
  const uuids = new Map<string, string>();
  const numbers = new Map<string, string>();
  const plannedIds = new Set(planned.map((p) => p.agentId));
  const current = platform.ccs.extensions.list(tenant.id).filter((e) => !plannedIds.has(e.agentId));
  for (const e of current) {
    uuids.set(e.uuid, e.agentId);
    numbers.set(e.extension, e.agentId);
  }
  for (const p of planned) {
    const agent = platform.directory.agent(tenant.id, p.agentId);
    const view = agent && platform.ccs.extensions.of(tenant.id, p.agentId);
    const uuid = p.settings.uuid ?? view?.uuid;
    const number = p.settings.extension ?? view?.extension;
    if (uuid !== undefined && uuids.has(uuid)) throw new SchemaError(`${at}[${p.agentId}].ccs.extensionUuid`, `'${uuid}' is already another user's extension`);
    if (number !== undefined && numbers.has(number)) throw new SchemaError(`${at}[${p.agentId}].ccs.extension`, `'${number}' is already another user's extension`);
    if (uuid !== undefined) uuids.set(uuid, p.agentId);
    if (number !== undefined) numbers.set(number, p.agentId);
  }
}
