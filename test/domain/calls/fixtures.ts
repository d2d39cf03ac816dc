import type { Agent, Presence } from '../../../src/domain/agent.ts';
import type { CallContext } from '../../../src/domain/calls/agent-effects.ts';
import { applySignal, type CallSignal } from '../../../src/domain/calls/call-flow.ts';
import { placeCall, type CallOutcome, type Interaction } from '../../../src/domain/calls/interaction.ts';
import type { LineUse } from '../../../src/domain/calls/lines.ts';
import type { Queue, TransactionCodeList } from '../../../src/domain/calls/queue.ts';
import type { DomainEvent } from '../../../src/domain/events.ts';
import { agentIn } from '../fixtures.ts';

export const AVAILABLE: Presence = { kind: 'available', reason: null };

export const QUEUE: Queue = {
  tenantId: 't1', id: 598, name: 'Sales outbound', type: 'outbound', ccsUuid: null, extension: null,
  wrapUpSeconds: 30, transactionCodeListIds: [12, 13], codesRequired: false,
};

export const CODE_LISTS: TransactionCodeList[] = [
  { id: 12, name: 'Outcome', choice: 'single', tenantWide: false, items: [{ id: 234, label: 'Sale' }, { id: 235, label: 'No sale' }] },
  {
    id: 13, name: 'Topics', choice: 'multiple', tenantWide: false,
    items: [1, 2, 3, 4, 5, 6, 7].map((id) => ({ id, label: `Topic ${id}` })),
  },
  { id: 2281, name: 'Compliance', choice: 'multiple', tenantWide: true, items: [{ id: 7361, label: 'Consent given' }] },
  { id: 40, name: 'Other queue', choice: 'single', tenantWide: false, items: [{ id: 1, label: 'x' }] },
];

/** A placed call and its agent, moved along by signals, with every event logged. */
export class CallRun {
  agent: Agent;
  interaction: Interaction;
  now = 10_000;
  readonly log: DomainEvent[] = [];

  constructor(
    queue: Queue | null,
    options: { presence?: Presence; pending?: Presence | null; otherLine?: LineUse | null; otherPostProcessing?: boolean } = {},
  ) {
    const agent = agentIn(options.presence ?? AVAILABLE);
    this.agent = { ...agent, state: { ...agent.state, pendingPresence: options.pending ?? null } };
    this.otherLine = options.otherLine ?? null;
    this.otherPostProcessing = options.otherPostProcessing ?? false;
    const placed = placeCall({
      guid: 'int-1-abc-phone-00-acme', agentLegId: 'acme-agTest-uuid', customerLegId: 'cust-uuid', tenantId: 't1',
      agent: this.agent, queue, line: this.otherLine === null ? 1 : 2, destination: '+16175551984', callerId: '+12015551212',
      wrapUpSeconds: queue?.wrapUpSeconds ?? 0,
    }, this.ctx());
    this.interaction = placed.interaction;
    this.take(placed);
  }

  otherLine: LineUse | null;
  otherPostProcessing: boolean;

  ctx(): CallContext {
    return { agent: this.agent, now: this.now, otherLine: this.otherLine, otherPostProcessing: this.otherPostProcessing };
  }

  /** Applies an outcome; returns the events it produced ([] for no change). */
  take(outcome: CallOutcome): DomainEvent[] {
    if (!outcome.changed) return [];
    this.interaction = outcome.interaction;
    this.agent = { ...this.agent, state: outcome.agentState };
    this.log.push(...outcome.events);
    return [...outcome.events];
  }

  signal(signal: CallSignal, advanceMs = 1000): CallOutcome {
    this.now += advanceMs;
    const outcome = applySignal(this.interaction, signal, this.ctx());
    this.take(outcome);
    return outcome;
  }

  /** Agent rings, answers; customer rings, answers. */
  connect(): void {
    this.signal({ kind: 'ringing', leg: 'agent' });
    this.signal({ kind: 'answered', leg: 'agent' });
    this.signal({ kind: 'ringing', leg: 'customer' });
    this.signal({ kind: 'answered', leg: 'customer' });
  }

  types(): string[] {
    return this.log.map((event) => event.type);
  }
}
