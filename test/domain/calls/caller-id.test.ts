import { describe, expect, it } from 'vitest';
import { numberKey, presentedCallerId } from '../../../src/domain/calls/caller-id.ts';

const CHANNELS = ['+12015551212', '+16175550100'];

describe('presentedCallerId (NOTES.md §4)', () => {
  it('presents a tenant channel, in the channel\'s configured form', () => {
    expect(presentedCallerId('12015551212', CHANNELS, '+16175559999')).toBe('+12015551212');
    expect(presentedCallerId('+1 (617) 555-0100', CHANNELS, null)).toBe('+16175550100');
  });

  it('falls back to the agent\'s caller id for a number that is not a channel', () => {
    expect(presentedCallerId('19995550000', CHANNELS, '+16175559999')).toBe('+16175559999');
  });

  it('falls back for an empty or non-numeric request', () => {
    expect(presentedCallerId('', CHANNELS, '+16175559999')).toBe('+16175559999');
    expect(presentedCallerId('anonymous', CHANNELS, '+16175559999')).toBe('+16175559999');
  });

  it('is null when nothing fits and the agent has no caller id', () => {
    expect(presentedCallerId('19995550000', CHANNELS, null)).toBeNull();
    expect(presentedCallerId('12015551212', [], null)).toBeNull();
  });

  it('compares digits only', () => {
    expect(numberKey('+1 (201) 555-1212')).toBe('12015551212');
  });
});
