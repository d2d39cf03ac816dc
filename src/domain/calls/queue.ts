import type { QueueRouting, Tier } from '../acd/routing.ts';
/**
 * Queues (`NOTES.md` §2), first part: identity, type, wrap-up and transaction codes.
 * Routing (strategies, tiers, joined agents) is added by the ACD issue as further fields;
 * everything here stays valid for every queue type.
 */

/** What a queue does with calls. */
export const QueueType = {
  /** Routes callers to agents. */
  Inbound: 'inbound',
  /** Associates placed calls with a queue for wrap-up, codes and reporting; never routes. */
  Outbound: 'outbound',
  /** A CCS routing point: an entry number whose calls are sent on to queues. */
  RoutingPoint: 'routing_point',
} as const;
export type QueueType = (typeof QueueType)[keyof typeof QueueType];
export const QUEUE_TYPES: readonly QueueType[] = Object.values(QueueType);

/** Whether a transaction code list takes one item or several per interaction. */
export const CodeChoice = {
  Single: 'single',
  Multiple: 'multiple',
} as const;
export type CodeChoice = (typeof CodeChoice)[keyof typeof CodeChoice];

export interface TransactionCodeItem {
  readonly id: number;
  readonly label: string;
}

/**
 * A transaction code list (the VCC "TCL"): outcomes an agent records for an interaction.
 * @example { id: 12, name: 'Outcome', choice: 'single', tenantWide: false, items: [{ id: 234, label: 'Sale' }] }
 */
export interface TransactionCodeList {
  readonly id: number;
  readonly name: string;
  readonly choice: CodeChoice;
  /** Usable on every queue of the tenant (and on direct calls), not only where assigned. */
  readonly tenantWide: boolean;
  readonly items: readonly TransactionCodeItem[];
}

/** One recorded code: an item of a list. */
export interface TransactionCode {
  readonly listId: number;
  readonly itemId: number;
}

/**
 * A queue of one tenant. The VCC id is the integer `id` (also the PBX id); the CCS face
 * (ACD uuid and extension) is null until the CCS side is configured.
 * @example { tenantId: 't1', id: 598, name: 'Sales outbound', type: 'outbound', ccsUuid: null, extension: null, wrapUpSeconds: 30, transactionCodeListIds: [12], codesRequired: true }
 */
export interface Queue {
  readonly tenantId: string;
  readonly id: number;
  readonly name: string;
  readonly type: QueueType;
  readonly ccsUuid: string | null;
  readonly extension: string | null;
  /** Post-processing length in seconds; null uses the tenant default. */
  readonly wrapUpSeconds: number | null;
  /** The transaction code lists assigned to this queue (tenant-wide lists apply as well). */
  readonly transactionCodeListIds: readonly number[];
  /** Post-processing does not end by itself until at least one code is set. */
  readonly codesRequired: boolean;
  /** How an inbound queue routes callers (`src/domain/acd/routing.ts`); absent: the defaults. */
  readonly routing?: QueueRouting;
  /** Which agents may serve the queue, at which level and position; absent: none. */
  readonly tiers?: readonly Tier[];
  /** The PBX queue table's other fields (media, display, SLA); absent: none set. */
  readonly settings?: QueueSettings;
}

/**
 * The fields of the PBX queue table that are not routing: kept, validated and returned as given
 * (media ids, display colours, service-level settings). `slaAnswerTime` is the service-level
 * threshold supervisors see; the others describe media and displays Switchboard does not play.
 */
export interface QueueSettings {
  readonly tvName?: string;
  readonly record?: number;
  readonly announceId?: number;
  readonly announceFrequency?: number;
  readonly mohId?: number;
  readonly slaStrategy?: number;
  readonly slaAnswerTime?: number;
  readonly autoAnswer?: boolean;
  readonly preBridgeAnnounce?: number;
  readonly joinAnnounce?: number;
  readonly exits?: unknown;
  readonly backgroundColor?: string;
  readonly fontColor?: string;
  readonly labels?: readonly number[];
  readonly avgWaitRange?: number;
  readonly audioPlayback?: unknown;
  readonly musicAdvanced?: boolean;
}

/**
 * How long post-processing lasts, in seconds (`NOTES.md` §4): the agent's override, else the
 * queue's wrap-up time, else the tenant default. Negative or fractional values are not
 * configuration anyone means, so they fall through to the next level.
 * @example wrapUpSeconds(null, 30, 60); // 30
 */
export function wrapUpSeconds(agentOverride: number | null, queueWrapUp: number | null, tenantDefault: number): number {
  const usable = (value: number | null): value is number => value !== null && Number.isInteger(value) && value >= 0;
  if (usable(agentOverride)) return agentOverride;
  if (usable(queueWrapUp)) return queueWrapUp;
  return Math.max(0, Math.floor(tenantDefault));
}
