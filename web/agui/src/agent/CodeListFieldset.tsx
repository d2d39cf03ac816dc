/** One transaction code list: radio buttons for a `single` list, checkboxes for a `multiple` one. */
import type { CodeListView } from '../../../../src/app/workspace/view.ts';
import { canPick, isPicked, pick, type Code } from './codes.ts';

interface Props {
  /** Makes ids and radio-group names unique when two wrap-ups are shown. */
  readonly idPrefix: string;
  readonly list: CodeListView;
  readonly codes: readonly Code[];
  readonly maxCodes: number;
  readonly onChange: (codes: Code[]) => void;
}

/** A fieldset with the list's name as its legend; items beyond `maxCodes` are disabled. */
export function CodeListFieldset({ idPrefix, list, codes, maxCodes, onChange }: Props) {
  const single = list.choice === 'single';
  const name = `${idPrefix}-list-${list.id}`;
  const noneId = `${name}-none`;
  return (
    <fieldset class="code-list">
      <legend>{list.name}</legend>
      {single && (
        // A radio group cannot be emptied by hand: "None" undoes a pick.
        <div class="choice">
          <input type="radio" id={noneId} name={name} checked={!codes.some((c) => c.listId === list.id)}
            onChange={() => onChange(pick(codes, list, null, false))} />
          <label for={noneId}>None</label>
        </div>
      )}
      {list.items.map((item) => {
        const id = `${name}-item-${item.id}`;
        return (
          <div key={item.id} class="choice">
            <input type={single ? 'radio' : 'checkbox'} id={id} name={name}
              checked={isPicked(codes, list.id, item.id)} disabled={!canPick(codes, list, item.id, maxCodes)}
              onChange={(event) => onChange(pick(codes, list, item.id, event.currentTarget.checked))} />
            <label for={id}>{item.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
