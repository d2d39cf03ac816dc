import WebSocket from 'ws';
import { expect } from 'vitest';
import type { AgentView, SupervisorView, WorkspaceMessage } from '../../src/app/workspace/view.ts';
import { DEMO_SECRET } from './server.ts';

/** A response of the workspace API: status and JSON body. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A logged-in workspace user over real HTTP: the session cookie from `POST /AGUI/api/login`
 * on every request, as a browser page would send it (same origin).
 * @example const avery = await WorkspaceClient.login(server.url, 'avery@acmecorp01');
 */
export class WorkspaceClient {
  private constructor(readonly base: string, readonly cookie: string, readonly agentId: string) {}

  static async login(base: string, username: string, password = DEMO_SECRET): Promise<WorkspaceClient> {
    const res = await fetch(`${base}/AGUI/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(res.status, `login ${username}`).toBe(200);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return new WorkspaceClient(base, cookie, ((await res.json()) as { agentId: string }).agentId);
  }

  /** The same session against another server address (the same database after a restart). */
  at(base: string): WorkspaceClient {
    return new WorkspaceClient(base, this.cookie, this.agentId);
  }

  async send<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const res = await fetch(`${this.base}/AGUI/api${path}`, {
      method,
      headers: { cookie: this.cookie, origin: this.base, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T, headers: res.headers };
  }

  /** An action that must succeed; answers the agent's new view. */
  async ok(method: string, path: string, body?: unknown): Promise<AgentView> {
    const answer = await this.send<AgentView>(method, path, body);
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(200);
    return answer.body;
  }

  me(): Promise<AgentView> {
    return this.ok('GET', '/me');
  }

  /** Opens the page's WebSocket and collects its snapshots. */
  async live(view: 'agent' | 'supervisor' = 'agent'): Promise<LiveFeed> {
    const url = `${this.base.replace(/^http/, 'ws')}/AGUI/ws${view === 'supervisor' ? '?view=supervisor' : ''}`;
    const feed = new LiveFeed(new WebSocket(url, { headers: { cookie: this.cookie, origin: this.base } }));
    await feed.opened;
    return feed;
  }
}

/** The snapshots a workspace socket received, with a wait for the one a test expects. */
export class LiveFeed {
  readonly views: (AgentView | SupervisorView)[] = [];
  readonly opened: Promise<void>;
  closed: { code: number; reason: string } | null = null;

  constructor(readonly ws: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('message', (data) => this.views.push((JSON.parse(String(data)) as WorkspaceMessage).view));
    ws.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }

  /** Waits until the newest snapshot passes `check` (the page shows that now). */
  async until<V extends AgentView | SupervisorView>(what: string, check: (view: V) => boolean, timeoutMs = 5000): Promise<V> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const latest = this.views.at(-1) as V | undefined;
      if (latest !== undefined && check(latest)) return latest;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no snapshot with ${what}; last: ${JSON.stringify(this.views.at(-1))}`);
  }

  close(): void {
    this.ws.close();
  }
}

/** The people of a workspace test tenant: two agents and a supervisor (not an agent). */
export interface ShiftPeople {
  readonly ann: string;
  readonly bob: string;
  readonly sam: string;
}

/**
 * A tenant for a workspace shift: reasons (51 Lunch break, 53 Coffee break — break; 52 Paperwork —
 * offline), code lists 70 "Outcome" (single: 701 Resolved, 702 Escalated) and 71 "Topics"
 * (multiple: 711 Billing, 712 Technical) on inbound queue `queueId` ("Help desk", Ann and Bob
 * tiered, number `did`) and outbound queue `queueId + 1` ("Callbacks", the same lists); phones answered by hand.
 * Log in as `ann@<name>`, `bob@<name>`, `sam@<name>` with the demo secret.
 */
export function shiftTenant(o: { name: string; timezone: string; people: ShiftPeople; queueId: number; did: string; codesRequired: boolean; wrapUpSeconds: number }): unknown {
  const person = (agentId: string, name: string, extra: Record<string, unknown> = {}) => ({
    agentId, name, username: `${name.split(' ')[0]?.toLowerCase()}@${o.name}`, password: DEMO_SECRET, group: 1, ...extra,
  });
  return {
    tenants: [{
      name: o.name, timezone: o.timezone, actionRequestToken: DEMO_SECRET, features: { agentStatusApi: true },
      statusCodeLists: [{ id: 5, name: 'Reasons', items: [
        { id: 51, shortCode: 'Lunch', label: 'Lunch break', kind: 'break' },
        { id: 53, shortCode: 'Coffee', label: 'Coffee break', kind: 'break' },
        { id: 52, shortCode: 'Admin', label: 'Paperwork', kind: 'offline' },
      ] }],
      agentGroups: [{ id: 1, name: 'Agents', statusCodeLists: [5] }],
      callDefaults: { wrapUpSeconds: o.wrapUpSeconds },
      transactionCodeLists: [
        { id: 70, name: 'Outcome', choice: 'single', items: [{ id: 701, label: 'Resolved' }, { id: 702, label: 'Escalated' }] },
        { id: 71, name: 'Topics', choice: 'multiple', items: [{ id: 711, label: 'Billing' }, { id: 712, label: 'Technical' }] },
      ],
      queues: [
        { id: o.queueId, name: 'Help desk', type: 'inbound', transactionCodeLists: [70, 71], codesRequired: o.codesRequired,
          tiers: [{ agent: o.people.ann, position: 1, level: 1 }, { agent: o.people.bob, position: 2, level: 1 }] },
        { id: o.queueId + 1, name: 'Callbacks', type: 'outbound', transactionCodeLists: [70, 71] },
      ],
      dids: [{ number: o.did, queue: o.queueId }],
      telephony: { agentDevices: { answer: 'by_hand' }, numbers: [{ pattern: '^\\+1555', outcome: 'answer', ringSeconds: 1, hangup: 'caller' }] },
      agents: [person(o.people.ann, 'Ann Agent'), person(o.people.bob, 'Bob Agent'), person(o.people.sam, 'Sam Supervisor', { pbx: { isAgent: false, permissionGroup: 2 } })],
    }],
  };
}
