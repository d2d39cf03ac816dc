import { setTimeout as sleep } from 'node:timers/promises';
import type { Scenario } from '../../domain/sim/scenario.ts';
import type { ArrivalAction, PresenceAction } from '../../domain/sim/timeline.ts';
import type { LogDigest } from './digest.ts';
import { scenarioTenant, statusRequestFor } from './scenario-tenant.ts';
import type { SimTarget } from './target.ts';

/** The admin API's largest advance per request (`POST /admin/v1/clock/advance`, 31 days). */
const MAX_ADVANCE_MS = 31 * 86_400_000;
/** A wall-clock wait this long is announced (`WallHttpTarget`'s `onLongWait`). */
const LONG_WAIT_MS = 60_000;

/** A non-2xx answer of the admin API: what was asked, the status, and the server's own message. */
export class AdminApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly serverMessage: string,
  ) {
    super(`${method} ${path} answered ${status}: ${serverMessage}`);
  }
}

/** The server a target talks to. */
export interface AdminEndpoint {
  /** Base URL, e.g. `http://127.0.0.1:8080` (a trailing slash is fine). */
  readonly url: string;
  /** The admin bearer token. */
  readonly token: string;
  /** Once aborted, the next request (or wait) throws; a request already sent is let finish, so the server never sees half an action. */
  readonly signal?: AbortSignal;
}

/** `GET /admin/v1/clock`. */
export interface ServerClock {
  readonly mode: 'wall' | 'virtual';
  readonly now: number;
}

/**
 * Sends one admin request and returns the parsed JSON answer; throws `AdminApiError` on a
 * non-2xx answer (and fetch's own `TypeError` when the server can't be reached).
 * @example const clock = await adminRequest<ServerClock>(endpoint, 'GET', '/clock');
 */
export async function adminRequest<T>(endpoint: AdminEndpoint, method: string, path: string, body?: unknown): Promise<T> {
  endpoint.signal?.throwIfAborted();
  const full = `/admin/v1${path}`;
  const res = await fetch(endpoint.url.replace(/\/+$/, '') + full, {
    method,
    headers: { authorization: `Bearer ${endpoint.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new AdminApiError(method, full, res.status, serverMessage(text));
  return JSON.parse(text) as T;
}

function serverMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON (a proxy's error page, say): show the start of it as it is
  }
  return text.slice(0, 200) || '(no message)';
}

/**
 * A running server driven through its admin API, on its virtual clock: the same actions
 * `LocalTarget` takes in-process, over HTTP. Requests go one at a time, each answered only once
 * what it set in motion has settled on the server, so the server's event log is the one
 * `simulate` produces for the same scenario (given the seeds `streamSeed` names).
 * @example const result = await drive(scenario, new HttpTarget({ url, token }, scenario), scenarioStreams(scenario.seed));
 */
export class HttpTarget implements SimTarget {
  /** The server's contact-center time as last seen; null until asked (the clock only moves through this target). */
  private serverNow: number | null = null;
  private placed = 0;

  constructor(
    protected readonly endpoint: AdminEndpoint,
    protected readonly scenario: Scenario,
  ) {}

  /** Callers that have arrived so far (requests the server accepted). */
  get calls(): number {
    return this.placed;
  }

  /** The server's clock: its mode and contact-center time. */
  clock(): Promise<ServerClock> {
    return this.request<ServerClock>('GET', '/clock');
  }

  async now(): Promise<number> {
    this.serverNow = (await this.clock()).now;
    return this.serverNow;
  }

  async prepare(): Promise<void> {
    // The same document `simulate` applies in memory.
    await this.request('PUT', '/provisioning', scenarioTenant(this.scenario));
  }

  async advanceTo(at: number): Promise<void> {
    let now = this.serverNow ?? (await this.now());
    while (now < at) {
      const ms = Math.min(at - now, MAX_ADVANCE_MS);
      // ms is whole, so ms / 1000 prints exactly enough digits for the server's Math.round(seconds * 1000) to give it back.
      now = (await this.request<ServerClock>('POST', `/clock/advance?seconds=${ms / 1000}`)).now;
      this.serverNow = now;
    }
  }

  async arrive(action: ArrivalAction): Promise<void> {
    await this.request('POST', `${this.tenantPath()}/telephony/inbound`, { from: action.from, to: action.did, ...this.behaviour(action) });
    this.placed++;
  }

  async presence(action: PresenceAction): Promise<void> {
    await this.request('PUT', `${this.tenantPath()}/agents/${encodeURIComponent(action.agentId)}/status`, statusRequestFor(action.presence));
  }

  digest(): Promise<LogDigest> {
    return this.request<LogDigest>('GET', `${this.tenantPath()}/events/digest`);
  }

  /** The caller's talk time and patience as the server is told them (a subclass may scale them). */
  protected behaviour(action: ArrivalAction): { talkMs: number; patienceMs: number | null } {
    return { talkMs: action.talkMs, patienceMs: action.patienceMs };
  }

  protected request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return adminRequest<T>(this.endpoint, method, path, body);
  }

  private tenantPath(): string {
    return `/tenants/${encodeURIComponent(this.scenario.tenant)}`;
  }
}

/**
 * A server on the wall clock, fed the scenario in real time (or `speed` times faster): each
 * action waits for its moment on this machine's clock. Scenario times and the callers' talk time
 * and patience are divided by `speed`; the tenant's wrap-up and ring times are not (they are the
 * tenant's settings, applied by the server as they are). Not reproducible: a wall run shows a
 * live server under traffic; the identity check is virtual mode's.
 * @example const target = new WallHttpTarget({ url, token, signal }, scenario, 60);
 * await drive(scenario, target, scenarioStreams(scenario.seed), { startAt: (now) => target.begin(now) });
 */
export class WallHttpTarget extends HttpTarget {
  private origin: number | null = null;

  constructor(
    endpoint: AdminEndpoint,
    scenario: Scenario,
    readonly speed: number,
    /** Told before a wait of a minute or more (a scenario whose calls start at 07:00 begins with one), so a quiet run doesn't look hung. */
    private readonly onLongWait?: (waitMs: number, scenarioMs: number) => void,
  ) {
    super(endpoint, scenario);
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, not ${speed}`);
  }

  /** `DriveOptions.startAt`: the scenario starts at once, and scenario time counts from here. */
  begin(now: number): number {
    this.origin = now;
    return now;
  }

  /** This machine's clock: the waits are measured on it, so a server's clock skew doesn't matter. */
  override async now(): Promise<number> {
    return Date.now();
  }

  override async advanceTo(at: number): Promise<void> {
    const origin = this.origin;
    if (origin === null) throw new Error('a wall-clock run starts now: drive(…, { startAt: (now) => target.begin(now) })');
    const wait = origin + (at - origin) / this.speed - Date.now();
    this.endpoint.signal?.throwIfAborted();
    if (wait >= LONG_WAIT_MS) this.onLongWait?.(wait, at - origin);
    if (wait > 0) await sleep(wait, undefined, this.endpoint.signal ? { signal: this.endpoint.signal } : {});
  }

  protected override behaviour(action: ArrivalAction): { talkMs: number; patienceMs: number | null } {
    return {
      talkMs: Math.round(action.talkMs / this.speed),
      patienceMs: action.patienceMs === null ? null : Math.round(action.patienceMs / this.speed),
    };
  }
}
