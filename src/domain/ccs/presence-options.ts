import { ReasonKind, SYSTEM_LIST_ID, type StatusCodeItem, type StatusCodeList } from '../reason-codes.ts';
import { stableUuid } from './stable-ids.ts';

/** A presence option's CCS type (`NOTES.md` §2): break and offline reasons are `away`, sign-out reasons `sign_out`. */
export const PresenceOptionType = { Away: 'away', SignOut: 'sign_out' } as const;
export type PresenceOptionType = (typeof PresenceOptionType)[keyof typeof PresenceOptionType];

/**
 * The CCS face of one reason code (`ccs-api-overview.txt` 4.7): a uuid derived from the tenant and
 * the item (stable, never written), a type and a name (the reason's label). `listId`, `itemId` and
 * `kind` say which reason it is, for the presence it sets.
 */
export interface PresenceOption {
  readonly uuid: string;
  readonly type: PresenceOptionType;
  readonly name: string;
  readonly listId: number;
  readonly itemId: number;
  readonly kind: ReasonKind;
}

/**
 * The CCS type of a reason kind.
 * @example presenceTypeOf('offline'); // 'away'
 */
export function presenceTypeOf(kind: ReasonKind): PresenceOptionType {
  return kind === ReasonKind.SignOut ? PresenceOptionType.SignOut : PresenceOptionType.Away;
}

/**
 * One reason item as a presence option of the tenant whose CCS uuid is `tenantUuid`.
 * @example presenceOptionOf('327241fd-…', { listId: 802, id: 1801, shortCode: 'LunchB', label: 'Lunch Break', kind: 'break' }).type; // 'away'
 */
export function presenceOptionOf(tenantUuid: string, item: StatusCodeItem): PresenceOption {
  return {
    uuid: stableUuid(`presence/${tenantUuid}/${item.listId}/${item.id}`),
    type: presenceTypeOf(item.kind),
    name: item.label,
    listId: item.listId,
    itemId: item.id,
    kind: item.kind,
  };
}

/**
 * The presence options of lists, in list and item order. The system list (-1) holds reasons the
 * system sets, so it is never an option.
 * @example presenceOptionsOf(tenant.ccsUuid, directory.catalogue(tenant.id).allLists()).map((o) => o.name); // ['Lunch Break', …]
 */
export function presenceOptionsOf(tenantUuid: string, lists: readonly StatusCodeList[]): PresenceOption[] {
  return lists
    .filter((list) => list.id !== SYSTEM_LIST_ID)
    .flatMap((list) => list.items.map((item) => presenceOptionOf(tenantUuid, { ...item, listId: list.id })));
}

/**
 * The option a name means: an exact label match first, then one ignoring case (and surrounding
 * spaces); undefined when none.
 * @example findPresenceOption(options, 'lunch break')?.name; // 'Lunch Break'
 */
export function findPresenceOption(options: readonly PresenceOption[], name: string): PresenceOption | undefined {
  const exact = options.find((o) => o.name === name);
  if (exact) return exact;
  const folded = name.trim().toLowerCase();
  return options.find((o) => o.name.trim().toLowerCase() === folded);
}
