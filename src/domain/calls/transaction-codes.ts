import { RuleViolationError } from '../errors.ts';
import { CodeChoice, type Queue, type TransactionCode, type TransactionCodeList } from './queue.ts';

/** The VCC document: "Up to six transaction codes can be assigned to a transaction." */
export const MAX_CODES_PER_INTERACTION = 6;

/** One entry of the VCC `selections` body: a list id and the item ids chosen from it. */
export interface CodeSelection {
  readonly id: number;
  readonly codes: readonly { readonly id: number }[];
}

/**
 * Checks a set-transaction-codes request (`NOTES.md` §4) and returns the codes to store,
 * in request order with duplicates merged (sending the same item twice is harmless).
 * `queue` is null for a direct call, which takes tenant-wide lists only.
 * @example checkTransactionCodes(queue598, lists, [{ id: 12, codes: [{ id: 234 }] }]); // [{ listId: 12, itemId: 234 }]
 * @throws RuleViolationError naming the list or item id and the request field
 */
export function checkTransactionCodes(
  queue: Queue | null,
  lists: readonly TransactionCodeList[],
  requested: readonly CodeSelection[],
): TransactionCode[] {
  const chosen = new Map<number, Set<number>>();
  requested.forEach((selection, index) => {
    const list = usableList(queue, lists, selection.id, `selections[${index}].id`);
    const items = chosen.get(list.id) ?? new Set<number>();
    selection.codes.forEach((code, codeIndex) => {
      if (!list.items.some((item) => item.id === code.id)) {
        throw new RuleViolationError(
          `Transaction code [${code.id}] is not an item of transaction code list [${list.id}]`,
          `selections[${index}].codes[${codeIndex}].id`,
        );
      }
      items.add(code.id);
    });
    if (list.choice === CodeChoice.Single && items.size > 1) {
      throw new RuleViolationError(
        `Transaction code list [${list.id}] is single choice and takes one code; ${items.size} given (${[...items].join(', ')})`,
        `selections[${index}].codes`,
      );
    }
    chosen.set(list.id, items);
  });
  const codes = [...chosen].flatMap(([listId, items]) => [...items].map((itemId) => ({ listId, itemId })));
  if (codes.length > MAX_CODES_PER_INTERACTION) {
    throw new RuleViolationError(
      `At most ${MAX_CODES_PER_INTERACTION} transaction codes can be assigned to an interaction; ${codes.length} given`,
      'selections',
    );
  }
  return codes;
}

/** The list a selection names, when it exists and may be used for this queue. */
function usableList(queue: Queue | null, lists: readonly TransactionCodeList[], listId: number, field: string): TransactionCodeList {
  const list = lists.find((candidate) => candidate.id === listId);
  if (list === undefined) throw new RuleViolationError(`Transaction code list [${listId}] does not exist`, field);
  if (list.tenantWide) return list;
  if (queue === null) {
    throw new RuleViolationError(
      `Transaction code list [${listId}] is assigned to queues only; a call without a queue takes tenant-wide lists`,
      field,
    );
  }
  if (!queue.transactionCodeListIds.includes(listId)) {
    throw new RuleViolationError(`Transaction code list [${listId}] is not assigned to queue [${queue.id}]`, field);
  }
  return list;
}
