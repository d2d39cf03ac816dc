import type { Static } from '@sinclair/typebox';
import type { Platform } from '../../../app/platform.ts';
import type { CcsUsage } from '../../../domain/ccs/licences.ts';
import { stableUuid } from '../../../domain/ccs/stable-ids.ts';
import type { CcsLimits, CcsTenantProfile, TextCounters } from '../../../domain/ccs/tenant-profile.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import type { Product, TenantDetails, TenantItem, TextCount } from './schemas.ts';

const stampFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The documents' date-time form, in a time zone: "2020-04-17 01:48:02 AM".
 * @example ccsStamp(Date.UTC(2020, 3, 17, 5, 48, 2), 'US/Eastern'); // '2020-04-17 01:48:02 AM'
 */
export function ccsStamp(ms: number, timezone: string): string {
  let format = stampFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: true });
    stampFormats.set(timezone, format);
  }
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of format.formatToParts(new Date(ms))) part[p.type] = p.value;
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second} ${(part.dayPeriod ?? '').toUpperCase()}`;
}

/** The catalogue's products of a tenant, in the tenant's order (uuids no longer in the catalogue are left out). */
export function productsOf(platform: Platform, uuids: readonly string[]): Static<typeof Product>[] {
  return uuids.flatMap((uuid) => {
    const product = platform.ccs.catalogue.product(uuid);
    return product ? [{ uuid: product.uuid, notes: product.notes, name: product.name }] : [];
  });
}

/** Descriptive fields (`profile.details`) with the value a tenant that never set them shows. */
class Details {
  constructor(private readonly details: CcsTenantProfile['details']) {}

  text(key: string, fallback: string): string {
    const value = this.details[key];
    return value === undefined ? fallback : String(value);
  }

  flag(key: string, fallback = false): boolean {
    const value = this.details[key];
    return value === undefined ? fallback : value === true || value === 'true' || value === 1;
  }

  ref(key: string, fallbackName: string, seed: string): { uuid: string; name: string } {
    return { uuid: this.text(`${key}_uuid`, stableUuid(seed)), name: this.text(`${key}_name`, fallbackName) };
  }
}

function common(platform: Platform, tenant: TenantRecord, profile: CcsTenantProfile) {
  const d = new Details(profile.details);
  const telco = profile.telcoUuid === null ? undefined : platform.ccs.catalogue.telco(profile.telcoUuid);
  const silTenantId = d.text('sil_tenant_id', String(tenant.pbxAccountId));
  return {
    d, silTenantId,
    shared: {
      uuid: tenant.ccsUuid,
      telco_id: profile.telcoUuid === null ? null : { uuid: profile.telcoUuid, name: telco?.name ?? '' },
      status: profile.status,
      silhouette_id: d.ref('silhouette', 'switchboard', `silhouette/${tenant.ccsUuid}`),
      sil_tenant_url: d.text('sil_tenant_url', `/${tenant.name}`),
      sil_tenant_name: d.text('sil_tenant_name', tenant.name),
      sil_tenant_id: silTenantId,
      sil_authentication: d.flag('sil_authentication'),
      product_name: profile.productName,
      product_id: productsOf(platform, profile.products),
      modified_on: ccsStamp(profile.modifiedAt, tenant.timezone),
      created_on: ccsStamp(profile.createdAt, tenant.timezone),
      created_by: profile.createdBy,
    },
  };
}

/** One item of `GET /tenants` (4.3). */
export function tenantItem(platform: Platform, tenant: TenantRecord): Static<typeof TenantItem> {
  const profile = platform.ccs.tenants.of(tenant.id);
  return { ...common(platform, tenant, profile).shared, modified_by: profile.modifiedBy ?? [], cross_reference: [] };
}

const limit = (value: number | null): string => (value === null ? '' : String(value));

function limitsView(limits: CcsLimits, usage: CcsUsage) {
  return {
    agent_billing: limits.agentBilling,
    max_agents: limit(limits.maxAgents), max_queues: limit(limits.maxQueues), rec_extn_limit: limit(limits.recExtnLimit),
    monitor_ext_limit: limit(limits.monitorExtLimit), group_agent_limit: limit(limits.groupAgentLimit),
    chat_licenses: limit(limits.chatLicenses), multimedia_licenses: limit(limits.multimediaLicenses),
    max_agents_count: limits.agentBilling === 'Named' ? usage.agents : usage.loggedIn,
    max_queues_count: usage.queues, rec_extn_count: usage.recordedExtensions, monitor_ext_count: usage.monitoredExtensions,
    chat_licenses_count: usage.chatExtensions, multimedia_licenses_count: usage.multimediaExtensions, group_agent_count: 0,
  };
}

/** `GET /tenants/<uuid>` (4.4): every documented field; limits as strings, counts as numbers. */
export function tenantDetails(platform: Platform, tenant: TenantRecord): Static<typeof TenantDetails> {
  const profile = platform.ccs.tenants.of(tenant.id);
  const { d, silTenantId, shared } = common(platform, tenant, profile);
  const channels = platform.directory.calls.of(tenant.id).channels;
  return {
    success: true, ...shared,
    name: d.text('name', shared.sil_tenant_name), sid: d.text('sid', silTenantId), timezone: tenant.timezone,
    default_gateway_id: d.ref('default_gateway', 'Simulated telephony', 'gateway/simulated'),
    sil_auth_editable: d.flag('sil_auth_editable'), sil_crplatform_enabled: d.flag('sil_crplatform_enabled'),
    site_ip_address: d.text('site_ip_address', ''), nightly_call_details: d.flag('nightly_call_details'), rec_down_limit: d.text('rec_down_limit', ''),
    cdr_retention: d.text('cdr_retention', '365'), ve_ivr: d.text('ve_ivr', 'false'), library_limit: d.text('library_limit', ''),
    default_signin_method: d.text('default_signin_method', 'Phone'), sftp_export: d.flag('sftp_export'), rec_retention: d.text('rec_retention', '30'),
    campaign_size: d.text('campaign_size', ''), default_outgoing_clid: d.text('default_outgoing_clid', channels[0] ?? ''),
    rec_quality: d.text('rec_quality', 'mono'), cleanup_sftp: d.flag('cleanup_sftp'), service_extension: d.text('service_extension', ''),
    sftp_dir_configured: d.flag('sftp_dir_configured'),
    ...limitsView(profile.limits, platform.ccs.licences.usage(tenant.id)),
  };
}

/** The text-count body (4.9, 4.10: cut off in the document, `NOTES.md` §7). */
export function textCount(tenant: TenantRecord, texts: TextCounters): Static<typeof TextCount> {
  return {
    success: true, uuid: tenant.ccsUuid, sms_count: texts.sms, mms_count: texts.mms, total_count: texts.sms + texts.mms,
    last_reset: texts.resetAt === null ? null : ccsStamp(texts.resetAt, tenant.timezone),
  };
}
