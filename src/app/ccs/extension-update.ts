import { checkExtensionChange, type LicensedFields } from '../../domain/ccs/licences.ts';
import { EXTENSION_RECORD, type CcsExtension, type CcsExtensionSettings, type RecordingType } from '../../domain/ccs/extension.ts';
import { ConflictError } from '../../domain/errors.ts';
import { commitChange } from '../core.ts';
import type { Platform } from '../platform.ts';

/** The fields of `PUT /tenants/<t>/extensions/<e>` (4.14), parsed; absent: unchanged. */
export interface ExtensionChanges {
  readonly isAgent?: boolean;
  readonly recordingType?: RecordingType;
  readonly monitor?: boolean;
  readonly maxChats?: number;
  readonly multimediaEnabled?: boolean;
}

function licensed(extension: CcsExtension, isAgent: boolean): LicensedFields {
  const { recordingType, monitor, maxChats, multimediaEnabled } = extension;
  return { recordingType, monitor, maxChats, multimediaEnabled, isAgent };
}

function after(before: LicensedFields, changes: ExtensionChanges): LicensedFields {
  return {
    isAgent: changes.isAgent ?? before.isAgent,
    recordingType: changes.recordingType ?? before.recordingType,
    monitor: changes.monitor ?? before.monitor,
    maxChats: changes.maxChats ?? before.maxChats,
    multimediaEnabled: changes.multimediaEnabled ?? before.multimediaEnabled,
  };
}

/** The licences of the tenant allow the change (`NOTES.md` §8); RuleViolationError naming the field otherwise. */
function checkLicences(platform: Platform, tenantId: string, extension: CcsExtension, changes: ExtensionChanges): void {
  const before = licensed(extension, platform.pbx.profiles.of(tenantId, extension.agentId).is_agent);
  checkExtensionChange(platform.ccs.tenants.of(tenantId).limits, platform.ccs.licences.usage(tenantId), before, after(before, changes));
}

/**
 * Updates an extension (4.14): the licences are checked first for every field (400 naming the
 * field, nothing changed); then `is_agent` goes through the PBX user service (the one flag every
 * family reads: a user who stops being an agent is checked out and leaves its queues and tiers;
 * refused with 409 while it has a call); then the CCS settings are written under the tenant's
 * lock, re-checked on the state of that moment. A field equal to its current value changes nothing.
 * @example await updateExtension(platform, tenant.id, extension, { monitor: true, maxChats: 3 });
 */
export async function updateExtension(platform: Platform, tenantId: string, extension: CcsExtension, changes: ExtensionChanges): Promise<void> {
  checkLicences(platform, tenantId, extension, changes);
  const { agentId } = extension;
  if (changes.isAgent !== undefined && changes.isAgent !== platform.pbx.profiles.of(tenantId, agentId).is_agent) {
    const agent = platform.directory.requireAgent(tenantId, agentId);
    try {
      await platform.pbx.users.update(tenantId, agent.userId, { is_agent: changes.isAgent });
    } catch (error) {
      // The PBX names its own field (`id: user 12 has a live call …`); the CCS body calls it is_agent.
      if (error instanceof ConflictError) throw new ConflictError(`is_agent: ${error.message.replace(/^id: /, '')}`);
      throw error;
    }
  }
  const { isAgent: _done, ...settingsChanges } = changes;
  if (Object.keys(settingsChanges).length === 0) return;
  await platform.locks.run(tenantId, async () => {
    const current = platform.ccs.extensions.of(tenantId, agentId);
    if (!current) return; // deleted meanwhile
    checkLicences(platform, tenantId, current, settingsChanges);
    const stored = platform.ccs.extensions.storedSettings(tenantId, agentId);
    const next: CcsExtensionSettings = { ...stored, ...settingsChanges };
    const same = (Object.keys(settingsChanges) as (keyof typeof settingsChanges)[]).every((key) => current[key] === settingsChanges[key]);
    if (same) return;
    await commitChange(platform, tenantId, [{ type: 'record.changed', kind: EXTENSION_RECORD, key: agentId, change: 'put' }],
      (tx) => platform.ccs.extensions.write(tx, tenantId, agentId, next),
      () => platform.ccs.extensions.remember(tenantId, agentId, next));
  });
}
