import type { FastifySchemaCompiler } from 'fastify';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { createStrictAjv } from '../../app/schema-check.ts';

/**
 * Marks an array whose items the handler checks one by one (a bulk request where one bad
 * entry must not fail the others). The OpenAPI document still shows the item schema.
 */
export const PER_ITEM = 'x-checked-per-item';

const strict = createStrictAjv();
/** Query strings and path parameters arrive as text, so numbers there are coerced. */
const coercing = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: false, strict: false, removeAdditional: false });
addFormats.default(coercing);

function withoutPerItemChecks(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutPerItemChecks);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = withoutPerItemChecks(value);
  if (copy[PER_ITEM] === true) copy.items = {};
  return copy;
}

/**
 * Bodies are checked strictly (a string is not a number, `NOTES.md` §1); other parts coerce.
 * Unknown fields are ignored everywhere.
 */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (httpPart === 'body') return strict.compile(withoutPerItemChecks(schema) as object);
  return coercing.compile(schema as object);
};
