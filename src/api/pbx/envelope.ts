import { Type, type TSchema } from '@sinclair/typebox';

/**
 * The PBX success envelope (`pbx-callcenter-api.md`, Common): `{success: true, data?}`. The
 * document's `"Success"` examples are typos (`NOTES.md` §7): the key is lower-case.
 * @example ok({ id: 7 }); // { success: true, data: { id: 7 } }
 */
export function ok<T>(data: T): { success: true; data: T } {
  return { success: true, data };
}

/** A success without data (delete, check-out, pause). */
export const DONE = { success: true } as const;

/** The schema of `{success: true, data: <schema>}` for the OpenAPI document. */
export function Envelope<T extends TSchema>(data: T) {
  return Type.Object({ success: Type.Literal(true), data });
}

export const Done = Type.Object({ success: Type.Literal(true) });

export const PbxError = Type.Object(
  { success: Type.Literal(false), msg: Type.String({ description: 'What was wrong, naming the field' }) },
  { $id: 'PbxError' },
);

const ref = Type.Ref('PbxError');
/** The error responses every PBX route may give (413 and 415 come from the framework, before any handler). */
export const pbxErrors = { 400: ref, 401: ref, 403: ref, 404: ref, 409: ref, 413: ref, 415: ref, 429: ref } as const;
