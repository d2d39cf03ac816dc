import type { ExtensionChanges } from '../../../app/ccs/extension-update.ts';
import type { CcsExtension } from '../../../domain/ccs/extension.ts';
import { toBoolean, toNumber } from '../envelope.ts';
import type { ExtensionItem, ExtensionUpdate } from './schemas.ts';

/**
 * An extension as 4.8 lists it.
 * @example extensionItem(extension); // { uuid: 'az123456-7bee-…', lastname: 'Masters', firstname: 'Rob', extension: '112' }
 */
export function extensionItem(extension: CcsExtension): ExtensionItem {
  return { uuid: extension.uuid, lastname: extension.lastname, firstname: extension.firstname, extension: extension.extension };
}

/**
 * A 4.14 body as changes (strings the document shows are read as booleans and numbers).
 * @example extensionChanges({ monitor: 'true', max_chats: '3' }); // { monitor: true, maxChats: 3 }
 */
export function extensionChanges(body: ExtensionUpdate): ExtensionChanges {
  return {
    ...(body.is_agent !== undefined && { isAgent: toBoolean(body.is_agent) }),
    ...(body.recording_type !== undefined && { recordingType: body.recording_type }),
    ...(body.monitor !== undefined && { monitor: toBoolean(body.monitor) }),
    ...(body.max_chats !== undefined && { maxChats: toNumber(body.max_chats) }),
    ...(body.is_multimedia_enabled !== undefined && { multimediaEnabled: toBoolean(body.is_multimedia_enabled) }),
  };
}
