import type { RawData, WebSocket } from 'ws';
import type { Platform } from '../../../app/platform.ts';
import type { CcsEventHub, OpenedStream } from '../../../app/ccs/ws/hub.ts';
import type { CcsSockOptions } from '../../../app/ccs/ws/options.ts';
import type { EventSink, TenantStream } from '../../../app/ccs/ws/tenant-stream.ts';
import type { WsCategory } from '../../../app/ccs/ws/event-mapper.ts';
import { PERMISSION_OF_CATEGORY } from '../../../domain/ccs/ws-events.ts';
import { CcsPermission } from '../../../domain/ccs/permissions.ts';
import { HttpRefusal } from '../../http/failures.ts';
import { resolveCcsCaller, type CcsCaller } from '../auth.ts';
import { parseConnect } from './handshake.ts';

/** One event body goes to every client of its tenant: encoded once (UTF-8 JSON), not once per client. */
const frames = new WeakMap<object, Buffer>();
function serialised(message: Record<string, unknown>): Buffer {
  let frame = frames.get(message);
  if (frame === undefined) frames.set(message, (frame = Buffer.from(JSON.stringify(message), 'utf8')));
  return frame;
}

/** The close codes of `docs/ccs-events.md`. */
export const SockClose = {
  GoingAway: 1001,
  Internal: 1011,
  TooSlow: 4008,
  BadRequest: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  ConnectTimeout: 4408,
} as const;
export type SockClose = (typeof SockClose)[keyof typeof SockClose];

/** What a session needs of the endpoint. */
export interface SessionDeps {
  readonly platform: Platform;
  readonly hub: CcsEventHub;
  readonly options: CcsSockOptions;
  readonly onError: (error: unknown, context: string) => void;
  /** Called once when the session ends, whatever the cause. */
  readonly onGone: (session: SockSession) => void;
}

const EVENT_PERMISSIONS = [CcsPermission.AgentEvents, CcsPermission.CallEvents, CcsPermission.InboundQueueEvents] as const;
/** WebSocket close reasons are at most 123 bytes. */
const MAX_REASON_BYTES = 123;

