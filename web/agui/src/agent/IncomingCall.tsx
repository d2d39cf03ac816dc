/**
 * A call ringing the agent that the page may answer: shown first and prominently, as an alert,
 * with the caller, the queue and the call's data, and the Answer / Reject buttons. No running
 * clock in here: an alert region re-announces its content on every change (the line shows it).
 */
import type { LineView } from '../../../../src/app/workspace/view.ts';
import { callAction, type RunAction } from './actions.ts';
import { CallData } from './CallData.tsx';

interface Props {
  readonly offers: readonly LineView[];
  readonly run: RunAction;
}

/** Nothing unless an answerable offer rings; then one alert region for the offer(s). */
export function IncomingCall({ offers, run }: Props) {
  if (offers.length === 0) return null;
  return (
    <section class="incoming" role="alert" data-testid="incoming-call" aria-labelledby="incoming-heading">
      <h2 id="incoming-heading">Incoming call</h2>
      {offers.map((offer) => (
        <div key={offer.interactionGuid} class="offer">
          <p class="offer-caller">
            <span class="number">{offer.number}</span>
            <span class="offer-queue">{offer.queue?.name ?? 'Direct call'}</span>
            <span class="offer-line">Line {offer.line}</span>
          </p>
          <CallData data={offer.data} />
          <div class="offer-actions">
            <button type="button" class="go big"
              onClick={() => void run(`answer-${offer.interactionGuid}`, () => callAction(offer.interactionGuid, 'answer'))}>
              Answer
            </button>
            <button type="button" class="danger big"
              onClick={() => void run(`reject-${offer.interactionGuid}`, () => callAction(offer.interactionGuid, 'reject'))}>
              Reject
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
