import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiChecker, checkedFetcher } from './support/openapi.ts';
import { startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let get: ReturnType<typeof checkedFetcher>;

beforeAll(async () => {
  server = await startTestServer();
  get = checkedFetcher(server.url, await OpenApiChecker.load(server.url));
});
afterAll(() => server.close());

describe('openapi document', () => {
  it('describes the agent-status routes and the answers they give', async () => {
    const res = await get('/api/v1/tenants/acmecorp01/agentstatus/agents', { headers: { authorization: server.basic() } });
    expect(res.status).toBe(200);
    const missing = await get('/api/v1/tenants/acmecorp01/agentstatus/agents/nobody', { headers: { authorization: server.basic() } });
    expect(missing.status).toBe(404);
  });
});

describe('the checker itself', () => {
  it('fails a response whose shape drifts from its description, or whose status is undocumented', async () => {
    const checker = await OpenApiChecker.load(server.url);
    const path = '/api/v1/tenants/acmecorp01/agentstatus/agents/agX';
    expect(() => checker.check('GET', path, 200, 'application/json', JSON.stringify({ 'agent-id': 'agX', name: 'no status' }))).toThrow(/does not match/);
    expect(() => checker.check('GET', path, 418, 'application/json', '{}')).toThrow(/not documented/);
    expect(() => checker.check('GET', path, 403, 'text/html', '<html/>')).toThrow(/content type/);
    expect(() => checker.check('GET', path, 200, 'application/json', JSON.stringify({ 'agent-id': 'agX', 'agent-status': 4, name: 'ok' }))).not.toThrow();
  });

  it('the document is OpenAPI 3.1 and is rendered at /docs', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/tenants/{tenantId}/agentstatus/agents/bulk', '/admin/v1/provisioning']));
    const page = await fetch(`${server.url}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/swagger/i);
  });
});
