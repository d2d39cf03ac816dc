import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from './support/child-server.ts';
import { ADMIN_TOKEN, DEMO_SECRET } from './support/server.ts';

/**
 * `NOTES.md` §11: an acknowledged write survives `kill -9` at any moment. Clients hammer
 * status changes; the server is killed mid-stream and restarted on the same database; every
 * agent must show its last acknowledged change (or the one in flight), and the event log
 * must hold exactly those changes, numbered without gaps.
 */

const TENANT = 'acmecorp01';
const AGENTS = Array.from({ length: 16 }, (_, i) => `agCrash${String(i + 1).padStart(2, '0')}`);
const ROUNDS = 3;
const BASIC = `Basic ${Buffer.from(`${TENANT}:${DEMO_SECRET}`).toString('base64')}`;
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** A status as the VCC API sets and reads it. */
interface Change {
  status: number;
  listId?: number;
  itemId?: number;
  shortCode?: string;
}

const AVAILABLE: Change = { status: 4 };
const LUNCH: Change = { status: 3, listId: 801, itemId: 1725, shortCode: 'Lunch' };
const TRAIN: Change = { status: 5, listId: 801, itemId: 1726, shortCode: 'Train' };

/** 4 → 3 → 5 → 4 …: each step is an allowed transition and a real change. */
function nextChange(current: Change): Change {
  return current.status === 4 ? LUNCH : current.status === 3 ? TRAIN : AVAILABLE;
}

const key = (c: Change) => `${c.status}/${c.listId ?? '-'}/${c.itemId ?? '-'}`;

/** What one agent's client saw in one round. */
interface Round {
  acked: Change[];
  inFlight: Change | null;
}

