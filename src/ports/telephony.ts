import type { NameValue } from '../domain/calls/interaction.ts';
/**
 * The telephony driver port, in the core's own terms (issue 3). The core asks a driver to
 * originate legs, bridge them, hang them up and control recording; the driver reports each
 * leg's progress as events. Drivers: the simulated one (default; virtual phones and numbers,
 * behaviour from tenant rules) and a scripted one for tests; a real SIP driver can fill the
 * same port later. The domain never imports a driver.
 *
 * Events are asynchronous and, as with a real SIP stack, may arrive late or out of order (a
 * hang-up racing an answer, a ring after a cancel): the core must tolerate that.
 */

/** What a leg connects to. */
export type Endpoint =
  | { readonly kind: 'agent'; readonly tenantId: string; readonly agentId: string; readonly line: 1 | 2 }
  | { readonly kind: 'number'; readonly tenantId: string; readonly e164: string };

export interface OriginateRequest {
  /** Chosen by the core; every event of this leg carries it. */
  readonly legId: string;
  readonly to: Endpoint;
  /** The number presented to the called party (E.164). */
  readonly callerId: string;
  /** Give up ringing after this long (ms of contact-center time); the leg then ends with `no_answer`. */
  readonly ringTimeoutMs: number;
}

export const LegEventType = {
  Ringing: 'ringing',
  Answered: 'answered',
  Busy: 'busy',
  NoAnswer: 'no_answer',
  Rejected: 'rejected',
  Failed: 'failed',
  HungUp: 'hung_up',
} as const;
export type LegEventType = (typeof LegEventType)[keyof typeof LegEventType];

/** Who ended a leg that had been answered. */
export type HangupSide = 'remote' | 'local' | 'network';

export interface LegEvent {
  readonly legId: string;
  readonly type: LegEventType;
  /** Contact-center time of the event (ms). */
  readonly at: number;
  /** For `hung_up`: `remote` = the party on this leg hung up, `local` = the core asked, `network` = dropped. */
  readonly by?: HangupSide;
  /** Free text from the driver for failures (e.g. "device unreachable"). */
  readonly detail?: string;
}

export type RecordingAction = 'start' | 'stop' | 'pause' | 'resume';

/** A call arriving from outside at a number (a tenant's DID); the core accepts it or hangs it up. */
export interface IncomingCall {
  readonly legId: string;
  /** The caller's number (E.164). */
  readonly from: string;
  /** The number called (E.164). */
  readonly to: string;
  /** Contact-center time of arrival (ms). */
  readonly at: number;
  /**
   * Set when one of the tenant's own devices dialled (e.g. a PBX check-in code), not an outside
   * number: the ACD leaves such calls alone; the PBX agent control answers them.
   */
  readonly fromDevice?: { readonly tenantId: string; readonly deviceId: number };
  /** Data the network attached to the call (SIP headers, an IVR's answers): the queue call's `extTransactionData`. */
  readonly data?: readonly NameValue[];
}

export interface TelephonyDriver {
  /** Starts calling; progress arrives as events. Resolves once the request is accepted; rejects a `legId` already in use. */
  originate(request: OriginateRequest): Promise<void>;
  /** Connects the media of two live, answered legs; rejects otherwise. */
  bridge(legA: string, legB: string): Promise<void>;
  /** Ends a leg (ringing or answered); a `hung_up` (by `local`) or a final ringing outcome follows. Unknown or ended legs are ignored. */
  hangup(legId: string): Promise<void>;
  /** Controls recording of a live leg (ringing or answered); rejects for unknown or ended legs. Order is not enforced. */
  recording(legId: string, action: RecordingAction): Promise<void>;
  /** Subscribes to leg events; returns an unsubscribe function. */
  onEvent(listener: (event: LegEvent) => void): () => void;
  /** Subscribes to incoming calls (delivered asynchronously); returns an unsubscribe function. */
  onIncoming(listener: (call: IncomingCall) => void): () => void;
  /**
   * Accepts (answers) an incoming leg: the system takes the call and the caller hears music on
   * hold. No event follows; the leg's later events (the caller hanging up) arrive as usual.
   * Rejects for a leg that is not an incoming one still ringing.
   */
  accept(legId: string): Promise<void>;
  close(): Promise<void>;
}
