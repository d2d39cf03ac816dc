import type { Presence } from '../domain/agent.ts';
import type { AgentSpec, TenantDocument, TenantSpec } from './provisioning/schema.ts';
import { ACME_CCS, PRESENCE_LIST, ccsPlatform, ccsdemo02, ccslab15 } from './demo-ccs.ts';

/**
 * The demo (`NOTES.md` §9): every example of the documents works against it as written,
 * with only the host changed. The README's example table maps each example to these ids.
 */
const LIST_801 = {
  id: 801,
  name: 'Agent status codes',
  items: [
    { id: 1722, shortCode: 'Meet', label: 'Meeting', kind: 'offline' as const },
    { id: 1725, shortCode: 'Lunch', label: 'Lunch break', kind: 'break' as const },
    { id: 1726, shortCode: 'Train', label: 'Training', kind: 'offline' as const },
  ],
};

const GROUP = { id: 1, name: 'Agents', statusCodeLists: [801, PRESENCE_LIST.id] };

/** Each agent's fixture presence: the state the documents' GET examples show. */
const ACME_AGENTS = [
  { agentId: 'ag0VYyLh0YTsymdbtYIaaaa', name: 'Ilya Workshard', username: 'ilya@acmecorp01', initialPresence: { kind: 'logged_out' as const } },
  {
    agentId: 'ag0XgxWZr7TzqWFhxboBGj1g', name: 'Jane Smith', username: 'jane@acmecorp01',
    initialPresence: { kind: 'logged_out' as const, reason: { statusCodeListId: -1, statusCodeItemId: 1 } },
  },
  { agentId: 'ag1LmqEeEYRoOti9KjIi_Dng', name: 'Paul Neverhere', username: 'paul@acmecorp01', initialPresence: { kind: 'never_logged_in' as const } },
  {
    agentId: 'ag64oyEUb_Sk6bxVB9P5ye5w', name: 'Padma Othertask', username: 'padma@acmecorp01',
    initialPresence: { kind: 'working_offline' as const, reason: { statusCodeListId: 801, statusCodeItemId: 1726 } },
  },
  {
    agentId: 'ag64oyEUb_Sk6bxVB9P5yaaa', name: 'Padma Othertask', username: 'padma2@acmecorp01',
    initialPresence: { kind: 'working_offline' as const, reason: { statusCodeListId: 801, statusCodeItemId: 1726 } },
  },
  { agentId: 'agAQDqmvKiRbG4ekigNSmbbb', name: 'Avery Available', username: 'avery@acmecorp01', initialPresence: { kind: 'available' as const }, initialQueues: [600] },
];

/**
 * The PBX face of `acmecorp01` (`NOTES.md` §9): account 1001; a non-agent "PBX API" user (group
 * Administrator) holds the demo secret as its API key; each agent has a desk phone (devices 201…).
 */
export const DEMO_PBX_API_USER = 'agPbxApiUser000000000001';
/** The supervisor of the workspace demo (`/AGUI/supervisor/`): group "Call center supervisor", not an agent. */
export const DEMO_SUPERVISOR = 'agSamSupervisor000000001';
const ACME_PBX_USERS = [
  { agentId: DEMO_PBX_API_USER, name: 'PBX API', username: 'api@acmecorp01', pbx: { isAgent: false, permissionGroup: 1, email: 'api@acmecorp01.example' } },
  { agentId: DEMO_SUPERVISOR, name: 'Sam Supervisor', username: 'sam@acmecorp01', pbx: { isAgent: false, permissionGroup: 2, email: 'sam@acmecorp01.example' } },
];
const ACME_DEVICES = ACME_AGENTS.map((a, i) => ({ id: 201 + i, name: `${a.name.split(' ')[0] ?? a.name}'s desk phone`, agent: a.agentId }));

const SUPERTENANT_AGENTS = [
  { agentId: 'ag0VYyLh0YTsymdbtYIaaaa', name: 'Ilya Workshard', username: 'ilya@supertenantcsm01', initialPresence: { kind: 'available' as const }, callerId: '12015551212' },
];

/** `vcc-manage-phone-calls.md`: outbound queue 598, dial plan 12, channel 12015551212, code lists 12 and 2281. */
const SUPERTENANT_CALLS: Partial<TenantSpec> = {
  callDefaults: { wrapUpSeconds: 60, dialPlan: 12 },
  channels: ['12015551212'],
  dialPlans: [{ id: 12, name: 'North America', countryCode: '1', nationalNumberLengths: [10], trunkPrefix: '1', internationalPrefix: '011' }],
  transactionCodeLists: [
    { id: 12, name: 'Call outcome', choice: 'single', items: [{ id: 234, label: 'Sale' }, { id: 235, label: 'No sale' }] },
    { id: 2281, name: 'Follow-up', choice: 'multiple', items: [{ id: 7361, label: 'Send brochure' }, { id: 7362, label: 'Call back' }] },
  ],
  queues: [{ id: 598, name: 'Outbound sales', type: 'outbound', wrapUpSeconds: 30, transactionCodeLists: [12, 2281], codesRequired: false }],
};

