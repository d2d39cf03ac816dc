import { describe, expect, it } from 'vitest';
import { refusal } from '../../support/refusal.ts';
import { sortLeads } from '../../../src/domain/phone-lists/ordering.ts';
import {
  firstDuplicate, leadKind, listIdOf, matchesQuery, parseLeadBatch, parseListName, parseListWrite, parsePhonesToDelete, phoneListKey,
} from '../../../src/domain/phone-lists/phone-list.ts';

const refusalMessage = (f: () => unknown): string => refusal(f).message;

describe('keys and ids', () => {
  it('pads list keys so key order is id order, and finds ids only in their one form', () => {
    expect(phoneListKey(7)).toBe('0000000007');
    expect(phoneListKey(12) > phoneListKey(9)).toBe(true);
    expect(leadKind(7)).toBe('lead:7');
    expect(listIdOf('12')).toBe(12);
    for (const bad of ['0', '-1', '1.5', 'abc', '', '99999999999', '2147483648']) expect(listIdOf(bad)).toBeNull();
  });
});

describe('list writes', () => {
  it('trims the name, needs it on create, and refuses read-only fields', () => {
    expect(parseListName('  Leads ')).toBe('Leads');
    expect(parseListWrite({ name: 'A', api_key: 'k' }, 'create')).toEqual({ name: 'A' });
    expect(parseListWrite({}, 'update')).toEqual({});
    expect(refusalMessage(() => parseListWrite({}, 'create'))).toBe('name: is required');
    expect(refusalMessage(() => parseListWrite({ name: ' ' }, 'update'))).toBe('name: must not be empty');
    expect(refusalMessage(() => parseListWrite({ name: 5 }, 'update'))).toBe('name: must be a string');
    for (const field of ['id', 'account_id', 'list_rows']) expect(refusalMessage(() => parseListWrite({ name: 'A', [field]: 1 }, 'create'))).toBe(`${field}: is read only`);
  });

  it('matches ?q= as a part of the name, any case', () => {
    expect(matchesQuery({ name: 'Demo leads' }, 'LEAD')).toBe(true);
    expect(matchesQuery({ name: 'Demo leads' }, '')).toBe(true);
    expect(matchesQuery({ name: 'Demo leads' }, 'dnc')).toBe(false);
  });
});

describe('lead batches', () => {
  it('takes one object or an array, naming positions, and refuses a phone twice in one array', () => {
    expect(parseLeadBatch({ phone: '972501234567' })).toEqual({ leads: [{ phone: '972501234567' }], many: false });
    expect(parseLeadBatch([{ phone: '1 212 555 0123' }]).leads).toEqual([{ phone: '12125550123' }]);
    expect(refusalMessage(() => parseLeadBatch([]))).toMatch(/^body: an array of leads must not be empty/);
    expect(refusalMessage(() => parseLeadBatch([{ phone: '972501234567' }, { phone: '972-50-1234567' }]))).toMatch(/^\[1\]\.phone: 972501234567 is in the request twice \(also at \[0\]\)/);
    expect(refusalMessage(() => parseLeadBatch(Array.from({ length: 10_001 }, (_, i) => ({ phone: `9725${String(i).padStart(8, '0')}` }))))).toMatch(/at most 10000/);
  });

  it('firstDuplicate names both positions', () => {
    expect(firstDuplicate(['1', '2', '1'])).toEqual({ phone: '1', first: 0, again: 2 });
    expect(firstDuplicate(['1', '2'])).toBeNull();
  });
});

describe('phones to delete', () => {
  it('takes an array or {phones}, normalises, counts each once and keeps text that is no phone as unmatched', () => {
    expect(parsePhonesToDelete(['972501234567', 972501234567, '+1 212 555 0123', 'abc'])).toEqual({ phones: ['972501234567', '+12125550123'], unmatched: ['abc'] });
    expect(parsePhonesToDelete({ phones: ['972501234567'] })).toEqual({ phones: ['972501234567'], unmatched: [] });
    expect(refusalMessage(() => parsePhonesToDelete(undefined))).toMatch(/^body: a JSON array of phone numbers is required/);
    expect(refusalMessage(() => parsePhonesToDelete({ phones: [null] }))).toMatch(/^phones\[0\]: must be a phone number/);
  });
});

describe('sortLeads', () => {
  it('orders by priority, larger first, then insertion order', () => {
    const leads = [{ priority: 0, seq: 1 }, { priority: 2, seq: 4 }, { priority: 2, seq: 3 }, { priority: -1, seq: 0 }, { priority: 0, seq: 2 }];
    expect(sortLeads(leads)).toEqual([{ priority: 2, seq: 3 }, { priority: 2, seq: 4 }, { priority: 0, seq: 1 }, { priority: 0, seq: 2 }, { priority: -1, seq: 0 }]);
    expect(leads[0]).toEqual({ priority: 0, seq: 1 }); // a new array
  });
});
