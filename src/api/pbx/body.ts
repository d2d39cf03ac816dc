import type { FastifyInstance, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createStrictAjv } from '../../app/schema-check.ts';

/** Marks a body that came form-encoded: its values are text, so they are coerced like a query string. */
const FORM = Symbol('form-encoded');

/**
 * `a=1&b[]=2&b[]=3` → `{a: '1', b: ['2', '3']}`; a value that is a JSON array or object (the
 * document's `users` and `queue_ids` parameters) is parsed as JSON.
 */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const isList = rawKey.endsWith('[]');
    const key = isList ? rawKey.slice(0, -2) : rawKey;
    const parsed = /^\s*[[{]/.test(value) ? tryJson(value) : value;
    if (isList) out[key] = [...((out[key] as unknown[] | undefined) ?? []), parsed];
    else out[key] = parsed;
  }
  Object.defineProperty(out, FORM, { value: true, enumerable: false });
  return out;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

const strict = createStrictAjv();
const coercing = new Ajv({ coerceTypes: 'array', useDefaults: false, allErrors: false, strict: false, removeAdditional: false });
addFormats.default(coercing);

/**
 * PBX bodies: JSON is checked strictly (`NOTES.md` §1: no silent coercion), form-encoded bodies
 * (whose values can only be text) are coerced; other parts coerce as everywhere.
 */
const pbxValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (httpPart !== 'body') return coercing.compile(schema as object);
  const json = strict.compile(schema as object);
  const form = coercing.compile(schema as object);
  const validate = ((data: unknown) => {
    const chosen: ValidateFunction = data !== null && typeof data === 'object' && FORM in data ? form : json;
    const valid = chosen(data);
    validate.errors = (chosen.errors ?? null) as FastifySchemaValidationError[] | null;
    return valid;
  }) as ((data: unknown) => boolean) & { errors: FastifySchemaValidationError[] | null };
  validate.errors = null;
  return validate;
};

/** Registers the PBX body handling in the plugin's scope: form bodies and the validator. */
export function pbxBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseForm(body as string));
  });
  app.setValidatorCompiler(pbxValidatorCompiler);
}
