import { Type, type Static } from '@sinclair/typebox';
import { LEAD_LIMITS } from '../../../domain/phone-lists/lead.ts';
import { PHONE_LIST_LIMITS } from '../../../domain/phone-lists/phone-list.ts';

/**
 * Wire schemas of `/api/phone_list` and `/api/phone_list/{id}/lead` (`pbx-callcenter-api.md`,
 * Phone Lists, Phone List Leads). Reads are exact (the OpenAPI document is generated from them).
 * Lead bodies are described here but checked by `domain/phone-lists` (see `routes.ts`), so a
 * refusal names the field and, in an array, the lead's position (`[2].priority`).
 */

const NullableString = Type.Union([Type.String(), Type.Null()]);
const ExtApiVars = Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
  description: 'Custom variables (a JSON object, or null); usable in conditional routes and the API',
});

/** A list as reads return it. */
export const PbxPhoneList = Type.Object({
  id: Type.Integer({ description: 'Read only' }),
  account_id: Type.Integer({ description: 'Read only' }),
  name: Type.String(),
  list_rows: Type.Integer({ description: 'Number of leads in the list (read only, exact)' }),
});
export type PbxPhoneList = Static<typeof PbxPhoneList>;

/** A lead as reads return it; `id` is its phone, as in the document's example. */
export const PbxLead = Type.Object({
  id: Type.String({ description: 'The phone (a lead\'s key within its list)' }),
  phone: Type.String(),
  lead_id: NullableString,
  priority: Type.Integer({ description: 'Larger first' }),
  name: NullableString,
  tags: NullableString,
  ext_api_vars: ExtApiVars,
});
export type PbxLead = Static<typeof PbxLead>;

/** `POST /phone_list`, `PUT /phone_list/{id}`: `name` (required on create); read-only fields are refused. */
export const PhoneListWrite = Type.Object({
  name: Type.Optional(Type.String({ description: `Trimmed; 1 to ${PHONE_LIST_LIMITS.name} characters` })),
  api_key: Type.Optional(Type.String()),
});
export type PhoneListWrite = Static<typeof PhoneListWrite>;

/** A lead as written (documentation of the body; the domain checks it). */
export const LeadWrite = Type.Object({
  phone: Type.Optional(Type.Union([Type.String(), Type.Integer({ minimum: 0 })], {
    description: `Required on create. Digits with an optional leading +, ${LEAD_LIMITS.phoneMinDigits} to ${LEAD_LIMITS.phoneDigits} digits; spaces, dots, dashes and parentheses are removed. On update it may only repeat the lead's phone`,
  })),
  name: Type.Optional(Type.Union([Type.String({ maxLength: LEAD_LIMITS.name }), Type.Null()])),
  lead_id: Type.Optional(Type.Union([Type.String({ maxLength: LEAD_LIMITS.leadId }), Type.Integer(), Type.Null()], { description: 'A number is kept as its decimal text' })),
  priority: Type.Optional(Type.Integer({ description: 'Larger first; default 0' })),
  tags: Type.Optional(Type.Union([Type.String({ maxLength: LEAD_LIMITS.tags }), Type.Null()], { description: 'Added to the call' })),
  ext_api_vars: Type.Optional(ExtApiVars),
  id: Type.Optional(Type.String({ description: 'Read only: accepted only when it equals the phone (a lead read back)' })),
});

export const LeadBody = Type.Union([LeadWrite, Type.Array(LeadWrite, { minItems: 1, maxItems: PHONE_LIST_LIMITS.leadsPerWrite })]);

const Phone = Type.Union([Type.String(), Type.Integer({ minimum: 0 })]);
/** `DELETE /phone_list/{id}/lead`: a JSON array of phones (as the document), or `{phones: [...]}` (form bodies). */
export const PhonesBody = Type.Union([
  Type.Array(Phone, { maxItems: PHONE_LIST_LIMITS.phonesPerDelete }),
  Type.Object({ phones: Type.Array(Phone, { maxItems: PHONE_LIST_LIMITS.phonesPerDelete }), api_key: Type.Optional(Type.String()) }),
]);

export const DeletedLeads = Type.Object({
  deleted: Type.Integer({ description: 'How many leads were deleted' }),
  not_found: Type.Array(Type.String(), { description: 'Phones given that the list does not hold (ignored)' }),
});

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 256, description: 'Part of the name, any case' })),
  api_key: Type.Optional(Type.String()),
});
export type ListQuery = Static<typeof ListQuery>;

export const KeyQuery = Type.Object({ api_key: Type.Optional(Type.String()) });

/** Path ids: any text (an id of another form is simply not found, `NOTES.md` §2). */
export const ListParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const LeadParams = Type.Object({ id: Type.String({ maxLength: 64 }), phone: Type.String({ maxLength: 64 }) });
