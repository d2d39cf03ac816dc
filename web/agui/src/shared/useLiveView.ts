/**
 * The life of a page's view: load it over HTTP (401 → login form, 403 → wrong kind of user), then
 * keep it fresh from the WebSocket until sign-out. Actions answer a view too; those go through
 * {@link LiveView.accept}, which ignores one older than the view on screen (a snapshot pushed over
 * the socket may overtake the HTTP answer of the action that caused it).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { WorkspaceMessage } from '../../../../src/app/workspace/view.ts';
import { ApiError, reasonOf } from './api.ts';
import { offsetFor } from './clock.ts';
import { CLOSE_NOT_SUPERVISOR, openLive, type Connection } from './live.ts';

type AnyView = WorkspaceMessage['view'];

/** `loading` until the first answer; `login` and `forbidden` show the login form. */
export type Phase = 'loading' | 'login' | 'forbidden' | 'ready';

interface Options<V extends AnyView> {
  /** Fetches the view (`GET /AGUI/api/me` or `/supervisor`). */
  readonly load: () => Promise<V>;
  /** The socket's query string: `''` or `'?view=supervisor'`. */
  readonly query: string;
  readonly kind: V['kind'];
}

/** What a page renders from. */
export interface LiveView<V extends AnyView> {
  readonly phase: Phase;
  readonly view: V | null;
  /** Server time minus browser time when the view arrived (see clock.ts). */
  readonly offset: number;
  readonly connection: Connection;
  /** Why the first load failed (it is retried); null otherwise. */
  readonly loadError: string | null;
  /** Shows a view an action answered, unless a newer one is already on screen. */
  readonly accept: (view: V) => void;
  /** After a successful login: load again. */
  readonly loggedIn: () => void;
  /** Shows the login form again (after sign-out). */
  readonly signedOut: () => void;
  /** Shows the login form with "this page is not for you". */
  readonly forbid: () => void;
}

const LOAD_RETRY_MS = 3_000;

/** The hook behind both pages. */
export function useLiveView<V extends AnyView>({ load, query, kind }: Options<V>): LiveView<V> {
  const [phase, setPhase] = useState<Phase>('loading');
  const [shown, setShown] = useState<{ view: V; offset: number } | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [attempt, setAttempt] = useState(0);

  const show = useCallback((view: V, onlyIfNewer: boolean) => {
    setShown((current) => (onlyIfNewer && current !== null && current.view.now > view.now
      ? current
      : { view, offset: offsetFor(view.now) }));
  }, []);
  const leave = useCallback((next: Phase) => {
    setShown(null);
    setPhase(next);
  }, []);

  const loadError = useFirstLoad(load, attempt, (view) => {
    show(view, false);
    setPhase('ready');
  }, leave, () => setAttempt((n) => n + 1));

  useEffect(() => {
    if (phase !== 'ready') return undefined;
    return openLive(query, {
      onView: (view) => {
        // The socket's snapshots come in order: the newest always wins, even after a server restart.
        if (view.kind === kind) show(view as V, false);
      },
      onConnection: setConnection,
      onRefused: (code) => leave(code === CLOSE_NOT_SUPERVISOR ? 'forbidden' : 'login'),
    });
  }, [phase, query, kind, show, leave]);

  return {
    phase,
    view: shown?.view ?? null,
    offset: shown?.offset ?? 0,
    connection,
    loadError,
    accept: useCallback((view: V) => show(view, true), [show]),
    loggedIn: useCallback(() => {
      setPhase('loading');
      setAttempt((n) => n + 1);
    }, []),
    signedOut: useCallback(() => leave('login'), [leave]),
    forbid: useCallback(() => leave('forbidden'), [leave]),
  };
}

/**
 * Loads the view once per `attempt`. 401/403 go to `refused`; anything else (server down, a 5xx)
 * is shown and retried after a pause. Answers why the last load failed, or null.
 */
function useFirstLoad<V>(
  load: () => Promise<V>,
  attempt: number,
  loaded: (view: V) => void,
  refused: (phase: Phase) => void,
  retry: () => void,
): string | null {
  const [error, setError] = useState<string | null>(null);
  // The callbacks change every render; only a new attempt (or a new loader) starts a load.
  const latest = useRef({ loaded, refused, retry });
  latest.current = { loaded, refused, retry };

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    load().then((view) => {
      if (cancelled) return;
      setError(null);
      latest.current.loaded(view);
    }, (caught: unknown) => {
      if (cancelled) return;
      if (caught instanceof ApiError && (caught.status === 401 || caught.status === 403)) {
        setError(null);
        latest.current.refused(caught.status === 401 ? 'login' : 'forbidden');
        return;
      }
      setError(reasonOf(caught));
      timer = setTimeout(() => latest.current.retry(), LOAD_RETRY_MS);
    });
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [load, attempt]);
  return error;
}
