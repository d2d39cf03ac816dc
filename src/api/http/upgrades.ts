import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Takes over an upgrade request's socket (hands it to a WebSocket server, or refuses it). */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Refuses an upgrade with a plain HTTP status (no WebSocket is opened).
 * @example refuseUpgrade(socket, 404, 'Not Found');
 */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * The server's WebSocket endpoints share one `upgrade` listener: each path goes to its endpoint,
 * any other is refused 404 (a socket nobody handles would hang until the client gives up).
 * @example upgrades.add((path) => path === '/6/v2/sock', onUpgrade); server.on('upgrade', upgrades.listener);
 */
export class Upgrades {
  private readonly routes: { readonly matches: (path: string) => boolean; readonly handle: UpgradeHandler }[] = [];

  add(matches: (path: string) => boolean, handle: UpgradeHandler): void {
    this.routes.push({ matches, handle });
  }

  readonly listener = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const route = this.routes.find((r) => r.matches(path));
    if (route === undefined) return refuseUpgrade(socket, 404, 'Not Found');
    route.handle(request, socket, head);
  };
}
