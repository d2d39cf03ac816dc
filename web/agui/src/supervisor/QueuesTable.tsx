/** The supervisor's queues table: who waits and for how long, the agents, and today's figures. */
import type { SupervisedQueue } from '../../../../src/app/workspace/view.ts';
import { Elapsed } from '../shared/Elapsed.tsx';
import { serviceLevelWords } from '../shared/format.ts';

interface Props {
  readonly queues: readonly SupervisedQueue[];
}

/** One row per inbound queue, marked `data-queue-id`. */
export function QueuesTable({ queues }: Props) {
  return (
    <section class="panel" aria-labelledby="queues-heading">
      <h2 id="queues-heading">Queues</h2>
      <div class="table-scroll">
        <table data-testid="queues-table" aria-labelledby="queues-heading">
          <thead>
            <tr><th scope="col">Name</th><th scope="col" class="num">Waiting</th><th scope="col" class="num">Longest wait</th>
              <th scope="col" class="num">Agents joined / available</th><th scope="col" class="num">Answered today</th>
              <th scope="col" class="num">Abandoned today</th><th scope="col" class="num">Service level today</th></tr>
          </thead>
          <tbody>
            {queues.length === 0 && <tr><td colSpan={7} class="hint">No inbound queues.</td></tr>}
            {queues.map((queue) => (
              <tr key={queue.id} data-queue-id={queue.id}>
                <th scope="row">{queue.name}</th>
                <td class="num">{queue.waiting}</td>
                <td class="num">{queue.oldestWaitingSince === null ? '—' : <Elapsed since={queue.oldestWaitingSince} />}</td>
                <td class="num">{queue.agentsJoined} / {queue.agentsAvailable}</td>
                <td class="num">{queue.today.answered}</td>
                <td class="num">{queue.today.abandoned}</td>
                <td class="num">{serviceLevelWords(queue.today.serviceLevel, queue.today.thresholdSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
