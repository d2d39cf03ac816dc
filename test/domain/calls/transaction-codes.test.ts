import { describe, expect, it } from 'vitest';
import { MAX_CODES_PER_INTERACTION, checkTransactionCodes } from '../../../src/domain/calls/transaction-codes.ts';
import { wrapUpSeconds } from '../../../src/domain/calls/queue.ts';
import { RuleViolationError } from '../../../src/domain/errors.ts';
import { CODE_LISTS, QUEUE } from './fixtures.ts';

function refusal(run: () => unknown): RuleViolationError {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleViolationError) return error;
    throw error;
  }
  throw new Error('expected a RuleViolationError');
}

describe('checkTransactionCodes (NOTES.md §4)', () => {
  it('accepts the document\'s example: two items from two lists (one tenant-wide)', () => {
    const codes = checkTransactionCodes(QUEUE, CODE_LISTS, [{ id: 12, codes: [{ id: 234 }] }, { id: 2281, codes: [{ id: 7361 }] }]);
    expect(codes).toEqual([{ listId: 12, itemId: 234 }, { listId: 2281, itemId: 7361 }]);
  });

  it('accepts several items of a multiple-choice list, and an empty request (clears the codes)', () => {
    expect(checkTransactionCodes(QUEUE, CODE_LISTS, [{ id: 13, codes: [{ id: 1 }, { id: 2 }] }])).toHaveLength(2);
    expect(checkTransactionCodes(QUEUE, CODE_LISTS, [])).toEqual([]);
  });

  it('merges duplicates instead of counting them twice', () => {
    const codes = checkTransactionCodes(QUEUE, CODE_LISTS, [{ id: 12, codes: [{ id: 234 }, { id: 234 }] }, { id: 12, codes: [{ id: 234 }] }]);
    expect(codes).toEqual([{ listId: 12, itemId: 234 }]);
  });

  it(`takes at most ${MAX_CODES_PER_INTERACTION} codes`, () => {
    const six = [1, 2, 3, 4, 5, 6].map((id) => ({ id }));
    expect(checkTransactionCodes(QUEUE, CODE_LISTS, [{ id: 13, codes: six }])).toHaveLength(6);
    const error = refusal(() => checkTransactionCodes(QUEUE, CODE_LISTS, [{ id: 13, codes: six }, { id: 12, codes: [{ id: 235 }] }]));
    expect(error.field).toBe('selections');
    expect(error.message).toMatch(/At most 6 transaction codes .* 7 given/);
  });

  it('refuses a list that does not exist', () => {
    const error = refusal(() => checkTransactionCodes(QUEUE, CODE_LISTS, [{ id: 99, codes: [{ id: 1 }] }]));
    expect(error.message).toBe('Transaction code list [99] does not exist');
    expect(error.field).toBe('selections[0].id');
  });

  it('refuses a list not assigned to the queue', () => {
    const error = refusal(() => checkTransactionCodes(QUEUE, CODE_LISTS, [{ id: 12, codes: [{ id: 234 }] }, { id: 40, codes: [{ id: 1 }] }]));
    expect(error.message).toBe('Transaction code list [40] is not assigned to queue [598]');
    expect(error.field).toBe('selections[1].id');
  });

  it('takes only tenant-wide lists on a call without a queue', () => {
    expect(checkTransactionCodes(null, CODE_LISTS, [{ id: 2281, codes: [{ id: 7361 }] }])).toHaveLength(1);
    expect(refusal(() => checkTransactionCodes(null, CODE_LISTS, [{ id: 12, codes: [{ id: 234 }] }])).message).toMatch(/tenant-wide/);
  });

  it('refuses an item that is not in its list, naming both', () => {
    const error = refusal(() => checkTransactionCodes(QUEUE, CODE_LISTS, [{ id: 12, codes: [{ id: 234 }, { id: 7361 }] }]));
    expect(error.message).toBe('Transaction code [7361] is not an item of transaction code list [12]');
    expect(error.field).toBe('selections[0].codes[1].id');
  });

  it('refuses two items of a single-choice list, also across selections', () => {
    const twoInOne = refusal(() => checkTransactionCodes(QUEUE, CODE_LISTS, [{ id: 12, codes: [{ id: 234 }, { id: 235 }] }]));
    expect(twoInOne.message).toMatch(/list \[12\] is single choice/);
    const split = refusal(() => checkTransactionCodes(QUEUE, CODE_LISTS, [{ id: 12, codes: [{ id: 234 }] }, { id: 12, codes: [{ id: 235 }] }]));
    expect(split.field).toBe('selections[1].codes');
  });
});

describe('wrapUpSeconds: agent override, else queue, else tenant default', () => {
  it.each([
    [20, 30, 60, 20],
    [null, 30, 60, 30],
    [null, null, 60, 60],
    [0, 30, 60, 0],
    [-5, 30, 60, 30],
    [null, 2.5, 60, 60],
  ])('agent %j, queue %j, tenant %j → %j', (agent, queue, tenant, expected) => {
    expect(wrapUpSeconds(agent, queue, tenant)).toBe(expected);
  });
});
