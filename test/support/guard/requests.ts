import fc from 'fast-check';
import { expect } from 'vitest';
import { demoPresences } from '../../../src/app/demo.ts';
import type { OpenApiChecker, Operation } from '../openapi.ts';
import { CCS_TENANTS, DEMO_TENANTS, type Answer, type Credential, type Family, type Target } from './families.ts';
import { exampleFor, type Json } from './schema-values.ts';

/** Sending one request to an operation and judging the answer by the family's rules and `/openapi.json`. */

export interface Parameter {
  name: string;
  in: string;
  schema?: Record<string, unknown>;
  example?: unknown;
}

export interface Body {
  /** `null` sends no Content-Type at all. */
  contentType: string | null;
  data: string | Uint8Array;
}

export interface GuardRequest {
  op: Operation;
  /** Path parameter → the segment as sent (already percent-encoded, or deliberately malformed). */
  segments: Record<string, string>;
  /** Query string without `?`, as sent. */
  query: string;
  credential: Credential | null;
  body?: Body;
}

const acmeAgents = [...(demoPresences().get('acmecorp01')?.keys() ?? [])];

/** Ids that exist in the demo, by parameter name, so generated requests also reach real data. */
const KNOWN_VALUES: Record<string, readonly string[]> = {
  tenantId: DEMO_TENANTS,
  tenant: DEMO_TENANTS,
  agentId: acmeAgents,
  tenantUuid: Object.values(CCS_TENANTS),
  extensionUuid: ['az123456-5cca-4ff1-874e-dc1c92d6de64', 'az123456-30b7-4b06-9d87-7607033e2712', 'az123456-7c49-49a8-80fc-ae173a422a36'],
};

export function parameters(op: Operation, where: 'path' | 'query'): Parameter[] {
  return ((op.spec.parameters ?? []) as Parameter[]).filter((p) => p.in === where);
}

/** Body properties whose schema can't tell a value that exists in the demo. */
// `url`: webhooks the guard creates point at a name that never resolves (RFC 2606), so the run sends nothing out.
const BODY_HINTS: Record<string, Json> = { 'agent-id': 'ag64oyEUb_Sk6bxVB9P5yaaa', timezone: 'UTC', group: 1, url: 'https://receiver.invalid/hook' };

/** The documented example first (the documents' examples work against the demo), then other known ids. */
export function validValues(doc: Record<string, unknown>, p: Parameter): string[] {
  const first = String(p.example ?? exampleFor(doc, p.schema, false));
  return [...new Set([first, ...(KNOWN_VALUES[p.name] ?? [])])];
}

export function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function target(req: Pick<GuardRequest, 'op' | 'segments'>): Target {
  return { path: req.op.path, params: Object.fromEntries(Object.entries(req.segments).map(([k, v]) => [k, decoded(v)])) };
}

export function urlOf(req: GuardRequest): string {
  const path = req.op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => req.segments[name] ?? '');
  const credentialQuery = new URLSearchParams(req.credential?.query ?? {}).toString();
  const query = [req.query, credentialQuery].filter(Boolean).join('&');
  return query ? `${path}?${query}` : path;
}

export function describeRequest(req: GuardRequest): string {
  const data = req.body && (typeof req.body.data === 'string' ? req.body.data.slice(0, 300) : `<${req.body.data.length} bytes>`);
  const body = req.body ? ` [${req.body.contentType ?? 'no content-type'}] ${data}` : '';
  return `${req.op.method} ${urlOf(req).slice(0, 300)} (${req.credential?.label ?? 'no credentials'})${body}`;
}

/** Sends `text` as a chunked stream (no Content-Length), so a size limit must be enforced while reading. */
export async function sendChunked(baseUrl: string, req: GuardRequest, text: string): Promise<Answer> {
  const bytes = new TextEncoder().encode(text);
  const chunk = 64 * 1024;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += chunk) controller.enqueue(bytes.subarray(i, i + chunk));
      controller.close();
    },
  });
  const headers = { ...(req.credential?.headers ?? {}), 'content-type': 'application/json' };
  // `duplex` is required for a streamed request body but missing from the RequestInit type.
  const init = { method: req.op.method, headers, body: stream, duplex: 'half' } as RequestInit;
  const res = await fetch(baseUrl + urlOf(req), init);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', headers: res.headers, text: await res.text() };
}

