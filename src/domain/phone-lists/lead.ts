import { RuleViolationError } from '../errors.ts';

/**
 * A phone-list lead (`pbx-callcenter-api.md`, Phone List Leads): the rules of its fields that
 * need no stored state. Values arrive as parsed JSON (or coerced form fields) and are checked
 * here, not by the route schema, so every refusal names its field — `[2].priority` inside an
 * array of leads — whether the body was one lead or many.
 */

/** A lead as stored (record `lead:<listId>`, key = the phone); `seq` keeps insertion order. */
export interface Lead {
  readonly phone: string;
  readonly name: string | null;
  readonly lead_id: string | null;
  readonly priority: number;
  readonly tags: string | null;
  readonly ext_api_vars: Readonly<Record<string, unknown>> | null;
  readonly seq: number;
}

/** What a write sets; absent fields stay as they are (update) or take their defaults (create). */
export interface LeadChanges {
  readonly phone?: string;
  readonly name?: string | null;
  readonly lead_id?: string | null;
  readonly priority?: number;
  readonly tags?: string | null;
  readonly ext_api_vars?: Readonly<Record<string, unknown>> | null;
}

export const LEAD_LIMITS = {
  /** Digits of a phone, without the `+`: E.164 allows 15; 20 leaves room for national prefixes. */
  phoneDigits: 20,
  /** The shortest real numbers are three-digit service numbers. */
  phoneMinDigits: 3,
  name: 255,
  leadId: 64,
  tags: 1024,
  /** `ext_api_vars` as JSON text. */
  extApiVars: 16 * 1024,
  priority: 2_147_483_647,
} as const;

/** Separators people write inside numbers; removed so `+972 50-123-4567` and `+972501234567` are one lead. */
const SEPARATORS = /[\s().-]/g;
const PHONE = new RegExp(`^\\+?[0-9]{${LEAD_LIMITS.phoneMinDigits},${LEAD_LIMITS.phoneDigits}}$`);

const fail = (field: string, problem: string): never => {
  throw new RuleViolationError(`${field}: ${problem}`, field);
};

/**
 * A phone in its stored form (trimmed, separators removed), or null when it is not one: digits
 * with an optional leading `+`. A `+` is kept: `+9725…` and `9725…` are different leads, because
 * how a number without `+` is dialled depends on the dial plan.
 * @example normalisePhone(' +972 50-123-4567 '); // '+972501234567'
 */
export function normalisePhone(value: string): string | null {
  const compact = value.trim().replace(SEPARATORS, '');
  return PHONE.test(compact) ? compact : null;
}

/**
 * The phone of a write: a string, or a non-negative integer (`NOTES.md` §1: numeric text accepts
 * a number) kept as its decimal form.
 * @example parsePhone(12125550123, 'phone'); // '12125550123'
 */
export function parsePhone(value: unknown, field: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof text !== 'string') return fail(field, 'must be a string of digits');
  return normalisePhone(text) ?? fail(field, `'${text.slice(0, 40)}' is not a phone number (${LEAD_LIMITS.phoneMinDigits} to ${LEAD_LIMITS.phoneDigits} digits, optionally after +)`);
}

function nullableText(value: unknown, field: string, max: number): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') return fail(field, 'must be a string or null');
  if (value.length > max) return fail(field, `must be at most ${max} characters`);
  return value;
}

/** `lead_id` is shown as a string; a number is accepted and kept as its decimal form (`NOTES.md` §1). */
function leadIdOf(value: unknown, field: string): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return nullableText(value, field, LEAD_LIMITS.leadId);
}

function priorityOf(value: unknown, field: string): number {
  const max = LEAD_LIMITS.priority;
  if (typeof value !== 'number' || !Number.isInteger(value)) return fail(field, 'must be an integer');
  return Math.abs(value) <= max ? value : fail(field, `must be from -${max} to ${max}`);
}

function extVarsOf(value: unknown, field: string): Readonly<Record<string, unknown>> | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return fail(field, 'must be a JSON object or null');
  if (JSON.stringify(value).length > LEAD_LIMITS.extApiVars) return fail(field, `must be at most ${LEAD_LIMITS.extApiVars} characters of JSON`);
  return value as Record<string, unknown>;
}

/**
 * A lead write checked field by field. `at` prefixes field names (`[2].` for the third lead of an
 * array). A create needs `phone`. `id` is read only, but the value a read shows (the phone) is
 * accepted so that a lead read from one list can be posted to another. Unknown fields are ignored.
 * @example parseLead({ phone: '972501234567', priority: 1 }, '', 'create'); // { phone: '972501234567', priority: 1 }
 */
export function parseLead(raw: unknown, at: string, mode: 'create' | 'update'): LeadChanges {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail(at.replace(/\.$/, '') || 'body', 'must be a JSON object (a lead)');
  const body = raw as Record<string, unknown>;
  const has = (key: string) => Object.hasOwn(body, key) && body[key] !== undefined;
  if (mode === 'create' && !has('phone')) fail(`${at}phone`, 'is required');
  const changes: { -readonly [K in keyof LeadChanges]: LeadChanges[K] } = {};
  if (has('phone')) changes.phone = parsePhone(body.phone, `${at}phone`);
  if (has('id') && (changes.phone === undefined || normalisePhone(String(body.id)) !== changes.phone)) fail(`${at}id`, 'is read only (a lead\'s id is its phone)');
  if (has('name')) changes.name = nullableText(body.name, `${at}name`, LEAD_LIMITS.name);
  if (has('lead_id')) changes.lead_id = leadIdOf(body.lead_id, `${at}lead_id`);
  if (has('priority')) changes.priority = priorityOf(body.priority, `${at}priority`);
  if (has('tags')) changes.tags = nullableText(body.tags, `${at}tags`, LEAD_LIMITS.tags);
  if (has('ext_api_vars')) changes.ext_api_vars = extVarsOf(body.ext_api_vars, `${at}ext_api_vars`);
  return changes;
}

/**
 * A new lead from a checked create: defaults `priority` 0, the rest null.
 * @example newLead({ phone: '972501234567' }, 1).priority; // 0
 */
export function newLead(changes: LeadChanges & { readonly phone: string }, seq: number): Lead {
  return {
    phone: changes.phone, name: changes.name ?? null, lead_id: changes.lead_id ?? null, priority: changes.priority ?? 0,
    tags: changes.tags ?? null, ext_api_vars: changes.ext_api_vars ?? null, seq,
  };
}

/**
 * The lead after an update: only the fields given change; the phone (its key) and place in the
 * insertion order never do.
 * @example applyLeadChanges(lead, { priority: 5 }).priority; // 5
 */
export function applyLeadChanges(current: Lead, changes: LeadChanges): Lead {
  const { phone, ...rest } = changes;
  if (phone !== undefined && phone !== current.phone) fail('phone', `cannot be changed (the lead is ${current.phone}); delete it and add the new number`);
  return { ...current, ...rest };
}
