import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../../src/domain/errors.ts';
import { decodeOnce, formatUserData, isSystemName, parseUserData, UserDataError } from '../../../src/domain/click-to-dial/userdata.ts';

/** The error `run` throws, or fails the test. */
function errorOf(run: () => unknown): UserDataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserDataError);
    return error as UserDataError;
  }
  throw new Error('expected a UserDataError');
}

describe('parseUserData', () => {
  it('reads [name|value] pairs in order', () => {
    expect(parseUserData('[name1|value1][name2|value2][name3|value3]')).toEqual([
      { name: 'name1', value: 'value1' },
      { name: 'name2', value: 'value2' },
      { name: 'name3', value: 'value3' },
    ]);
  });

  it('has no pairs in empty or blank text', () => {
    expect(parseUserData('')).toEqual([]);
    expect(parseUserData(' \n\t ')).toEqual([]);
  });

  it('ignores whitespace and line breaks between pairs, keeps them inside values', () => {
    expect(parseUserData(' \n [a|1]\r\n  [b| two\n lines ]\t[c|3]\n')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: ' two\n lines ' },
      { name: 'c', value: '3' },
    ]);
  });

  it('ends the name at the first "|" and keeps later ones in the value', () => {
    expect(parseUserData('[tags|a|b||c][pipe||]')).toEqual([
      { name: 'tags', value: 'a|b||c' },
      { name: 'pipe', value: '|' },
    ]);
  });

  it('accepts empty values, names with spaces, and keeps duplicate names in order', () => {
    expect(parseUserData('[empty|][first name|Ann][x|1][x|2]')).toEqual([
      { name: 'empty', value: '' },
      { name: 'first name', value: 'Ann' },
      { name: 'x', value: '1' },
      { name: 'x', value: '2' },
    ]);
  });

  it('does not decode: percent signs reach it already decoded once', () => {
    expect(parseUserData('[subject|100%20sure %]')).toEqual([{ name: 'subject', value: '100%20sure %' }]);
  });

  it('reports a pair with no closing "]" at the end, with the pair number and a quote', () => {
    const error = errorOf(() => parseUserData('[a|1][b|2][subject|outbound call log'));
    expect(error.message).toBe('ctl_userdata: pair 3 ("[subject|outboun…") has no closing "]"');
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.field).toBe('ctl_userdata');
    expect(error.code).toBe('rule_violation');
    expect({ pair: error.pair, position: error.position }).toEqual({ pair: 3, position: 10 });
  });

  it('reports a pair left open before the next "[" rather than reading "[" into the value', () => {
    const error = errorOf(() => parseUserData('[a|1[b|2]'));
    expect(error.message).toBe('ctl_userdata: pair 1 ("[a|1[b|2]") has no closing "]" before the next "[" at character 5');
    expect(error.pair).toBe(1);
  });

  it('reports a stray "]" and where it is', () => {
    expect(errorOf(() => parseUserData('[a|1]]')).message).toBe('ctl_userdata: stray "]" at character 6, after pair 1');
    expect(errorOf(() => parseUserData(']')).message).toBe('ctl_userdata: stray "]" at character 1');
  });

  it('reports text outside pairs, before, between and after them', () => {
    expect(errorOf(() => parseUserData('name|value')).message).toBe('ctl_userdata: text outside [name|value] pairs at character 1 ("name|value")');
    const between = errorOf(() => parseUserData('[a|1] and [b|2]'));
    expect(between.message).toBe('ctl_userdata: text outside [name|value] pairs at character 7, after pair 1 ("and [b|2]")');
    expect(between.position).toBe(6);
    expect(errorOf(() => parseUserData('[a|1]x')).message).toContain('at character 6, after pair 1 ("x")');
  });

  it('reports a pair without "|"', () => {
    expect(errorOf(() => parseUserData('[a|1][subject]')).message).toBe('ctl_userdata: pair 2 ("[subject]") has no "|" between name and value');
  });

  it('reports an empty or blank name', () => {
    expect(errorOf(() => parseUserData('[|value]')).message).toBe('ctl_userdata: pair 1 ("[|value]") has an empty name');
    expect(errorOf(() => parseUserData('[a|1]\n[ \n|value]')).message).toBe('ctl_userdata: pair 2 ("[ |value]") has an empty name');
  });

  it('keeps messages on one line and short, however long the pair', () => {
    const message = errorOf(() => parseUserData(`[Description|line one\nline two ${'x'.repeat(500)}`)).message;
    expect(message).toBe('ctl_userdata: pair 1 ("[Description|lin…") has no closing "]"');
  });

  it('names another field when asked (extTransactionData has the same shape)', () => {
    expect(parseUserData('[extRecordId|001][extRecordType|Account]', 'extTransactionData')).toHaveLength(2);
    const error = errorOf(() => parseUserData('[extRecordId|001', 'extTransactionData'));
    expect(error.field).toBe('extTransactionData');
    expect(error.message).toMatch(/^extTransactionData: pair 1/);
  });
});

