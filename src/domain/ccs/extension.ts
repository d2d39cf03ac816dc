import { stableUuid } from './stable-ids.ts';

/** Whether an extension's calls are recorded (`NOTES.md` §8). */
export const RecordingType = { None: 'None', Mandatory: 'Mandatory', OnDemand: 'On Demand' } as const;
export type RecordingType = (typeof RecordingType)[keyof typeof RecordingType];
export const RECORDING_TYPES: readonly RecordingType[] = Object.values(RecordingType);

/** Chats an extension may carry at once (`max_chats`, 0 to 6). */
export const MAX_CHATS = 6;

/**
 * The CCS face of a user (`NOTES.md` §2: extension uuid + extension number), stored as the record
 * `ccs_extension` under the agent id. Absent fields take the defaults of `extensionDefaults`.
 * `is_agent` is not here: it is the user's one flag, shared with the PBX profile.
 */
export interface CcsExtensionSettings {
  readonly uuid?: string;
  readonly extension?: string;
  readonly firstname?: string;
  readonly lastname?: string;
  /** Role uuids (system or the tenant's). */
  readonly roles?: readonly string[];
  readonly recordingType?: RecordingType;
  readonly monitor?: boolean;
  readonly maxChats?: number;
  readonly multimediaEnabled?: boolean;
}

export type CcsExtension = Required<CcsExtensionSettings> & { readonly agentId: string };

export const EXTENSION_RECORD = 'ccs_extension';

/**
 * An extension with every field: the stored settings over the defaults — a uuid derived from
 * the tenant and agent ids (stable, never written), extension number `1000 + user id`, first and
 * last name split from the user's name, no roles, no recording, no monitoring, no chats.
 * @example extensionOf({ tenantUuid: 't', agentId: 'ag1', userId: 12, name: 'Rob Masters' }, {}).extension; // '1012'
 */
export function extensionOf(user: { readonly tenantUuid: string; readonly agentId: string; readonly userId: number; readonly name: string }, settings: CcsExtensionSettings): CcsExtension {
  const [first, ...rest] = user.name.trim().split(/\s+/);
  return {
    agentId: user.agentId,
    uuid: settings.uuid ?? stableUuid(`extension/${user.tenantUuid}/${user.agentId}`),
    extension: settings.extension ?? String(1000 + user.userId),
    firstname: settings.firstname ?? first ?? '',
    lastname: settings.lastname ?? rest.join(' '),
    roles: settings.roles ?? [],
    recordingType: settings.recordingType ?? RecordingType.None,
    monitor: settings.monitor ?? false,
    maxChats: settings.maxChats ?? 0,
    multimediaEnabled: settings.multimediaEnabled ?? false,
  };
}
