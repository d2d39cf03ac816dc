import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET, startTestServer } from './support/server.ts';
import { DEMO_SUPERVISOR } from '../src/app/demo.ts';
import { OpenApiChecker, type Operation } from './support/openapi.ts';
import { DEMO_TENANTS, FAMILIES, ccsTokens, familyOf, workspaceSession, type Family } from './support/guard/families.ts';
import {
  decoded, exampleBody, judge, parameters, queryArb, segmentArb, send, sendChunked, target, validSegments, validValues,
  type Body, type GuardRequest,
} from './support/guard/requests.ts';
import { mutatedBody, rawText, serialise, type Json } from './support/guard/schema-values.ts';

/**
 * Route-driven guard: every operation in `/openapi.json` is sent missing, wrong and foreign
 * credentials, and generated parameters and bodies with valid ones. Routes added later are
 * covered with no new test code; a new security scheme needs an entry in FAMILIES.
 */

/** fast-check runs per operation and kind of input; the whole file stays well under 30 s. */
const RUNS = { params: 40, json: 25, mutations: 50, raw: 30, garbage: 15 };

// FC_SEED pins the inputs (CI sets it, so a red run is reproducible and not a roll of the dice);
// without it each local run explores new inputs. A failure prints the seed and path to replay.
if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });

const server = await startTestServer();
const checker = await OpenApiChecker.load(server.url);
const doc = checker.doc;
const bodyLimit = server.app.initialConfig.bodyLimit ?? 1024 * 1024;
afterAll(() => server.close());

/** Fresh CCS tokens (see `ccsTokens`): straight from the platform, whatever the login route's rate limit says. */
async function issueCcsTokens(): Promise<void> {
  const { platform } = server;
  const tenant = (name: string) => platform.directory.tenantByName(name)?.id ?? '';
  const telco = platform.ccs.catalogue.telcoUser('telco@broadview');
  if (!telco) throw new Error('the demo has no telco user');
  ccsTokens.telco = (await platform.ccs.tokens.issue({ level: 'telco', telcoUuid: telco.telco.uuid, userUuid: telco.user.uuid }, 3600)).token;
  ccsTokens.tenant = (await platform.ccs.tokens.issue({ level: 'tenant', tenantId: tenant('ccsdemo02'), agentId: 'agCcsDemo02Admin00000001' }, 3600)).token;
  ccsTokens.foreign = (await platform.ccs.tokens.issue({ level: 'tenant', tenantId: tenant('acmecorp01'), agentId: 'agPbxApiUser000000000001' }, 3600)).token;
  workspaceSession.cookie = `switchboard_session=${(await platform.access.sessions.open(tenant('acmecorp01'), DEMO_SUPERVISOR, 3600)).token}`;
}
await issueCcsTokens();

/** What accepted writes may have changed that later requests rely on: demo credentials, the feature switch, presences. */
async function restoreBaseline(): Promise<void> {
  const admin = FAMILIES.adminBearer?.valid({ path: '', params: {} }).headers ?? {};
  const baseline = { tenants: DEMO_TENANTS.map((name) => ({ name, apiUsername: name, actionRequestToken: DEMO_SECRET, features: { agentStatusApi: true } })) };
  const put = await fetch(`${server.url}/admin/v1/provisioning`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(baseline) });
  const reset = await fetch(`${server.url}/admin/v1/demo/reset`, { method: 'POST', headers: admin });
  if (put.status !== 200 || reset.status !== 200) throw new Error(`restoring the demo baseline failed: ${put.status} ${await put.text()} / ${reset.status}`);
  await issueCcsTokens();
}

/**
 * Sends, judges, and puts the demo back after anything that may have changed state (a
 * rotated token, a switched-off API), so every request can be repeated in any order. A
 * refused request changes nothing, so only accepted writes pay for the restore.
 */
async function exchange(family: Family, req: GuardRequest) {
  const answer = await send(server.url, req);
  if (req.op.method !== 'GET' && answer.status < 300) await restoreBaseline();
  judge(checker, family, req, answer);
  return answer;
}

/** The request with the valid credentials for the tenant its path names. */
function authorised(family: Family, req: GuardRequest): GuardRequest {
  return { ...req, credential: family.valid(target(req)) };
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

/** Garbage `Authorization` values (printable ASCII, as a client can send them). */
const garbageAuthorization = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ maxLength: 40 }).map((s) => `Basic ${Buffer.from(s).toString('base64')}`),
  fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
);

