import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from './support/child-server.ts';
import { ADMIN_TOKEN, DEMO_SECRET } from './support/server.ts';

/**
 * Issue 3 / `NOTES.md` §4, §11: a call in progress when the server is killed (`kill -9`) ends as
 * failed after the restart, recorded in the event log; a post-processing that was running
 * resumes with its stored timer. The server runs on a virtual clock, persisted with the rest.
 */

const TENANT = 'supertenantcsm01';
const AGENT = 'ag0VYyLh0YTsymdbtYIaaaa';
const BASIC = { authorization: `Basic ${Buffer.from(`${TENANT}:${DEMO_SECRET}`).toString('base64')}` };
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

const dir = mkdtempSync(join(tmpdir(), 'switchboard-crash-calls-'));
const db = join(dir, 'calls.sqlite');
let server: ChildServer | null = null;
afterAll(async () => {
  await server?.kill9();
  rmSync(dir, { recursive: true, force: true });
});

async function call(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const res = await fetch((server as ChildServer).url + path, init);
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
const status = async () => (await call(`/api/v1/tenants/${TENANT}/agentstatus/agents/${AGENT}`, { headers: BASIC }))['agent-status'];
const record = (guid: string) => call(`/admin/v1/tenants/${TENANT}/calls/${guid}`, { headers: ADMIN });
const advance = (seconds: number) => call(`/admin/v1/clock/advance?seconds=${seconds}`, { method: 'POST', headers: ADMIN });

it('a call live at kill -9 ends as failed after the restart; a running wrap-up finishes on its stored timer', async () => {
  server = await spawnServer(db, ['--clock', 'virtual']);
  // Two connected calls on lines 1 and 2; the one on line 1 is hung up, so its wrap-up runs.
  const fixture = await call('/admin/v1/demo/examples/free-line', { method: 'POST', headers: ADMIN });
  const liveGuid = fixture.interactionGuid as string;
  const calls = (await call(`/admin/v1/tenants/${TENANT}/calls`, { headers: ADMIN })).calls as { guid: string }[];
  const wrappingGuid = calls.map((c) => c.guid).find((g) => g !== liveGuid) as string;
  await call(`/api/v1/tenants/${TENANT}/agents/${AGENT}/calls/line/1`, { method: 'DELETE', headers: BASIC });
  expect(await status()).toBe(7); // still connected on line 2, with a wrap-up pending for line 1
  await advance(10);
  const before = (await call(`/admin/v1/tenants/${TENANT}/events?limit=1000`, { headers: ADMIN })).lastSeq as number;

  await server.kill9();
  server = await spawnServer(db, ['--clock', 'virtual']);

  const lost = await record(liveGuid);
  expect(lost).toMatchObject({ endCause: 'failed', hungUpBy: 'system', agentLeg: { endCause: 'failed' }, customerLeg: { endCause: 'failed' } });
  const log = (await call(`/admin/v1/tenants/${TENANT}/events?after=${before}&limit=100`, { headers: ADMIN })).events as { type: string; data: Record<string, unknown> }[];
  expect(log.filter((e) => e.type === 'interaction.ended')).toEqual([expect.objectContaining({ data: expect.objectContaining({ interactionGuid: liveGuid, cause: 'failed' }) })]);
  expect(await status()).toBe(8); // both calls over; wrap-ups running

  // Line 1's wrap-up (30 s from its hang-up, 10 s of which passed before the kill) ends first; the lost call's follows.
  await advance(20);
  expect((await record(wrappingGuid)).postProcessing).toMatchObject({ endedBy: 'timer' });
  expect(await status()).toBe(8);
  await advance(10);
  expect((await record(liveGuid)).postProcessing).toMatchObject({ endedBy: 'timer' });
  expect(await status()).toBe(4);
  expect((await call(`/admin/v1/tenants/${TENANT}/calls`, { headers: ADMIN })).calls).toEqual([]);
}, 60_000);
