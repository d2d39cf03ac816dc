import type { PlatformCcsSpec } from './provisioning/ccs-schema.ts';
import type { AgentSpec, StatusCodeListSpec, TenantSpec } from './provisioning/schema.ts';

/**
 * The CCS part of the demo (`NOTES.md` §9): every id the examples of `ccs-api-overview.txt` use.
 * The telco "Broadview" manages three tenants; its telco user runs the `/tenants/<uuid>/...`
 * examples. `ccslab15` is the tenant of the examples' responses (extensions 112–114, ACDs Q386 and
 * Q3878, the documented presence options and tenant roles); `ccsdemo02` is the tenant of the
 * agent-state and call examples, whose admin `admin@ccsdemo02` is the tenant-level user.
 */
export const BROADVIEW = 'az123456-eee4-46f5-baf9-a9d661bfa92a';
export const TELCO_USER = 'telco@broadview';
export const TENANT_USER = 'admin@ccsdemo02';
const ROLE = { tenantAdmin: 'az123456-a5f9-488c-9bb6-e947f3f33d2b', telcoAdmin: 'az123456-9817-4964-86ff-d2c4f11b67d0', api: 'az123456-ef95-44b7-afc8-54ce4cdb67f1' } as const;
/** Tenant role of the demo agents: the API, their own state, their events. */
const AGENT_ROLE = { uuid: 'az123456-3a0d-4c8e-9d51-agentsrole01', name: 'Agents', permissions: ['api', 'agent_control', 'agent_events'] };

export const CCS_PRODUCTS: PlatformCcsSpec['products'] = [
  { uuid: 'az123456-d7ef-4638-9cff-ef6aaba3e77f', name: '+AG', notes: 'R7.3 Feature' },
  { uuid: 'az123456-e76e-440c-8d9a-970015b8b533', name: 'AllPermissions-Product', notes: '' },
  { uuid: 'az123456-c58d-48c1-90b9-4b3c65c22875', name: 'Jerin_product', notes: '' },
  { uuid: 'az123456-b08e-467d-87e0-8763bce63892', name: 'CCA,EM ph', notes: 'R6.3 Version' },
  { uuid: 'az123456-7a90-4e41-a91d-19c8e35e81ef', name: 'Campaign', notes: '' },
  { uuid: 'az123456-8cd5-4f06-9b23-af8c1283c4c6', name: 'ECR,ACP', notes: '' },
  { uuid: 'c4389d99-1434-42ca-98ab-b5803b9b608d', name: 'Call Recording', notes: 'the add-product example' },
  { uuid: 'az123456-1434-42ca-98ab-b5803b9b608d', name: 'Screen Recording', notes: 'the delete-product example' },
];

/** The presence options the examples name (`Lunch Break`, 4.16–4.18) and list (4.7). */
export const PRESENCE_LIST: StatusCodeListSpec = {
  id: 802,
  name: 'Presence options',
  items: [
    { id: 1801, shortCode: 'LunchB', label: 'Lunch Break', kind: 'break' },
    { id: 1802, shortCode: 'Coffee', label: 'Coffee Break', kind: 'break' },
    { id: 1803, shortCode: 'Holiday', label: 'Holiday In Bahamas', kind: 'sign_out' },
    { id: 1804, shortCode: 'SignOut', label: 'Sign Out', kind: 'sign_out' },
  ],
};

export function ccsPlatform(secret: string): PlatformCcsSpec {
  return {
    products: CCS_PRODUCTS,
    telcos: [{ uuid: BROADVIEW, name: 'Broadview', users: [{ username: TELCO_USER, password: secret, name: 'Broadview telco admin', roles: [ROLE.telcoAdmin, ROLE.api] }] }],
  };
}

const agent = (agentId: string, name: string, username: string, ext: string, uuid: string, extra: Partial<AgentSpec> = {}): AgentSpec => ({
  agentId, name, username, initialPresence: { kind: 'logged_out' }, ...extra,
  ccs: { extensionUuid: uuid, extension: ext, roles: [AGENT_ROLE.uuid], ...extra.ccs },
});

