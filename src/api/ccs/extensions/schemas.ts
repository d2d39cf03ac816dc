import { Type, type Static } from '@sinclair/typebox';
import { RECORDING_TYPES, MAX_CHATS } from '../../../domain/ccs/extension.ts';
import { BooleanString, ListOf } from '../envelope.ts';
export { TenantParams, ExtensionParams } from '../params.ts';

/** Schemas of the CCS extension routes (`ccs-api-overview.txt` 4.8, 4.14). */

export const ExtensionItem = Type.Object({
  uuid: Type.String(),
  lastname: Type.String(),
  firstname: Type.String(),
  extension: Type.String({ description: 'the extension number' }),
});
export type ExtensionItem = Static<typeof ExtensionItem>;
export const ExtensionList = ListOf(ExtensionItem);

/** The fields of 4.14's body, in the document's order; a key with a stray leading space (its typography) counts as the key. */
export const EXTENSION_FIELDS = ['is_agent', 'recording_type', 'monitor', 'max_chats', 'is_multimedia_enabled'] as const;

export const ExtensionUpdate = Type.Object({
  is_agent: Type.Optional(BooleanString),
  recording_type: Type.Optional(Type.Union(RECORDING_TYPES.map((t) => Type.Literal(t)))),
  monitor: Type.Optional(BooleanString),
  max_chats: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: MAX_CHATS }), Type.String({ pattern: `^[0-${MAX_CHATS}]$` })], { description: `0 to ${MAX_CHATS}, a number or a numeric string` })),
  is_multimedia_enabled: Type.Optional(BooleanString),
});
export type ExtensionUpdate = Static<typeof ExtensionUpdate>;
