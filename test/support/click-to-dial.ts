import { expect } from 'vitest';
import { verify } from '../../src/app/delivery/signing.ts';
import type { Interaction } from '../../src/domain/calls/interaction.ts';
import type { Receiver } from './webhook-receiver.ts';
import { shiftTenant, type ShiftPeople } from './workspace.ts';

/**
 * A click-to-dial tenant (`shiftTenant` plus what the document's examples need): dial plan 12 (North
 * America) by default, every number answered at once, the screen pop at `screenPopUrl`, auto logs on,
 * callbacks signed with `secret`. Its outbound queue is `queueId + 1`.
 */
export function clickToDialTenant(o: { name: string; people: ShiftPeople; queueId: number; did: string; screenPopUrl: string; secret: string }): unknown {
  const doc = shiftTenant({ name: o.name, timezone: 'US/Eastern', people: o.people, queueId: o.queueId, did: o.did, codesRequired: false, wrapUpSeconds: 300 }) as { tenants: Record<string, unknown>[] };
  Object.assign(doc.tenants[0] ?? {}, {
    telephony: { agentDevices: { answer: 'by_hand' }, numbers: [{ pattern: '.*', outcome: 'answer', ringSeconds: 0, hangup: 'caller' }] },
    callDefaults: { wrapUpSeconds: 300, dialPlan: 12 },
    dialPlans: [{ id: 12, name: 'North America', countryCode: '1', nationalNumberLengths: [10], trunkPrefix: '1', internationalPrefix: '011' }],
    clickToDial: { screenPop: { enabled: true, url: o.screenPopUrl, account: 'acct-1', role: 'Task' }, autoLogsPhone: true, callbackSecret: o.secret },
  });
  return doc;
}

/** Example 3's `ctl_userdata` (`vcc-click-to-dial.txt`), line wraps and typos as written, with the callback URL given. */
export const example3UserData = (callback: string): string =>
  `[foreign_key|12345678]\n  [Transactionid|$interaction_guid$][start_time|$call_answered_time][end_time|$call_hangup_time$]\n  [transaction_codes|$transaction_codes$][ctl_callbackUrl|${callback}]`;

/**
 * Checks the one callback of an Example 3 call (codes 70/701 and 71/712 picked): form-encoded, signed,
 * its URL's `$transaction_id$` and every complete token replaced, `resultCode` IGNORE.
 */
export async function expectExample3Callback(receiver: Receiver, call: Interaction | undefined, callback: string, secret: string): Promise<void> {
  await receiver.waitFor((r) => r.delivered().length === 1);
  const [post] = receiver.delivered();
  expect(post?.path).toBe(`/clicktodial/callback?transaction=${call?.transactionNumber}`);
  expect(post?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(verify(secret, String(post?.headers['x-switchboard-timestamp']), post?.raw ?? '', String(post?.headers['x-switchboard-signature']))).toBe(true);
  expect(post?.body).toEqual({
    // The document's own typo `$call_answered_time]` (no closing $) stays as it is (NOTES.md §5).
    ctl_userdata: `[foreign_key|12345678][Transactionid|${call?.guid}][start_time|$call_answered_time][end_time|${Math.floor((call?.endedAt ?? 0) / 1000)}][transaction_codes|Outcome:701,Topics:712][ctl_callbackUrl|${callback.replace('$transaction_id$', String(call?.transactionNumber))}]`,
    resultCode: 'IGNORE', errorString: '',
  });
}
