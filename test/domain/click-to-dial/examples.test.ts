import { describe, expect, it } from 'vitest';
import { planAction } from '../../../src/domain/click-to-dial/action.ts';
import { appendNewRecordId, readRequestData } from '../../../src/domain/click-to-dial/system-data.ts';
import { replaceTokens, replaceTokensInPairs, type TokenFacts } from '../../../src/domain/click-to-dial/tokens.ts';
import { decodeOnce, formatUserData, parseUserData } from '../../../src/domain/click-to-dial/userdata.ts';

/*
 * The `ctl_userdata` of the three examples of `vcc-click-to-dial.txt`, copied as the document prints
 * them inside the link (line wraps and indentation included), with the Salesforce merge field
 * `{!Account.Id}` filled in as Salesforce would.
 */
const ACCOUNT_ID = '001A000001';

const EXAMPLE_1 = ` [ctl_action|create][subject|outbound%20call%20log%20($transaction_id$)][Transactionid__c|$interaction_guid$]
 [ObjectType|Task][WhatId|{!Account.Id}][status|completed][Description|My%20Own%20Description%0Acall%20
 answered%20at$equal$%20$call_answered_time$%0Acall%20hangup%20at:%20$call_hangup_time$%0ATransaction%20
 Codes%20$equal$%20$transaction_codes$][ctl_parentid|{!Account.Id}][ctl_launchopt|true][ctl_launchext|edit][ctl_intType|sfdc][ActivityDate|$year$-$month$-$date$]`
  .replaceAll('{!Account.Id}', ACCOUNT_ID);

const EXAMPLE_2 = `[foreign_key|12345678]
  [Transactionid|$interaction_guid$][start_time|$call_answered_time][end_time|$call_hangup_time$]
  [transaction_codes|$transaction_codes$][ctl_launchopt|true][customer_id|123456567]`;

const EXAMPLE_3 = `[foreign_key|12345678]
  [Transactionid|$interaction_guid$][start_time|$call_answered_time][end_time|$call_hangup_time$]
  [transaction_codes|$transaction_codes$][ctl_callbackUrl|http://www.mycompany.com/clicktodial/callback?
  transaction=$transaction_id$]`;

const ANSWERED = Date.UTC(2026, 6, 4, 16, 5, 9);
const FACTS: TokenFacts = {
  callerId: '5251990', transactionNumber: 1234, answeredAt: ANSWERED, hungUpAt: ANSWERED + 95_000, now: ANSWERED + 120_000,
  timezone: 'US/Eastern', interactionGuid: 'int-4c1e-9f', notes: 'ok',
  codes: [{ listName: 'Outcome', shortCode: 'SALE', description: 'Sale made' }],
};
const ANSWERED_S = String(ANSWERED / 1000);
const HUNG_UP_S = String(ANSWERED / 1000 + 95);

const valueOf = (pairs: readonly { name: string; value: string }[], name: string) => pairs.find((pair) => pair.name === name)?.value;

