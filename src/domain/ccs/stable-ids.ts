/**
 * Ids derived from names, for CCS faces of entities that exist before anyone configured one
 * (`NOTES.md` §2: assigned once, never changed): the same seed always gives the same id, so an
 * extension or presence option keeps its uuid without being written anywhere. A 128-bit
 * non-cryptographic hash (cyrb128) is enough: seeds are unique names, not secrets.
 */
function cyrb128(seed: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * A uuid-shaped id (version 5 layout) derived from a seed.
 * @example stableUuid('extension/t1/ag1') === stableUuid('extension/t1/ag1'); // true
 */
export function stableUuid(seed: string): string {
  const hex = cyrb128(seed).map((n) => n.toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A CCS call id (`NOTES.md` §2: 13 upper-case alphanumerics): 8 characters of the call's start
 * time (base 36 ms, so ids of one tenant sort by start until the year 2059) and 5 derived from
 * what the call is (a queue caller id or an interaction guid), so replaying the event log gives
 * the same id.
 * @example ccsCallId(1633591341000, 'qc-abc'); // '0KUGX3Z8…' (13 characters)
 */
export function ccsCallId(startedAt: number, ref: string): string {
  const time = Math.max(0, Math.floor(startedAt)).toString(36).toUpperCase().padStart(8, '0').slice(-8);
  const [a, b] = cyrb128(ref);
  let tail = '';
  let n = (a ?? 0) * 4096 + ((b ?? 0) & 0xfff);
  for (let i = 0; i < 5; i++) {
    tail += ALPHANUMERIC.charAt(n % 36);
    n = Math.floor(n / 36);
  }
  return time + tail;
}

/** The time part of a call id for a moment: ids of calls started at or after it sort at or after this. */
export function callIdFloor(at: number): string {
  return Math.max(0, Math.floor(at)).toString(36).toUpperCase().padStart(8, '0').slice(-8);
}
