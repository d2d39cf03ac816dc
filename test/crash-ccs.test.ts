import { expect, it } from 'vitest';
import { spawnServer, type ChildServer } from './support/child-server.ts';
import { crashDatabase } from './support/crash-rig.ts';
import { DEMO_SECRET } from './support/server.ts';

/**
 * The CCS family's acknowledged writes survive `kill -9` (house rule; `NOTES.md` §11): agent state
 * changes, extension updates, a bearer token, and a call placed with `dial` — whose record, projected
 * from the event log, is there after the restart and shows the call ended (it was up when the
 * server died, so the telephony lost it).
 */
const DEMO02 = 'c255052e-c560-4340-b73e-675eabc3aed3';
const DANA = 'az123456-5cca-4ff1-874e-dc1c92d6de64';
const TOM = 'az123456-30b7-4b06-9d87-7607033e2712';
const OUTBOUND = 'az123456-c0ed-42b7-8e8c-d50c4991828c';
const CHANGES = 11;

let server: ChildServer | null = null;
const db = crashDatabase('switchboard-crash-ccs-', () => ({ server, receiver: null }));

async function ccs(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  if (!server) throw new Error('no server');
  const res = await fetch(`${server.url}/6/v2/api${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

it('keeps every acknowledged CCS write through kill -9', async () => {
  server = await spawnServer(db);
  const login = await fetch(`${server.url}/6/v2/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin@ccsdemo02', password: DEMO_SECRET }) });
  const token = ((await login.json()) as { token: string }).token;
  const dial = await ccs('POST', `/tenants/${DEMO02}/extensions/${DANA}`, token, { request: 'dial', target: '9735552106', outbound_queue_uuid: OUTBOUND });
  expect(dial.status).toBe(200);
  const callId = String(dial.body.call_id);
  for (let i = 0; i < CHANGES; i++) {
    expect((await ccs('POST', `/extensions/${TOM}`, token, { request: 'updateAgentState', name: i % 2 === 0 ? 'Coffee Break' : 'Ready' })).status).toBe(200);
    expect((await ccs('PUT', `/tenants/${DEMO02}/extensions/${TOM}`, token, { monitor: i % 2 === 0 })).status).toBe(200);
  }
  await server.kill9();

  server = await spawnServer(db);
  // The token (stored hashed) still works; the last acknowledged state and setting are there.
  const state = await ccs('GET', `/tenants/${DEMO02}/extensions/${TOM}/agent_state`, token);
  expect(state.body.agent_state).toMatchObject({ state: { type: 'away', name: 'Coffee Break' } });
  const details = await ccs('GET', `/tenants/${DEMO02}`, token);
  expect(details.body.monitor_ext_count).toBe(1);
  await expect.poll(async () => (await ccs('GET', `/calls/${callId}`, token)).body.state, { timeout: 20_000 }).toBe('ended');
  expect((await ccs('GET', `/calls/${callId}`, token)).body).toMatchObject({ call_id: callId, direction: 'outbound', end_cause: 'failed' });
}, 60_000);
