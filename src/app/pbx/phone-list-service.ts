import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { applyLeadChanges, newLead, normalisePhone, type Lead, type LeadChanges } from '../../domain/phone-lists/lead.ts';
import { sortLeads } from '../../domain/phone-lists/ordering.ts';
import {
  leadKind, listIdOf, matchesQuery, PHONE_LIST_COUNTER_KEY, PHONE_LIST_COUNTER_RECORD, PHONE_LIST_RECORD, phoneListKey, type PhoneList,
} from '../../domain/phone-lists/phone-list.ts';
import { commitChange } from '../core.ts';
import type { Platform } from '../platform.ts';
import { demoPhoneList } from './demo-phone-lists.ts';

/** A list as reads show it: the stored list with its exact number of leads. */
export interface PhoneListView {
  readonly id: number;
  readonly name: string;
  readonly rows: number;
}

/** A lead to add: a checked create (phone required). */
export type NewLeadInput = LeadChanges & { readonly phone: string };

/** Above this many leads in one add, the list's phones are read once instead of one look-up per lead. */
const BULK_CHECK = 64;

const listEvent = (id: number, change: 'put' | 'deleted'): DomainEvent => ({ type: 'record.changed', kind: PHONE_LIST_RECORD, key: phoneListKey(id), change });
const leadEvent = (listId: number, phone: string, change: 'put' | 'deleted'): DomainEvent => ({ type: 'record.changed', kind: leadKind(listId), key: phone, change });

/**
 * PBX phone lists and their leads (`pbx-callcenter-api.md`, Phone Lists and Phone List Leads),
 * stored as per-tenant records (`domain/phone-lists/phone-list.ts`). Every change commits with
 * `record.changed` events; a list's deletion takes its leads in the same transaction (one
 * `record.changed` of kind `lead:<id>` with key `*` says so). Writes of one tenant's lists run one
 * at a time, so a check (is this phone already there?) and its write cannot interleave with another.
 * @example const list = await platform.pbx.phoneLists.create(tenant.id, 'Callbacks');
 */
export class PhoneListService {
  constructor(readonly platform: Platform) {}

  private lock<T>(tenantId: string, task: () => Promise<T>): Promise<T> {
    return this.platform.locks.run(`pbx-phone-lists:${tenantId}`, task);
  }

  /** The tenant's lists by id; with `q`, those whose name contains it (any case). */
  async list(tenantId: string, q?: string): Promise<PhoneListView[]> {
    const records = await this.platform.store.listRecords<PhoneList>(tenantId, PHONE_LIST_RECORD);
    const lists = records.map((r) => r.body).filter((l) => q === undefined || matchesQuery(l, q));
    return Promise.all(lists.map((l) => this.view(tenantId, l)));
  }

  /** @throws NotFoundError for an id that is not one of the tenant's lists (any form). */
  async get(tenantId: string, id: string | number): Promise<PhoneListView> {
    return this.view(tenantId, await this.find(tenantId, id));
  }

  /** Creates a list with the tenant's next id (ids are never reused). `name` is already checked. */
  create(tenantId: string, name: string): Promise<PhoneListView> {
    return this.lock(tenantId, () => this.createNow(tenantId, name));
  }

  /** Changes only what `changes` holds. */
  update(tenantId: string, id: string | number, changes: { readonly name?: string }): Promise<PhoneListView> {
    return this.lock(tenantId, async () => {
      const list = { ...(await this.find(tenantId, id)), ...(changes.name !== undefined && { name: changes.name }) };
      await commitChange(this.platform, tenantId, [listEvent(list.id, 'put')], (tx) => tx.putRecord(tenantId, PHONE_LIST_RECORD, phoneListKey(list.id), list));
      return this.view(tenantId, list);
    });
  }

  /** Deletes a list with all its leads, in one transaction. */
  delete(tenantId: string, id: string | number): Promise<void> {
    return this.lock(tenantId, async () => {
      const list = await this.find(tenantId, id);
      const events: DomainEvent[] = [leadEvent(list.id, '*', 'deleted'), listEvent(list.id, 'deleted')];
      await commitChange(this.platform, tenantId, events, async (tx) => {
        await tx.deleteRecords(tenantId, leadKind(list.id));
        await tx.deleteRecord(tenantId, PHONE_LIST_RECORD, phoneListKey(list.id));
      });
    });
  }

  /** A list's leads by priority (larger first), then in the order they were added. */
  async leads(tenantId: string, id: string | number): Promise<Lead[]> {
    const list = await this.find(tenantId, id);
    return sortLeads((await this.platform.store.listRecords<Lead>(tenantId, leadKind(list.id))).map((r) => r.body));
  }

  /**
   * Adds leads, all or none: a phone already in the list refuses the whole request (409 naming
   * it). `at` gives each lead's field prefix for messages (`[2].` in an array). Phones are
   * distinct (the route checks). Returns the added leads in the order given.
   */
  addLeads(tenantId: string, id: string | number, leads: readonly NewLeadInput[], at: (i: number) => string = () => ''): Promise<Lead[]> {
    return this.lock(tenantId, () => this.addNow(tenantId, id, leads, at));
  }

  /** Changes one lead's given fields (not its phone or place in the insertion order). */
  updateLead(tenantId: string, id: string | number, phone: string, changes: LeadChanges): Promise<Lead> {
    return this.lock(tenantId, async () => {
      const list = await this.find(tenantId, id);
      const lead = applyLeadChanges(await this.findLead(tenantId, list, phone), changes);
      await commitChange(this.platform, tenantId, [leadEvent(list.id, lead.phone, 'put')], (tx) => tx.putRecord(tenantId, leadKind(list.id), lead.phone, lead));
      return lead;
    });
  }

