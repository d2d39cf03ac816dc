import { RuleViolationError } from '../errors.ts';
import { normalisePhone, parseLead, type LeadChanges } from './lead.ts';

/**
 * A phone list (`pbx-callcenter-api.md`, Phone Lists): a named set of leads. Lists and leads are
 * per-tenant records (`docs/storage.md`): the list under kind `phone_list` keyed by its zero-padded
 * id (so key order is id order), its leads under kind `lead:<id>` keyed by phone.
 */

/** A list as stored; `next_seq` numbers its leads in insertion order. */
export interface PhoneList {
  readonly id: number;
  readonly name: string;
  readonly next_seq: number;
}

export const PHONE_LIST_RECORD = 'phone_list';
/** The tenant's last list id (ids are never reused, even after a delete). */
export const PHONE_LIST_COUNTER_RECORD = 'phone_list_counter';
export const PHONE_LIST_COUNTER_KEY = 'last_id';

export const PHONE_LIST_LIMITS = {
  name: 128,
  /** Leads in one POST; larger imports are split by the client. */
  leadsPerWrite: 10_000,
  /** Phones in one multiple delete. */
  phonesPerDelete: 10_000,
} as const;

/** Fields of a list a client may read but never write. */
export const PHONE_LIST_READ_ONLY = ['id', 'account_id', 'list_rows'] as const;

const fail = (field: string, problem: string): never => {
  throw new RuleViolationError(`${field}: ${problem}`, field);
};

/**
 * The record key of a list: ten digits, so the store's key order is id order.
 * @example phoneListKey(7); // '0000000007'
 */
export function phoneListKey(id: number): string {
  return String(id).padStart(10, '0');
}

/**
 * The record kind of a list's leads.
 * @example leadKind(7); // 'lead:7'
 */
export function leadKind(listId: number): string {
  return `lead:${listId}`;
}

/**
 * A list id from a path, or null when it cannot be one (then the list is simply not found).
 * @example listIdOf('12'); // 12
 */
export function listIdOf(text: string): number | null {
  return /^[0-9]{1,10}$/.test(text) && Number(text) >= 1 && Number(text) <= 2_147_483_647 ? Number(text) : null;
}

/**
 * A list name: trimmed, 1 to 128 characters.
 * @example parseListName('  Leads  '); // 'Leads'
 */
export function parseListName(value: unknown): string {
  if (typeof value !== 'string') return fail('name', 'must be a string');
  const name = value.trim();
  if (name === '') return fail('name', 'must not be empty');
  return name.length <= PHONE_LIST_LIMITS.name ? name : fail('name', `must be at most ${PHONE_LIST_LIMITS.name} characters`);
}

/**
 * A list write: read-only fields are refused naming them; `name` is required on create. Unknown
 * fields are ignored.
 * @example parseListWrite({ name: 'Leads' }, 'create'); // { name: 'Leads' }
 */
export function parseListWrite(body: Readonly<Record<string, unknown>>, mode: 'create' | 'update'): { name?: string } {
  const readOnly = PHONE_LIST_READ_ONLY.find((field) => Object.hasOwn(body, field));
  if (readOnly !== undefined) fail(readOnly, 'is read only');
  if (body.name === undefined) return mode === 'create' ? fail('name', 'is required') : {};
  return { name: parseListName(body.name) };
}

/**
 * Whether a list matches `?q=`: its name contains the query, ignoring case (an empty query matches all).
 * @example matchesQuery({ name: 'Demo leads' }, 'LEAD'); // true
 */
export function matchesQuery(list: Pick<PhoneList, 'name'>, q: string): boolean {
  return list.name.toLocaleLowerCase().includes(q.trim().toLocaleLowerCase());
}

/**
 * The leads of a POST body: one object or an array of them (1 to 10,000); field names in messages
 * carry the position (`[2].priority`) when the body is an array.
 * @example parseLeadBatch([{ phone: '972501234567' }]).leads.length; // 1
 */
export function parseLeadBatch(body: unknown): { leads: (LeadChanges & { phone: string })[]; many: boolean } {
  if (!Array.isArray(body)) return { leads: [parseLead(body, '', 'create') as LeadChanges & { phone: string }], many: false };
  if (body.length === 0) return fail('body', 'an array of leads must not be empty');
  if (body.length > PHONE_LIST_LIMITS.leadsPerWrite) return fail('body', `at most ${PHONE_LIST_LIMITS.leadsPerWrite} leads in one request`);
  const leads = body.map((raw, i) => parseLead(raw, `[${i}].`, 'create') as LeadChanges & { phone: string });
  const twice = firstDuplicate(leads.map((l) => l.phone));
  if (twice) fail(`[${twice.again}].phone`, `${twice.phone} is in the request twice (also at [${twice.first}]); a phone can be in a list only once`);
  return { leads, many: true };
}

/**
 * The first phone that appears twice in one write, with the positions of both, or null.
 * @example firstDuplicate(['1', '2', '1']); // { phone: '1', first: 0, again: 2 }
 */
export function firstDuplicate(phones: readonly string[]): { phone: string; first: number; again: number } | null {
  const seen = new Map<string, number>();
  for (const [i, phone] of phones.entries()) {
    const first = seen.get(phone);
    if (first !== undefined) return { phone, first, again: i };
    seen.set(phone, i);
  }
  return null;
}

/**
 * The phones of a multiple delete: a JSON array of phones (strings or numbers), or `{phones: [...]}`
 * (the form a form-encoded body can take). Each is normalised and counted once; text that cannot
 * be a phone is kept as given in `unmatched` (it names no lead: not an error, `NOTES.md` §2).
 * @example parsePhonesToDelete(['972501234567', 'abc']); // { phones: ['972501234567'], unmatched: ['abc'] }
 */
export function parsePhonesToDelete(body: unknown): { phones: string[]; unmatched: string[] } {
  const list = Array.isArray(body) ? body : body !== null && typeof body === 'object' ? (body as Record<string, unknown>).phones : undefined;
  const field = Array.isArray(body) ? '' : 'phones';
  if (!Array.isArray(list)) return fail('body', 'a JSON array of phone numbers is required, e.g. ["972501234567"]');
  if (list.length > PHONE_LIST_LIMITS.phonesPerDelete) return fail(field || 'body', `at most ${PHONE_LIST_LIMITS.phonesPerDelete} phones in one request`);
  const phones = new Set<string>();
  const unmatched = new Set<string>();
  for (const [i, item] of list.entries()) {
    const text = typeof item === 'number' && Number.isSafeInteger(item) && item >= 0 ? String(item) : item;
    if (typeof text !== 'string') fail(`${field}[${i}]`, 'must be a phone number (a string)');
    const phone = normalisePhone(text as string);
    if (phone === null) unmatched.add(text as string);
    else phones.add(phone);
  }
  return { phones: [...phones], unmatched: [...unmatched] };
}
