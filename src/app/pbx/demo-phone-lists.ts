import type { NewLeadInput } from './phone-list-service.ts';

/**
 * The demo's phone list, modelled on the leads example of `pbx-callcenter-api.md` (Phone List
 * Leads): the same names, lead ids, priorities, tags and `ext_api_vars`, with real-looking
 * numbers where the document has placeholders (`972xxxxxxx`, `191YYYYYYYY`, `97254XYXYXYX`).
 * @example await platform.pbx.phoneLists.ensureDemoList(tenant.id); // the list, created once
 */
export function demoPhoneList(): { name: string; leads: NewLeadInput[] } {
  return {
    name: 'Demo leads',
    leads: [
      { phone: '972501234567', lead_id: '3', priority: 1, name: 'ABC office', tags: null, ext_api_vars: {} },
      { phone: '12125550123', lead_id: '2', priority: 1, name: 'Mike US', tags: null, ext_api_vars: {} },
      { phone: '972541234567', lead_id: '04', priority: 1, name: 'Mike Cell', tags: null, ext_api_vars: null },
    ],
  };
}
