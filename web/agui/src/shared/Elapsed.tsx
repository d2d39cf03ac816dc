/** A running duration ("03:07") since a contact-center time, ticking every second. */
import { useServerNow } from './clock.ts';
import { formatDuration, isoDuration } from './format.ts';

interface Props {
  /** Contact-center ms the duration starts from. */
  readonly since: number;
  readonly testId?: string;
}

/** `<time>` with the duration as text and as an ISO duration for machines. */
export function Elapsed({ since, testId }: Props) {
  const elapsed = useServerNow() - since;
  return (
    <time class="duration" dateTime={isoDuration(elapsed)} data-testid={testId}>
      {formatDuration(elapsed)}
    </time>
  );
}
