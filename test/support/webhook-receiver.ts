import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, and what it answered. */
export interface Received {
  readonly headers: IncomingHttpHeaders;
  /** The request's path and query. */
  readonly path: string;
  readonly raw: string;
  readonly body: { seq: number; type: string; [k: string]: unknown };
  readonly status: number;
}

/** A real HTTP webhook receiver for tests: records every request; `status` decides each answer. */
export interface Receiver {
  readonly url: string;
  readonly requests: Received[];
  /** Bodies of the requests answered 2xx, in arrival order. */
  delivered(): Received[];
  /** What the next requests are answered (default 200). */
  status: (request: number) => number;
  close(): Promise<void>;
  /** Resolves once `test` holds (polled), or rejects after `timeoutMs`. */
  waitFor(test: (r: Receiver) => boolean, timeoutMs?: number): Promise<void>;
}

/** JSON bodies as objects; form bodies (click-to-dial callbacks) as objects of their fields. */
function parseBody(raw: string, contentType: string | undefined): Received['body'] {
  if (/^application\/x-www-form-urlencoded/.test(contentType ?? '')) return Object.fromEntries(new URLSearchParams(raw)) as unknown as Received['body'];
  return JSON.parse(raw) as Received['body'];
}

/** @example const receiver = await startReceiver(); … receiver.delivered() */
export async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const status = receiver.status(requests.length);
      requests.push({ headers: req.headers, path: req.url ?? '', raw, body: parseBody(raw, req.headers['content-type']), status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try later');
    });
  });
  const receiver: Receiver = {
    url: '',
    requests,
    delivered: () => requests.filter((r) => r.status < 300),
    status: () => 200,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    async waitFor(test, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!test(receiver)) {
        if (Date.now() > deadline) throw new Error(`receiver: condition not met within ${timeoutMs} ms (${requests.length} requests)`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (receiver as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
