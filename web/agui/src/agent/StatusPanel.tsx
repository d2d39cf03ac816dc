/**
 * The agent's status: the badge (with its words), how long it has lasted, a change waiting for the
 * call to end, and the buttons that change the presence. The VCC rules (NOTES.md §3) decide which
 * buttons make sense: from logged out only "Available" (logging in); a break or offline reason is
 * required; during a call a change becomes the pending one, so the buttons stay usable.
 */
import type { AgentView, ReasonOption } from '../../../../src/app/workspace/view.ts';
import { Elapsed } from '../shared/Elapsed.tsx';
import { pendingWords } from '../shared/format.ts';
import { StatusBadge } from '../shared/StatusBadge.tsx';
import { setStatus, type ReasonPick, type RunAction, type SettablePresence } from './actions.ts';
import { ReasonPicker } from './ReasonPicker.tsx';

interface Props {
  readonly view: AgentView;
  readonly run: RunAction;
}

/** Presences without a session on the platform. */
export function isLoggedOut(presence: string): boolean {
  return presence === 'logged_out' || presence === 'never_logged_in';
}

/** The status panel (a labelled region). */
export function StatusPanel({ view, run }: Props) {
  const { status, reasons } = view;
  const loggedOut = isLoggedOut(status.presence);
  const ofKind = (kind: ReasonOption['kind']) => reasons.filter((r) => r.kind === kind);
  const choose = (presence: SettablePresence) => (reason: ReasonPick | null) =>
    void run(`status-${presence}`, () => setStatus(presence, reason));
  // Choosing what is already in force (with nothing pending) would change nothing.
  const changes = (presence: SettablePresence) => (reason: ReasonPick | null): boolean =>
    status.pending !== null || status.presence !== presence || !sameReason(status.reason, reason);

  return (
    <section class="panel" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <p class="status-line">
        <StatusBadge code={status.code} reason={status.reason?.label ?? null} live testId="status-badge" />
        <span class="status-since">for <Elapsed since={status.since} testId="status-since" /></span>
      </p>
      {status.pending !== null && (
        <p class="pending">{pendingWords(status.pending.presence, status.pending.reason?.label ?? null)}</p>
      )}
      <div class="status-actions">
        <button type="button" class="go" disabled={!changes('available')(null)} onClick={() => choose('available')(null)}>
          Available
        </button>
        <ReasonPicker id="break-reason" buttonText="Break" selectLabel="Break reason" reasons={ofKind('break')}
          current={status.reason} unavailable={loggedOut} changes={changes('on_break')} onChoose={choose('on_break')} />
        <ReasonPicker id="offline-reason" buttonText="Work offline" selectLabel="Offline reason" reasons={ofKind('offline')}
          current={status.reason} unavailable={loggedOut} changes={changes('working_offline')}
          onChoose={choose('working_offline')} />
        <ReasonPicker id="sign-out-reason" buttonText="Log out" selectLabel="Log-out reason" reasons={ofKind('sign_out')}
          current={null} optional unavailable={loggedOut} changes={() => true} onChoose={choose('logged_out')} />
      </div>
    </section>
  );
}

function sameReason(current: ReasonOption | null, picked: ReasonPick | null): boolean {
  if (current === null || picked === null) return current === picked;
  return current.listId === picked.listId && current.itemId === picked.itemId;
}
