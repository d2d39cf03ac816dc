import type { Lead } from './lead.ts';

/**
 * The order leads are read (and dialled) in: `priority` descending ("larger number first"), then
 * insertion order — so leads of equal priority keep the order they were added in, whatever
 * their phones (the store lists them by phone).
 */

/**
 * Compares two leads for that order.
 * @example [b, a].sort(compareLeads);
 */
export function compareLeads(a: Pick<Lead, 'priority' | 'seq'>, b: Pick<Lead, 'priority' | 'seq'>): number {
  return b.priority - a.priority || a.seq - b.seq;
}

/**
 * The leads in read order (a new array).
 * @example sortLeads([{ priority: 0, seq: 1 }, { priority: 2, seq: 2 }]); // [{ priority: 2, seq: 2 }, { priority: 0, seq: 1 }]
 */
export function sortLeads<T extends Pick<Lead, 'priority' | 'seq'>>(leads: readonly T[]): T[] {
  return [...leads].sort(compareLeads);
}
