import type { PhoneListView } from '../../../app/pbx/phone-list-service.ts';
import type { Lead } from '../../../domain/phone-lists/lead.ts';
import type { PbxLead, PbxPhoneList } from './schemas.ts';

/**
 * A list in the document's shape: `{id, account_id, name, list_rows}`.
 * @example toPbxPhoneList({ id: 1, name: 'Demo leads', rows: 3 }, 1001); // { id: 1, account_id: 1001, name: 'Demo leads', list_rows: 3 }
 */
export function toPbxPhoneList(list: PhoneListView, accountId: number): PbxPhoneList {
  return { id: list.id, account_id: accountId, name: list.name, list_rows: list.rows };
}

/**
 * A lead in the document's shape; `id` is the phone, as in its example.
 * @example toPbxLead(lead).id === lead.phone; // true
 */
export function toPbxLead(lead: Lead): PbxLead {
  return {
    id: lead.phone, phone: lead.phone, lead_id: lead.lead_id, priority: lead.priority, name: lead.name, tags: lead.tags,
    ext_api_vars: lead.ext_api_vars === null ? null : { ...lead.ext_api_vars },
  };
}
