/** One customer organisation. Each API family addresses it by its own id (`NOTES.md` §2). */
export interface Tenant {
  /** Internal key, never shown on the wire. */
  readonly id: string;
  /** VCC tenant name, e.g. `acmecorp01`. */
  readonly name: string;
  /** CCS tenant uuid. */
  readonly ccsUuid: string;
  /** PBX `account_id`. */
  readonly pbxAccountId: number;
  /** IANA time zone for tenant-local times. */
  readonly timezone: string;
  /** Username of VCC HTTP Basic auth (usually the tenant name). */
  readonly apiUsername: string;
  readonly features: TenantFeatures;
}

export interface TenantFeatures {
  /** The VCC "Agent Status API"; when off, its routes answer the documented 403. */
  readonly agentStatusApi: boolean;
}

export const DEFAULT_FEATURES: TenantFeatures = { agentStatusApi: true };
