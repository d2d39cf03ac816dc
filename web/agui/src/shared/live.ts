/**
 * The workspace WebSocket (`/AGUI/ws`): the server pushes the whole view at once and whenever it
 * changes; the page sends nothing. Closes other than "not logged in" (4401) and "not a supervisor"
 * (4403) are treated as the network's fault and retried with a growing delay.
 */
import type { WorkspaceMessage } from '../../../../src/app/workspace/view.ts';
import { BASE } from './api.ts';

/** `connecting` before the first snapshot, `live` once one arrived, `reconnecting` after a drop. */
export type Connection = 'connecting' | 'live' | 'reconnecting';

/** Close codes the server uses to say "stop trying". */
export const CLOSE_NOT_LOGGED_IN = 4401;
export const CLOSE_NOT_SUPERVISOR = 4403;

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 10_000;

/** What the socket reports to its page. */
export interface LiveHandlers {
  onView(view: WorkspaceMessage['view']): void;
  onConnection(connection: Connection): void;
  /** The server closed with 4401 or 4403: no reconnect follows. */
  onRefused(code: number): void;
}

/**
 * Opens the socket (with `?view=supervisor` when `query` says so) and keeps it open.
 * @returns a function that closes it for good (sign-out, page teardown).
 */
export function openLive(query: string, handlers: LiveHandlers): () => void {
  let socket: WebSocket | null = null;
  let stopped = false;
  let delay = FIRST_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = (): void => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}${BASE}ws${query}`);
    socket.addEventListener('message', (event) => {
      const message = parse(event.data);
      if (message === null) return;
      // The backoff restarts only once the server really served us, not on a bare open.
      delay = FIRST_DELAY_MS;
      handlers.onConnection('live');
      handlers.onView(message.view);
    });
    socket.addEventListener('close', (event) => {
      socket = null;
      if (stopped) return;
      if (event.code === CLOSE_NOT_LOGGED_IN || event.code === CLOSE_NOT_SUPERVISOR) {
        stopped = true;
        handlers.onRefused(event.code);
        return;
      }
      handlers.onConnection('reconnecting');
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    });
  };

  handlers.onConnection('connecting');
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket?.close(1000, 'page closed the workspace');
  };
}

function parse(data: unknown): WorkspaceMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const message = JSON.parse(data) as Partial<WorkspaceMessage>;
    return message.type === 'snapshot' && message.view !== undefined ? (message as WorkspaceMessage) : null;
  } catch {
    return null;
  }
}
