/**
 * Reason codes (`NOTES.md` §2): one tenant catalogue of status code lists and
 * items. Each item has a kind that says which presence it explains.
 */
export const ReasonKind = {
  Break: 'break',
  Offline: 'offline',
  SignOut: 'sign_out',
} as const;
export type ReasonKind = (typeof ReasonKind)[keyof typeof ReasonKind];
export const REASON_KINDS: readonly ReasonKind[] = Object.values(ReasonKind);

/** List -1 holds the reasons the system sets (e.g. logged out by the system). */
export const SYSTEM_LIST_ID = -1;

export interface StatusCodeItem {
  readonly listId: number;
  readonly id: number;
  /** Short text shown beside the status; system items may have none. */
  readonly shortCode: string | null;
  readonly label: string;
  readonly kind: ReasonKind;
}

export interface StatusCodeList {
  readonly id: number;
  readonly name: string;
  readonly items: readonly StatusCodeItem[];
}

/** A reference to one item of one list, as stored with a presence. */
export interface ReasonRef {
  readonly listId: number;
  readonly itemId: number;
}

export function sameReason(a: ReasonRef | null, b: ReasonRef | null): boolean {
  if (a === null || b === null) return a === b;
  return a.listId === b.listId && a.itemId === b.itemId;
}

/**
 * The lists a tenant defines, indexed for lookups.
 * @example new ReasonCatalogue(lists).item(801, 1726)?.shortCode // 'Train'
 */
export class ReasonCatalogue {
  private readonly lists = new Map<number, StatusCodeList>();
  private readonly items = new Map<string, StatusCodeItem>();

  constructor(lists: readonly StatusCodeList[]) {
    for (const list of lists) {
      this.lists.set(list.id, list);
      for (const item of list.items) this.items.set(`${list.id}:${item.id}`, item);
    }
  }

  list(listId: number): StatusCodeList | undefined {
    return this.lists.get(listId);
  }

  item(listId: number, itemId: number): StatusCodeItem | undefined {
    return this.items.get(`${listId}:${itemId}`);
  }

  allLists(): StatusCodeList[] {
    return [...this.lists.values()];
  }
}
