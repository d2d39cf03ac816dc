import { expect } from 'vitest';
import type { checkedFetcher } from './openapi.ts';
import { DEMO_SECRET } from './server.ts';

type Fetcher = ReturnType<typeof checkedFetcher>;

/**
 * A CCS client over a checked fetcher (every answer checked against `/openapi.json`): `login`
 * gets a bearer token from `POST /6/v2/api/login` (demo password), `ccs` sends a request with one.
 * A string body is sent as it is (malformed JSON tests); anything else as JSON.
 * @example const { login, ccs } = ccsClient(call); const token = await login('admin@ccsdemo02'); await ccs('GET', '/extensions', token);
 */
export function ccsClient(call: Fetcher) {
  return {
    async login(username: string, password = DEMO_SECRET): Promise<string> {
      const res = await call('/6/v2/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      expect(res.status, `login ${username}`).toBe(200);
      return res.body.token as string;
    },
    ccs(method: string, path: string, token: string, body?: unknown) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      return call(`/6/v2/api${path}`, { method, headers, ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    },
  };
}