/** Path segments drawn from ids that exist, so bodies reach the handler. */
function knownSegments(op: Operation): fc.Arbitrary<Record<string, string>> {
  return fc.record(Object.fromEntries(parameters(op, 'path').map((p) => [p.name, fc.constantFrom(...validValues(doc, p).map(encodeURIComponent))])));
}

/** The same segments with every demo tenant replaced by `tenant`. */
function onTenant(segments: Record<string, string>, tenant: string): Record<string, string> {
  const tenants: readonly string[] = DEMO_TENANTS;
  return Object.fromEntries(Object.entries(segments).map(([k, v]) => [k, tenants.includes(decoded(v)) ? encodeURIComponent(tenant) : v]));
}

const operations = checker.operations();

it('the document lists the operations to guard', () => {
  expect(operations.length).toBeGreaterThan(0);
});

for (const op of operations) {
  const { family, secured } = familyOf(op.spec, op.path);
  const withBody = op.method !== 'GET' && op.method !== 'HEAD';
  const base: GuardRequest = { op, segments: validSegments(doc, op), query: '', credential: null, ...(withBody && { body: jsonBody(exampleBody(doc, op, true)) }) };
  const tenantScoped = family.otherTenant(target(base)) !== null;

  describe(`${op.method} ${op.path}`, () => {
    if (secured) {
      it('refuses a request without credentials with 401', async () => {
        expect((await exchange(family, base)).status).toBe(401);
      });

      it('refuses wrong and garbage credentials with 401', async () => {
        for (const credential of family.wrong(target(base))) {
          expect((await exchange(family, { ...base, credential })).status, credential.label).toBe(401);
        }
        await fc.assert(
          fc.asyncProperty(garbageAuthorization, async (value) => {
            const answer = await exchange(family, { ...base, credential: { label: `Authorization: ${value}`, headers: { authorization: value } } });
            expect(answer.status, `Authorization: ${value}`).toBe(401);
          }),
          { numRuns: RUNS.garbage },
        );
      });
    }

    if (secured && tenantScoped) {
      it("refuses another tenant's valid credentials with 403", async () => {
        for (const tenant of DEMO_TENANTS) {
          const req = { ...base, segments: onTenant(base.segments, tenant) };
          const foreign = family.otherTenant(target(req));
          if (foreign) expect((await exchange(family, { ...req, credential: foreign })).status, `${foreign.label} on ${tenant}`).toBe(403);
        }
      });
    }

    it('answers generated path parameters and query strings without a 5xx', async () => {
      const segments = fc.record(Object.fromEntries(parameters(op, 'path').map((p) => [p.name, segmentArb(doc, p)])));
      await fc.assert(
        fc.asyncProperty(segments, queryArb(doc, op), async (generated, query) => {
          await exchange(family, authorised(family, { ...base, segments: generated as Record<string, string>, query }));
        }),
        { numRuns: RUNS.params },
      );
    });

    if (!withBody) return;
    const withValidBodyOf = (body: Body, segments = base.segments) => authorised(family, { ...base, segments, body });

    it('answers arbitrary JSON bodies without a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue() as fc.Arbitrary<Json>, async (value) => {
          await exchange(family, withValidBodyOf(jsonBody(value)));
        }),
        { numRuns: RUNS.json },
      );
    });

    it('answers broken versions of a valid body without a 5xx', async () => {
      const bodies = fc.oneof(mutatedBody(exampleBody(doc, op, true)), mutatedBody(exampleBody(doc, op, false)));
      await fc.assert(
        fc.asyncProperty(bodies, knownSegments(op), async (text, segments) => {
          await exchange(family, withValidBodyOf(jsonBody(text), segments as Record<string, string>));
        }),
        { numRuns: RUNS.mutations },
      );
    });

    it('answers non-JSON, empty and mislabelled bodies without a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(rawBodyArb(exampleBody(doc, op, true)), async (body) => {
          await exchange(family, withValidBodyOf(body));
        }),
        { numRuns: RUNS.raw },
      );
    });

    it('refuses a body over the limit with 413 in the family shape', async () => {
      const big = `{"pad":"${'x'.repeat(bodyLimit)}"}`;
      expect((await exchange(family, withValidBodyOf(jsonBody(big)))).status).toBe(413);
      const req = withValidBodyOf(jsonBody('<the same body, chunked>'));
      const chunked = await sendChunked(server.url, req, big);
      if (chunked.status < 300) await restoreBaseline();
      judge(checker, family, req, chunked);
      expect(chunked.status, 'chunked').toBe(413);
    });
  });
}
