/**
 * The WebSocket clients of `bench/ccs-sock.bench.ts`, in their own process so their parsing never
 * shares an event loop with the server or the traffic generator. Started by the bench as
 * `node --import tsx bench/sock-clients.ts '<json config>'` with an IPC channel: it opens the
 * clients (each sends the connect request and waits for the connect response), reports `ready`,
 * then counts every event frame per client, checks (seq, n) strictly increase per client, and
 * records delivery latency = receive time − the frame's `at` (wall clock, same machine).
 * `reset` starts the measured window; `status` reports the frames so far; `finish` sends the
 * result and exits. `SockTracker` and `openClient` are shared with the bench's control client.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';

export interface ClientsConfig { url: string; token: string; clients: number; concurrency: number }

export type ToChild = { type: 'reset' } | { type: 'status' } | { type: 'finish' };

export interface LatencySummary { count: number; mean: number; p50: number; p99: number; p999: number; max: number }

export interface ClientsResult {
  /** Per client, in order: frames received in the window, their (seq, n) hash, reorders/duplicates, close code (null: still open). */
  frames: number[];
  hashes: number[];
  disorders: number[];
  closeCodes: (number | null)[];
  closeReasons: string[];
  latency: LatencySummary;
  /** The child's CPU seconds (user + system) in the window. */
  cpuSeconds: number;
}

export type FromChild =
  | { type: 'ready'; connected: number; failures: string[]; ms: number }
  | { type: 'status'; frames: number; closed: number }
  | { type: 'result'; result: ClientsResult };

/** Latencies in ms, kept whole (a 20 s window of 1,000 clients is about 1–2 M numbers). */
export class Latencies {
  private values = new Float64Array(1 << 20);
  private size = 0;

  add(ms: number): void {
    if (this.size === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.size++] = ms;
  }

  reset(): void {
    this.size = 0;
  }

  summary(): LatencySummary {
    const sorted = this.values.subarray(0, this.size).sort();
    const at = (q: number): number => sorted[Math.min(this.size - 1, Math.floor(q * this.size))] ?? 0;
    let sum = 0;
    for (const v of sorted) sum += v;
    return { count: this.size, mean: this.size ? sum / this.size : 0, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted[this.size - 1] ?? 0 };
  }
}

/** Receive time in ms since the epoch with sub-ms resolution (`at` itself has whole ms). */
const wallNow = (): number => performance.timeOrigin + performance.now();

/**
 * One client's event stream: frames in the window, an order-dependent hash of their (seq, n) (two
 * clients with equal counts and hashes saw the same events), and every (seq, n) that did not
 * strictly follow the previous one (a duplicate or a reorder).
 */
export class SockTracker {
  frames = 0;
  hash = 0;
  disorders = 0;
  bytes = 0;
  closeCode: number | null = null;
  closeReason = '';
  private seq = -1;
  private n = -1;

  constructor(private readonly latencies: Latencies | null) {}

  onFrame(text: string): void {
    const body = JSON.parse(text) as { event?: string; seq?: number; n?: number; at?: string };
    if (body.event === undefined) return;
    const received = wallNow();
    const seq = body.seq ?? -1;
    const n = body.n ?? -1;
    if (seq < this.seq || (seq === this.seq && n <= this.n)) this.disorders += 1;
    this.seq = seq;
    this.n = n;
    this.frames += 1;
    this.bytes += text.length;
    this.hash = (Math.imul(this.hash, 0x01000193) ^ (seq * 64 + n)) >>> 0;
    this.latencies?.add(received - Date.parse(body.at ?? ''));
  }

  /** Starts the window: counts and hash from zero; the order check carries on. */
  reset(): void {
    this.frames = 0;
    this.hash = 0;
    this.disorders = 0;
    this.bytes = 0;
  }
}

/** Opens a client, sends the connect request, resolves once the connect response arrived. */
export function openClient(url: string, token: string, tracker: SockTracker): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let connected = false;
    ws.on('open', () => ws.send(JSON.stringify({ request: 'connect', token })));
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : (data as Buffer).toString('utf8');
      if (connected) return tracker.onFrame(text);
      const answer = JSON.parse(text) as { response?: string; success?: boolean };
      if (answer.response !== 'connect' || answer.success !== true) return reject(new Error(`unexpected connect answer: ${text.slice(0, 200)}`));
      connected = true;
      resolve(ws);
    });
    ws.on('close', (code, reason) => {
      tracker.closeCode = code;
      tracker.closeReason = reason.toString();
      if (!connected) reject(new Error(`closed ${code} ${reason.toString()} before the connect response`));
    });
    ws.on('error', (error) => {
      if (!connected) reject(error);
    });
  });
}

function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function main(config: ClientsConfig): Promise<void> {
  const send = (message: FromChild): void => void process.send?.(message);
  const latencies = new Latencies();
  const trackers = Array.from({ length: config.clients }, () => new SockTracker(latencies));
  const sockets: WebSocket[] = [];
  const failures: string[] = [];
  const started = performance.now();
  // In batches: a thousand simultaneous handshakes would overflow the server's listen backlog.
  for (let i = 0; i < trackers.length; i += config.concurrency) {
    const batch = trackers.slice(i, i + config.concurrency).map((t) => openClient(config.url, config.token, t));
    for (const outcome of await Promise.allSettled(batch)) {
      if (outcome.status === 'fulfilled') sockets.push(outcome.value);
      else failures.push(String(outcome.reason));
    }
  }
  send({ type: 'ready', connected: sockets.length, failures: failures.slice(0, 5), ms: performance.now() - started });
  let cpuAtReset = cpuNow();
  process.on('message', (message: ToChild) => {
    if (message.type === 'reset') {
      for (const t of trackers) t.reset();
      latencies.reset();
      cpuAtReset = cpuNow();
    } else if (message.type === 'status') {
      send({ type: 'status', frames: trackers.reduce((sum, t) => sum + t.frames, 0), closed: trackers.filter((t) => t.closeCode !== null).length });
    } else {
      const result: ClientsResult = {
        frames: trackers.map((t) => t.frames), hashes: trackers.map((t) => t.hash), disorders: trackers.map((t) => t.disorders),
        closeCodes: trackers.map((t) => t.closeCode), closeReasons: trackers.map((t) => t.closeReason),
        latency: latencies.summary(), cpuSeconds: cpuNow() - cpuAtReset,
      };
      send({ type: 'result', result });
      for (const ws of sockets) ws.terminate();
      process.disconnect?.();
    }
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(JSON.parse(process.argv[2] ?? '{}') as ClientsConfig);
}
