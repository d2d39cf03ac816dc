/**
 * The rules of picking transaction codes in post-processing: a `single` list holds one item, a
 * `multiple` list any number, and the whole set at most `maxCodes` (the server checks them too;
 * the page follows them so the agent cannot pick what would be refused).
 */
import type { CodeListView } from '../../../../src/app/workspace/view.ts';

/** A picked code: an item of a code list. */
export interface Code {
  readonly listId: number;
  readonly itemId: number;
}

/** Is this item picked? */
export function isPicked(codes: readonly Code[], listId: number, itemId: number): boolean {
  return codes.some((code) => code.listId === listId && code.itemId === itemId);
}

/**
 * May the agent pick this item now? Always when it is picked already or replaces the item of a
 * `single` list; otherwise only below `maxCodes`.
 */
export function canPick(codes: readonly Code[], list: CodeListView, itemId: number, maxCodes: number): boolean {
  if (isPicked(codes, list.id, itemId)) return true;
  if (list.choice === 'single' && codes.some((code) => code.listId === list.id)) return true;
  return codes.length < maxCodes;
}

/**
 * The set after the agent picked (`checked`) or unpicked an item; `itemId` null clears a single list.
 * @example pick([], singleList, 3, true); // [{ listId: singleList.id, itemId: 3 }]
 */
export function pick(codes: readonly Code[], list: CodeListView, itemId: number | null, checked: boolean): Code[] {
  const others = list.choice === 'single'
    ? codes.filter((code) => code.listId !== list.id)
    : codes.filter((code) => !(code.listId === list.id && code.itemId === itemId));
  return checked && itemId !== null ? [...others, { listId: list.id, itemId }] : others;
}

/** The same codes, in any order. */
export function sameCodes(a: readonly Code[], b: readonly Code[]): boolean {
  return a.length === b.length && a.every((code) => isPicked(b, code.listId, code.itemId));
}
