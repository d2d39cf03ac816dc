import type { Platform } from '../platform.ts';
import { CcsCatalogue } from './catalogue.ts';
import { CcsExtensions } from './extensions.ts';
import { CcsTenantProfiles } from './tenant-profiles.ts';
import { CcsTokens } from './tokens.ts';
import { CcsLicences } from './licences.ts';
import { CcsCalls } from './calls.ts';
import { CcsTexts } from './texts.ts';
import { CcsRecording } from './recording.ts';
import { ccsLoginGuard } from './login-guard.ts';

/** Options of the CCS family; merged once over the defaults. */
export interface CcsOptions {
  /** Lifetime of a bearer token from `POST /6/v2/api/login` (wall-clock seconds). */
  readonly tokenTtlSeconds: number;
}

export const DEFAULT_CCS_OPTIONS: CcsOptions = { tokenTtlSeconds: 3600 };

/**
 * The CCS family's application services (`ccs-api-overview.txt`) over the one core: the product
 * and telco catalogue, tenants' CCS profiles and roles, extensions, bearer tokens.
 * @example platform.ccs.extensions.byUuid(tenant.id, uuid)
 */
export class CcsServices {
  readonly options: CcsOptions;
  readonly catalogue: CcsCatalogue;
  readonly tenants: CcsTenantProfiles;
  readonly extensions: CcsExtensions;
  readonly tokens: CcsTokens;
  /** Limits and licences: usage and the checks (`NOTES.md` §8). */
  readonly licences: CcsLicences;
  /** The CCS call records, projected from the event log (`platform.ccs.calls`). */
  readonly calls: CcsCalls;
  /** SMS/MMS counters per tenant (`NOTES.md` §8). */
  readonly texts: CcsTexts;
  /** Starts recording Mandatory extensions' calls when they are bridged (`NOTES.md` §8). */
  readonly recording = new CcsRecording();

  constructor(readonly platform: Platform, options: Partial<CcsOptions> = {}) {
    this.options = { ...DEFAULT_CCS_OPTIONS, ...options };
    this.catalogue = new CcsCatalogue(platform);
    this.tenants = new CcsTenantProfiles(platform);
    this.extensions = new CcsExtensions(platform);
    this.tokens = new CcsTokens(platform.store);
    this.licences = new CcsLicences(platform);
    this.calls = new CcsCalls(platform);
    this.texts = new CcsTexts(platform);
    platform.agentWriter.setLoginGuard(ccsLoginGuard(platform));
  }

  async start(): Promise<void> {
    await Promise.all([this.catalogue.load(), this.tenants.load(), this.extensions.load(), this.tokens.load()]);
    this.calls.start();
    this.texts.start();
    this.recording.start(this.platform);
  }
}
