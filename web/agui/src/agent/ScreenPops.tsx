/**
 * Screen pops from click-to-dial (`ctl_launchopt=true`): each waiting pop is opened once in a window
 * named after its record (the relay page `/AGUI/screen-pop/{id}` posts the data to the CRM). A
 * browser may block a window the page opens by itself; then the pop waits here as a button, which
 * opens it on the agent's click.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentView } from '../../../../src/app/workspace/view.ts';

type Pop = AgentView['screenPops'][number];

const urlOf = (pop: Pop): string => `/AGUI/screen-pop/${encodeURIComponent(pop.id)}`;

/** Tries each new pop once; lists the ones the browser blocked. */
export function ScreenPops({ pops }: { readonly pops: AgentView['screenPops'] }) {
  const tried = useRef(new Set<string>());
  const [blocked, setBlocked] = useState<readonly string[]>([]);

  useEffect(() => {
    for (const pop of pops) {
      if (tried.current.has(pop.id)) continue;
      tried.current.add(pop.id);
      if (window.open(urlOf(pop), pop.target) === null) setBlocked((ids) => [...ids, pop.id]);
    }
  }, [pops]);

  const waiting = pops.filter((pop) => blocked.includes(pop.id));
  if (waiting.length === 0) return null;
  return (
    <section class="panel screen-pops" data-testid="screen-pops" aria-labelledby="screen-pops-heading">
      <h2 id="screen-pops-heading">Screen pop</h2>
      {waiting.map((pop) => (
        <p key={pop.id}>
          <button type="button" onClick={() => window.open(urlOf(pop), pop.target)}>Open the record on {pop.host}</button>
        </p>
      ))}
    </section>
  );
}
