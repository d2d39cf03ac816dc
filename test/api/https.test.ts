import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSwitchboard } from '../../src/app/bootstrap.ts';
import { parseConfig } from '../../src/app/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function getHealth(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // The certificate is self-signed for the test; it is the TLS plumbing that is under test.
    request(`${url}/healthz`, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject).end();
  });
}

describe('HTTPS', () => {
  it('serves TLS when a certificate and key are configured', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const config = parseConfig({ db: join(dir, 'tls.sqlite'), port: '0', logLevel: 'silent' }, { SWITCHBOARD_TLS_CERT: cert, SWITCHBOARD_TLS_KEY: key, SWITCHBOARD_ADMIN_TOKEN: 'tls-admin-token' });
    const running = await startSwitchboard(config, () => {});
    try {
      expect(running.url).toMatch(/^https:\/\//);
      expect(await getHealth(running.url)).toBe(200);
    } finally {
      await running.close();
    }
  });
});
