/** One of the agent's two lines: "free", or the call on it with its stage and duration. */
import type { LineView } from '../../../../src/app/workspace/view.ts';
import { Elapsed } from '../shared/Elapsed.tsx';
import { stageWords } from '../shared/format.ts';
import { callAction, type RunAction } from './actions.ts';
import { CallData } from './CallData.tsx';

interface Props {
  readonly line: 1 | 2;
  readonly call: LineView | null;
  readonly run: RunAction;
}

/** The card (`data-testid="line-1"` / `line-2`). An answerable offer's buttons live in IncomingCall. */
export function LineCard({ line, call, run }: Props) {
  const headingId = `line-${line}-heading`;
  if (call === null) {
    return (
      <article class="line line-free" data-testid={`line-${line}`} aria-labelledby={headingId}>
        <h3 id={headingId}>Line {line} — free</h3>
      </article>
    );
  }
  // Before the parties are connected the clock shows how long it has been ringing or dialling.
  const since = call.connectedAt ?? call.startedAt;
  return (
    <article class={`line line-${call.stage}`} data-testid={`line-${line}`} aria-labelledby={headingId}>
      <h3 id={headingId}>Line {line} — {stageWords(call.stage)}</h3>
      <dl class="call-facts">
        <div class="pair"><dt>Number</dt><dd class="number">{call.number}</dd></div>
        <div class="pair"><dt>Queue</dt><dd>{call.queue?.name ?? 'Direct call'}</dd></div>
        <div class="pair"><dt>Direction</dt><dd>{call.direction === 'inbound' ? 'Inbound' : 'Outbound'}</dd></div>
        <div class="pair">
          <dt>{call.connectedAt === null ? 'Waiting' : 'Duration'}</dt>
          <dd><Elapsed since={since} /></dd>
        </div>
      </dl>
      <CallData data={call.data} />
      {call.answerable
        ? <p class="hint">Answer or reject it above.</p>
        : (
          <button type="button" class="danger" onClick={() => void run(`hangup-${call.interactionGuid}`,
            () => callAction(call.interactionGuid, 'hangup'))}>
            Hang up
          </button>
        )}
    </article>
  );
}
