/**
 * Contact-center time on the page. Snapshots carry the server's `now`; the page keeps
 * `offset = view.now - Date.now()` from the moment it received the view, and one shared 1 s tick
 * re-renders whatever shows a running duration (so every timer on the page moves together).
 */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

/** The offset of the view on screen (server time minus this browser's clock), in ms. */
export const ClockOffset = createContext(0);

/** The offset to keep for a view received just now. */
export function offsetFor(viewNow: number): number {
  return viewNow - Date.now();
}

const listeners = new Set<() => void>();
let interval: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  interval ??= setInterval(() => listeners.forEach((notify) => notify()), 1_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(interval);
      interval = undefined;
    }
  };
}

/**
 * The server's time now, refreshed every second.
 * @example const now = useServerNow(); const elapsed = now - line.startedAt;
 */
export function useServerNow(): number {
  const offset = useContext(ClockOffset);
  const [, setTick] = useState(0);
  useEffect(() => subscribe(() => setTick((tick) => tick + 1)), []);
  return Date.now() + offset;
}
