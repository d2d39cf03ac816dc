/** The supervisor's agents table: status, time in it, the current call and the queues joined. */
import type { SupervisedAgent, SupervisedQueue } from '../../../../src/app/workspace/view.ts';
import { Elapsed } from '../shared/Elapsed.tsx';
import { stageWords } from '../shared/format.ts';
import { StatusBadge } from '../shared/StatusBadge.tsx';

interface Props {
  readonly agents: readonly SupervisedAgent[];
  /** To name the joined queues. */
  readonly queues: readonly SupervisedQueue[];
}

/** One row per agent, keyed (and marked `data-agent-id`) by the agent's id. */
export function AgentsTable({ agents, queues }: Props) {
  const queueName = (id: number): string => queues.find((q) => q.id === id)?.name ?? `Queue ${id}`;
  return (
    <section class="panel" aria-labelledby="agents-heading">
      <h2 id="agents-heading">Agents</h2>
      <div class="table-scroll">
        <table data-testid="agents-table" aria-labelledby="agents-heading">
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Time in status</th>
              <th scope="col">Call</th><th scope="col">Queues joined</th></tr>
          </thead>
          <tbody>
            {agents.length === 0 && <tr><td colSpan={5} class="hint">No agents.</td></tr>}
            {agents.map((agent) => (
              <tr key={agent.agentId} data-agent-id={agent.agentId}>
                <th scope="row">{agent.name}</th>
                <td><StatusBadge code={agent.status.code} reason={agent.status.reason} /></td>
                <td><Elapsed since={agent.status.since} /></td>
                <td><CallCell call={agent.call} /></td>
                <td>{agent.joinedQueues.length === 0 ? '—' : agent.joinedQueues.map(queueName).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CallCell({ call }: { readonly call: SupervisedAgent['call'] }) {
  if (call === null) return <span class="hint">—</span>;
  return (
    <span class="call-cell">
      <span class="number">{call.number}</span>
      <span>{call.queue ?? 'Direct call'} · {call.direction}</span>
      <span>{stageWords(call.stage)} · <Elapsed since={call.since} /></span>
    </span>
  );
}