/**
 * `acmecorp01` also takes inbound calls (issue 4): number +18005550100 leads to inbound queue 600
 * "Support" (longest-idle-agent, wrap-up 15 s). Every agent holds a tier; Avery, the available
 * agent, has joined it, so a call placed with `POST /admin/v1/tenants/acmecorp01/telephony/inbound`
 * rings Avery (status 6 → 7 → 8 → 4 on the agent-status API). Queue 600 offers the code lists 60
 * (single choice) and 61 (multiple) for the wrap-up; outbound queue 599 "Callbacks" takes calls
 * placed from the workspace.
 */
const ACME_INBOUND: Partial<TenantSpec> = {
  // Click-to-dial (vcc-click-to-dial.txt): national numbers as in its examples (6502928880) are North American.
  callDefaults: { wrapUpSeconds: 15, dialPlan: 12 },
  dialPlans: [{ id: 12, name: 'North America', countryCode: '1', nationalNumberLengths: [10], trunkPrefix: '1', internationalPrefix: '011' }],
  clickToDial: { screenPop: { enabled: true, url: 'https://crm.example.com/screenpop', account: 'acmecorp01', role: 'Task' }, autoLogsPhone: true, crm: { type: 'local' } },
  // The workspace's wrap-up picks (issue 9): one outcome, any number of topics (at most 6 codes in all).
  transactionCodeLists: [
    { id: 60, name: 'Support outcome', choice: 'single', items: [{ id: 601, label: 'Resolved' }, { id: 602, label: 'Escalated' }, { id: 603, label: 'Callback needed' }] },
    { id: 61, name: 'Topics', choice: 'multiple', items: [{ id: 611, label: 'Billing' }, { id: 612, label: 'Technical' }, { id: 613, label: 'Account' }, { id: 614, label: 'Feedback' }] },
  ],
  queues: [{
    id: 600, name: 'Support', type: 'inbound', wrapUpSeconds: 15, routing: { strategy: 'longest-idle-agent' }, ...ACME_CCS.queue600,
    tiers: ACME_AGENTS.map((a, i) => ({ agent: a.agentId, position: i + 1, level: 1 })), transactionCodeLists: [60, 61],
  }, { id: 599, name: 'Callbacks', type: 'outbound', wrapUpSeconds: 15, transactionCodeLists: [60, 61] }],
  dids: [{ number: '+18005550100', queue: 600 }],
};

function tenant(name: string, timezone: string, agents: readonly AgentSpec[], secret: string): TenantSpec {
  return {
    name,
    apiUsername: name,
    actionRequestToken: secret,
    timezone,
    features: { agentStatusApi: true },
    statusCodeLists: [LIST_801, PRESENCE_LIST],
    agentGroups: [GROUP],
    agents: agents.map((a) => ({ ...a, password: secret, group: GROUP.id })),
  };
}

function acmecorp01(secret: string): TenantSpec {
  const base = tenant('acmecorp01', 'US/Eastern', [...ACME_AGENTS, ...ACME_PBX_USERS], secret);
  const agents = (base.agents ?? []).map((a) => (a.agentId === DEMO_PBX_API_USER
    ? { ...a, pbx: { ...a.pbx, apiKeys: [secret] }, ccs: { roles: [...ACME_CCS.adminRoles] } }
    : { ...a, ccs: { roles: [...ACME_CCS.agentRoles] } }));
  return { ...base, agents, pbxAccountId: 1001, pbx: { devices: ACME_DEVICES }, ...ACME_INBOUND, ccs: { ...ACME_CCS.tenant, roles: [...ACME_CCS.tenant.roles] } };
}

/** The demo's tenant document; `secret` is every demo credential (`NOTES.md` §9). */
export function demoDocument(secret: string): TenantDocument {
  const ccsTenant = (spec: ReturnType<typeof ccslab15>): TenantSpec => ({ ...tenant(spec.name, spec.timezone ?? 'UTC', spec.agents, secret), ...spec, agents: tenant(spec.name, 'UTC', spec.agents, secret).agents });
  return {
    ccs: ccsPlatform(secret),
    tenants: [
      acmecorp01(secret),
      { ...tenant('supertenantcsm01', 'America/New_York', SUPERTENANT_AGENTS, secret), pbxAccountId: 1002, ...SUPERTENANT_CALLS },
      ccsTenant(ccslab15()),
      ccsTenant(ccsdemo02()),
    ],
  };
}

/** The fixture presences, per demo tenant, for `POST /admin/v1/demo/reset`. */
export function demoPresences(): Map<string, Map<string, Presence>> {
  const toPresence = (p: { kind: Presence['kind']; reason?: { statusCodeListId: number; statusCodeItemId: number } }): Presence => ({
    kind: p.kind,
    reason: p.reason ? { listId: p.reason.statusCodeListId, itemId: p.reason.statusCodeItemId } : null,
  });
  return new Map([
    ['acmecorp01', new Map(ACME_AGENTS.map((a) => [a.agentId, toPresence(a.initialPresence)]))],
    ['supertenantcsm01', new Map(SUPERTENANT_AGENTS.map((a) => [a.agentId, toPresence(a.initialPresence)]))],
    ...[ccslab15(), ccsdemo02()].map((t): [string, Map<string, Presence>] => [t.name, new Map(t.agents.map((a) => [a.agentId ?? '', toPresence(a.initialPresence ?? { kind: 'logged_out' })]))]),
  ]);
}
