import { describe, expect, it } from 'vitest';
import { actionResult, planAction, ResultCode } from '../../../src/domain/click-to-dial/action.ts';
import { appendNewRecordId, readRequestData, SystemDataError } from '../../../src/domain/click-to-dial/system-data.ts';
import { parseUserData } from '../../../src/domain/click-to-dial/userdata.ts';
import { RuleViolationError } from '../../../src/domain/errors.ts';

const read = (text: string) => readRequestData(parseUserData(text));

function errorOf(run: () => unknown): SystemDataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SystemDataError);
    return error as SystemDataError;
  }
  throw new Error('expected a SystemDataError');
}

describe('readRequestData', () => {
  it('has defaults when no system data is given', () => {
    const data = read('[subject|Call][ctlx|not system]');
    expect(data).toEqual({
      action: null, intType: null, launch: false, launchExt: null, parentId: null, recordName: null, callbackUrl: null,
      userData: [{ name: 'subject', value: 'Call' }, { name: 'ctlx', value: 'not system' }],
      pairs: [{ name: 'subject', value: 'Call' }, { name: 'ctlx', value: 'not system' }],
      warnings: [],
    });
  });

  it('reads every system field and keeps user data in order, as given', () => {
    const data = read(
      '[ctl_action|create][a| 1 ][ctl_intType|sfdc][ctl_launchopt|true][ctl_launchext|edit][ctl_parentid|001A000001]'
      + '[ctl_recordname|New task][b|2][ctl_callbackUrl|https://crm.example.com/cb?x=1][a|3]',
    );
    expect(data).toMatchObject({
      action: 'create', intType: 'sfdc', launch: true, launchExt: 'edit', parentId: '001A000001', recordName: 'New task',
      callbackUrl: 'https://crm.example.com/cb?x=1', warnings: [],
    });
    expect(data.userData).toEqual([{ name: 'a', value: ' 1 ' }, { name: 'b', value: '2' }, { name: 'a', value: '3' }]);
    expect(data.pairs).toHaveLength(10);
  });

  it('trims system values, treats empty ones as not given, and recognises action and type in any case', () => {
    const data = read('[ctl_action| Create ][ctl_intType|SFDC][ctl_parentid|][ctl_recordname|  ][ctl_launchopt|][ctl_callbackUrl|]');
    expect(data).toMatchObject({ action: 'create', intType: 'sfdc', parentId: null, recordName: null, launch: false, callbackUrl: null });
  });

  it('keeps an unknown action or integration type as given', () => {
    expect(read('[ctl_action|Delete][ctl_intType|Zoho]')).toMatchObject({ action: 'Delete', intType: 'Zoho' });
  });

  it('accepts true and false for ctl_launchopt in any case', () => {
    expect(['true', 'TRUE', 'True', ' true ', 'false', 'FALSE'].map((v) => read(`[ctl_launchopt|${v}]`).launch)).toEqual([true, true, true, true, false, false]);
  });

  it('rejects any other ctl_launchopt, naming the field', () => {
    for (const value of ['yes', '1', 'on', 'tru e']) {
      const error = errorOf(() => read(`[ctl_launchopt|${value}]`));
      expect(error.field).toBe('ctl_launchopt');
      expect(error.message).toBe(`ctl_userdata: ctl_launchopt must be "true" or "false", not "${value}"`);
      expect(error).toBeInstanceOf(RuleViolationError);
    }
  });

  it('uses ctl_launchext only for edit with ctl_launchopt true, and says why otherwise', () => {
    expect(read('[ctl_launchopt|true][ctl_launchext|EDIT]')).toMatchObject({ launchExt: 'edit', warnings: [] });
    expect(read('[ctl_launchext|edit]')).toMatchObject({ launchExt: null, warnings: ['ctl_launchext ignored: ctl_launchopt is not true'] });
    expect(read('[ctl_launchopt|true][ctl_launchext|view]')).toMatchObject({
      launchExt: null, warnings: ['ctl_launchext "view" ignored: only "edit" is supported'],
    });
  });

  it('accepts absolute http and https callback URLs, tokens and all', () => {
    expect(read('[ctl_callbackUrl|http://www.mycompany.com/clicktodial/callback?transaction=$transaction_id$]').callbackUrl)
      .toBe('http://www.mycompany.com/clicktodial/callback?transaction=$transaction_id$');
    expect(read('[ctl_callbackUrl| https://10.0.0.5:8443/cb ]').callbackUrl).toBe('https://10.0.0.5:8443/cb');
  });

  it('joins a callback URL wrapped over lines, dropping the indentation', () => {
    expect(read('[ctl_callbackUrl|https://crm.example.com/cb?\n    a=1&\r\n b=2]').callbackUrl).toBe('https://crm.example.com/cb?a=1&b=2');
  });

  it('rejects a callback URL that is relative, not http(s), or not a URL, naming the field', () => {
    for (const value of ['/clicktodial/callback', 'www.mycompany.com/cb', 'ftp://mycompany.com/cb', 'javascript:alert(1)', 'mailto:a@b.c', 'http://']) {
      const error = errorOf(() => read(`[ctl_callbackUrl|${value}]`));
      expect(error.field).toBe('ctl_callbackUrl');
      expect(error.message).toBe(`ctl_userdata: ctl_callbackUrl "${value}" is not an absolute http or https URL`);
    }
  });

  it('ignores a ctl_newRecordId the tenant gives, with a warning', () => {
    const data = read('[ctl_newRecordId|00T999][subject|x]');
    expect(data.warnings).toEqual(['ctl_newRecordId is set by Switchboard after a create action; the value given is ignored']);
    expect(data.userData).toEqual([{ name: 'subject', value: 'x' }]);
  });

  it('drops unknown system data with a warning, suggesting the name when only the case differs', () => {
    const data = read('[ctl_callbackURL|https://a.example/cb][ctl_color|blue][note|kept]');
    expect(data.callbackUrl).toBeNull();
    expect(data.userData).toEqual([{ name: 'note', value: 'kept' }]);
    expect(data.warnings).toEqual([
      'unknown system data "ctl_callbackURL" ignored (did you mean "ctl_callbackUrl"?)',
      'unknown system data "ctl_color" ignored',
    ]);
  });

  it('uses the first of a system name given twice, with a warning', () => {
    const data = read('[ctl_action|create][ctl_action|delete][ctl_launchopt|false][ctl_launchopt|true]');
    expect(data).toMatchObject({ action: 'create', launch: false });
    expect(data.warnings).toEqual([
      'ctl_action given more than once; the first value is used',
      'ctl_launchopt given more than once; the first value is used',
    ]);
  });
});

