import type { CallSignal } from '../../domain/calls/call-flow.ts';
import { LegState, type Interaction } from '../../domain/calls/interaction.ts';
import type { LegEvent } from '../../ports/telephony.ts';

/**
 * Translates a telephony leg event into the call model's signal (the one place the driver's
 * vocabulary meets the domain's). Null for a leg the interaction doesn't have.
 * @example signalFor(interaction, { legId: interaction.agentLeg.id, type: 'answered', at: 0 }); // { kind: 'answered', leg: 'agent' }
 */
export function signalFor(interaction: Interaction, event: LegEvent): CallSignal | null {
  const leg = event.legId === interaction.agentLeg.id ? interaction.agentLeg : event.legId === interaction.customerLeg.id ? interaction.customerLeg : null;
  if (leg === null) return null;
  const side = leg.side;
  switch (event.type) {
    case 'ringing':
      return { kind: 'ringing', leg: side };
    case 'answered':
      return { kind: 'answered', leg: side };
    case 'busy':
      return { kind: 'failed', leg: side, cause: 'busy' };
    case 'no_answer':
      return { kind: 'failed', leg: side, cause: 'no_answer' };
    case 'rejected':
      return { kind: 'failed', leg: side, cause: 'rejected' };
    case 'failed':
      return { kind: 'failed', leg: side, cause: 'failed' };
    case 'hung_up':
      return hangupSignal(side, leg.state, event.by);
  }
}

/**
 * `remote`: the leg's own party hung up. `local`: we asked (the call is normally over already,
 * so this changes nothing; otherwise the system ended it). `network`: the line dropped — for an
 * unanswered leg that is a failure, for a connected one the system ended the call.
 */
function hangupSignal(side: 'agent' | 'customer', state: LegState, by: LegEvent['by']): CallSignal {
  if (by === 'network' && state !== LegState.Answered) return { kind: 'failed', leg: side, cause: 'failed' };
  if (by === 'remote' || by === undefined) return { kind: 'hangup', leg: side };
  return { kind: 'hangup', leg: side, by: 'system' };
}
