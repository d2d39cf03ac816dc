import { Type, type TSchema } from '@sinclair/typebox';

export const CcsError = Type.Object(
  { success: Type.Literal(false), reason: Type.String({ description: 'What was wrong, naming the field or the rule' }) },
  { $id: 'CcsError' },
);

export const CcsUnauthorized = Type.Object(
  { status: Type.Literal(401), reason: Type.Literal('Unauthorized') },
  { $id: 'CcsUnauthorized', description: 'No token, or an unknown, expired or revoked one' },
);

const error = Type.Ref('CcsError');
/** The error responses every authenticated CCS route may give. */
export const ccsErrors = { 400: error, 401: Type.Ref('CcsUnauthorized'), 403: error, 404: error, 409: error, 413: error, 415: error } as const;

/** `{success: true, ...fields}`. */
export function Success<T extends Record<string, TSchema>>(fields: T, description?: string) {
  return Type.Object({ success: Type.Literal(true), ...fields }, description === undefined ? {} : { description });
}

/**
 * A list in the document's shape: `total` is a string where the document shows one (`NOTES.md` §7).
 * @example listOf(items); // { total: '3', success: true, items }
 */
export function listOf<T>(items: readonly T[]): { total: string; success: true; items: readonly T[] } {
  return { total: String(items.length), success: true, items };
}

export function ListOf<T extends TSchema>(item: T) {
  return Type.Object({ total: Type.String({ description: 'how many items (a string, as documented)' }), success: Type.Literal(true), items: Type.Array(item) });
}

/** Numbers the document shows as strings are accepted as numbers or numeric strings (`NOTES.md` §1). */
export const NumericString = Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.String({ pattern: '^[0-9]{1,7}$' })]);

/** Booleans the document shows as strings ("true"/"false") are accepted as either. */
export const BooleanString = Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false')]);

export const toNumber = (value: number | string): number => (typeof value === 'number' ? value : Number(value));
export const toBoolean = (value: boolean | string): boolean => value === true || value === 'true';
