import type { TSchema, Static } from '@sinclair/typebox';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/** A value failed its schema; `field` is a readable path such as `tenants[0].agents[2].name`. */
export class SchemaError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(problem === 'is required' ? `Missing required field ${field}` : `Invalid ${field || 'request body'}: ${problem}`);
  }
}

/** Strict checking: no type coercion, no defaults, unknown fields ignored (`NOTES.md` §1). */
export function createStrictAjv(): Ajv {
  const ajv = new Ajv({ allErrors: false, coerceTypes: false, useDefaults: false, removeAdditional: false, strict: false });
  addFormats.default(ajv);
  return ajv;
}

const shared = createStrictAjv();

/** Turns Ajv's first error into a field path and a problem, e.g. `agents[1].agent-status`, `must be integer`. */
export function describeAjvError(error: ErrorObject | undefined, root = ''): SchemaError {
  if (!error) return new SchemaError(root, 'is invalid');
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String((error.params as { missingProperty: string }).missingProperty));
  if (error.keyword === 'additionalProperties') {
    segments.push(String((error.params as { additionalProperty: string }).additionalProperty));
    return new SchemaError(joinPath(segments, root), 'is not a known field');
  }
  const path = joinPath(segments, root);
  const problem = error.keyword === 'required' ? 'is required' : error.keyword === 'enum' ? `${error.message} ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}` : (error.message ?? 'is invalid');
  return new SchemaError(path, problem);
}

/** `a`, `0`, `b` under `root` → `root.a[0].b`. */
function joinPath(segments: readonly string[], root: string): string {
  return segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), root);
}

/**
 * Compiles a checker that returns the value typed, or throws a SchemaError naming the field.
 * @example const check = compileCheck(TenantDocument); const doc = check(JSON.parse(text));
 */
export function compileCheck<S extends TSchema>(schema: S, root = ''): (value: unknown) => Static<S> {
  const validate = shared.compile(schema);
  return (value) => {
    if (validate(value)) return value as Static<S>;
    throw describeAjvError(validate.errors?.[0], root);
  };
}
