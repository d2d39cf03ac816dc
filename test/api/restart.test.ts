import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('restart on the same database', () => {
  it('keeps acknowledged changes, and loading the demo again changes nothing', async () => {
    const db = join(dir, 'restart.sqlite');
    const path = '/api/v1/tenants/acmecorp01/agentstatus/agents/agAQDqmvKiRbG4ekigNSmbbb';
    const first = await startTestServer({ db });
    const res = await fetch(first.url + path, {
      method: 'PUT',
      headers: { authorization: first.basic(), 'content-type': 'application/json' },
      body: JSON.stringify({ 'agent-status': 3, 'status-code-list-id': 801, 'status-code-item-id': 1725 }),
    });
    expect(res.status).toBe(200);
    const events = async (s: typeof first) =>
      ((await (await fetch(`${s.url}/admin/v1/tenants/acmecorp01/events?limit=1000`, { headers: { authorization: s.admin } })).json()) as { lastSeq: number }).lastSeq;
    const seqBefore = await events(first);
    await first.close();

    const second = await startTestServer({ db });
    const after = (await (await fetch(second.url + path, { headers: { authorization: second.basic() } })).json()) as Record<string, unknown>;
    expect(after).toMatchObject({ 'agent-status': 3, 'status-code-item-id': 1725 });
    expect(await events(second)).toBe(seqBefore);
    await second.close();
  });
});