describe('document example 1: create a Task on SFDC, then open it for editing', () => {
  // The HTTP layer decodes the query once (URLSearchParams); decodeOnce does the same for a raw body.
  const decoded = decodeOnce(EXAMPLE_1);
  const pairs = parseUserData(decoded);
  const data = readRequestData(pairs);

  it('decodes the same way the HTTP layer does', () => {
    expect(new URLSearchParams(`ctl_userdata=${EXAMPLE_1}`).get('ctl_userdata')).toBe(decoded);
  });

  it('has its twelve pairs, the wrapped Description value kept as given', () => {
    expect(pairs.map((pair) => pair.name)).toEqual([
      'ctl_action', 'subject', 'Transactionid__c', 'ObjectType', 'WhatId', 'status', 'Description',
      'ctl_parentid', 'ctl_launchopt', 'ctl_launchext', 'ctl_intType', 'ActivityDate',
    ]);
    expect(valueOf(pairs, 'subject')).toBe('outbound call log ($transaction_id$)');
    expect(valueOf(pairs, 'Description')).toBe(
      'My Own Description\ncall \n answered at$equal$ $call_answered_time$\ncall hangup at: $call_hangup_time$\nTransaction \n Codes $equal$ $transaction_codes$',
    );
  });

  it('asks for create on sfdc, launched in edit mode with the account as parent', () => {
    expect(data).toMatchObject({
      action: 'create', intType: 'sfdc', launch: true, launchExt: 'edit', parentId: ACCOUNT_ID, recordName: null, callbackUrl: null, warnings: [],
    });
    expect(data.userData.map((pair) => pair.name)).toEqual(['subject', 'Transactionid__c', 'ObjectType', 'WhatId', 'status', 'Description', 'ActivityDate']);
    expect(planAction(data)).toEqual({ run: true, action: 'create', intType: 'sfdc' });
  });

  it('fills the tokens of the record when the transaction completes', () => {
    const filled = replaceTokensInPairs(data.userData, FACTS);
    expect(filled).toEqual([
      { name: 'subject', value: 'outbound call log (1234)' },
      { name: 'Transactionid__c', value: 'int-4c1e-9f' },
      { name: 'ObjectType', value: 'Task' },
      { name: 'WhatId', value: ACCOUNT_ID },
      { name: 'status', value: 'completed' },
      {
        name: 'Description',
        value: `My Own Description\ncall \n answered at= ${ANSWERED_S}\ncall hangup at: ${HUNG_UP_S}\nTransaction \n Codes = Outcome:SALE`,
      },
      { name: 'ActivityDate', value: '2026-07-04' },
    ]);
  });

  it('re-emits ctl_userdata with the tokens filled and the new record id appended', () => {
    const emitted = formatUserData(appendNewRecordId(replaceTokensInPairs(pairs, FACTS), '00T5e00000AbCdE'));
    expect(emitted.startsWith('[ctl_action|create][subject|outbound call log (1234)][Transactionid__c|int-4c1e-9f][ObjectType|Task]')).toBe(true);
    expect(emitted.endsWith('[ctl_intType|sfdc][ActivityDate|2026-07-04][ctl_newRecordId|00T5e00000AbCdE]')).toBe(true);
    expect(emitted).not.toMatch(/\$(equal|year|transaction_id|interaction_guid|call_answered_time|call_hangup_time|transaction_codes)\$/);
    expect(parseUserData(emitted)).toHaveLength(13);
  });
});

describe('document example 2: screen pop with the call\'s data', () => {
  const pairs = parseUserData(EXAMPLE_2);
  const data = readRequestData(pairs);

  it('reads the user data and launch, and ignores the missing action', () => {
    expect(pairs).toHaveLength(7);
    expect(data).toMatchObject({ action: null, launch: true, launchExt: null, callbackUrl: null, warnings: [] });
    expect(data.userData.map((pair) => pair.name)).toEqual(['foreign_key', 'Transactionid', 'start_time', 'end_time', 'transaction_codes', 'customer_id']);
    expect(planAction(data)).toEqual({ run: false, outcome: { resultCode: 'IGNORE', errorString: '' } });
  });

  it('leaves $call_answered_time without its closing "$" as it is', () => {
    expect(replaceTokensInPairs(data.userData, FACTS)).toEqual([
      { name: 'foreign_key', value: '12345678' },
      { name: 'Transactionid', value: 'int-4c1e-9f' },
      { name: 'start_time', value: '$call_answered_time' },
      { name: 'end_time', value: HUNG_UP_S },
      { name: 'transaction_codes', value: 'Outcome:SALE' },
      { name: 'customer_id', value: '123456567' },
    ]);
  });
});

describe('document example 3: callback to the tenant\'s URL', () => {
  const pairs = parseUserData(EXAMPLE_3);
  const data = readRequestData(pairs);

  it('joins the callback URL the document wraps, keeping its token for later', () => {
    expect(data.callbackUrl).toBe('http://www.mycompany.com/clicktodial/callback?transaction=$transaction_id$');
    expect(data).toMatchObject({ action: null, launch: false, warnings: [] });
    expect(planAction(data)).toEqual({ run: false, outcome: { resultCode: 'IGNORE', errorString: '' } });
  });

  it('fills the callback URL\'s token when the transaction completes', () => {
    const target = new URL(replaceTokens(data.callbackUrl ?? '', FACTS, { encode: encodeURIComponent }));
    expect(target.href).toBe('http://www.mycompany.com/clicktodial/callback?transaction=1234');
    expect(target.searchParams.get('transaction')).toBe('1234');
  });

  it('posts back the original ctl_userdata with tokens filled, the unclosed token kept', () => {
    const emitted = formatUserData(replaceTokensInPairs(pairs, FACTS));
    expect(emitted).toBe(
      `[foreign_key|12345678][Transactionid|int-4c1e-9f][start_time|$call_answered_time][end_time|${HUNG_UP_S}]`
      + '[transaction_codes|Outcome:SALE][ctl_callbackUrl|http://www.mycompany.com/clicktodial/callback?\n  transaction=1234]',
    );
  });
});
