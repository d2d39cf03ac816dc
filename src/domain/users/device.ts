/**
 * A PBX device (`NOTES.md` §2: device `id`, an integer): a phone a user rings on and checks in
 * with. Stored as the `device` record of its tenant (key: the id as text). Devices come from the
 * tenant file (`pbx.devices`); on the simulated telephony a device rings as its user's lines.
 */
export interface Device {
  readonly id: number;
  readonly name: string;
  /** The user (agent id) the device is assigned to; null: unassigned. */
  readonly agentId: string | null;
  /** Ring strategy fields of the user's device list (`devices` of a user): seconds. */
  readonly ring: number;
  readonly delay: number;
  readonly timeout: number;
}

export const DEVICE_RECORD = 'device';

/** The record key of a device id (zero-padded so key order is numeric order). */
export function deviceKey(id: number): string {
  return String(id).padStart(10, '0');
}