describe('isSystemName', () => {
  it('is true for names starting ctl_ as written', () => {
    expect(['ctl_action', 'ctl_', 'ctl_anything'].map(isSystemName)).toEqual([true, true, true]);
    expect(['subject', 'CTL_action', 'xctl_action', 'ctl-action', ''].map(isSystemName)).toEqual([false, false, false, false, false]);
  });
});

describe('formatUserData', () => {
  it('writes pairs back to back', () => {
    expect(formatUserData([{ name: 'a', value: '1' }, { name: 'b', value: 'x|y' }, { name: 'c', value: '' }])).toBe('[a|1][b|x|y][c|]');
    expect(formatUserData([])).toBe('');
  });

  it('is read back as the same pairs (names and values without brackets, names without "|")', () => {
    const text = (extraExcluded: string) => fc.string({ unit: 'grapheme' }).map((s) => s.replace(new RegExp(`[\\[\\]${extraExcluded}]`, 'g'), ''));
    const name = text('|').filter((s) => s.trim() !== '');
    const pairs = fc.array(fc.record({ name, value: text('') }), { maxLength: 12 });
    fc.assert(fc.property(pairs, (given) => {
      expect(parseUserData(formatUserData(given))).toEqual(given);
    }));
  });
});

describe('decodeOnce', () => {
  it('decodes each escape once', () => {
    expect(decodeOnce('[a|x%7Cy]')).toBe('[a|x|y]');
    expect(decodeOnce('%5Bsubject%7Cyes%5D')).toBe('[subject|yes]');
    expect(decodeOnce('[a|100%2520]')).toBe('[a|100%20]');
    expect(decodeOnce('[a|%25%32%30]')).toBe('[a|%20]');
    expect(decodeOnce('[note|caf%C3%A9 %e2%82%AC]')).toBe('[note|café €]');
  });

  it('keeps "+" and text without escapes as they are', () => {
    expect(decodeOnce('[phone|+16502928880][a|b+c]')).toBe('[phone|+16502928880][a|b+c]');
    expect(decodeOnce('')).toBe('');
  });

  it('reports a malformed escape and where it is', () => {
    const error = errorOf(() => decodeOnce('[a|50%zz]'));
    expect(error.message).toBe('ctl_userdata: malformed percent-encoding "%zz" at character 6');
    expect(error.field).toBe('ctl_userdata');
    expect(error.position).toBe(5);
    expect(errorOf(() => decodeOnce('[a|100%]')).message).toBe('ctl_userdata: malformed percent-encoding "%]" at character 7');
    expect(errorOf(() => decodeOnce('[a|1%4')).message).toBe('ctl_userdata: malformed percent-encoding "%4" at character 5');
  });

  it('reports escapes that are not UTF-8', () => {
    const error = errorOf(() => decodeOnce('[a|ok%20][b|%FF%FE]'));
    expect(error.message).toBe('ctl_userdata: "%FF%FE" at character 13 is not UTF-8 percent-encoding');
    expect(error.position).toBe(12);
    expect(errorOf(() => decodeOnce('%C3', 'extTransactionData')).field).toBe('extTransactionData');
  });

  it('decoded once and parsed, a %7C is a "|" inside the value', () => {
    expect(parseUserData(decodeOnce('[tags|a%7Cb]'))).toEqual([{ name: 'tags', value: 'a|b' }]);
  });
});
