import type { RandomSource } from './ports.ts';

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `length` characters drawn from the URL-safe base64 alphabet. */
export function urlSafeString(random: RandomSource, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += URL_SAFE[Math.floor(random.next() * URL_SAFE.length)];
  return out;
}

/**
 * A new VCC agent id: `ag` followed by 22 URL-safe characters (`NOTES.md` §2).
 * @example newAgentId(seededRandom(1)); // 'agX3...'
 */
export function newAgentId(random: RandomSource): string {
  return 'ag' + urlSafeString(random, 22);
}

/** A random RFC 4122 version-4 uuid, for CCS ids. */
export function newUuid(random: RandomSource): string {
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(random.next() * 16).toString(16);
    return s;
  };
  const variant = (8 + Math.floor(random.next() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}
