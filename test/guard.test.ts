import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET, startTestServer } from './support/server.ts';
import { OpenApiChecker, type Operation } from './support/openapi.ts';
import { DEMO_TENANTS, FAMILIES, familyOf, type Family } from './support/guard/families.ts';
import {
  describeRequest, exampleBody, judge, parameters, queryArb, segmentArb, send, validSegments, validValues, type Body, type GuardRequest,
} from './support/guard/requests.ts';
import { mutatedBody, rawText, serialise, type Json } from './support/guard/schema-values.ts';

/**
 * Route-driven guard: every operation in `/openapi.json` is attacked with missing, wrong and
 * foreign credentials and with generated parameters and bodies. Routes added later are
 * covered with no new test code; a new security scheme needs an entry in FAMILIES.
 */

const RUNS = { params: 40, json: 25, mutations: 50, raw: 30, garbage: 15 };

const server = await startTestServer();
const checker = await OpenApiChecker.load(server.url);
const doc = checker.doc;
const bodyLimit = server.app.initialConfig.bodyLimit ?? 1024 * 1024;
afterAll(() => server.close());

/** What generated requests may have changed and later tests rely on: demo credentials, the feature switch, demo presences. */
async function restoreBaseline(): Promise<void> {
  const admin = FAMILIES.adminBearer?.valid({ path: '', params: {} }).headers ?? {};
  const baseline = { tenants: DEMO_TENANTS.map((name) => ({ name, apiUsername: name, actionRequestToken: DEMO_SECRET, features: { agentStatusApi: true } })) };
  const put = await fetch(`${server.url}/admin/v1/provisioning`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(baseline) });
  const reset = await fetch(`${server.url}/admin/v1/demo/reset`, { method: 'POST', headers: admin });
  if (put.status !== 200 || reset.status !== 200) throw new Error(`restoring the demo baseline failed: ${put.status} ${await put.text()} / ${reset.status}`);
}

/** Sends, judges, and puts the demo back after anything that may have changed state. */
async function exchange(family: Family, req: GuardRequest) {
  const answer = await send(server.url, req);
  if (req.op.method !== 'GET') await restoreBaseline();
  judge(checker, family, req, answer);
  return answer;
}

function jsonBody(value: Json | string): Body {
  return { contentType: 'application/json', data: typeof value === 'string' ? value : serialise(value) };
}

const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=utf-16', 'application/json; charset=latin1',
  'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream',
  'application/jsonx', 'application/vnd.api+json', 'json', '', null,
] as const;

/** Raw text, binary garbage, empty bodies, and valid JSON under the wrong content type. */
function rawBodyArb(example: Json): fc.Arbitrary<Body> {
  return fc.oneof(
    rawText(example).map((data) => jsonBody(data)),
    fc.record({ contentType: fc.constantFrom(...CONTENT_TYPES), data: fc.oneof(fc.constant(serialise(example)), rawText(example)) }),
    fc.uint8Array({ maxLength: 64 }).map((data): Body => ({ contentType: 'application/json', data })),
    fc.constant<Body>({ contentType: 'application/json', data: '' }),
  );
}

const operations = checker.operations();

it('the document lists the operations to guard', () => {
  expect(operations.length).toBeGreaterThan(0);
});

