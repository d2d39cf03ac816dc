/** The agent page: the login form without a session, the workspace with one. */
import { ClockOffset } from '../shared/clock.ts';
import { Login } from '../shared/Login.tsx';
import { useLiveView } from '../shared/useLiveView.ts';
import { fetchAgentView } from './actions.ts';
import { Workspace } from './Workspace.tsx';

const TITLE = 'Agent workspace';

/** The root component of `/AGUI/`. */
export function AgentApp() {
  const live = useLiveView({ load: fetchAgentView, query: '', kind: 'agent' });
  if (live.phase === 'login' || live.phase === 'forbidden') return <Login title={TITLE} onLoggedIn={live.loggedIn} />;
  if (live.view === null) {
    return (
      <main class="loading">
        <p role="status">{live.loadError === null ? 'Loading the workspace…' : `${live.loadError} Retrying…`}</p>
      </main>
    );
  }
  return (
    <ClockOffset.Provider value={live.offset}>
      <Workspace view={live.view} connection={live.connection} accept={live.accept} signedOut={live.signedOut} />
    </ClockOffset.Provider>
  );
}