function shortReason(reason: string): string {
  let text = reason;
  while (Buffer.byteLength(text) > MAX_REASON_BYTES) text = text.slice(0, -1);
  return text;
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** Why a caller may not use the event stream (4403), or null. */
function eventRefusal(caller: CcsCaller): string | null {
  if (!caller.permissions.has(CcsPermission.Api)) return "Forbidden: the 'API' permission is required";
  if (!EVENT_PERMISSIONS.some((p) => caller.permissions.has(p))) return 'Forbidden: one of the Agent Events, Call Events or Inbound Queue Events permissions is required';
  return null;
}

function usernameOf(platform: Platform, caller: CcsCaller): string {
  const { token } = caller;
  if (token.level === 'telco') return platform.ccs.catalogue.telco(token.telcoUuid)?.users.find((u) => u.uuid === token.userUuid)?.username ?? token.userUuid;
  return platform.directory.agent(token.tenantId, token.agentId)?.username ?? token.agentId;
}

/**
 * One client of `/6/v2/sock`: the connect handshake, then its tenants' events (the hub hands
 * frames over; this never waits for the client: past the byte bound it is closed 4008),
 * pings answered, its token re-checked on each heartbeat and at its expiry (4401).
 */
export class SockSession implements EventSink {
  closed = false;
  private state: 'awaiting' | 'connecting' | 'connected' = 'awaiting';
  private alive = true;
  /** Frames handed to the socket and not yet written out. */
  private token = '';
  private permissions: CcsCaller['permissions'] = new Set();
  private readonly streams: TenantStream[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly connectTimer: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: SessionDeps,
  ) {
    const seconds = deps.options.connectTimeoutMs / 1000;
    this.connectTimer = setTimeout(() => this.end(SockClose.ConnectTimeout, `no connect request within ${seconds} s`), deps.options.connectTimeoutMs);
    this.timers.push(this.connectTimer);
    ws.on('message', (data, isBinary) => {
      this.onMessage(data, isBinary).catch((error: unknown) => {
        deps.onError(error, 'ccs sock: message');
        this.end(SockClose.Internal, 'internal error');
      });
    });
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('close', () => this.release());
    ws.on('error', () => this.release());
  }

  allows(category: WsCategory): boolean {
    return this.permissions.has(PERMISSION_OF_CATEGORY[category]);
  }

  /** Hands an event frame to the socket, or closes a client that is too far behind (4008). */
  send(body: Record<string, unknown>): void {
    if (this.closed) return;
    const { maxBufferedBytes } = this.deps.options;
    if (this.ws.bufferedAmount > maxBufferedBytes) {
      this.end(SockClose.TooSlow, `too slow: behind at seq ${String(body.seq)}; reconnect and resume`);
      return;
    }
    this.write(body);
  }

  /** The heartbeat: drops a client that did not pong since the last ping, pings, re-checks the token. */
  tick(): void {
    if (this.closed) return;
    if (!this.alive) {
      this.release();
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
    if (this.state === 'connected') {
      this.recheck().catch((error: unknown) => this.deps.onError(error, 'ccs sock: token check'));
    }
  }

  /** Closes the connection with a code and reason (once). */
  end(code: SockClose, reason: string): void {
    if (this.closed) return;
    this.release();
    this.ws.close(code, shortReason(reason));
  }

  private write(message: Record<string, unknown>): void {
    this.ws.send(serialised(message), { binary: false });
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const stream of this.streams) this.deps.hub.close(stream);
    this.deps.onGone(this);
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    if (this.closed) return;
    const text = isBinary ? null : textOf(data);
    if (this.state !== 'awaiting') return this.answer(text);
    this.state = 'connecting';
    clearTimeout(this.connectTimer);
    await this.connect(text);
  }

  /** Requests after the connect: ping, or an error response (the connection stays). */
  private answer(text: string | null): void {
    let request: unknown;
    try {
      request = text === null ? undefined : JSON.parse(text);
    } catch {
      request = undefined;
    }
    const name = typeof request === 'object' && request !== null ? (request as { request?: unknown }).request : undefined;
    if (name === 'ping') return this.write({ response: 'pong' });
    const reason = text === null || request === undefined ? 'messages must be JSON text' : name === 'connect' ? 'already connected' : `unknown request ${JSON.stringify(name ?? null)}; only "ping" is accepted`;
    this.write({ response: 'error', reason });
  }

  private async connect(text: string | null): Promise<void> {
    const request = text === null ? { refusal: 'messages must be JSON text frames' } : parseConnect(text);
    if ('refusal' in request) return this.end(SockClose.BadRequest, request.refusal);
    const caller = await this.authenticate(request.token);
    if (!caller || this.closed) return;
    const refusal = eventRefusal(caller);
    if (refusal !== null) return this.end(SockClose.Forbidden, refusal);
    this.token = request.token;
    this.permissions = caller.permissions;
    this.timers.push(setTimeout(() => this.end(SockClose.Unauthorized, 'Unauthorized'), Math.min(Math.max(caller.token.expiresAt - Date.now(), 0), 2 ** 31 - 1)));
    const { platform, hub } = this.deps;
    const tenants = caller.level === 'telco' ? platform.ccs.tenants.ofTelco(caller.telcoUuid ?? '') : caller.tenant ? [caller.tenant] : [];
    const opened: { uuid: string; stream: OpenedStream }[] = [];
    for (const tenant of tenants) {
      const stream = await hub.open(tenant.id, this, request.resume.get(tenant.ccsUuid));
      this.streams.push(stream.stream);
      opened.push({ uuid: tenant.ccsUuid, stream });
    }
    if (this.closed) {
      for (const stream of this.streams) hub.close(stream);
      return;
    }
    this.write({
      response: 'connect', success: true, user: { username: usernameOf(platform, caller), level: caller.level }, permissions: [...caller.permissions].sort(),
      tenants: opened.map(({ uuid, stream: s }) => ({ tenant_id: uuid, seq: s.seq, resumed: s.resumed, ...(s.reason !== undefined && { reason: s.reason }) })),
    });
    this.state = 'connected';
    for (const { stream } of opened) await stream.start();
  }

  /** The caller, or undefined once the connection is closed 4401/4403. */
  private async authenticate(token: string): Promise<CcsCaller | undefined> {
    try {
      return await resolveCcsCaller(this.deps.platform, token);
    } catch (error) {
      if (!(error instanceof HttpRefusal)) throw error;
      if (error.statusCode === 401) this.end(SockClose.Unauthorized, 'Unauthorized');
      else this.end(SockClose.Forbidden, error.message);
      return undefined;
    }
  }

  /** A token revoked (or its user gone, deactivated, or stripped of the permissions) ends the connection. */
  private async recheck(): Promise<void> {
    const caller = await this.authenticate(this.token);
    if (!caller || this.closed) return;
    const refusal = eventRefusal(caller);
    if (refusal !== null) return this.end(SockClose.Forbidden, refusal);
    this.permissions = caller.permissions;
  }
}