/** `ccslab15` (4.3–4.14): the tenant of the documented responses. */
export function ccslab15(): Partial<TenantSpec> & { name: string; agents: AgentSpec[] } {
  return {
    name: 'ccslab15', ccsUuid: '327241fd-1234-46fe-9276-cc65dac6feae', timezone: 'US/Eastern',
    agents: [
      agent('agCcsLab15RobMasters0001', 'Rob Masters', 'rob@ccslab15', '112', 'az123456-7bee-4351-bcd6-ecc2d8620b83'),
      agent('agCcsLab15SonnyPatel0001', 'Sonny Patel', 'sonny@ccslab15', '113', 'az123456-57be-4919-aa73-b2e6341fe461'),
      agent('agCcsLab15ReeseNath00001', 'Reese Nath', 'reese@ccslab15', '114', 'az123456-7c49-49a8-80fc-ae173a422a36'),
    ],
    queues: [
      { id: 386, name: 'Q386', type: 'inbound', ccsUuid: 'az123456-d988-4239-ab9c-c393eeb2d217', extension: '386' },
      { id: 387, name: 'Q3878', type: 'inbound', ccsUuid: 'az123456-0817-40a5-86aa-0f43becbd6f6', extension: '387' },
    ],
    ccs: {
      telco: BROADVIEW, status: 'enable', productName: 'Call Center Services',
      products: ['az123456-7a90-4e41-a91d-19c8e35e81ef', 'az123456-8cd5-4f06-9b23-af8c1283c4c6', 'az123456-1434-42ca-98ab-b5803b9b608d'],
      limits: { maxAgents: 100, agentBilling: 'Named', maxQueues: 45, recExtnLimit: 10, monitorExtLimit: 3, groupAgentLimit: 1, chatLicenses: 6, multimediaLicenses: 6 },
      details: {
        sil_tenant_name: 'CCSLab15', sil_tenant_url: '/ccsl06', sil_tenant_id: '500900355', sid: '500900355', sil_authentication: true, sil_auth_editable: true,
        sil_crplatform_enabled: true, site_ip_address: '58.00.231.32', nightly_call_details: true, rec_down_limit: '100', cdr_retention: '365',
        ve_ivr: 'true', library_limit: '600', default_signin_method: 'Phone', sftp_export: false, rec_retention: '30', campaign_size: '99',
        default_outgoing_clid: '2677318044', rec_quality: 'mono', cleanup_sftp: false, service_extension: '536', sftp_dir_configured: true,
        silhouette_uuid: 'az123456-bd5e-480c-aeca-fb726cde928f', silhouette_name: 'nvlab180-1',
        default_gateway_uuid: 'az123456-ca8a-42e3-a432-ecc0c4479daa', default_gateway_name: 'Metaswitch',
      },
      roles: [
        { uuid: 'az123456-ac4e-4caf-922b-52ef715da6c7', name: 'US1398 (Voice Help)', permissions: ['api', 'agent_control', 'agent_events', 'call_events'] },
        { uuid: 'az123456-c173-43ae-b0f8-139e8eccab5f', name: 'US1398 (Chat Help)', permissions: ['api', 'agent_events'] },
        AGENT_ROLE,
      ],
    },
  };
}

/** The agents of the state-changing examples start available (a signed-out agent takes no away option, only "Ready"). */
const AVAILABLE: Partial<AgentSpec> = { initialPresence: { kind: 'available' } };

/**
 * `ccsdemo02` (4.15–4.28): agents 101 (records every call: suppression works) and 102, the
 * tenant admin (also an agent, extension 100) — all three available —, outbound queue 700 for `dial`, inbound ACD 701
 * "Sales" (the `wait_redirect` target; 101 and 102 hold tiers) reached at +18005550201, and
 * inbound ACD 702 "Service" that no agent serves, so its callers wait (for the `wait_*` examples).
 */
export function ccsdemo02(): Partial<TenantSpec> & { name: string; agents: AgentSpec[] } {
  const tiers = [{ agent: 'agCcsDemo02Dana000000001', position: 1, level: 1 }, { agent: 'agCcsDemo02Tom0000000001', position: 2, level: 1 }];
  return {
    name: 'ccsdemo02', ccsUuid: 'c255052e-c560-4340-b73e-675eabc3aed3', timezone: 'US/Eastern',
    agents: [
      agent('agCcsDemo02Admin00000001', 'Casey Admin', TENANT_USER, '100', 'az123456-41c2-4e0b-8d7a-c2a1dmin00001', { ...AVAILABLE, ccs: { roles: [ROLE.tenantAdmin, ROLE.api] } }),
      agent('agCcsDemo02Dana000000001', 'Dana Dialer', 'dana@ccsdemo02', '101', 'az123456-5cca-4ff1-874e-dc1c92d6de64', { ...AVAILABLE, callerId: '19735550100', ccs: { recordingType: 'Mandatory' } }),
      agent('agCcsDemo02Tom0000000001', 'Tom Transfer', 'tom@ccsdemo02', '102', 'az123456-30b7-4b06-9d87-7607033e2712', AVAILABLE),
    ],
    callDefaults: { wrapUpSeconds: 10, dialPlan: 1 },
    channels: ['19735550100'],
    dialPlans: [{ id: 1, name: 'North America', countryCode: '1', nationalNumberLengths: [10], trunkPrefix: '1', internationalPrefix: '011' }],
    queues: [
      { id: 700, name: 'Outbound calls', type: 'outbound', ccsUuid: 'az123456-c0ed-42b7-8e8c-d50c4991828c', extension: '700', wrapUpSeconds: 10 },
      { id: 701, name: 'Sales', type: 'inbound', ccsUuid: 'az123456-f645-47b6-bd71-e9f493ff8ac9', extension: '701', wrapUpSeconds: 10, tiers },
      { id: 702, name: 'Service', type: 'inbound', ccsUuid: 'az123456-7a2b-4d3c-9e4f-5erv1ce00702', extension: '702', wrapUpSeconds: 10 },
    ],
    dids: [{ number: '+18005550201', queue: 701 }, { number: '+18005550202', queue: 702 }],
    ccs: {
      telco: BROADVIEW, status: 'enable', products: ['az123456-7a90-4e41-a91d-19c8e35e81ef'],
      limits: { maxAgents: 50, agentBilling: 'Concurrent', maxQueues: 20, recExtnLimit: 10, monitorExtLimit: 5, chatLicenses: 6, multimediaLicenses: 6 },
      details: { sil_tenant_name: 'CCSDemo02' },
      roles: [AGENT_ROLE],
    },
  };
}

/** `acmecorp01` as a CCS tenant of Broadview: its agents hold the "Agents" role, the PBX API user is its tenant admin. */
export const ACME_CCS = {
  tenant: { telco: BROADVIEW, details: { sil_tenant_name: 'AcmeCorp01' }, roles: [AGENT_ROLE] },
  agentRoles: [AGENT_ROLE.uuid],
  adminRoles: [ROLE.tenantAdmin, ROLE.api],
  /** The CCS face of inbound queue 600 "Support". */
  queue600: { ccsUuid: 'az123456-6000-4c0a-8e5b-acmesupport0', extension: '600' },
} as const;
