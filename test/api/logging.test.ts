import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../src/api/http/server.ts';
import { Platform } from '../../src/app/platform.ts';
import { demoDocument } from '../../src/app/demo.ts';
import { sha256Hex } from '../../src/app/security.ts';
import { ManualClock, seededRandom } from '../../src/domain/ports.ts';
import { openSqliteStore } from '../../src/storage/sqlite.ts';

const SECRET = 'very-secret-demo-token';
const ADMIN = 'very-secret-admin-token';
const lines: string[] = [];
let app: FastifyInstance;
let platform: Platform;

beforeAll(async () => {
  platform = await Platform.open({ store: await openSqliteStore(':memory:'), clock: new ManualClock(0), random: seededRandom(1) });
  await platform.apply(demoDocument(SECRET));
  app = await buildHttpServer(platform, {
    logLevel: 'info', bodyLimit: 1 << 20, trustedProxies: [], tls: null, adminTokenHash: sha256Hex(ADMIN), version: 'test',
    logStream: { write: (line: string) => void lines.push(line) },
  });
});
afterAll(async () => {
  await app.close();
  await platform.close();
});

describe('logs', () => {
  it('are JSON with a request id, and hold no credentials', async () => {
    const basic = `Basic ${Buffer.from(`acmecorp01:${SECRET}`).toString('base64')}`;
    await app.inject({ url: '/api/v1/tenants/acmecorp01/agentstatus/agents', headers: { authorization: basic, 'x-request-id': 'req-123' } });
    await app.inject({ url: `/admin/v1/tenants?api_key=${SECRET}&token=${ADMIN}`, headers: { authorization: `Bearer ${ADMIN}`, cookie: `sid=${SECRET}` } });
    const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string; req?: { url: string } });
    expect(parsed.some((l) => l.reqId === 'req-123')).toBe(true);
    expect(parsed.some((l) => l.req?.url.includes('api_key=[redacted]'))).toBe(true);
    const all = lines.join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(ADMIN);
    expect(all).not.toContain(Buffer.from(`acmecorp01:${SECRET}`).toString('base64'));
  });
});
