import { expect, it } from 'vitest';
import { spawnServer, type ChildServer } from './support/child-server.ts';
import { crashDatabase } from './support/crash-rig.ts';
import { ADMIN_TOKEN } from './support/server.ts';
import { WorkspaceClient } from './support/workspace.ts';

/**
 * The workspace's acknowledged writes survive `kill -9` (house rule; `NOTES.md` §11): status changes,
 * queue joins, a placed call's notes and codes, and the session itself (stored hashed).
 */
const AVERY = 'agAQDqmvKiRbG4ekigNSmbbb';
const CHANGES = 10;

let server: ChildServer | null = null;
const db = crashDatabase('switchboard-crash-workspace-', () => ({ server, receiver: null }));

it('keeps every acknowledged workspace write through kill -9', async () => {
  server = await spawnServer(db);
  const avery = await WorkspaceClient.login(server.url, 'avery@acmecorp01');
  for (let i = 0; i < CHANGES; i++) {
    await avery.ok('POST', '/status', i % 2 === 0 ? { status: 'on_break', reason: { listId: 801, itemId: 1725 } } : { status: 'available' });
    await avery.ok('POST', `/queues/600/${i % 2 === 0 ? 'leave' : 'join'}`);
  }
  const placed = await avery.ok('POST', '/calls', { number: '+16175550199', queueId: 599 });
  const guid = placed.lines[0]?.interactionGuid ?? '';
  await avery.ok('PUT', `/calls/${guid}/codes`, { codes: [{ listId: 60, itemId: 603 }, { listId: 61, itemId: 611 }] });
  await avery.ok('PUT', `/calls/${guid}/notes`, { notes: 'Wants a callback on Monday' });
  // A break asked for during the call: accepted, applied when the call and its wrap-up end.
  await avery.ok('POST', '/status', { status: 'on_break', reason: { listId: 801, itemId: 1725 } });
  await server.kill9();

  server = await spawnServer(db);
  // The same cookie still works: the session was stored (hashed) when it was opened.
  const view = await avery.at(server.url).me();
  expect([view.status.presence, view.status.pending?.presence]).toContain('on_break');
  expect(view.queues.find((q) => q.id === 600)?.joined).toBe(true); // the last join (i = 9)
  const call = await fetch(`${server.url}/admin/v1/tenants/acmecorp01/calls/${guid}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(await call.json()).toMatchObject({ agentId: AVERY, notes: 'Wants a callback on Monday', transactionCodes: [{ listId: 60, itemId: 603 }, { listId: 61, itemId: 611 }] });
}, 60_000);
