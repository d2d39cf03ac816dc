import { describe, expect, it } from 'vitest';
import { tenantTime, UnknownTimeZoneError } from '../../../src/domain/click-to-dial/tenant-time.ts';
import { replaceTokens, replaceTokensInPairs, TOKEN_NAMES, tokenValues, type TokenFacts } from '../../../src/domain/click-to-dial/tokens.ts';

/** The token table of `vcc-click-to-dial.txt`, copied in document order. */
const DOCUMENT_TOKENS = [
  '$caller_id$', '$transaction_id$', '$call_answered_time$', '$call_hangup_time$', '$callAnsweredTenantTT$', '$callHangupTenantTT$',
  '$callDuration$', '$equal$', '$interaction_guid$', '$year$', '$month$', '$date$', '$hours$', '$minutes$', '$seconds$',
  '$transaction_codes$', '$notes$', '$lastTclListName$', '$lastTclCodeDesc$', '$lastTclCodeShort$',
];

const ANSWERED = Date.UTC(2026, 6, 4, 16, 5, 9, 500); // 12:05:09.5 in New York (EDT, -04:00)

const FACTS: TokenFacts = {
  callerId: '5251990',
  transactionNumber: 1234,
  answeredAt: ANSWERED,
  hungUpAt: ANSWERED + 3_723_000, // 1 h 2 min 3 s later
  now: Date.UTC(2026, 6, 4, 17, 8, 1), // completed (post-processing over) at 13:08:01 local
  timezone: 'US/Eastern',
  interactionGuid: 'int-4c1e-9f',
  codes: [
    { listName: 'Outcome', shortCode: 'SALE', description: 'Sale made' },
    { listName: 'Topics', shortCode: 'T2', description: 'Billing question' },
  ],
  notes: 'Call back Friday',
};

const EXPECTED: Record<(typeof TOKEN_NAMES)[number], string> = {
  caller_id: '5251990',
  transaction_id: '1234',
  call_answered_time: String(Math.floor(ANSWERED / 1000)),
  call_hangup_time: String(Math.floor(ANSWERED / 1000) + 3723),
  callAnsweredTenantTT: '2026/07/04 12:05:09 -04:00',
  callHangupTenantTT: '2026/07/04 13:07:12 -04:00',
  callDuration: '01:02:03',
  equal: '=',
  interaction_guid: 'int-4c1e-9f',
  year: '2026',
  month: '07',
  date: '04',
  hours: '13',
  minutes: '08',
  seconds: '01',
  transaction_codes: 'Outcome:SALE,Topics:T2',
  notes: 'Call back Friday',
  lastTclListName: 'Topics',
  lastTclCodeDesc: 'Billing question',
  lastTclCodeShort: 'T2',
};

describe('TOKEN_NAMES', () => {
  it('is the document\'s token list', () => {
    expect(TOKEN_NAMES.map((name) => `$${name}$`)).toEqual(DOCUMENT_TOKENS);
  });
});

