/** "Place a call": a number and, optionally, the outbound queue the call belongs to. */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { AgentView } from '../../../../src/app/workspace/view.ts';
import { placeCall, type RunAction } from './actions.ts';

interface Props {
  readonly view: AgentView;
  readonly run: RunAction;
}

/** The form; the number is cleared once the server took the call. */
export function PlaceCall({ view, run }: Props) {
  const [number, setNumber] = useState('');
  const [queueId, setQueueId] = useState('');

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const dialled = number.trim();
    if (dialled === '') return;
    const queue = queueId === '' ? null : Number(queueId);
    if (await run('place-call', () => placeCall(dialled, queue))) setNumber('');
  };

  return (
    <section class="panel" aria-labelledby="place-call-heading">
      <h2 id="place-call-heading">Place a call</h2>
      <form class="place-call" onSubmit={submit}>
        <div class="field">
          <label for="call-number">Number</label>
          <input id="call-number" name="number" type="tel" autoComplete="off" required value={number}
            onInput={(event) => setNumber(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="call-queue">Queue</label>
          <select id="call-queue" name="queue" value={queueId} onChange={(event) => setQueueId(event.currentTarget.value)}>
            <option value="">(no queue — direct call)</option>
            {view.outboundQueues.map((q) => <option key={q.id} value={String(q.id)}>{q.name}</option>)}
          </select>
        </div>
        <button type="submit">Call</button>
      </form>
    </section>
  );
}
