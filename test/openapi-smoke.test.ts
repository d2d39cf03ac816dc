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
