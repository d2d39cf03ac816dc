import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
import type { Platform } from '../../../app/platform.ts';
import { CcsEventHub } from '../../../app/ccs/ws/hub.ts';
import { CcsEventMapper } from '../../../app/ccs/ws/event-mapper.ts';
import { sockOptions, type CcsSockOptions } from '../../../app/ccs/ws/options.ts';
import { SockClose, SockSession } from './session.ts';
import { refuseUpgrade, type Upgrades } from '../../http/upgrades.ts';

/** Client messages are small JSON requests; larger frames are refused by `ws` (close 1009). */
const MAX_PAYLOAD = 64 * 1024;
/** How long clients get to answer the shutdown close before their sockets are cut. */
const SHUTDOWN_GRACE_MS = 1000;

const isSockPath = (path: string): boolean => path === '/6/v2/sock' || path === '/6/v2/sock/';

/**
 * The CCS WebSocket endpoint `/6/v2/sock` (`docs/ccs-events.md`) on Fastify's HTTP(S) server:
 * upgrades, one session per client over one event hub, the heartbeat, and a clean shutdown
 * (every socket closed 1001 before the server stops, so `close()` does not wait on them).
 * @example ccsSock(app, upgrades, platform, { heartbeatMs: 200 });
 */
export function ccsSock(app: FastifyInstance, upgrades: Upgrades, platform: Platform, options: Partial<CcsSockOptions> = {}): void {
  const merged = sockOptions(options);
  const onError = (error: unknown, context: string): void => app.log.error({ err: error }, context);
  const hub = new CcsEventHub(platform, new CcsEventMapper(platform), merged, (error) => onError(error, 'ccs sock: mapping'));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  const sessions = new Set<SockSession>();
  const deps = { platform, hub, options: merged, onError, onGone: (session: SockSession) => sessions.delete(session) };
  let heartbeat: NodeJS.Timeout | null = null;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (heartbeat === null) return refuseUpgrade(socket, 404, 'Not Found'); // not started, or shutting down
    wss.handleUpgrade(request, socket, head, (ws) => sessions.add(new SockSession(ws, deps)));
  };

  app.addHook('onReady', async () => {
    hub.start();
    heartbeat = setInterval(() => {
      for (const session of sessions) session.tick();
    }, merged.heartbeatMs);
  });
  upgrades.add(isSockPath, onUpgrade);
  // preClose, not onClose: open sockets would keep the HTTP server's close() waiting.
  app.addHook('preClose', async () => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    const clients = [...wss.clients];
    for (const session of sessions) session.end(SockClose.GoingAway, 'server shutting down');
    hub.stop();
    await Promise.race([
      Promise.all(clients.map((ws) => (ws.readyState === ws.CLOSED ? undefined : new Promise((resolve) => ws.once('close', resolve))))),
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref()),
    ]);
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
}
