/**
 * What a click-to-dial request's `ctl_action` comes to (`NOTES.md` §5): `create` with `sfdc` is run
 * through the CRM connector; no action, or an action or integration type Switchboard does not know,
 * is `IGNORE`. The outcome is posted to `ctl_callbackUrl` as `resultCode` and `errorString`.
 */
import { ClickToDialAction, IntegrationType, SystemName, type ClickToDialRequestData } from './system-data.ts';

/** The callback's `resultCode` (the document: "'SUCCESS', 'FAIL' or 'IGNORE'"). */
export const ResultCode = { Success: 'SUCCESS', Fail: 'FAIL', Ignore: 'IGNORE' } as const;
export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode];

/** The callback's `resultCode` and `errorString` (empty unless there is something to say). */
export interface ActionOutcome {
  readonly resultCode: ResultCode;
  readonly errorString: string;
}

/** Either the action to run, or the outcome already known without running anything. */
export type ActionPlan =
  | { readonly run: true; readonly action: ClickToDialAction; readonly intType: IntegrationType }
  | { readonly run: false; readonly outcome: ActionOutcome };

const ignore = (errorString: string): ActionPlan => ({ run: false, outcome: { resultCode: ResultCode.Ignore, errorString } });

/**
 * Decides the action. No `ctl_action` is `IGNORE` with an empty `errorString` (nothing was asked);
 * an unknown action, or `create` without a known `ctl_intType`, is `IGNORE` saying why, so the tenant
 * can tell a typo from success.
 * @example planAction(readRequestData(parseUserData('[ctl_action|create][ctl_intType|sfdc]'))); // { run: true, action: 'create', intType: 'sfdc' }
 * @example planAction(readRequestData([])); // { run: false, outcome: { resultCode: 'IGNORE', errorString: '' } }
 */
export function planAction(data: Pick<ClickToDialRequestData, 'action' | 'intType'>): ActionPlan {
  if (data.action === null) return ignore('');
  if (data.action !== ClickToDialAction.Create) {
    return ignore(`${SystemName.Action} "${data.action}" is not supported (only "${ClickToDialAction.Create}")`);
  }
  if (data.intType === null) return ignore(`${SystemName.Action} "${data.action}" needs ${SystemName.IntType}`);
  if (data.intType !== IntegrationType.Sfdc) {
    return ignore(`${SystemName.IntType} "${data.intType}" is not supported (only "${IntegrationType.Sfdc}")`);
  }
  return { run: true, action: ClickToDialAction.Create, intType: IntegrationType.Sfdc };
}

/**
 * The outcome of a run action: `SUCCESS`, or `FAIL` with the connector's message.
 * @example actionResult(null); // { resultCode: 'SUCCESS', errorString: '' }
 * @example actionResult('CRM answered 503'); // { resultCode: 'FAIL', errorString: 'CRM answered 503' }
 */
export function actionResult(error: string | null): ActionOutcome {
  return error === null ? { resultCode: ResultCode.Success, errorString: '' } : { resultCode: ResultCode.Fail, errorString: error };
}