describe('planAction', () => {
  const plan = (text: string) => planAction(read(text));

  it('runs create on sfdc', () => {
    expect(plan('[ctl_action|create][ctl_intType|sfdc]')).toEqual({ run: true, action: 'create', intType: 'sfdc' });
    expect(plan('[ctl_intType|SFDC][ctl_action|CREATE]')).toEqual({ run: true, action: 'create', intType: 'sfdc' });
  });

  it('ignores a request without action, with nothing to report', () => {
    expect(plan('[subject|x][ctl_intType|sfdc]')).toEqual({ run: false, outcome: { resultCode: 'IGNORE', errorString: '' } });
  });

  it('ignores an unknown action or integration type, or a create without type, saying why', () => {
    expect(plan('[ctl_action|update][ctl_intType|sfdc]')).toEqual({
      run: false, outcome: { resultCode: ResultCode.Ignore, errorString: 'ctl_action "update" is not supported (only "create")' },
    });
    expect(plan('[ctl_action|create][ctl_intType|zoho]')).toEqual({
      run: false, outcome: { resultCode: ResultCode.Ignore, errorString: 'ctl_intType "zoho" is not supported (only "sfdc")' },
    });
    expect(plan('[ctl_action|create]')).toEqual({
      run: false, outcome: { resultCode: ResultCode.Ignore, errorString: 'ctl_action "create" needs ctl_intType' },
    });
  });

  it('turns a run into SUCCESS or FAIL', () => {
    expect(actionResult(null)).toEqual({ resultCode: 'SUCCESS', errorString: '' });
    expect(actionResult('CRM answered 503')).toEqual({ resultCode: 'FAIL', errorString: 'CRM answered 503' });
  });
});

describe('appendNewRecordId', () => {
  it('appends the created record id, replacing any the tenant gave', () => {
    const pairs = parseUserData('[ctl_newRecordId|fake][subject|x][ctl_action|create]');
    expect(appendNewRecordId(pairs, '00T5e00000AbCdE')).toEqual([
      { name: 'subject', value: 'x' },
      { name: 'ctl_action', value: 'create' },
      { name: 'ctl_newRecordId', value: '00T5e00000AbCdE' },
    ]);
    expect(pairs).toHaveLength(3);
  });
});
