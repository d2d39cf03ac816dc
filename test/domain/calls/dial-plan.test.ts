import { describe, expect, it } from 'vitest';
import { toE164, type DialPlan } from '../../../src/domain/calls/dial-plan.ts';
import { refusal } from '../../support/refusal.ts';

const US: DialPlan = { id: 12, name: 'US', countryCode: '1', nationalNumberLengths: [10], trunkPrefix: null, internationalPrefix: '011' };
const UK: DialPlan = { id: 44, name: 'UK', countryCode: '44', nationalNumberLengths: [9, 10], trunkPrefix: '0', internationalPrefix: '00' };

const fieldOf = (run: () => unknown): string | undefined => refusal(run).field;

describe('toE164 with the US plan (12)', () => {
  it.each([
    ['1', '6175551984', '+16175551984'],
    ['', '6175551984', '+16175551984'],
    ['', '16175551984', '+16175551984'],
    ['', '(617) 555-1984', '+16175551984'],
    ['1', '617.555.1984', '+16175551984'],
    ['', '+442071234567', '+442071234567'],
    ['1', '+44 20 7123 4567', '+442071234567'],
    ['011', '442071234567', '+442071234567'],
    ['', '011442071234567', '+442071234567'],
  ])('prefix %j + number %j → %s', (prefix, number, expected) => {
    expect(toE164(US, prefix, number)).toBe(expected);
  });

  it.each([
    ['', '', 'number'],
    ['', '   ', 'number'],
    ['', '617555CALL', 'number'],
    ['1', '617555198', 'number'],
    ['1', '61755519844', 'number'],
    ['', '+1234', 'number'],
    ['', '+1234567890123456', 'number'],
    ['', '+0442071234567', 'number'],
    ['', '61+75551984', 'number'],
    ['x1', '6175551984', 'prefix'],
    ['+1', '6175551984', 'prefix'],
  ])('prefix %j + number %j is refused, naming %s', (prefix, number, field) => {
    expect(fieldOf(() => toE164(US, prefix, number))).toBe(field);
  });

  it('explains what the plan expects', () => {
    expect(() => toE164(US, '1', '555')).toThrow(/dial plan 12 \(US\): expected 10 national digits/);
  });
});

describe('toE164 with a plan that has a trunk prefix (UK)', () => {
  it.each([
    ['', '02071234567', '+442071234567'],
    ['0', '2071234567', '+442071234567'],
    ['', '2071234567', '+442071234567'],
    ['44', '2071234567', '+442071234567'],
    ['', '00 1 617 555 1984', '+16175551984'],
  ])('prefix %j + number %j → %s', (prefix, number, expected) => {
    expect(toE164(UK, prefix, number)).toBe(expected);
  });
});
