import { createHash } from 'node:crypto';
import type { NameValue } from '../../domain/calls/interaction.ts';
import { commitChange } from '../core.ts';
import { postOnce } from '../delivery/http-post.ts';
import { deliveryHeaders } from '../delivery/signing.ts';
import type { Platform } from '../platform.ts';
import type { ClickToDialSettings } from './settings.ts';

/** A record a CRM created for `ctl_action=create` (`vcc-click-to-dial.txt`, Create Action). */
export interface CrmRecord {
  readonly id: string;
  /** `ObjectType` of the user data (e.g. `Task`), or `Record` when none was given. */
  readonly objectType: string;
  /** The user data, tokens replaced, in the order given. */
  readonly fields: readonly NameValue[];
  readonly interactionGuid: string;
  readonly agentId: string;
  /** Wall-clock ms. */
  readonly createdAt: number;
}

/** What a connector is asked to create: keyed by the interaction, so asking twice (a restart) creates one record. */
export interface CrmCreate {
  readonly tenantId: string;
  readonly interactionGuid: string;
  readonly agentId: string;
  readonly fields: readonly NameValue[];
}

/** The CRM behind `ctl_intType=sfdc` (`NOTES.md` §5): creates a record and names its id. */
export interface CrmConnector {
  create(request: CrmCreate): Promise<{ readonly id: string }>;
}

export const CRM_RECORD = 'crm_record';
const HTTP_TIMEOUT_MS = 10_000;

const objectTypeOf = (fields: readonly NameValue[]): string => fields.find((f) => f.name === 'ObjectType')?.value ?? 'Record';

/**
 * The built-in CRM: records kept as tenant records, ids shaped like Salesforce's (18 characters,
 * derived from the interaction so a repeated create finds the same record).
 * @example const { id } = await new LocalCrm(platform).create({ tenantId, interactionGuid, agentId, fields });
 */
export class LocalCrm implements CrmConnector {
  constructor(private readonly platform: Platform) {}

  async create(request: CrmCreate): Promise<{ id: string }> {
    const id = `00T${createHash('sha256').update(`${request.tenantId}\u0000${request.interactionGuid}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 15)}`;
    const existing = await this.platform.store.getRecord<CrmRecord>(request.tenantId, CRM_RECORD, id);
    if (existing) return { id };
    const record: CrmRecord = {
      id, objectType: objectTypeOf(request.fields), fields: request.fields, interactionGuid: request.interactionGuid, agentId: request.agentId, createdAt: Date.now(),
    };
    await commitChange(this.platform, request.tenantId, [{ type: 'record.changed', kind: CRM_RECORD, key: id, change: 'put' }],
      (tx) => tx.putRecord(request.tenantId, CRM_RECORD, id, record));
    return { id };
  }

  async list(tenantId: string): Promise<CrmRecord[]> {
    return (await this.platform.store.listRecords<CrmRecord>(tenantId, CRM_RECORD)).map((r) => r.body);
  }
}

/**
 * A CRM behind HTTP: the record is POSTed as JSON `{interactionGuid, agentId, objectType, fields}`
 * to the configured URL — only to addresses the outbound policy allows (`NOTES.md` §6), signed with
 * the tenant's callback secret like every pushed request, the interaction guid as the event id (so
 * the CRM can drop a repeat) — and the 2xx answer names the new record: `{"id": "..."}`.
 */
export class HttpCrm implements CrmConnector {
  constructor(private readonly platform: Platform, private readonly url: string, private readonly secret: string) {}

  async create(request: CrmCreate): Promise<{ id: string }> {
    const url = new URL(this.url);
    const [address] = await this.platform.delivery.policy.resolve(url);
    if (!address) throw new Error(`the CRM at ${url.host} has no address`);
    const body = JSON.stringify({ interactionGuid: request.interactionGuid, agentId: request.agentId, objectType: objectTypeOf(request.fields), fields: request.fields });
    const result = await postOnce(url, address, deliveryHeaders(request.interactionGuid, this.secret, body, Date.now()), body, HTTP_TIMEOUT_MS);
    if (!result.ok) throw new Error(`the CRM refused the record: ${result.error ?? 'no answer'}`);
    const id = parseId(result.text);
    if (id === null) throw new Error('the CRM answered without the new record\'s id ({"id": "..."})');
    return { id };
  }
}

function parseId(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { id?: unknown };
    return typeof parsed.id === 'string' && parsed.id !== '' ? parsed.id : typeof parsed.id === 'number' ? String(parsed.id) : null;
  } catch {
    return null;
  }
}

/** The connector a tenant's settings name. */
export function connectorFor(platform: Platform, settings: ClickToDialSettings): CrmConnector {
  return settings.crm.type === 'http' ? new HttpCrm(platform, settings.crm.url, settings.callbackSecret) : new LocalCrm(platform);
}
