/**
 * The system data of a click-to-dial `ctl_userdata` (names starting `ctl_`, `vcc-click-to-dial.txt`
 * "System Data"), read into typed fields, and what the request's action comes to (`NOTES.md` §5).
 *
 * Decided here:
 * - System names are matched exactly as the document writes them (`ctl_intType`, `ctl_launchopt`…);
 *   an unknown `ctl_` name is not user data either: it is dropped with a warning (which suggests
 *   the known name when only the case differs).
 * - System values are read trimmed (a wrapped line lands spaces there; ids and flags never have
 *   meaningful surrounding spaces), and an empty value counts as not given. `ctl_action` and
 *   `ctl_intType` are compared case-insensitively.
 * - A system name given twice: the first counts (as `URLSearchParams.get` reads a query), with a warning.
 * - `ctl_newRecordId` from the tenant is ignored with a warning (the document: "Tenant should not
 *   specify this"); {@link appendNewRecordId} drops it when the real one is appended.
 */
import type { NameValue } from '../calls/interaction.ts';
import { RuleViolationError } from '../errors.ts';
import { isSystemName } from './userdata.ts';

/** The system data the document lists. */
export const SystemName = {
  Action: 'ctl_action',
  IntType: 'ctl_intType',
  LaunchOpt: 'ctl_launchopt',
  LaunchExt: 'ctl_launchext',
  ParentId: 'ctl_parentid',
  NewRecordId: 'ctl_newRecordId',
  CallbackUrl: 'ctl_callbackUrl',
  RecordName: 'ctl_recordname',
} as const;
export type SystemName = (typeof SystemName)[keyof typeof SystemName];

/** `ctl_action` values Switchboard runs ("The current version … only support create record on SFDC"). */
export const ClickToDialAction = { Create: 'create' } as const;
export type ClickToDialAction = (typeof ClickToDialAction)[keyof typeof ClickToDialAction];

/** `ctl_intType` values Switchboard runs. */
export const IntegrationType = { Sfdc: 'sfdc' } as const;
export type IntegrationType = (typeof IntegrationType)[keyof typeof IntegrationType];

/** `ctl_launchext` values: `edit` opens the launched record for editing (else read-only). */
export const LaunchExt = { Edit: 'edit' } as const;
export type LaunchExt = (typeof LaunchExt)[keyof typeof LaunchExt];

/**
 * A system value that cannot be used; `field` is the system name (e.g. `ctl_launchopt`).
 * @example throw new SystemDataError('ctl_userdata: ctl_launchopt must be "true" or "false", not "yes"', 'ctl_launchopt');
 */
export class SystemDataError extends RuleViolationError {}

/** A click-to-dial request's `ctl_userdata`, read. */
export interface ClickToDialRequestData {
  /** `create` (lower-cased when recognised), another action as given, or null when none. */
  readonly action: ClickToDialAction | string | null;
  /** `sfdc` (lower-cased when recognised), another type as given, or null. */
  readonly intType: IntegrationType | string | null;
  /** `ctl_launchopt`; false when not given. */
  readonly launch: boolean;
  /** `edit` only when `launch` is true (the document: "ignored if ctl_launchopt is not true"). */
  readonly launchExt: LaunchExt | null;
  readonly parentId: string | null;
  readonly recordName: string | null;
  /** Absolute http(s) URL, line wraps removed; may still hold tokens, so re-parse it after replacing them. */
  readonly callbackUrl: string | null;
  /** Names not starting `ctl_`, in order, as given. */
  readonly userData: readonly NameValue[];
  /** Every pair as given, to re-emit (tokens replaced) in the callback and the screen pop. */
  readonly pairs: readonly NameValue[];
  /** What was ignored, for the agent and the log. */
  readonly warnings: readonly string[];
}

const KNOWN: ReadonlySet<string> = new Set(Object.values(SystemName));
const BY_LOWER = new Map([...KNOWN].map((name) => [name.toLowerCase(), name]));