describe('replaceTokens', () => {
  it.each(TOKEN_NAMES.map((name) => [name]))('replaces $%s$ when the facts are complete', (name) => {
    const text = `<$${name}$>`;
    const replaced = replaceTokens(text, FACTS);
    expect(replaced).toBe(`<${EXPECTED[name]}>`);
    expect(replaced).not.toContain(`$${name}$`);
  });

  it('replaces every token in one text, leaving no token behind', () => {
    const text = DOCUMENT_TOKENS.join(' ');
    const replaced = replaceTokens(text, FACTS);
    expect(replaced).toBe(TOKEN_NAMES.map((name) => EXPECTED[name]).join(' '));
    for (const token of DOCUMENT_TOKENS) expect(replaced).not.toContain(token);
  });

  it('replaces each occurrence, and leaves text without tokens as it is', () => {
    expect(replaceTokens('$equal$$equal$ x $equal$', FACTS)).toBe('== x =');
    expect(replaceTokens('no tokens, $5 only', FACTS)).toBe('no tokens, $5 only');
    expect(replaceTokens('', FACTS)).toBe('');
  });

  it('leaves a token without its closing "$" (document examples 2 and 3) and unknown tokens as they are', () => {
    expect(replaceTokens('$call_answered_time', FACTS)).toBe('$call_answered_time');
    expect(replaceTokens('[start_time|$call_answered_time][end_time|$call_hangup_time$]', FACTS))
      .toBe(`[start_time|$call_answered_time][end_time|${EXPECTED.call_hangup_time}]`);
    expect(replaceTokens('$foo$ $Equal$ $EQUAL$ $ equal$ $equal $', FACTS)).toBe('$foo$ $Equal$ $EQUAL$ $ equal$ $equal $');
  });

  it('scans left to right: "$" already used by a token does not start another', () => {
    expect(replaceTokens('$equal$equal$', FACTS)).toBe('=equal$');
    expect(replaceTokens('$foo$equal$', FACTS)).toBe('$foo=');
    expect(replaceTokens('$$equal$$', FACTS)).toBe('$=$');
    expect(replaceTokens('$year$-$month$-$date$', FACTS)).toBe('2026-07-04');
  });

  it('does not replace tokens inside replaced values (notes holding "$equal$")', () => {
    const facts: TokenFacts = { ...FACTS, notes: 'a$equal$b $notes$ $& $1', callerId: '$transaction_id$' };
    expect(replaceTokens('$notes$|$caller_id$', facts)).toBe('a$equal$b $notes$ $& $1|$transaction_id$');
  });

  it('encodes token values when asked, not the text around them', () => {
    const facts: TokenFacts = { ...FACTS, notes: 'a&b=c d' };
    const url = 'https://crm.example.com/cb?t=$transaction_id$&n=$notes$&at=$callAnsweredTenantTT$';
    expect(replaceTokens(url, facts, { encode: encodeURIComponent }))
      .toBe('https://crm.example.com/cb?t=1234&n=a%26b%3Dc%20d&at=2026%2F07%2F04%2012%3A05%3A09%20-04%3A00');
  });

  it('replaces in values of pairs, not in names', () => {
    expect(replaceTokensInPairs([{ name: '$equal$', value: 'x$equal$y' }, { name: 'id', value: '$transaction_id$' }], FACTS)).toEqual([
      { name: '$equal$', value: 'x=y' },
      { name: 'id', value: '1234' },
    ]);
  });
});

describe('a call that never connected', () => {
  it('has 0 times and a zero duration, whatever the hang-up time', () => {
    for (const hungUpAt of [null, ANSWERED + 30_000]) {
      const values = tokenValues({ ...FACTS, answeredAt: null, hungUpAt });
      expect([values.call_answered_time, values.call_hangup_time, values.callAnsweredTenantTT, values.callHangupTenantTT, values.callDuration])
        .toEqual(['0', '0', '0', '0', '00:00:00']);
      expect(values.year).toBe('2026'); // the completion time is still known
    }
  });

  it('without codes, notes, caller id or transaction number has empty values for them', () => {
    const values = tokenValues({ ...FACTS, codes: [], notes: '', callerId: null, transactionNumber: null });
    expect([values.transaction_codes, values.lastTclListName, values.lastTclCodeDesc, values.lastTclCodeShort, values.notes, values.caller_id, values.transaction_id])
      .toEqual(['', '', '', '', '', '', '']);
  });
});

describe('call times and duration', () => {
  it('uses whole epoch seconds, so the duration is the difference of the two tokens', () => {
    const values = tokenValues({ ...FACTS, answeredAt: 1_000_999, hungUpAt: 1_010_001 });
    expect([values.call_answered_time, values.call_hangup_time, values.callDuration]).toEqual(['1000', '1010', '00:00:10']);
  });

  it('does not wrap hours at a day, and never goes below zero', () => {
    expect(tokenValues({ ...FACTS, hungUpAt: ANSWERED + (25 * 3600 + 61) * 1000 }).callDuration).toBe('25:01:01');
    expect(tokenValues({ ...FACTS, hungUpAt: ANSWERED }).callDuration).toBe('00:00:00');
    expect(tokenValues({ ...FACTS, hungUpAt: ANSWERED - 5000 }).callDuration).toBe('00:00:00');
  });

  it('has no hang-up values for an answered call without a hang-up time', () => {
    const values = tokenValues({ ...FACTS, hungUpAt: null });
    expect([values.call_answered_time, values.call_hangup_time, values.callHangupTenantTT, values.callDuration])
      .toEqual([EXPECTED.call_answered_time, '0', '0', '00:00:00']);
  });
});

