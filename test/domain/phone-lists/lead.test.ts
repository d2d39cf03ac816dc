import { describe, expect, it } from 'vitest';
import { refusal } from '../../support/refusal.ts';
import { applyLeadChanges, newLead, normalisePhone, parseLead, parsePhone } from '../../../src/domain/phone-lists/lead.ts';

const refusalMessage = (f: () => unknown): string => refusal(f).message;

describe('normalisePhone', () => {
  it('trims, removes separators, keeps a leading +, and refuses everything else', () => {
    expect(normalisePhone(' +972 50-123-4567 ')).toBe('+972501234567');
    expect(normalisePhone('(212) 555.0123')).toBe('2125550123');
    expect(normalisePhone('911')).toBe('911');
    for (const bad of ['', '12', '972xxxxxxx', '++972501', '97+2501', '1'.repeat(21), 'abc']) expect(normalisePhone(bad)).toBeNull();
    expect(normalisePhone('1'.repeat(20))).toBe('1'.repeat(20));
  });

  it('parsePhone takes a string or a non-negative integer (kept as its decimal text)', () => {
    expect(parsePhone(12125550123, 'phone')).toBe('12125550123');
    expect(refusalMessage(() => parsePhone(-5, 'phone'))).toBe('phone: must be a string of digits');
    expect(refusalMessage(() => parsePhone('12ab', '[3].phone'))).toMatch(/^\[3\]\.phone: '12ab' is not a phone number/);
  });
});

describe('parseLead', () => {
  it('keeps only the fields given; lead_id numbers become text; null clears the nullable fields', () => {
    expect(parseLead({ phone: '972501234567', lead_id: 4, api_key: 'k', other: 1 }, '', 'create')).toEqual({ phone: '972501234567', lead_id: '4' });
    expect(parseLead({ name: null, tags: null, ext_api_vars: null, lead_id: null }, '', 'update')).toEqual({ name: null, tags: null, ext_api_vars: null, lead_id: null });
    expect(parseLead({ priority: -3 }, '', 'update')).toEqual({ priority: -3 });
    expect(parseLead({ phone: '972501234567', id: '972-50-1234567' }, '', 'create')).toEqual({ phone: '972501234567' });
  });

  it('refuses with the field named and prefixed', () => {
    expect(refusalMessage(() => parseLead({}, '', 'create'))).toBe('phone: is required');
    expect(refusalMessage(() => parseLead({ phone: '972501234567', priority: 'high' }, '[1].', 'create'))).toBe('[1].priority: must be an integer');
    expect(refusalMessage(() => parseLead({ priority: 2 ** 31 }, '', 'update'))).toMatch(/^priority: must be from/);
    expect(refusalMessage(() => parseLead({ ext_api_vars: 'x' }, '', 'update'))).toBe('ext_api_vars: must be a JSON object or null');
    expect(refusalMessage(() => parseLead({ ext_api_vars: { big: 'x'.repeat(17_000) } }, '', 'update'))).toMatch(/^ext_api_vars: must be at most/);
    expect(refusalMessage(() => parseLead({ tags: 1 }, '', 'update'))).toBe('tags: must be a string or null');
    expect(refusalMessage(() => parseLead({ name: 'x'.repeat(256) }, '', 'update'))).toBe('name: must be at most 255 characters');
    expect(refusalMessage(() => parseLead({ id: '1' }, '', 'update'))).toMatch(/^id: is read only/);
    expect(refusalMessage(() => parseLead('x', '[0].', 'create'))).toMatch(/^\[0\]: must be a JSON object/);
    expect(refusalMessage(() => parseLead(null, '', 'create'))).toMatch(/^body: must be a JSON object/);
  });
});

describe('newLead and applyLeadChanges', () => {
  const lead = newLead({ phone: '972501234567', name: 'ABC office' }, 7);

  it('a new lead has priority 0 and null elsewhere', () => {
    expect(lead).toEqual({ phone: '972501234567', name: 'ABC office', lead_id: null, priority: 0, tags: null, ext_api_vars: null, seq: 7 });
  });

  it('an update changes only what it holds, never the phone or the sequence', () => {
    expect(applyLeadChanges(lead, { priority: 2, phone: '972501234567' })).toEqual({ ...lead, priority: 2 });
    expect(refusalMessage(() => applyLeadChanges(lead, { phone: '972500000000' }))).toMatch(/^phone: cannot be changed/);
  });
});
