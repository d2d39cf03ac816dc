import fc from 'fast-check';

/**
 * Values derived from the JSON Schemas in `/openapi.json`: a plausible valid example for a
 * request body or parameter, and fast-check arbitraries that break such an example in the
 * ways clients (and attackers) do.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

/** Follows local `$ref`s (`#/components/schemas/…`) inside the OpenAPI document. */
export function resolve(doc: Schema, schema: unknown): Schema {
  let current = schema as Schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 20; hops++) {
    const pointer = current.$ref.replace(/^#\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    current = pointer.reduce<unknown>((node, key) => (node as Schema)[key], doc) as Schema;
  }
  return current;
}

const STRING_CANDIDATES = ['x', 'x1', 'guard-value', '0'.repeat(64), '00000000-0000-4000-8000-000000000000', 'UTC'];

function stringExample(schema: Schema): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : null;
  if (schema.format === 'date-time') return '2024-01-01T00:00:00Z';
  if (schema.format === 'email') return 'guard@example.com';
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  const fits = (s: string) => s.length >= min && s.length <= max && (!pattern || pattern.test(s));
  const padded = STRING_CANDIDATES.map((s) => (s.length < min ? s.padEnd(min, 'x') : s));
  return padded.find(fits) ?? 'x'.repeat(Math.max(min, 1));
}

function numberExample(schema: Schema): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  if (min !== undefined) return min;
  if (max !== undefined && max < 1) return max;
  return 1;
}

function declared(schema: Schema): Json | undefined {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0] as Json;
  if (schema.example !== undefined) return schema.example as Json;
  if (schema.const !== undefined) return schema.const as Json;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as Json;
  if (schema.default !== undefined) return schema.default as Json;
  return undefined;
}

/**
 * A value the schema should accept. `full` also fills optional properties, so the fields
 * that only matter when present are exercised too; `hints` gives values by property name
 * where the schema alone can't know a good one (an id that exists).
 */
export function exampleFor(doc: Schema, raw: unknown, full: boolean, hints: Readonly<Record<string, Json>> = {}, depth = 0): Json {
  const schema = resolve(doc, raw ?? {});
  const given = declared(schema);
  if (given !== undefined) return given;
  const options = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (options && options.length > 0) {
    const notNull = options.find((o) => resolve(doc, o).type !== 'null') ?? options[0];
    return exampleFor(doc, notNull, full, hints, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (depth > 12) return null;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, unknown>;
      const required = new Set((schema.required ?? []) as string[]);
      const out: Record<string, Json> = {};
      for (const [key, sub] of Object.entries(props)) {
        if (full || required.has(key)) out[key] = hints[key] ?? exampleFor(doc, sub, full, hints, depth + 1);
      }
      return out;
    }
    case 'array':
      return schema.maxItems === 0 ? [] : [exampleFor(doc, schema.items, full, hints, depth + 1)];
    case 'string':
      return stringExample(schema);
    case 'integer':
    case 'number':
      return numberExample(schema);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** Every location inside a JSON value, as key paths (the root is `[]`). */
export function locations(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => locations(v, [...at, i])));
  if (value !== null && typeof value === 'object') return here.concat(...Object.entries(value).map(([k, v]) => locations(v, [...at, k])));
  return here;
}

/**
 * A body as raw text: some mutations (1e400, 5000 nested arrays) can't be expressed as a
 * JS value that JSON.stringify would write back faithfully, so they go in as literals.
 */
const RAW = '\u0000raw:';
const rawLiteral = (text: string): string => `${RAW}${text}\u0000`;

export function serialise(value: Json): string {
  return JSON.stringify(value).replace(/"\\u0000raw:(.*?)\\u0000"/g, (_m, text: string) => JSON.parse(`"${text}"`) as string);
}

const HUGE_NUMBERS = ['1e400', '-1e400', '1e308', '-1e308', '123456789012345678901234567890', '9007199254740993', '-2147483649', '2147483648', '-0', '0.5', '1E+2', '4294967296'];

const wrongType: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('1', '801', ' 4 ', '0x10', '1e3', 'true', 'null', ''),
  fc.array(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxKeys: 3 }),
);

const hugeString: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('\u0000', '\ud800', '\udfff', '💥'.repeat(5_000), 'é'.repeat(70_000), '\u202e\u0000\r\n', '%00%zz', '<API/>', "'; DROP TABLE agents; --"),
);

const nestedJunk: fc.Arbitrary<string> = fc
  .record({ depth: fc.integer({ min: 50, max: 5_000 }), open: fc.constantFrom('[', '{"a":') })
  .map(({ depth, open }) => open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth));

const extraKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', 'agent-status', '$ref'));

type Mutation =
  | { kind: 'replace'; value: Json }
  | { kind: 'delete' }
  | { kind: 'extra'; key: string; value: Json }
  | { kind: 'raw'; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  wrongType.map((value): Mutation => ({ kind: 'replace', value })),
  fc.constant<Mutation>({ kind: 'delete' }),
  fc.record({ key: extraKey, value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> }).map(({ key, value }): Mutation => ({ kind: 'extra', key, value })),
  hugeString.map((value): Mutation => ({ kind: 'replace', value })),
  fc.constantFrom(...HUGE_NUMBERS).map((text): Mutation => ({ kind: 'raw', text })),
  nestedJunk.map((text): Mutation => ({ kind: 'raw', text })),
);

function applyMutation(root: Json, path: (string | number)[], m: Mutation): Json {
  const value = m.kind === 'raw' ? rawLiteral(m.text) : m.kind === 'replace' ? m.value : null;
  if (path.length === 0) {
    if (m.kind === 'extra' && root !== null && typeof root === 'object' && !Array.isArray(root)) {
      Object.defineProperty(root, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      return root;
    }
    return m.kind === 'delete' ? {} : (value as Json);
  }
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, root) as Record<string, Json> | Json[];
  const key = path[path.length - 1] as string | number;
  const target = (parent as Record<string | number, Json>)[key];
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (m.kind === 'extra' && target !== null && typeof target === 'object' && !Array.isArray(target)) {
    // defineProperty, so a `__proto__` key becomes an own property that JSON.stringify writes out.
    Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  } else if (m.kind !== 'extra') {
    (parent as Record<string | number, Json>)[key] = value as Json;
  }
  return root;
}

/** Bodies made by breaking `example` in one to three places; yields raw JSON text. */
export function mutatedBody(example: Json): fc.Arbitrary<string> {
  const paths = locations(example);
  const step = fc.record({ at: fc.constantFrom(...paths), change: mutation });
  return fc.array(step, { minLength: 1, maxLength: 3 }).map((steps) => {
    let body = structuredClone(example);
    // Later steps may point below a location an earlier one removed; those steps are skipped.
    for (const { at, change } of steps) {
      try {
        body = applyMutation(body, at, change);
      } catch {
        /* the location no longer exists */
      }
    }
    return serialise(body);
  });
}

/** Text that is not a JSON document, or not the JSON the route wants. */
export function rawText(example: Json): fc.Arbitrary<string> {
  const valid = serialise(example);
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.integer({ min: 0, max: Math.max(0, valid.length - 1) }).map((n) => valid.slice(0, n)),
    fc.constantFrom('', ' ', 'null', 'true', '0', '"text"', '[]', '{}', '{"a":1,"a":2}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\ufeff{}', `${valid}${valid}`, valid.replace(/"/g, "'")),
  );
}
