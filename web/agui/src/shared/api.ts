/**
 * Fetch helpers for the workspace API (`/AGUI/api/...`). The session is an HttpOnly cookie the
 * page never sees; every POST/PUT is JSON because the server refuses other content types (its
 * CSRF defence). Failures become an {@link ApiError} whose `reason` is words fit to show.
 */

/** Where the pages and their API live (Vite's `base`). */
export const BASE = '/AGUI/';

/** A refused or failed request: the HTTP status (0 when the server was unreachable) and why. */
export class ApiError extends Error {
  /** @param status HTTP status, 0 for a network failure. @param retryAfter seconds, from `Retry-After`. */
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly field: string | null = null,
    readonly retryAfter: number | null = null,
  ) {
    super(reason);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT';

/**
 * Calls `BASE + 'api/' + path` and answers the parsed JSON body.
 * @example const view = await request<AgentView>('POST', 'queues/600/join');
 * @throws ApiError for a non-2xx answer or a network failure.
 */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (method !== 'GET') {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    // An action without fields still sends `{}`: the server checks the content type of every write.
    init.body = JSON.stringify(body ?? {});
  }
  let response: Response;
  try {
    response = await fetch(`${BASE}api/${path}`, init);
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check the network and try again.');
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFrom(response, payload);
  return payload as T;
}

function errorFrom(response: Response, payload: unknown): ApiError {
  const retryHeader = Number(response.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : null;
  if (payload !== null && typeof payload === 'object') {
    const { reason, field } = payload as { reason?: unknown; field?: unknown };
    if (typeof reason === 'string' && reason !== '') {
      return new ApiError(response.status, reason, typeof field === 'string' ? field : null, retryAfter);
    }
  }
  return new ApiError(response.status, `The server refused the request (HTTP ${response.status}).`, null, retryAfter);
}

/** Words for any error an action threw: the server's reason, or a generic line for a bug. */
export function reasonOf(error: unknown): string {
  if (error instanceof ApiError) return error.reason;
  return 'Something went wrong on this page. Reload it and try again.';
}

/** What `POST /AGUI/api/login` answers. */
export interface LoginResult {
  readonly success: true;
  readonly agentId: string;
  readonly name: string;
  readonly supervisor: boolean;
}

/** Logs in; the server sets the session cookie. */
export function login(username: string, password: string): Promise<LoginResult> {
  return request<LoginResult>('POST', 'login', { username, password });
}

/** Ends the session (the agent's status is left as it is). */
export async function logout(): Promise<void> {
  await request<unknown>('POST', 'logout');
}
