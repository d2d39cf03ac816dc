/** The page header: who is signed in, the tenant, the live indicator and "Sign out". */
import type { Connection } from './live.ts';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';

interface Props {
  readonly title: string;
  /** The signed-in user's name, when the page knows it. */
  readonly who: string | null;
  readonly tenant: string;
  readonly connection: Connection;
  readonly onSignOut: () => void;
}

/** Banner landmark with the page title as the only `<h1>`. */
export function Header({ title, who, tenant, connection, onSignOut }: Props) {
  return (
    <header class="topbar">
      <h1>{title}</h1>
      <p class="who">
        {who !== null && <span class="who-name">{who}</span>}
        <span class="who-tenant">{tenant}</span>
      </p>
      <div class="topbar-actions">
        <ConnectionIndicator connection={connection} />
        <button type="button" class="secondary" onClick={onSignOut}>Sign out</button>
      </div>
    </header>
  );
}
