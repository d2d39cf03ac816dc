/** The agent's two lines, both always shown so "free" is visible too. */
import type { AgentView } from '../../../../src/app/workspace/view.ts';
import type { RunAction } from './actions.ts';
import { LineCard } from './LineCard.tsx';

interface Props {
  readonly view: AgentView;
  readonly run: RunAction;
}

/** The lines panel. */
export function Lines({ view, run }: Props) {
  const on = (line: 1 | 2) => view.lines.find((call) => call.line === line) ?? null;
  return (
    <section class="panel" aria-labelledby="lines-heading">
      <h2 id="lines-heading">Lines</h2>
      <div class="lines">
        <LineCard line={1} call={on(1)} run={run} />
        <LineCard line={2} call={on(2)} run={run} />
      </div>
    </section>
  );
}
