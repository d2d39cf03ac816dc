import { newUuid, urlSafeString } from '../ids.ts';
import type { RandomSource } from '../ports.ts';

/** Length of the random part of an interaction guid (the brief's choice; the document's example has 25). */
export const INTERACTION_RANDOM_LENGTH = 21;

/**
 * A new VCC interaction guid (`NOTES.md` §2):
 * `int-<hex epoch ms>-<21 URL-safe characters>-phone-00-<tenant name>`.
 * The time part makes guids sort roughly by creation; the random part makes them unguessable.
 * @example newInteractionGuid(seededRandom(1), 1668000000000, 'acmecorp01');
 * // 'int-1845b6b2800-…-phone-00-acmecorp01'
 */
export function newInteractionGuid(random: RandomSource, nowMs: number, tenantName: string): string {
  const epochHex = Math.max(0, Math.floor(nowMs)).toString(16);
  return `int-${epochHex}-${urlSafeString(random, INTERACTION_RANDOM_LENGTH)}-phone-00-${tenantName}`;
}

/**
 * A new id for the agent's leg of an interaction, in the form the VCC reasons show:
 * `<tenant>-<agentId>-<uuid>` (e.g. `acmecorp01-ag0VYyLh0YTsymdbtYIaaaa-edc85374-…`).
 * @example newAgentLegId(seededRandom(1), 'acmecorp01', 'ag0VYyLh0YTsymdbtYIaaaa');
 */
export function newAgentLegId(random: RandomSource, tenantName: string, agentId: string): string {
  return `${tenantName}-${agentId}-${newUuid(random)}`;
}

/**
 * A new id for the customer's leg: a plain uuid (no document shows one).
 * @example newCustomerLegId(seededRandom(1)); // 'xxxxxxxx-xxxx-4xxx-…'
 */
export function newCustomerLegId(random: RandomSource): string {
  return newUuid(random);
}
