import type { PlaceCallRequest } from '../../../app/calls/call-service.ts';
import type { FreedLeg } from '../../../app/calls/call-service.ts';
import type { CodeSelection } from '../../../domain/calls/transaction-codes.ts';
import type { PlaceCallBody, TransactionCodesBody } from './schemas.ts';

/** The VCC phone-call wire format ↔ the core, in one place. */

const text = (value: string | number): string => String(value);
const id = (value: string | number): number => Number(value);

export function fromPlaceCallBody(body: PlaceCallBody): PlaceCallRequest {
  return {
    agentId: body.agentId,
    prefix: text(body.prefix),
    number: text(body.number),
    callerId: text(body.callerId),
    queueId: body.queueId === undefined ? null : id(body.queueId),
    dialPlanId: body.dialplanId === undefined ? null : id(body.dialplanId),
    forceCall: body.forceCall ?? false,
    extTransactionData: body.extTransactionData ?? [],
    ctlUserData: body.ctlUserData ?? [],
  };
}

export function fromTransactionCodesBody(body: TransactionCodesBody): CodeSelection[] {
  return body.selections.map((s) => ({ id: id(s.id), codes: s.codes.map((c) => ({ id: id(c.id) })) }));
}

/** `endPostProcessing` is "present" unless absent, `false` or `0`. */
export function endPostProcessingFlag(value: string | undefined): boolean {
  return value !== undefined && value !== 'false' && value !== '0';
}

export const ok = (...reasons: string[]) => ({ reasons, message: 'OK' });

export const reasons = {
  placed: 'Call successfully initiated',
  codesSet: 'Transaction codes successfully set',
  ended: (guid: string) => `Ending call with interactionGuid=[${guid}] was successful`,
  hungUp: (legId: string, guid: string) => `Hangup for agent [${legId}] leg in interaction [${guid}] was successful`,
  allFreed: (legs: readonly FreedLeg[], agentId: string) =>
    legs.length === 0 ? [`Agent [${agentId}] has no calls on its lines; nothing to hang up.`] : legs.map((l) => `Hangup all calls for agent [${l.agentLegId}] was successful.`),
  lineFreed: (legs: readonly FreedLeg[], agentId: string, line: number) =>
    legs.length === 0
      ? [`Line [${line}] of agent [${agentId}] has no call; nothing to hang up.`]
      : legs.map((l) => `Hangup for agent [${l.agentLegId}] leg on line [${l.line}] assigned to interaction [${l.interactionGuid}] was successful.`),
};
