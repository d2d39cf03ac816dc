import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSwitchboard, type Running } from '../../src/app/bootstrap.ts';
import { parseConfig } from '../../src/app/config.ts';

export const DEMO_SECRET = 'demo-secret-for-tests';
export const ADMIN_TOKEN = 'admin-token-for-tests';

export interface TestServer extends Running {
  /** `Authorization` header value for a demo tenant's VCC Basic auth. */
  basic(tenant?: string, secret?: string): string;
  admin: string;
  dbPath: string;
}

/**
 * A real server on a random port over a fresh SQLite file (or `db` when given), with the demo
 * loaded and known credentials. Close it in `afterAll`.
 */
export async function startTestServer(
  options: { db?: string; seed?: string; clock?: 'wall' | 'virtual'; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const dbPath = options.db ?? join(dir, 'test.sqlite');
  const config = parseConfig(
    { db: dbPath, port: '0', seed: options.seed ?? 'demo', logLevel: 'silent', clock: options.clock ?? 'wall' },
    { SWITCHBOARD_DEMO_SECRET: DEMO_SECRET, SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN, ...options.env },
  );
  const running = await startSwitchboard(config, () => {});
  return {
    ...running,
    dbPath,
    admin: `Bearer ${ADMIN_TOKEN}`,
    basic: (tenant = 'acmecorp01', secret = DEMO_SECRET) => `Basic ${Buffer.from(`${tenant}:${secret}`).toString('base64')}`,
    close: async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