/**
 * Reads the system and user data out of parsed pairs.
 * @example readRequestData(parseUserData('[ctl_action|create][ctl_intType|sfdc][subject|Call]'));
 * // { action: 'create', intType: 'sfdc', launch: false, …, userData: [{ name: 'subject', value: 'Call' }], warnings: [] }
 * @throws SystemDataError for a `ctl_launchopt` other than true/false, a `ctl_callbackUrl` that is not absolute http(s)
 */
export function readRequestData(pairs: readonly NameValue[]): ClickToDialRequestData {
  const warnings: string[] = [];
  const system = new Map<string, string>();
  for (const { name, value } of pairs) {
    if (!isSystemName(name)) continue;
    if (!KNOWN.has(name)) {
      const meant = BY_LOWER.get(name.toLowerCase());
      warnings.push(`unknown system data "${name}" ignored${meant ? ` (did you mean "${meant}"?)` : ''}`);
    } else if (name === SystemName.NewRecordId) {
      warnings.push(`${name} is set by Switchboard after a create action; the value given is ignored`);
    } else if (system.has(name)) {
      warnings.push(`${name} given more than once; the first value is used`);
    } else {
      const trimmed = value.trim();
      if (trimmed !== '') system.set(name, trimmed);
    }
  }
  const launch = launchOf(system.get(SystemName.LaunchOpt));
  return {
    action: known(system.get(SystemName.Action), Object.values(ClickToDialAction)),
    intType: known(system.get(SystemName.IntType), Object.values(IntegrationType)),
    launch,
    launchExt: launchExtOf(system.get(SystemName.LaunchExt), launch, warnings),
    parentId: system.get(SystemName.ParentId) ?? null,
    recordName: system.get(SystemName.RecordName) ?? null,
    callbackUrl: callbackUrlOf(system.get(SystemName.CallbackUrl)),
    userData: pairs.filter((pair) => !isSystemName(pair.name)),
    pairs,
    warnings,
  };
}

/** The recognised value in its canonical case, else the value as given. */
function known(value: string | undefined, values: readonly string[]): string | null {
  if (value === undefined) return null;
  return values.find((candidate) => candidate === value.toLowerCase()) ?? value;
}

function launchOf(value: string | undefined): boolean {
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  throw new SystemDataError(`ctl_userdata: ${SystemName.LaunchOpt} must be "true" or "false", not "${value}"`, SystemName.LaunchOpt);
}

function launchExtOf(value: string | undefined, launch: boolean, warnings: string[]): LaunchExt | null {
  if (value === undefined) return null;
  if (value.toLowerCase() !== LaunchExt.Edit) {
    warnings.push(`${SystemName.LaunchExt} "${value}" ignored: only "${LaunchExt.Edit}" is supported`);
    return null;
  }
  if (!launch) {
    warnings.push(`${SystemName.LaunchExt} ignored: ${SystemName.LaunchOpt} is not true`);
    return null;
  }
  return LaunchExt.Edit;
}

/** A line break and the indentation around it: the document wraps example 3's URL mid-value. */
const LINE_WRAP = /[^\S\r\n]*[\r\n]\s*/g;

function callbackUrlOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  const text = value.replace(LINE_WRAP, '');
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    // reported below with the other rejections
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new SystemDataError(`ctl_userdata: ${SystemName.CallbackUrl} "${text}" is not an absolute http or https URL`, SystemName.CallbackUrl);
  }
  return text;
}

/**
 * The pairs to re-emit after a create action made a record: any `ctl_newRecordId` the tenant gave
 * dropped, the real one appended (the document: "appended to the ctl_userdata").
 * @example appendNewRecordId([{ name: 'subject', value: 'Call' }], '00T1'); // [{ name: 'subject', value: 'Call' }, { name: 'ctl_newRecordId', value: '00T1' }]
 */
export function appendNewRecordId(pairs: readonly NameValue[], recordId: string): NameValue[] {
  return [...pairs.filter((pair) => pair.name !== SystemName.NewRecordId), { name: SystemName.NewRecordId, value: recordId }];
}
