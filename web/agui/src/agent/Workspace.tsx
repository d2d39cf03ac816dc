/**
 * The logged-in agent's page: header, the errors region, an incoming call first, then the panels.
 * Owns the "last action's refusal" message and the runner every action goes through.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import type { AgentView } from '../../../../src/app/workspace/view.ts';
import { ApiError, logout, reasonOf } from '../shared/api.ts';
import { ErrorRegion } from '../shared/ErrorRegion.tsx';
import { Header } from '../shared/Header.tsx';
import type { Connection } from '../shared/live.ts';
import { setStatus, type RunAction } from './actions.ts';
import { IncomingCall } from './IncomingCall.tsx';
import { Lines } from './Lines.tsx';
import { PlaceCall } from './PlaceCall.tsx';
import { PostProcessingPanel } from './PostProcessingPanel.tsx';
import { QueuesPanel } from './QueuesPanel.tsx';
import { isLoggedOut, StatusPanel } from './StatusPanel.tsx';
import { ScreenPops } from './ScreenPops.tsx';

interface Props {
  readonly view: AgentView;
  readonly connection: Connection;
  readonly accept: (view: AgentView) => void;
  readonly signedOut: () => void;
}

/** The workspace layout: two columns from 60rem, one below (tablets). */
export function Workspace({ view, connection, accept, signedOut }: Props) {
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(new Set<string>());

  const run = useCallback<RunAction>(async (key, action) => {
    if (inFlight.current.has(key)) return false;
    inFlight.current.add(key);
    setError(null);
    try {
      accept(await action());
      return true;
    } catch (caught) {
      // The session ended (expired, or signed out elsewhere): back to the login form.
      if (caught instanceof ApiError && caught.status === 401) signedOut();
      else setError(reasonOf(caught));
      return false;
    } finally {
      inFlight.current.delete(key);
    }
  }, [accept, signedOut]);

  const signOut = async (): Promise<void> => {
    // Ending the session leaves the status alone, so an idle agent is logged out first: otherwise
    // the platform would keep routing calls to nobody. On a call the agent hangs up first.
    if (!isLoggedOut(view.status.presence) && view.lines.length === 0) {
      if (!(await run('status-logged_out', () => setStatus('logged_out')))) return;
    }
    try {
      await logout();
    } catch (caught) {
      if (!(caught instanceof ApiError && caught.status === 401)) {
        setError(reasonOf(caught));
        return;
      }
    }
    signedOut();
  };

  const offers = view.lines.filter((line) => line.answerable);
  return (
    <>
      <Header title="Agent workspace" who={view.agent.name} tenant={view.tenant.name} connection={connection}
        onSignOut={() => void signOut()} />
      <main class="workspace">
        <ErrorRegion message={error} testId="errors" />
        <IncomingCall offers={offers} run={run} />
        <ScreenPops pops={view.screenPops} />
        <div class="columns">
          <div class="column">
            <StatusPanel view={view} run={run} />
            <QueuesPanel view={view} run={run} />
            <PlaceCall view={view} run={run} />
          </div>
          <div class="column">
            <Lines view={view} run={run} />
            {view.postProcessing.map((wrapUp) => (
              <PostProcessingPanel key={wrapUp.interactionGuid} wrapUp={wrapUp} run={run} />
            ))}
          </div>
        </div>
      </main>
    </>
  );
}
