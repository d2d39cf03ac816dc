/**
 * The CCS side of a tenant (`ccs-api-overview.txt` 4.3, 4.4, 4.13; `NOTES.md` §8): its telco,
 * products, limits and licences, descriptive fields and text counters. Stored as the record
 * `ccs_tenant`/`profile` of the tenant; absent fields take defaults.
 */
export const AgentBilling = { Named: 'Named', Concurrent: 'Concurrent' } as const;
export type AgentBilling = (typeof AgentBilling)[keyof typeof AgentBilling];

/** Limits and licences; null is "no limit". */
export interface CcsLimits {
  readonly maxAgents: number | null;
  readonly agentBilling: AgentBilling;
  readonly maxQueues: number | null;
  readonly recExtnLimit: number | null;
  readonly monitorExtLimit: number | null;
  /** Stored and shown; no group-agent feature exists to enforce it against. */
  readonly groupAgentLimit: number | null;
  readonly chatLicenses: number | null;
  readonly multimediaLicenses: number | null;
}

export const NO_LIMITS: CcsLimits = {
  maxAgents: null, agentBilling: AgentBilling.Named, maxQueues: null, recExtnLimit: null, monitorExtLimit: null,
  groupAgentLimit: null, chatLicenses: null, multimediaLicenses: null,
};

export interface TextCounters {
  readonly sms: number;
  readonly mms: number;
  /** Contact-center ms of the last reset; null: never reset. */
  readonly resetAt: number | null;
}

export interface CcsTenantProfile {
  /** The telco whose telco-level users manage this tenant; null: none. */
  readonly telcoUuid: string | null;
  readonly status: 'enable' | 'disable';
  readonly productName: string;
  /** Product uuids of the platform catalogue. */
  readonly products: readonly string[];
  readonly limits: CcsLimits;
  /** Descriptive fields shown as given by tenant details (`sil_tenant_url`, `site_ip_address`, …). */
  readonly details: Readonly<Record<string, string | number | boolean>>;
  readonly texts: TextCounters;
  /** Contact-center ms. */
  readonly createdAt: number;
  readonly modifiedAt: number;
  readonly createdBy: string;
  readonly modifiedBy: string | null;
}

export const TENANT_PROFILE_RECORD = 'ccs_tenant';
export const TENANT_PROFILE_KEY = 'profile';

export function defaultProfile(now: number): CcsTenantProfile {
  return {
    telcoUuid: null, status: 'enable', productName: 'Call Center Services', products: [], limits: NO_LIMITS, details: {},
    texts: { sms: 0, mms: 0, resetAt: null }, createdAt: now, modifiedAt: now, createdBy: 'root', modifiedBy: null,
  };
}