export async function send(baseUrl: string, req: GuardRequest): Promise<Answer> {
  const headers: Record<string, string> = { ...(req.credential?.headers ?? {}) };
  if (req.body?.contentType) headers['content-type'] = req.body.contentType;
  const init: RequestInit = { method: req.op.method, headers };
  // A Uint8Array body makes fetch send no Content-Type of its own; a string would add text/plain.
  if (req.body) init.body = typeof req.body.data === 'string' ? new TextEncoder().encode(req.body.data) : req.body.data;
  const res = await fetch(baseUrl + urlOf(req), init).catch((error: unknown) => {
    throw new Error(`${describeRequest(req)}: the connection failed: ${String(error)}`);
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', headers: res.headers, text: await res.text() };
}

/**
 * The rules every answer obeys: never a 5xx; a 4xx in the family's shape (401 with a
 * challenge); a documented status with a body matching `/openapi.json`.
 */
export function judge(checker: OpenApiChecker, family: Family, req: GuardRequest, answer: Answer): void {
  const where = `${describeRequest(req)}\n→ ${answer.status} ${answer.contentType} ${answer.text.slice(0, 300)}`;
  try {
    expect(answer.status, 'status').toBeLessThan(500);
    if (answer.status >= 400) family.checkError(answer, target(req));
    if (answer.status === 401) expect(answer.headers.get('www-authenticate') ?? '', 'WWW-Authenticate on 401').toMatch(family.challenge);
    const url = urlOf(req);
    const op = checker.find(req.op.method, url);
    // A generated segment can make the URL another route's (or none); then only the family rules apply.
    if (!op) {
      expect(answer.status, 'a URL outside the document').toBeGreaterThanOrEqual(400);
      return;
    }
    const responses = op.spec.responses as Record<string, unknown>;
    const documented = String(answer.status) in responses || 'default' in responses;
    expect(documented, `status ${answer.status} is documented for ${op.method} ${op.path} (documented: ${Object.keys(responses).join(', ')})`).toBe(true);
    checker.check(req.op.method, url, answer.status, answer.contentType, answer.text);
  } catch (error) {
    throw new Error(`${where}\n${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

const notDotSegment = (s: string) => s !== '.' && s !== '..';

/** A path segment: a real id, a generated string (encoded), a long one, or broken percent-encoding. */
export function segmentArb(doc: Record<string, unknown>, p: Parameter): fc.Arbitrary<string> {
  const valid = validValues(doc, p).map(encodeURIComponent);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...valid) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter(notDotSegment).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.integer({ min: 65, max: 4_000 }).map((n) => 'a'.repeat(n)) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%C0%AF', '%FF', 'a%2Fb', '%20', '..%2F..%2Fetc', '%u0041') },
  );
}

const queryValue = (doc: Record<string, unknown>, p: Parameter): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(String(p.example ?? exampleFor(doc, p.schema, false))),
    fc.integer({ min: -5, max: 2_000 }).map(String),
    fc.string({ maxLength: 20 }),
    fc.constantFrom('', '1.5', '-1', '0', '1e3', '0x10', 'null', 'true', '99999999999999999999999', '1e400', 'NaN', 'Infinity', '%', '%zz'),
  );

/** A query string: the declared parameters (valid, junk or absent), repeated ones, unknown ones, broken encoding. */
export function queryArb(doc: Record<string, unknown>, op: Operation): fc.Arbitrary<string> {
  const declared = parameters(op, 'query');
  const pairs = declared.map((p) =>
    fc.option(fc.tuple(fc.constant(p.name), queryValue(doc, p), fc.boolean()), { nil: undefined }).map((t) => (t ? [t] : [])),
  );
  const extra = fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), fc.constant(true)), { maxLength: 2 });
  const repeated = fc.subarray(declared.map((p) => p.name)).map((names) => names.map((n) => [n, '1', true] as [string, string, boolean]));
  return fc.tuple(fc.tuple(...pairs), extra, repeated, fc.constantFrom('', '&', '&&=&', '%', 'a=%E0%A4%A', '=1')).map(([declaredPairs, more, again, junk]) => {
    const all = [...declaredPairs.flat(), ...more, ...again];
    // `encode` false sends the value as generated, so broken percent-encoding reaches the server.
    const text = all.map(([k, v, encode]) => `${encodeURIComponent(k)}=${encode ? encodeURIComponent(v) : v.replace(/[#&\s]/g, '')}`);
    return [...text, junk].filter(Boolean).join('&');
  });
}

/** Valid path segments for an operation, first known value of each. */
export function validSegments(doc: Record<string, unknown>, op: Operation): Record<string, string> {
  return Object.fromEntries(parameters(op, 'path').map((p) => [p.name, encodeURIComponent(validValues(doc, p)[0] ?? 'x')]));
}

export function requestSchema(op: Operation): unknown {
  const content = (op.spec.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
  return content?.['application/json']?.schema;
}

export function exampleBody(doc: Record<string, unknown>, op: Operation, full: boolean): Json {
  const schema = requestSchema(op);
  return schema === undefined ? {} : exampleFor(doc, schema, full, BODY_HINTS);
}
