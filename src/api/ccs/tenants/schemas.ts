import { Type, type Static } from '@sinclair/typebox';
import { ListOf, NumericString, Success } from '../envelope.ts';
export { TenantParams } from '../params.ts';

/** Schemas of the CCS tenant routes (`ccs-api-overview.txt` 4.1–4.5, 4.9–4.13). */

export const Product = Type.Object({ uuid: Type.String(), notes: Type.String(), name: Type.String() });
export const NamedRef = Type.Object({ uuid: Type.String(), name: Type.String() });
export const ProductList = ListOf(Product);
export const RoleList = ListOf(NamedRef);

const Stamp = Type.String({ description: '"YYYY-MM-DD hh:mm:ss AM" in the tenant\'s time zone' });
const Limit = Type.String({ description: 'the limit as a string (e.g. "100"); "" when the tenant has no such limit' });
const Count = (what: string) => Type.Integer({ minimum: 0, description: what });

export const TenantItem = Type.Object({
  uuid: Type.String(),
  telco_id: Type.Union([NamedRef, Type.Null()], { description: 'null when no telco manages the tenant' }),
  status: Type.Union([Type.Literal('enable'), Type.Literal('disable')]),
  silhouette_id: NamedRef,
  sil_tenant_url: Type.String(),
  sil_tenant_name: Type.String(),
  sil_tenant_id: Type.String(),
  sil_authentication: Type.Boolean(),
  product_name: Type.String(),
  product_id: Type.Array(Product),
  modified_on: Stamp,
  modified_by: Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 0 })], { description: 'who last changed it through the API; `[]` (as documented) when nobody has' }),
  cross_reference: Type.Array(Type.String(), { description: 'always `[]`: no cross references exist' }),
  created_on: Stamp,
  created_by: Type.String(),
});
export const TenantList = ListOf(TenantItem);

export const TenantDetails = Success({
  uuid: Type.String(),
  name: Type.String(),
  sid: Type.String(),
  status: Type.Union([Type.Literal('enable'), Type.Literal('disable')]),
  timezone: Type.String({ description: 'IANA name' }),
  telco_id: Type.Union([NamedRef, Type.Null()]),
  silhouette_id: NamedRef,
  default_gateway_id: NamedRef,
  sil_tenant_name: Type.String(), sil_tenant_url: Type.String(), sil_tenant_id: Type.String(),
  sil_authentication: Type.Boolean(), sil_auth_editable: Type.Boolean(), sil_crplatform_enabled: Type.Boolean(),
  site_ip_address: Type.String(), nightly_call_details: Type.Boolean(), rec_down_limit: Type.String(), cdr_retention: Type.String(),
  ve_ivr: Type.String(), library_limit: Type.String(), default_signin_method: Type.String(), sftp_export: Type.Boolean(),
  rec_retention: Type.String(), campaign_size: Type.String(), default_outgoing_clid: Type.String(), rec_quality: Type.String(),
  cleanup_sftp: Type.Boolean(), service_extension: Type.String(), sftp_dir_configured: Type.Boolean(),
  product_name: Type.String(),
  product_id: Type.Array(Product),
  agent_billing: Type.Union([Type.Literal('Named'), Type.Literal('Concurrent')], { description: 'what max_agents limits: agents (Named) or agents logged in at once (Concurrent)' }),
  max_agents: Limit, max_queues: Limit, rec_extn_limit: Limit, monitor_ext_limit: Limit, group_agent_limit: Limit, chat_licenses: Limit, multimedia_licenses: Limit,
  max_agents_count: Count('agents (Named) or agents logged in now (Concurrent)'),
  max_queues_count: Count('ACDs of every type'),
  rec_extn_count: Count('extensions whose recording_type is not None'),
  monitor_ext_count: Count('extensions with monitor'),
  chat_licenses_count: Count('extensions with max_chats above 0'),
  multimedia_licenses_count: Count('extensions with multimedia enabled'),
  group_agent_count: Count('always 0: no group agents exist'),
  modified_on: Stamp,
  created_on: Stamp,
  created_by: Type.String(),
});

export const ProductRequest = Type.Object({
  request: Type.Union([Type.Literal('add_product'), Type.Literal('delete_product')]),
  product: Type.String({ minLength: 1, maxLength: 64, description: 'a product uuid of `GET /products/`' }),
});
export type ProductRequest = Static<typeof ProductRequest>;

/** A limit: a number or numeric string (`NOTES.md` §1); "" removes the limit. */
const LimitInput = Type.Union([NumericString, Type.Literal('')]);

export const LimitsUpdate = Type.Object({
  product_name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  rec_extn_limit: Type.Optional(LimitInput),
  monitor_ext_limit: Type.Optional(LimitInput),
  max_queues: Type.Optional(LimitInput),
  max_agents: Type.Optional(LimitInput),
  group_agent_limit: Type.Optional(LimitInput),
  chat_licenses: Type.Optional(LimitInput),
  multimedia_licenses: Type.Optional(LimitInput),
  agent_billing: Type.Optional(Type.Union([Type.Literal('Named'), Type.Literal('Concurrent')])),
});
export type LimitsUpdate = Static<typeof LimitsUpdate>;

export const Written = Success({ uuid: Type.String() });

export const TextCountRequest = Type.Object({ request: Type.Literal('reset_counter') });

export const TextCount = Success({
  uuid: Type.String({ description: 'the tenant\'s uuid' }),
  sms_count: Type.Integer({ minimum: 0, description: 'SMS carried to or from the tenant\'s numbers since the last reset' }),
  mms_count: Type.Integer({ minimum: 0 }),
  total_count: Type.Integer({ minimum: 0, description: 'sms_count + mms_count' }),
  last_reset: Type.Union([Type.String(), Type.Null()], { description: '"YYYY-MM-DD hh:mm:ss AM" in the tenant\'s time zone; null when never reset' }),
});
