/** The login form both pages show when there is no session (or the wrong kind of user). */
import { useState } from 'preact/hooks';
import type { ComponentChildren, JSX } from 'preact';
import { ApiError, login, type LoginResult } from './api.ts';
import { ErrorRegion } from './ErrorRegion.tsx';

interface Props {
  /** The page's name, e.g. "Agent workspace". */
  readonly title: string;
  /** A line shown above the form, e.g. "This page is for supervisors". */
  readonly notice?: string | null;
  /** Shown under the notice, e.g. a link to the other page. */
  readonly children?: ComponentChildren;
  readonly onLoggedIn: (result: LoginResult) => void;
}

/** Username + password form; refusals are shown in words in an alert region. */
export function Login({ title, notice = null, children, onLoggedIn }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await login(username.trim(), password);
      setPassword('');
      onLoggedIn(result);
    } catch (caught) {
      setError(loginErrorWords(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <h1>{title}</h1>
      {notice !== null && <p class="notice">{notice}</p>}
      {children}
      <form class="panel login-form" onSubmit={submit} aria-busy={busy}>
        <h2>Log in</h2>
        <div class="field">
          <label for="login-username">Username</label>
          <input id="login-username" name="username" type="text" autoComplete="username" spellcheck={false}
            required value={username} onInput={(event) => setUsername(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="login-password">Password</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password"
            required value={password} onInput={(event) => setPassword(event.currentTarget.value)} />
        </div>
        <ErrorRegion message={error} />
        <button type="submit">Log in</button>
      </form>
    </main>
  );
}

/** The words for a failed login: the server's own reason wins for cases we do not know. */
function loginErrorWords(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong on this page. Reload it and try again.';
  if (error.status === 401) return 'Wrong username or password';
  if (error.status === 429) {
    return error.retryAfter === null
      ? 'Too many failed logins; try again later'
      : `Too many failed logins; try again in ${error.retryAfter} s`;
  }
  if (error.status === 403) return error.reason === 'Forbidden' ? 'This user is not active' : error.reason;
  return error.reason;
}
