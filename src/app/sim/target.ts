import type { ArrivalAction, PresenceAction } from '../../domain/sim/timeline.ts';
import type { LogDigest } from './digest.ts';

/**
 * Where a scenario's traffic goes: the platform in this process (`simulate`) or a running
 * server through its admin API (`traffic`). The driver (`drive.ts`) decides when; a target
 * only does. Both must act the same way, so one scenario gives one event log.
 */
export interface SimTarget {
  /** Contact-center time now, ms. */
  now(): Promise<number>;
  /** Sets up the scenario's tenant (idempotent). */
  prepare(): Promise<void>;
  /** Moves virtual time forward to `at` (ms), running everything due; wall-clock targets wait instead. */
  advanceTo(at: number): Promise<void>;
  arrive(action: ArrivalAction): Promise<void>;
  presence(action: PresenceAction): Promise<void>;
  /** The fingerprint of the scenario tenant's event log. */
  digest(): Promise<LogDigest>;
}
