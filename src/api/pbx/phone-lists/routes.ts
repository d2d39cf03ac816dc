import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import type { Platform } from '../../../app/platform.ts';
import { parseLead } from '../../../domain/phone-lists/lead.ts';
import { parseLeadBatch, parseListWrite, parsePhonesToDelete } from '../../../domain/phone-lists/phone-list.ts';
import { Permission } from '../../../domain/users/permissions.ts';
import { requirePermission, type PbxCaller } from '../auth.ts';
import { Done, DONE, Envelope, ok, pbxErrors } from '../envelope.ts';
import { toPbxLead, toPbxPhoneList } from './mappers.ts';
import { DeletedLeads, KeyQuery, LeadBody, LeadParams, LeadWrite, ListParams, ListQuery, PbxLead, PbxPhoneList, PhonesBody, PhoneListWrite } from './schemas.ts';

const TAGS = ['PBX phone lists'];
const SECURITY = [{ pbxApiKey: [] }];

const caller = (request: FastifyRequest): PbxCaller => requirePermission(request, Permission.PhoneLists);

const textParts = new Ajv({ coerceTypes: true, useDefaults: false, allErrors: false, strict: false, removeAdditional: false });
/**
 * Lead bodies are checked by `domain/phone-lists`, not by their schema: a schema union (one lead
 * or an array) would report "must be object" for a bad field of the third lead. Path and query
 * are checked as everywhere.
 */
const leadBodyChecks: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => (httpPart === 'body' ? () => true : textParts.compile(schema as object));

const isForm = (request: FastifyRequest): boolean => /^application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '');

/** A form-encoded lead's text in JSON terms: `priority` as a number, an empty or `null` `ext_api_vars` as null. */
function leadOfForm(request: FastifyRequest): unknown {
  const body = request.body;
  if (!isForm(request) || body === null || typeof body !== 'object') return body;
  const lead: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  if (typeof lead.priority === 'string' && /^\s*[+-]?[0-9]{1,10}\s*$/.test(lead.priority)) lead.priority = Number(lead.priority);
  if (lead.ext_api_vars === '' || lead.ext_api_vars === 'null') lead.ext_api_vars = null;
  return lead;
}

/** Phones to delete from a form body: `phones[]=…` repeated, a JSON array, or a comma-separated list. */
function phonesOfForm(request: FastifyRequest): unknown {
  const body = request.body as Record<string, unknown> | undefined;
  if (!isForm(request) || typeof body?.phones !== 'string') return body;
  return { phones: body.phones.split(',').map((p) => p.trim()).filter((p) => p !== '') };
}

/**
 * `/api/phone_list` and `/api/phone_list/{id}/lead` (`pbx-callcenter-api.md`, Phone Lists and
 * Phone List Leads): lists (list, query by name, get, create, update, delete with their leads)
 * and their leads (list in priority order, add one or many — all or nothing —, update, delete
 * one or many). Every route needs the "Phone Lists" permission; lists are the caller's account's only.
 */