describe('the tenant\'s time zone', () => {
  const stamp = (at: number, timezone: string) => replaceTokens('$callAnsweredTenantTT$', { ...FACTS, answeredAt: at, timezone });
  const clock = (now: number, timezone: string) => replaceTokens('$year$/$month$/$date$ $hours$:$minutes$:$seconds$', { ...FACTS, now, timezone });

  it('follows daylight saving time in US/Eastern (2026: from 8 March to 1 November)', () => {
    expect(stamp(Date.UTC(2026, 2, 8, 6, 59, 59), 'US/Eastern')).toBe('2026/03/08 01:59:59 -05:00');
    expect(stamp(Date.UTC(2026, 2, 8, 7, 0, 0), 'US/Eastern')).toBe('2026/03/08 03:00:00 -04:00');
    expect(stamp(Date.UTC(2026, 10, 1, 5, 30), 'US/Eastern')).toBe('2026/11/01 01:30:00 -04:00');
    expect(stamp(Date.UTC(2026, 10, 1, 6, 30), 'US/Eastern')).toBe('2026/11/01 01:30:00 -05:00');
    expect(stamp(Date.UTC(2026, 10, 1, 6, 30), 'America/New_York')).toBe('2026/11/01 01:30:00 -05:00');
  });

  it('writes UTC and offsets with minutes, east and west', () => {
    const at = Date.UTC(2026, 0, 15, 12, 0, 0);
    expect(stamp(at, 'UTC')).toBe('2026/01/15 12:00:00 +00:00');
    expect(stamp(at, 'Etc/UTC')).toBe('2026/01/15 12:00:00 +00:00');
    expect(stamp(at, 'Asia/Kolkata')).toBe('2026/01/15 17:30:00 +05:30');
    expect(stamp(at, 'Asia/Kathmandu')).toBe('2026/01/15 17:45:00 +05:45');
    expect(stamp(at, 'America/St_Johns')).toBe('2026/01/15 08:30:00 -03:30');
    expect(stamp(at, 'Pacific/Kiritimati')).toBe('2026/01/16 02:00:00 +14:00');
  });

  it('reads the date tokens from the completion time in the zone, across midnight and the year', () => {
    const newYearUtc = Date.UTC(2027, 0, 1, 3, 4, 5);
    expect(clock(newYearUtc, 'US/Eastern')).toBe('2026/12/31 22:04:05');
    expect(clock(newYearUtc, 'UTC')).toBe('2027/01/01 03:04:05');
    expect(clock(Date.UTC(2026, 5, 30, 23, 59, 59, 999), 'Europe/Berlin')).toBe('2026/07/01 01:59:59');
    expect(clock(Date.UTC(2026, 0, 1, 0, 0, 0), 'Asia/Tokyo')).toBe('2026/01/01 09:00:00');
  });

  it('writes midnight as 00, never 24', () => {
    expect(clock(Date.UTC(2026, 0, 1, 5, 0, 0), 'US/Eastern')).toBe('2026/01/01 00:00:00');
    expect(tenantTime(Date.UTC(2026, 0, 1, 5, 0, 0), 'US/Eastern').hour).toBe('00');
  });

  it('handles instants before 1970', () => {
    expect(stamp(Date.UTC(1969, 11, 31, 23, 59, 59, 500), 'UTC')).toBe('1969/12/31 23:59:59 +00:00');
  });

  it('refuses a zone Intl does not know rather than writing UTC', () => {
    expect(() => replaceTokens('$year$', { ...FACTS, timezone: 'Mars/Olympus' })).toThrow(UnknownTimeZoneError);
    expect(() => replaceTokens('$year$', { ...FACTS, timezone: 'Mars/Olympus' })).toThrow('unknown time zone "Mars/Olympus"');
    expect(replaceTokens('no tokens, $foo$', { ...FACTS, timezone: 'Mars/Olympus' })).toBe('no tokens, $foo$');
  });
});