for (const op of operations) {
  const { family, secured } = familyOf(op.spec, op.path);
  const valid = validSegments(doc, op);
  const withBody = op.method !== 'GET' && op.method !== 'HEAD';
  const base = (credential: GuardRequest['credential']): GuardRequest => ({
    op, segments: valid, query: '', credential, ...(withBody && { body: jsonBody(exampleBody(doc, op, true)) }),
  });
  const params = Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, decodeURIComponent(v)]));
  const foreign = family.otherTenant({ path: op.path, params });

  describe(`${op.method} ${op.path}`, () => {
    if (secured) {
      it('refuses a request without credentials with 401', async () => {
        expect((await exchange(family, base(null))).status).toBe(401);
      });

      it('refuses wrong and garbage credentials with 401', async () => {
        for (const credential of family.wrong({ path: op.path, params })) {
          expect((await exchange(family, base(credential))).status, credential.label).toBe(401);
        }
        const garbage = fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.string({ maxLength: 40 }).map((s) => `Basic ${Buffer.from(s).toString('base64')}`),
          fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
        );
        await fc.assert(
          fc.asyncProperty(garbage, async (value) => {
            const answer = await exchange(family, base({ label: `Authorization: ${value}`, headers: { authorization: value } }));
            expect(answer.status, describeRequest(base(null))).toBe(401);
          }),
          { numRuns: RUNS.garbage },
        );
      });
    }

    if (secured && foreign) {
      it("never serves another tenant's valid credentials", async () => {
        const answer = await exchange(family, base(foreign));
        expect(answer.status).toBe(403);
        // And the other way round: the foreign tenant's path with the first tenant's credentials.
        const swapped = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, (DEMO_TENANTS as readonly string[]).includes(v) ? DEMO_TENANTS.find((t) => t !== v) ?? v : v]));
        const back = family.otherTenant({ path: op.path, params: swapped });
        const req = { ...base(back), segments: Object.fromEntries(Object.entries(swapped).map(([k, v]) => [k, encodeURIComponent(v)])) };
        expect((await exchange(family, req)).status).toBe(403);
      });
    }

    it('answers generated path parameters and query strings without a 5xx', async () => {
      const segments = fc.record(Object.fromEntries(parameters(op, 'path').map((p) => [p.name, segmentArb(doc, p)])));
      await fc.assert(
        fc.asyncProperty(segments, queryArb(doc, op), async (generated, query) => {
          const req: GuardRequest = { ...base(null), segments: generated as Record<string, string>, query };
          req.credential = family.valid({ path: op.path, params: Object.fromEntries(Object.entries(req.segments).map(([k, v]) => [k, safeDecode(v)])) });
          await exchange(family, req);
        }),
        { numRuns: RUNS.params },
      );
    });

    if (!withBody) return;
    const credential = family.valid({ path: op.path, params });
    const bodyCase = (body: Body): GuardRequest => ({ ...base(credential), body });
    const knownSegments = fc.record(Object.fromEntries(parameters(op, 'path').map((p) => [p.name, fc.constantFrom(...validValues(doc, p).map(encodeURIComponent))])));

    it('answers arbitrary JSON bodies without a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue() as fc.Arbitrary<Json>, async (value) => {
          await exchange(family, bodyCase(jsonBody(value)));
        }),
        { numRuns: RUNS.json },
      );
    });

    it('answers broken versions of a valid body without a 5xx', async () => {
      const examples = [exampleBody(doc, op, true), exampleBody(doc, op, false)];
      const bodies = fc.oneof(...examples.map(mutatedBody));
      await fc.assert(
        fc.asyncProperty(bodies, knownSegments, async (text, segments) => {
          const req = { ...bodyCase(jsonBody(text)), segments: segments as Record<string, string> };
          req.credential = family.valid({ path: op.path, params: mapValues(req.segments, safeDecode) });
          await exchange(family, req);
        }),
        { numRuns: RUNS.mutations },
      );
    });

    it('answers non-JSON, empty and mislabelled bodies without a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(rawBodyArb(exampleBody(doc, op, true)), async (body) => {
          await exchange(family, bodyCase(body));
        }),
        { numRuns: RUNS.raw },
      );
    });

    it('refuses a body over the limit with 413 in the family shape', async () => {
      const big = `{"pad":"${'x'.repeat(bodyLimit)}"}`;
      expect((await exchange(family, bodyCase(jsonBody(big)))).status).toBe(413);
      // Without Content-Length (chunked), the limit must be enforced while reading.
      const chunked = await sendChunked(op, credential, big);
      judge(checker, family, bodyCase(jsonBody('<chunked>')), chunked);
      await restoreBaseline();
      expect(chunked.status).toBe(413);
    });
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function mapValues(record: Record<string, string>, fn: (v: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

async function sendChunked(op: Operation, credential: GuardRequest['credential'], text: string) {
  const bytes = new TextEncoder().encode(text);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
      controller.close();
    },
  });
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(validValues(doc, parameters(op, 'path').find((p) => p.name === name) ?? { name, in: 'path' })[0] ?? 'x'));
  const init = { method: op.method, headers: { ...(credential?.headers ?? {}), 'content-type': 'application/json' }, body: stream, duplex: 'half' };
  const res = await fetch(server.url + path, init as RequestInit);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', headers: res.headers, text: await res.text() };
}
