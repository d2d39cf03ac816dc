import type { NameValue } from '../calls/interaction.ts';
import { urlSafeString } from '../ids.ts';
import type { RandomSource } from '../ports.ts';
import type { LeaveCause } from './routing.ts';

export const CallerState = {
  Waiting: 'waiting',
  /** Ringing one agent (or several, ring-all). */
  Offered: 'offered',
  /** Bridged to an agent. */
  Connected: 'connected',
  Left: 'left',
} as const;
export type CallerState = (typeof CallerState)[keyof typeof CallerState];

/**
 * A caller in a queue (a "member" in FreeSWITCH terms): an inbound call the system answered,
 * waiting to be offered to an agent. Its leg stays up while offers come and go.
 */
export interface QueueCaller {
  readonly callerId: string;
  readonly tenantId: string;
  readonly queueId: number;
  /** The caller's leg (the telephony's id). */
  readonly legId: string;
  /** The caller's number (E.164). */
  readonly number: string;
  /** The tenant number called (E.164). */
  readonly dialled: string;
  /** When the system answered the call. */
  readonly answeredAt: number;
  /** When the caller joined the queue; a resumed caller keeps the original time. */
  readonly joinedAt: number;
  readonly baseScore: number;
  /** Join order within the platform, the last tie-break. */
  readonly seq: number;
  readonly state: CallerState;
  /** The agent it is connected to, once bridged. */
  readonly agentId: string | null;
  /** Offers made to agents so far. */
  readonly offers: number;
  /** The caller took back an abandoned place (`abandoned_resume_allowed`). */
  readonly resumed: boolean;
  readonly leftAt: number | null;
  readonly cause: LeaveCause | null;
  /** Data the call arrived with (the network's, an IVR's): offers carry it as `extTransactionData`. */
  readonly data?: readonly NameValue[];
}

/**
 * A new queue caller id: `qc-` and 16 URL-safe characters.
 * @example newQueueCallerId(seededRandom(1)); // 'qc-…'
 */
export function newQueueCallerId(random: RandomSource): string {
  return `qc-${urlSafeString(random, 16)}`;
}
