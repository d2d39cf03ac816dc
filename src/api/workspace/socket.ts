import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Platform } from '../../app/platform.ts';
import { refuseUpgrade, type Upgrades } from '../http/upgrades.ts';
import { sameOrigin, sessionCaller } from './auth.ts';

/** Close codes the pages act on (4000–4999 are the application's). */
export const WorkspaceClose = {
  GoingAway: 1001,
  /** No live session: the page shows its login form. */
  Unauthorized: 4401,
  /** The supervisor view for a user who is not a supervisor. */
  Forbidden: 4403,
  /** The view could not be built any more (the user was deleted). */
  Gone: 4410,
} as const;

/** Pages send nothing; a frame is a mistake or an attack. */
const MAX_PAYLOAD = 1024;
/** A page this far behind gets no new snapshot until it drains (the newest follows then). */
const MAX_BUFFERED = 1024 * 1024;
const HEARTBEAT_MS = 30_000;

const isWorkspaceSocket = (path: string): boolean => path === '/AGUI/ws' || path === '/AGUI/ws/';

/**
 * The workspace WebSocket `/AGUI/ws` (`?view=supervisor` for the supervisor page): the session
 * cookie authenticates, the browser's `Origin` must be this server (no other site may open a
 * socket with the agent's cookie), and the page then receives its whole view whenever it changes
 * (`app/workspace/live.ts`). A refused socket is accepted and closed with a code the page reads
 * (4401, 4403): a refused upgrade would only show the page "connection failed".
 * @example workspaceSocket(app, upgrades, platform);
 */
export function workspaceSocket(app: FastifyInstance, upgrades: Upgrades, platform: Platform): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  const alive = new WeakSet<WebSocket>();
  let heartbeat: NodeJS.Timeout | null = null;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (heartbeat === null) return refuseUpgrade(socket, 503, 'Service Unavailable');
    if (!sameOrigin(request.headers)) return refuseUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(request, socket, head, (ws) => open(ws, request));
  };

  const open = (ws: WebSocket, request: IncomingMessage): void => {
    const caller = sessionCaller(platform, request.headers);
    const supervisor = new URL(request.url ?? '/', 'http://x').searchParams.get('view') === 'supervisor';
    if (caller === null) return ws.close(WorkspaceClose.Unauthorized, 'not logged in');
    if (supervisor && !caller.supervisor) return ws.close(WorkspaceClose.Forbidden, 'this page is for supervisors');
    alive.add(ws);
    const stop = platform.workspace.live.subscribe({
      tenantId: caller.tenantId,
      agentId: caller.agentId,
      kind: supervisor ? 'supervisor' : 'agent',
      send: (message) => {
        if (ws.readyState !== ws.OPEN || ws.bufferedAmount > MAX_BUFFERED) return false;
        ws.send(message);
        return true;
      },
      fail: (reason) => ws.close(WorkspaceClose.Gone, reason.slice(0, 120)),
    });
    ws.on('pong', () => alive.add(ws));
    ws.on('message', () => ws.close(1008, 'the workspace socket takes no messages'));
    ws.on('close', stop);
    ws.on('error', () => ws.terminate());
  };

  upgrades.add(isWorkspaceSocket, onUpgrade);
  app.addHook('onReady', async () => {
    // A connection that misses a ping round is dead (a laptop lid closed): drop it and its subscription.
    heartbeat = setInterval(() => {
      for (const ws of wss.clients) {
        if (!alive.has(ws)) ws.terminate();
        else {
          alive.delete(ws);
          ws.ping();
        }
      }
    }, HEARTBEAT_MS);
  });
  app.addHook('preClose', async () => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    for (const ws of wss.clients) ws.close(WorkspaceClose.GoingAway, 'server shutting down');
    await new Promise((resolve) => setTimeout(resolve, 100).unref());
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
}
