/**
 * CCS permissions (`ccs-api-overview.txt` §3 and the "Permissions Required" of each route;
 * `NOTES.md` §1): granted through roles, checked on every route and (issue 8) every event.
 */
export const CcsPermission = {
  /** General permission for the REST API; every route needs it. */
  Api: 'api',
  /** Agent actions (state changes). */
  AgentControl: 'agent_control',
  /** Call actions (suppression, kill, wait_*, dial). */
  CallControl: 'call_control',
  AgentEvents: 'agent_events',
  CallEvents: 'call_events',
  InboundQueueEvents: 'inbound_queue_events',
  TenantsView: 'tenants_view',
  TenantEdit: 'tenant_edit',
  VoiceIqsView: 'voice_iqs_view',
  VoiceOqsView: 'voice_oqs_view',
  ConditionalRoutesView: 'conditional_routes_view',
  VrqsView: 'vrqs_view',
  CallsListingView: 'calls_listing_view',
  CallsView: 'calls_view',
} as const;
export type CcsPermission = (typeof CcsPermission)[keyof typeof CcsPermission];
export const CCS_PERMISSIONS: readonly CcsPermission[] = Object.values(CcsPermission);

/** The names the document uses, for reasons that name a missing permission. */
export const PERMISSION_LABELS: Readonly<Record<CcsPermission, string>> = {
  api: 'API', agent_control: 'Agent Control', call_control: 'Call Control', agent_events: 'Agent Events',
  call_events: 'Call Events', inbound_queue_events: 'Inbound Queue Events', tenants_view: 'Tenants View',
  tenant_edit: 'Tenant Edit', voice_iqs_view: 'Voice IQs View', voice_oqs_view: 'Voice OQs View',
  conditional_routes_view: 'Conditional Routes View', vrqs_view: 'VRQs View', calls_listing_view: 'Calls Listing View',
  calls_view: 'Calls View',
};

/** A role: a named set of permissions. System roles exist everywhere; tenant roles belong to one tenant. */
export interface CcsRole {
  readonly uuid: string;
  readonly name: string;
  readonly permissions: readonly CcsPermission[];
}

const { Api, AgentControl, CallControl, AgentEvents, CallEvents, InboundQueueEvents, TenantsView, TenantEdit, VoiceIqsView, VoiceOqsView, ConditionalRoutesView, VrqsView, CallsListingView, CallsView } = CcsPermission;
const ADMINISTRATION = [TenantsView, TenantEdit, VoiceIqsView, VoiceOqsView, ConditionalRoutesView, VrqsView, AgentControl, CallControl, AgentEvents, CallEvents, InboundQueueEvents] as const;

/**
 * The system roles of `GET /roles/` (the document's uuids). "API" grants only the API permission:
 * combined with an administration role it opens the REST API (§3). Calls listing and viewing are
 * tenant-administration rights; a telco user never reaches `/calls` (tenant-level routes).
 */
export const SYSTEM_ROLES: readonly CcsRole[] = [
  { uuid: 'az123456-a5f9-488c-9bb6-e947f3f33d2b', name: 'Tenant Admin', permissions: [...ADMINISTRATION, CallsListingView, CallsView] },
  { uuid: 'az123456-9817-4964-86ff-d2c4f11b67d0', name: 'Telco Admin', permissions: [...ADMINISTRATION] },
  { uuid: 'az123456-ef95-44b7-afc8-54ce4cdb67f1', name: 'API', permissions: [Api] },
];

/**
 * The permissions a set of roles grants; unknown role uuids grant nothing.
 * @example permissionsOf(['az123456-ef95-44b7-afc8-54ce4cdb67f1'], []); // Set { 'api' }
 */
export function permissionsOf(roleUuids: readonly string[], tenantRoles: readonly CcsRole[]): ReadonlySet<CcsPermission> {
  const granted = new Set<CcsPermission>();
  for (const uuid of roleUuids) {
    const role = SYSTEM_ROLES.find((r) => r.uuid === uuid) ?? tenantRoles.find((r) => r.uuid === uuid);
    for (const permission of role?.permissions ?? []) granted.add(permission);
  }
  return granted;
}

/**
 * What a route requires (`ccs-api-overview.txt` §4, "Permissions Required"): every permission of
 * `all`, and at least one of `anyOf` when given (the document's "Tenants View/Tenant Edit").
 */
export interface Requirement {
  readonly all: readonly CcsPermission[];
  readonly anyOf?: readonly CcsPermission[];
}

/**
 * The first permission missing for a requirement, in the document's words; null when granted.
 * @example missingPermission(new Set(['api']), { all: ['api'], anyOf: ['tenants_view', 'tenant_edit'] }); // 'Tenants View/Tenant Edit'
 */
export function missingPermission(granted: ReadonlySet<CcsPermission>, requirement: Requirement): string | null {
  for (const permission of requirement.all) if (!granted.has(permission)) return PERMISSION_LABELS[permission];
  const anyOf = requirement.anyOf ?? [];
  if (anyOf.length > 0 && !anyOf.some((p) => granted.has(p))) return anyOf.map((p) => PERMISSION_LABELS[p]).join('/');
  return null;
}
