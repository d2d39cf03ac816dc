/**
 * One wrap-up: the codes (one fieldset per code list), the notes, Save and End post-processing.
 * The form follows the server until the agent edits it; from then on the agent's unsaved picks
 * survive the snapshots that keep arriving (the parent remounts it for another interaction).
 */
import { useState } from 'preact/hooks';
import type { PostProcessingView } from '../../../../src/app/workspace/view.ts';
import { callAction, saveCodes, saveNotes, type RunAction } from './actions.ts';
import { CodeListFieldset } from './CodeListFieldset.tsx';
import { sameCodes, type Code } from './codes.ts';
import { TimeLeft } from './TimeLeft.tsx';

interface Props {
  readonly wrapUp: PostProcessingView;
  readonly run: RunAction;
}

/** The server's limit on notes. */
const MAX_NOTES = 4000;

/** The panel (`data-testid="post-processing"`); mount it with `key={interactionGuid}`. */
export function PostProcessingPanel({ wrapUp, run }: Props) {
  const guid = wrapUp.interactionGuid;
  // null = not edited: show what the server has.
  const [editedCodes, setEditedCodes] = useState<readonly Code[] | null>(null);
  const [editedNotes, setEditedNotes] = useState<string | null>(null);
  const codes = editedCodes ?? wrapUp.selected;
  const notes = editedNotes ?? wrapUp.notes;
  const prefix = `pp-${guid}`;
  const headingId = `${prefix}-heading`;

  const forget = (): void => {
    setEditedCodes(null);
    setEditedNotes(null);
  };
  const save = async (): Promise<void> => {
    const saved = await run(`save-${guid}`, async () => {
      await saveCodes(guid, codes);
      return saveNotes(guid, notes);
    });
    if (saved) forget();
  };
  const end = (): void => void run(`end-${guid}`, async () => {
    // Only what changed is sent: the codes may be required and already recorded by the server.
    if (!sameCodes(codes, wrapUp.selected)) await saveCodes(guid, codes);
    if (notes !== wrapUp.notes) await saveNotes(guid, notes);
    return callAction(guid, 'end-post-processing');
  });

  return (
    <section class="panel wrap-up" data-testid="post-processing" aria-labelledby={headingId}>
      <h2 id={headingId}>Post-processing</h2>
      <p class="wrap-up-facts">
        <span>{wrapUp.queue?.name ?? 'Direct call'}</span>
        <span class="number">{wrapUp.number}</span>
        <TimeLeft dueAt={wrapUp.dueAt} codesRequired={wrapUp.codesRequired} />
      </p>
      <p class="code-count">
        {codes.length} of {wrapUp.maxCodes} codes{wrapUp.codesRequired ? ' (codes required)' : ''}
      </p>
      {wrapUp.codeLists.map((list) => (
        <CodeListFieldset key={list.id} idPrefix={prefix} list={list} codes={codes} maxCodes={wrapUp.maxCodes}
          onChange={setEditedCodes} />
      ))}
      <div class="field">
        <label for={`${prefix}-notes`}>Notes</label>
        <textarea id={`${prefix}-notes`} rows={4} maxLength={MAX_NOTES} value={notes}
          onInput={(event) => setEditedNotes(event.currentTarget.value)} />
      </div>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void save()}>Save</button>
        <button type="button" onClick={end}>End post-processing</button>
      </div>
    </section>
  );
}
