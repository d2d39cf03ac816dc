/** A status as a coloured badge that always carries its text label (colour is never alone). */
import { statusWords } from './format.ts';

interface Props {
  /** VCC status code 0–11. */
  readonly code: number;
  /** The reason's label, if any ("Lunch break"). */
  readonly reason: string | null;
  /** Announce changes politely (the agent's own badge; not every row of a table). */
  readonly live?: boolean;
  readonly testId?: string;
}

/** The badge; its `tone-*` class picks the colour in styles.css. */
export function StatusBadge({ code, reason, live = false, testId }: Props) {
  const { text, tone } = statusWords(code, reason);
  return (
    <span class={`badge tone-${tone}`} aria-live={live ? 'polite' : undefined} data-testid={testId}>
      {text}
    </span>
  );
}
