import { describe, expect, it } from 'vitest';
import { newAgentLegId, newCustomerLegId, newInteractionGuid } from '../../../src/domain/calls/ids.ts';
import { seededRandom } from '../../../src/domain/ports.ts';

const GUID = /^int-[0-9a-f]+-[A-Za-z0-9_-]{21}-phone-00-[a-z0-9]+$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

describe('interaction guids (NOTES.md §2)', () => {
  it('have the documented form with the time in hex', () => {
    const guid = newInteractionGuid(seededRandom(1), 0x184a0c5493f, 'acmecorp01');
    expect(guid).toMatch(GUID);
    expect(guid.startsWith('int-184a0c5493f-')).toBe(true);
    expect(guid.endsWith('-phone-00-acmecorp01')).toBe(true);
  });

  it('are deterministic for a seed and differ between draws', () => {
    expect(newInteractionGuid(seededRandom(7), 1, 'a')).toBe(newInteractionGuid(seededRandom(7), 1, 'a'));
    const random = seededRandom(7);
    expect(newInteractionGuid(random, 1, 'a')).not.toBe(newInteractionGuid(random, 1, 'a'));
  });
});

describe('leg ids', () => {
  it('agent legs read <tenant>-<agentId>-<uuid>, as in the VCC reasons', () => {
    const id = newAgentLegId(seededRandom(2), 'acmecorp01', 'ag0VYyLh0YTsymdbtYIaaaa');
    expect(id).toMatch(new RegExp(`^acmecorp01-ag0VYyLh0YTsymdbtYIaaaa-${UUID}$`));
  });

  it('customer legs are uuids', () => {
    expect(newCustomerLegId(seededRandom(3))).toMatch(new RegExp(`^${UUID}$`));
  });
});
