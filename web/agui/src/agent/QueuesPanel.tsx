/**
 * The inbound queues the agent may serve, each with a Join toggle. The button's name stays
 * "Join <queue>" whatever its state (`aria-pressed` says whether the agent has joined): a toggle
 * whose label flips to "Leave" would be read as "Leave, pressed", which means the opposite.
 */
import type { AgentView } from '../../../../src/app/workspace/view.ts';
import { setQueueJoined, type RunAction } from './actions.ts';

interface Props {
  readonly view: AgentView;
  readonly run: RunAction;
}

/** The queues panel (a labelled region with a list). */
export function QueuesPanel({ view, run }: Props) {
  return (
    <section class="panel" aria-labelledby="queues-heading">
      <h2 id="queues-heading">Queues</h2>
      {view.queues.length === 0 && <p class="hint">No inbound queues are assigned to you.</p>}
      <ul class="queue-list">
        {view.queues.map((queue) => (
          <li key={queue.id} class="queue-row">
            <span class="queue-name">{queue.name}</span>
            <span class="queue-state">{queue.joined ? 'Joined' : 'Not joined'}</span>
            <button type="button" class="toggle" aria-pressed={queue.joined}
              onClick={() => void run(`queue-${queue.id}`, () => setQueueJoined(queue.id, !queue.joined))}>
              Join<span class="visually-hidden"> {queue.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