  /** Deletes one lead. @throws NotFoundError when the list has no lead with that phone. */
  deleteLead(tenantId: string, id: string | number, phone: string): Promise<void> {
    return this.lock(tenantId, async () => {
      const list = await this.find(tenantId, id);
      const lead = await this.findLead(tenantId, list, phone);
      await commitChange(this.platform, tenantId, [leadEvent(list.id, lead.phone, 'deleted')], (tx) => tx.deleteRecord(tenantId, leadKind(list.id), lead.phone));
    });
  }

  /** Deletes the leads with these (normalised, distinct) phones; returns the phones that were deleted. */
  deleteLeads(tenantId: string, id: string | number, phones: readonly string[]): Promise<string[]> {
    return this.lock(tenantId, async () => {
      const list = await this.find(tenantId, id);
      const present = await this.presentPhones(tenantId, list.id, phones);
      const gone = phones.filter((p) => present.has(p));
      if (gone.length === 0) return [];
      await commitChange(this.platform, tenantId, gone.map((p) => leadEvent(list.id, p, 'deleted')), async (tx) => {
        for (const phone of gone) await tx.deleteRecord(tenantId, leadKind(list.id), phone);
      });
      return gone;
    });
  }

  /** The demo's list (`demo-phone-lists.ts`), created once: nothing happens when a list of its name exists. */
  ensureDemoList(tenantId: string): Promise<PhoneListView> {
    const demo = demoPhoneList();
    return this.lock(tenantId, async () => {
      const existing = (await this.list(tenantId)).find((l) => l.name === demo.name);
      if (existing) return existing;
      const created = await this.createNow(tenantId, demo.name);
      await this.addNow(tenantId, created.id, demo.leads, () => '');
      return this.get(tenantId, created.id);
    });
  }

  private async createNow(tenantId: string, name: string): Promise<PhoneListView> {
    const store = this.platform.store;
    const counter = await store.getRecord<{ last: number }>(tenantId, PHONE_LIST_COUNTER_RECORD, PHONE_LIST_COUNTER_KEY);
    // Lists written without the counter (none today) still never collide: take the larger.
    const highest = (await store.listRecords<PhoneList>(tenantId, PHONE_LIST_RECORD)).reduce((max, r) => Math.max(max, r.body.id), 0);
    const list: PhoneList = { id: Math.max(counter?.body.last ?? 0, highest) + 1, name, next_seq: 1 };
    await commitChange(this.platform, tenantId, [listEvent(list.id, 'put')], async (tx) => {
      await tx.putRecord(tenantId, PHONE_LIST_COUNTER_RECORD, PHONE_LIST_COUNTER_KEY, { last: list.id });
      await tx.putRecord(tenantId, PHONE_LIST_RECORD, phoneListKey(list.id), list);
    });
    return { id: list.id, name: list.name, rows: 0 };
  }

  private async addNow(tenantId: string, id: string | number, inputs: readonly NewLeadInput[], at: (i: number) => string): Promise<Lead[]> {
    const list = await this.find(tenantId, id);
    const present = await this.presentPhones(tenantId, list.id, inputs.map((l) => l.phone));
    const taken = inputs.findIndex((l) => present.has(l.phone));
    if (taken >= 0) {
      const phone = inputs[taken]?.phone ?? '';
      throw new ConflictError(`${at(taken)}phone: a lead with phone ${phone} is already in list ${list.id}; nothing was added`);
    }
    const leads = inputs.map((input, i) => newLead(input, list.next_seq + i));
    const after: PhoneList = { ...list, next_seq: list.next_seq + leads.length };
    const events = [...leads.map((l) => leadEvent(list.id, l.phone, 'put')), listEvent(list.id, 'put')];
    await commitChange(this.platform, tenantId, events, async (tx) => {
      for (const lead of leads) await tx.putRecord(tenantId, leadKind(list.id), lead.phone, lead);
      await tx.putRecord(tenantId, PHONE_LIST_RECORD, phoneListKey(list.id), after);
    });
    return leads;
  }

  /** Which of these phones the list holds: one look-up each for a few, one listing for many. */
  private async presentPhones(tenantId: string, listId: number, phones: readonly string[]): Promise<Set<string>> {
    const store = this.platform.store;
    if (phones.length > BULK_CHECK) return new Set((await store.listRecords(tenantId, leadKind(listId))).map((r) => r.key));
    const found = await Promise.all(phones.map((p) => store.getRecord(tenantId, leadKind(listId), p)));
    return new Set(found.filter((r) => r !== undefined).map((r) => r.key));
  }

  private async find(tenantId: string, id: string | number): Promise<PhoneList> {
    const listId = listIdOf(String(id));
    const found = listId === null ? undefined : await this.platform.store.getRecord<PhoneList>(tenantId, PHONE_LIST_RECORD, phoneListKey(listId));
    if (!found) throw new NotFoundError('phone list', String(id));
    return found.body;
  }

  /** A lead by the phone in a path (normalised; text that is no phone is simply not found). */
  private async findLead(tenantId: string, list: PhoneList, phone: string): Promise<Lead> {
    const key = normalisePhone(phone);
    const found = key === null ? undefined : await this.platform.store.getRecord<Lead>(tenantId, leadKind(list.id), key);
    if (!found) throw new NotFoundError('lead', phone);
    return found.body;
  }

  private async view(tenantId: string, list: PhoneList): Promise<PhoneListView> {
    return { id: list.id, name: list.name, rows: await this.platform.store.countRecords(tenantId, leadKind(list.id)) };
  }
}
