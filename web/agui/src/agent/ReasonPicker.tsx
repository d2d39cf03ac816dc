/** A presence button that needs a reason ("Break", "Work offline"): a reason select and the button. */
import { useState } from 'preact/hooks';
import type { ReasonOption } from '../../../../src/app/workspace/view.ts';
import type { ReasonPick } from './actions.ts';

interface Props {
  /** Used for the select's id. */
  readonly id: string;
  readonly buttonText: string;
  readonly selectLabel: string;
  readonly reasons: readonly ReasonOption[];
  /** The reason in force now, preselected when it is one of `reasons`. */
  readonly current: ReasonOption | null;
  /** An empty first option ("no reason") for an optional reason. */
  readonly optional?: boolean;
  /** The presence cannot be chosen now at all. */
  readonly unavailable: boolean;
  /** Is choosing this reason a change? (false → button disabled). */
  readonly changes: (reason: ReasonPick | null) => boolean;
  readonly onChoose: (reason: ReasonPick | null) => void;
}

const keyOf = (reason: ReasonPick): string => `${reason.listId}:${reason.itemId}`;

/** The select keeps the agent's pick across snapshots; it starts on the current reason. */
export function ReasonPicker(props: Props) {
  const { id, reasons, optional = false } = props;
  const [picked, setPicked] = useState(() => initialPick(reasons, props.current, optional));
  // The lists may change under the select: a pick that vanished falls back to the first reason.
  const reason = reasons.find((r) => keyOf(r) === picked) ?? (optional ? null : reasons[0] ?? null);
  const noReasons = !optional && reasons.length === 0;

  const button = (
    <button type="button" disabled={props.unavailable || noReasons || !props.changes(reason)}
      onClick={() => props.onChoose(reason === null ? null : { listId: reason.listId, itemId: reason.itemId })}>
      {props.buttonText}
    </button>
  );
  // An optional reason nobody set up: the select would only say "(no reason)".
  if (optional && reasons.length === 0) return <div class="reason-picker">{button}</div>;

  return (
    <div class="reason-picker">
      <div class="field">
        <label for={id}>{props.selectLabel}</label>
        <select id={id} value={reason === null ? '' : keyOf(reason)} disabled={props.unavailable || reasons.length === 0}
          onChange={(event) => setPicked(event.currentTarget.value)}>
          {optional && <option value="">(no reason)</option>}
          {noReasons && <option value="">(none set up)</option>}
          {reasons.map((r) => <option key={keyOf(r)} value={keyOf(r)}>{r.label}</option>)}
        </select>
      </div>
      {button}
    </div>
  );
}

function initialPick(reasons: readonly ReasonOption[], current: ReasonOption | null, optional: boolean): string {
  if (current !== null && reasons.some((r) => keyOf(r) === keyOf(current))) return keyOf(current);
  const first = reasons[0];
  return optional || first === undefined ? '' : keyOf(first);
}
