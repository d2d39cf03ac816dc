/** How long the wrap-up may still run, or why it goes on once the time is up. */
import { useServerNow } from '../shared/clock.ts';
import { formatDuration } from '../shared/format.ts';

interface Props {
  readonly dueAt: number;
  readonly codesRequired: boolean;
}

/** "01:23 left", then "waiting for codes" (the queue requires them) or "time is up". */
export function TimeLeft({ dueAt, codesRequired }: Props) {
  const left = dueAt - useServerNow();
  // Rounded up, as countdowns are: "00:01 left" is the last second, never "00:00 left".
  if (left > 0) return <span class="time-left">{formatDuration(Math.ceil(left / 1000) * 1000)} left</span>;
  return <span class="time-left overdue">{codesRequired ? 'waiting for codes' : 'time is up'}</span>;
}
