/** Whether the page is receiving live updates ("Live") or trying to get them back. */
import type { Connection } from './live.ts';

const WORDS: Readonly<Record<Connection, string>> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** A small pill in the header; polite so a drop is announced without interrupting. */
export function ConnectionIndicator({ connection }: { readonly connection: Connection }) {
  return (
    <span class={`connection connection-${connection}`} role="status" data-testid="connection">
      {WORDS[connection]}
    </span>
  );
}