const dir = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
const db = join(dir, 'crash.sqlite');
let server: ChildServer | null = null;
afterAll(async () => {
  await server?.kill9();
  rmSync(dir, { recursive: true, force: true });
});

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  if (!server) throw new Error('no server');
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function provision(): Promise<void> {
  const agents = AGENTS.map((agentId, i) => ({ agentId, name: `Crash ${i + 1}`, group: 1, initialPresence: { kind: 'available' } }));
  const res = await call('/admin/v1/provisioning', {
    method: 'PUT', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ tenants: [{ name: TENANT, agents }] }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function readStatus(agentId: string): Promise<Change> {
  const res = await call(`/api/v1/tenants/${TENANT}/agentstatus/agents/${agentId}`, { headers: { authorization: BASIC } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const body = res.body as Record<string, number | undefined>;
  return { status: body['agent-status'] as number, listId: body['status-code-list-id'], itemId: body['status-code-item-id'] };
}

/**
 * One client per agent, one request in flight each, until `target` acknowledgements in all;
 * then `kill -9` a random few milliseconds later, while the clients keep going, so the kill
 * lands anywhere: mid-transaction, between commit and response, between requests.
 */
async function hammer(current: Map<string, Change>, target: number): Promise<Map<string, Round>> {
  const live = server as ChildServer;
  const rounds = new Map(AGENTS.map((a) => [a, { acked: [], inFlight: null } as Round]));
  let acks = 0;
  let killed: Promise<void> | null = null;
  let scheduled = false;
  const unexpected: string[] = [];
  const client = async (agentId: string) => {
    const round = rounds.get(agentId) as Round;
    let state = current.get(agentId) as Change;
    while (killed === null) {
      const change = nextChange(state);
      round.inFlight = change;
      const { shortCode, listId, itemId } = change;
      const body = { 'agent-status': change.status, ...(listId !== undefined && { 'status-code-list-id': listId, 'status-code-item-id': itemId, 'status-code-item-short-code': shortCode }) };
      const res = await fetch(`${live.url}/api/v1/tenants/${TENANT}/agentstatus/agents/${agentId}`, {
        method: 'PUT', headers: { authorization: BASIC, 'content-type': 'application/json' }, body: JSON.stringify(body),
      }).catch(() => null);
      if (!res) return; // the server died with this request in flight
      // The status line is the acknowledgement; a response that arrives after the kill was still sent before it.
      await res.text().catch(() => '');
      if (res.status !== 200) {
        unexpected.push(`${agentId} ${key(change)}: ${res.status}`);
        return;
      }
      round.acked.push(change);
      round.inFlight = null;
      state = change;
      if (++acks >= target && !scheduled) {
        scheduled = true;
        setTimeout(() => (killed = live.kill9()), Math.random() * 5);
      }
    }
  };
  await Promise.all(AGENTS.map(client));
  await killed;
  expect(unexpected, 'every change in the cycle is allowed').toEqual([]);
  return rounds;
}

interface LoggedEvent {
  seq: number;
  type: string;
  data: { agentId?: string; to?: { kind: string; reason: { listId: number; itemId: number } | null } };
}

async function readAllEvents(): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  for (let after = 0; ; ) {
    const res = await call(`/admin/v1/tenants/${TENANT}/events?after=${after}&limit=1000`, { headers: ADMIN });
    expect(res.status).toBe(200);
    const page = (res.body as { events: LoggedEvent[] }).events;
    if (page.length === 0) return events;
    events.push(...page);
    after = page[page.length - 1]?.seq ?? after;
  }
}

const STATUS_OF_KIND: Record<string, number> = { available: 4, on_break: 3, working_offline: 5, logged_out: 1, never_logged_in: 0 };

function changeOf(event: LoggedEvent): Change {
  const to = event.data.to;
  return { status: STATUS_OF_KIND[to?.kind ?? ''] ?? -1, listId: to?.reason?.listId, itemId: to?.reason?.itemId };
}

// Typically ~12 s, most of it four server starts; the margin is for loaded CI machines.
it(`keeps every acknowledged status change through ${ROUNDS} kill -9 restarts`, { timeout: 60_000 }, async () => {
  server = await spawnServer(db);
  await provision();
  const startSeq = (await readAllEvents()).at(-1)?.seq ?? 0;
  const current = new Map(AGENTS.map((a) => [a, AVAILABLE]));
  /** Per agent, the changes the server must have recorded, in order. */
  const history = new Map<string, Change[]>(AGENTS.map((a) => [a, []]));
  const ackedCount = new Map<string, number>(AGENTS.map((a) => [a, 0]));

  for (let round = 1; round <= ROUNDS; round++) {
    const target = 50 + Math.floor(Math.random() * 351);
    const seen = await hammer(current, target);
    server = await spawnServer(db);
    for (const agentId of AGENTS) {
      const { acked, inFlight } = seen.get(agentId) as Round;
      const lastAcked = acked.at(-1) ?? (current.get(agentId) as Change);
      const actual = await readStatus(agentId);
      const allowed = [lastAcked, ...(inFlight ? [inFlight] : [])].map(key);
      expect(allowed, `round ${round}, ${agentId} after ${acked.length} acknowledged changes`).toContain(key(actual));
      // The in-flight change counts as recorded exactly when the agent shows it.
      const recorded = inFlight && key(actual) === key(inFlight) ? [...acked, inFlight] : acked;
      history.get(agentId)?.push(...recorded);
      current.set(agentId, recorded.at(-1) ?? lastAcked);
      ackedCount.set(agentId, (ackedCount.get(agentId) ?? 0) + acked.length);
    }
  }

  const events = await readAllEvents();
  expect(events.map((e) => e.seq), 'sequence numbers 1, 2, 3 … without gaps').toEqual(events.map((_, i) => i + 1));
  const changes = events.filter((e) => e.seq > startSeq && e.type === 'agent.presence_changed');
  for (const agentId of AGENTS) {
    const logged = changes.filter((e) => e.data.agentId === agentId).map((e) => key(changeOf(e)));
    const expected = (history.get(agentId) as Change[]).map(key);
    expect(logged.length, `${agentId}: events ≥ acknowledged changes`).toBeGreaterThanOrEqual(ackedCount.get(agentId) ?? 0);
    expect(logged, `${agentId}: the event log holds exactly the recorded changes, in order`).toEqual(expected);
  }
  expect([...ackedCount.values()].reduce((a, b) => a + b, 0), 'acknowledged changes in all').toBeGreaterThanOrEqual(ROUNDS * 50);
});