export async function phoneListRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const lists = platform.pbx.phoneLists;

  api.get('/phone_list', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'List phone lists',
      description: 'Every list of the account by id; `q` keeps those whose name contains it (any case). `list_rows` is the exact number of leads.',
      querystring: ListQuery, response: { 200: Envelope(Type.Array(PbxPhoneList)), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    return ok((await lists.list(c.tenant.id, request.query.q)).map((l) => toPbxPhoneList(l, c.tenant.pbxAccountId)));
  });

  api.get('/phone_list/:id', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Get a phone list',
      description: 'The list record (its leads are at `/api/phone_list/{id}/lead`).',
      params: ListParams, querystring: KeyQuery, response: { 200: Envelope(PbxPhoneList), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    return ok(toPbxPhoneList(await lists.get(c.tenant.id, request.params.id), c.tenant.pbxAccountId));
  });

  api.post('/phone_list', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Create a phone list',
      description: '`name` is required (names need not be unique). Read-only fields (`id`, `account_id`, `list_rows`) are refused; unknown fields are ignored. '
        + 'Ids are the account\'s next and never reused. `data` is the new list.',
      body: PhoneListWrite, response: { 200: Envelope(PbxPhoneList), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    const { name } = parseListWrite(request.body, 'create');
    return ok(toPbxPhoneList(await lists.create(c.tenant.id, name ?? ''), c.tenant.pbxAccountId));
  });

  api.put('/phone_list/:id', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Update a phone list',
      description: 'Only submitted fields change (`name`); read-only fields are refused. `data` is the whole list.',
      params: ListParams, body: PhoneListWrite, response: { 200: Envelope(PbxPhoneList), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    return ok(toPbxPhoneList(await lists.update(c.tenant.id, request.params.id, parseListWrite(request.body, 'update')), c.tenant.pbxAccountId));
  });

  api.delete('/phone_list/:id', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Delete a phone list', description: 'Deletes the list and all its leads, together.',
      params: ListParams, querystring: KeyQuery, response: { 200: Done, ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    await lists.delete(c.tenant.id, request.params.id);
    return DONE;
  });

  api.get('/phone_list/:id/lead', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'List a phone list\'s leads',
      description: 'Every lead, by `priority` (larger first), then in the order they were added. `id` is the phone.',
      params: ListParams, querystring: KeyQuery, response: { 200: Envelope(Type.Array(PbxLead)), ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    return ok((await lists.leads(c.tenant.id, request.params.id)).map(toPbxLead));
  });

  api.post('/phone_list/:id/lead', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Add leads',
      description: 'One lead object, or an array of 1 to 10,000 (JSON). All or nothing: a phone already in the list refuses the request with 409 naming it; '
        + 'a phone twice in the array, or a bad field, with 400 naming it (`[2].priority`). `data` is what was added, in the form sent (an object or an array).',
      params: ListParams, querystring: KeyQuery, body: LeadBody, response: { 200: Envelope(Type.Union([PbxLead, Type.Array(PbxLead)])), ...pbxErrors },
    },
    validatorCompiler: leadBodyChecks,
  }, async (request) => {
    const c = caller(request);
    const { leads, many } = parseLeadBatch(leadOfForm(request));
    const added = (await lists.addLeads(c.tenant.id, request.params.id, leads, (i) => (many ? `[${i}].` : ''))).map(toPbxLead);
    return ok(many ? added : added[0]);
  });

  api.put('/phone_list/:id/lead/:phone', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Update a lead',
      description: 'Only submitted fields change; `phone` may only repeat the lead\'s own (delete and add to change a number). `data` is the whole lead.',
      params: LeadParams, querystring: KeyQuery, body: LeadWrite, response: { 200: Envelope(PbxLead), ...pbxErrors },
    },
    validatorCompiler: leadBodyChecks,
  }, async (request) => {
    const c = caller(request);
    const changes = parseLead(leadOfForm(request), '', 'update');
    return ok(toPbxLead(await lists.updateLead(c.tenant.id, request.params.id, request.params.phone, changes)));
  });

  api.delete('/phone_list/:id/lead/:phone', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Delete a lead', params: LeadParams, querystring: KeyQuery, response: { 200: Done, ...pbxErrors },
    },
  }, async (request) => {
    const c = caller(request);
    await lists.deleteLead(c.tenant.id, request.params.id, request.params.phone);
    return DONE;
  });

  api.delete('/phone_list/:id/lead', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Delete several leads',
      description: 'The body is a JSON array of phones (`["972501234567", ...]`, up to 10,000), with `api_key` in the query string; or `{phones: [...]}` '
        + '(a form body may repeat `phones[]` or give a comma-separated list). Phones the list does not hold are ignored and listed in `not_found`.',
      params: ListParams, querystring: KeyQuery, body: PhonesBody, response: { 200: Envelope(DeletedLeads), ...pbxErrors },
    },
    validatorCompiler: leadBodyChecks,
  }, async (request) => {
    const c = caller(request);
    const { phones, unmatched } = parsePhonesToDelete(phonesOfForm(request));
    const deleted = new Set(await lists.deleteLeads(c.tenant.id, request.params.id, phones));
    return ok({ deleted: deleted.size, not_found: [...phones.filter((p) => !deleted.has(p)), ...unmatched] });
  });
}
