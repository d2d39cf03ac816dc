/** The supervisor page: the login form, "not for you" for other users, else the two tables. */
import type { SupervisorView } from '../../../../src/app/workspace/view.ts';
import { useState } from 'preact/hooks';
import { ApiError, BASE, logout, reasonOf, request, type LoginResult } from '../shared/api.ts';
import { ClockOffset } from '../shared/clock.ts';
import { ErrorRegion } from '../shared/ErrorRegion.tsx';
import { Header } from '../shared/Header.tsx';
import { Login } from '../shared/Login.tsx';
import { useLiveView } from '../shared/useLiveView.ts';
import { AgentsTable } from './AgentsTable.tsx';
import { QueuesTable } from './QueuesTable.tsx';

const TITLE = 'Supervisor';

/** `GET /AGUI/api/supervisor` (401 not logged in, 403 not a supervisor). */
function fetchSupervisorView(): Promise<SupervisorView> {
  return request<SupervisorView>('GET', 'supervisor');
}

/** The root component of `/AGUI/supervisor/`. */
export function SupervisorApp() {
  const live = useLiveView({ load: fetchSupervisorView, query: '?view=supervisor', kind: 'supervisor' });
  const [error, setError] = useState<string | null>(null);
  const loggedIn = (result: LoginResult): void => (result.supervisor ? live.loggedIn() : live.forbid());

  if (live.phase === 'login') return <Login title={TITLE} onLoggedIn={loggedIn} />;
  if (live.phase === 'forbidden') {
    return (
      <Login title={TITLE} notice="This page is for supervisors. Log in as a supervisor." onLoggedIn={loggedIn}>
        <p><a href={BASE}>Open the agent workspace</a></p>
      </Login>
    );
  }
  if (live.view === null) {
    return (
      <main class="loading">
        <p role="status">{live.loadError === null ? 'Loading the supervisor page…' : `${live.loadError} Retrying…`}</p>
      </main>
    );
  }
  const signOut = async (): Promise<void> => {
    setError(null);
    try {
      await logout();
    } catch (caught) {
      // 401: the session was gone already, which is what signing out wanted.
      if (!(caught instanceof ApiError && caught.status === 401)) {
        setError(reasonOf(caught));
        return;
      }
    }
    live.signedOut();
  };
  return (
    <ClockOffset.Provider value={live.offset}>
      <Header title={TITLE} who={live.view.viewer.name} tenant={live.view.tenant.name} connection={live.connection} onSignOut={() => void signOut()} />
      <main class="supervisor">
        <ErrorRegion message={error} testId="errors" />
        <AgentsTable agents={live.view.agents} queues={live.view.queues} />
        <QueuesTable queues={live.view.queues} />
      </main>
    </ClockOffset.Provider>
  );
}
