import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../app/platform.ts';
import type { DeliveryState } from '../../app/delivery/delivery-service.ts';
import type { DeliveryDestination } from '../../ports/storage.ts';
import { RuleViolationError } from '../../domain/errors.ts';
import { TenantParams, adminErrors } from './schemas.ts';

const SECURITY = [{ adminBearer: [] }];
const WebhookParams = Type.Object({ ...TenantParams.properties, webhookId: Type.String({ minLength: 1, maxLength: 64, description: 'The id given at creation' }) });

export const DeliveryStateSchema = Type.Object({
  pending: Type.Integer({ description: 'Messages not yet delivered' }),
  delivered: Type.Integer(),
  failing: Type.Boolean({ description: 'The oldest pending message has failed at least once and is being retried' }),
  attempts: Type.Integer({ description: 'Failed attempts of the oldest pending message' }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'Why its last attempt failed' }),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()], { description: 'When it is tried next (ISO 8601, wall clock)' }),
  cursor: Type.Integer({ description: 'The last tenant event seq turned into messages' }),
});

export const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  kind: Type.String({ description: 'What is sent: `events` = every logged event; `pbx` = the PBX push events (`docs/pbx-events.md`)' }),
  enabled: Type.Boolean(),
  createdAt: Type.String({ description: 'ISO 8601' }),
  delivery: DeliveryStateSchema,
});

const NewWebhook = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048, examples: ['https://hooks.example.com/switchboard'], description: 'http or https; the host must be public unless SWITCHBOARD_OUTBOUND_ALLOW covers it' }),
  secret: Type.Optional(Type.String({ minLength: 16, maxLength: 256, description: 'HMAC-SHA256 signing secret; generated when omitted' })),
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 32, examples: ['events'] })),
}, { additionalProperties: false });

/** The delivery state as the admin API shows it. */
export function stateView(s: DeliveryState) {
  const head = s.head;
  return {
    pending: s.pending, delivered: s.delivered, failing: s.failing, attempts: head?.attempts ?? 0, lastError: head?.lastError ?? null,
    nextAttemptAt: head ? new Date(head.nextAttemptAt).toISOString() : null, cursor: s.cursor,
  };
}

/** A destination and its delivery state as the admin API shows it (also the PBX event push, `pbx-push-routes.ts`). */
export async function webhookView(platform: Platform, d: DeliveryDestination) {
  return { id: d.destinationId, url: d.url, kind: d.kind, enabled: d.enabled, createdAt: new Date(d.createdAt).toISOString(), delivery: stateView(await platform.delivery.state(d)) };
}

/** `/admin/v1/tenants/{t}/webhooks`: a tenant's outbound delivery destinations and their delivery state (`docs/delivery.md`). */
export async function deliveryAdminRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Admin'];

  api.post('/tenants/:tenant/webhooks', {
    schema: {
      tags, security: SECURITY, summary: 'Add a webhook: the tenant\'s events from now on, signed, at least once, in order',
      params: TenantParams, body: NewWebhook,
      response: { 201: Type.Composite([Webhook, Type.Object({ secret: Type.String({ description: 'Shown once' }) })]), ...adminErrors },
    },
  }, async (request, reply) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    // The PBX push is one per account with its own route (`pbx-push-routes.ts`).
    if (request.body.kind === 'pbx') throw new RuleViolationError(`kind 'pbx' is the PBX event push: set it with PUT /admin/v1/tenants/${tenant.name}/pbx/event-push`, 'kind');
    const created = await platform.delivery.create(tenant.id, request.body);
    return reply.code(201).send({ ...(await webhookView(platform, created)), secret: created.secret });
  });

  api.get('/tenants/:tenant/webhooks', {
    schema: { tags, security: SECURITY, summary: 'List webhooks with their delivery state', params: TenantParams, response: { 200: Type.Object({ webhooks: Type.Array(Webhook) }), ...adminErrors } },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const destinations = await platform.delivery.list(tenant.id);
    return { webhooks: await Promise.all(destinations.map((d) => webhookView(platform, d))) };
  });

  api.get('/tenants/:tenant/webhooks/:webhookId', {
    schema: { tags, security: SECURITY, summary: 'One webhook and its delivery state (pending, delivered, failing, last error)', params: WebhookParams, response: { 200: Webhook, ...adminErrors } },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    return webhookView(platform, await platform.delivery.get(tenant.id, request.params.webhookId));
  });

  api.delete('/tenants/:tenant/webhooks/:webhookId', {
    schema: {
      tags, security: SECURITY, summary: 'Remove a webhook and its undelivered messages', params: WebhookParams,
      response: { 200: Type.Object({ id: Type.String(), deleted: Type.Boolean() }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    await platform.delivery.delete(tenant.id, request.params.webhookId);
    return { id: request.params.webhookId, deleted: true };
  });
}
