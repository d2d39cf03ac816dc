import { get } from 'node:http';
import { expect, it } from 'vitest';
import { spawnServer, type ChildServer } from './support/child-server.ts';
import { crashDatabase } from './support/crash-rig.ts';
import { ADMIN_TOKEN } from './support/server.ts';
import { startReceiver, type Receiver } from './support/webhook-receiver.ts';
import { shiftTenant, WorkspaceClient } from './support/workspace.ts';

/**
 * A completed click-to-dial transaction survives `kill -9` (house rule; `NOTES.md` §5, §6): its CRM
 * record and its callback, which the receiver refused before the crash, are there after the restart
 * and the callback is delivered then.
 */
const TENANT = 'ctdcrash01';
const ENV = { SWITCHBOARD_OUTBOUND_ALLOW: '127.0.0.1/32' };

let server: ChildServer | null = null;
let receiver: Receiver | null = null;
const db = crashDatabase('switchboard-crash-ctd-', () => ({ server, receiver }));

const admin = async (method: string, path: string, body?: unknown) => {
  if (!server) throw new Error('no server');
  const res = await fetch(`${server.url}/admin/v1${path}`, {
    method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return (await res.json()) as Record<string, unknown>;
};

function navigate(url: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { cookie, 'sec-fetch-mode': 'navigate' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

it('keeps a completed click-to-dial transaction — CRM record and undelivered callback — through kill -9', async () => {
  receiver = await startReceiver();
  receiver.status = () => 503; // down until after the crash
  server = await spawnServer(db, [], ENV);
  const doc = shiftTenant({ name: TENANT, timezone: 'UTC', people: { ann: 'agCtdCrashAnn00000000001', bob: 'agCtdCrashBob00000000001', sam: 'agCtdCrashSam00000000001' }, queueId: 970, did: '+18005550971', codesRequired: false, wrapUpSeconds: 300 }) as { tenants: Record<string, unknown>[] };
  Object.assign(doc.tenants[0] ?? {}, { clickToDial: { screenPop: { enabled: true, url: 'https://crm.example.com/pop' }, autoLogsPhone: true } });
  await admin('PUT', '/provisioning', doc);
  const ann = await WorkspaceClient.login(server.url, `ann@${TENANT}`);
  await ann.ok('POST', '/status', { status: 'available' });
  const userdata = `[ctl_action|create][ctl_intType|sfdc][ObjectType|Task][subject|call $transaction_id$][ctl_callbackUrl|${receiver.url}?t=$transaction_id$]`;
  expect(await navigate(`${server.url}/AGUI/make_call.php?phone=%2B15550001234&queue_id=971&ctl_userdata=${encodeURIComponent(userdata)}`, ann.cookie)).toBe(200);
  const feed = await ann.live();
  const ringing = await feed.until('ringing', (v) => 'lines' in v && v.lines[0]?.stage === 'agent_ringing');
  const guid = 'lines' in ringing ? ringing.lines[0]?.interactionGuid ?? '' : '';
  await ann.ok('POST', `/calls/${guid}/answer`);
  await feed.until('talking', (v) => 'lines' in v && v.lines[0]?.stage === 'talking');
  await ann.ok('POST', `/calls/${guid}/hangup`);
  await ann.ok('POST', `/calls/${guid}/end-post-processing`);
  feed.close();
  await receiver.waitFor((r) => r.requests.length > 0); // completed, the callback tried and refused
  await server.kill9();

  receiver.status = () => 200;
  server = await spawnServer(db, [], ENV);
  await receiver.waitFor((r) => r.delivered().length > 0, 20_000);
  const [callback] = receiver.delivered();
  expect(callback?.body).toMatchObject({ resultCode: 'SUCCESS', errorString: '' });
  const records = (await admin('GET', `/tenants/${TENANT}/crm/records`)).records as { id: string; interactionGuid: string }[];
  expect(records).toHaveLength(1);
  expect(records[0]?.interactionGuid).toBe(guid);
  expect(String(callback?.body.ctl_userdata)).toContain(`[ctl_newRecordId|${records[0]?.id}]`);
}, 60_000);
