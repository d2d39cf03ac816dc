import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { OutboundAddressRefusedError } from '../../app/delivery/address-policy.ts';
import type { Platform } from '../../app/platform.ts';
import { NotFoundError, RuleViolationError } from '../../domain/errors.ts';
import { Webhook, webhookView } from './delivery-routes.ts';
import { TenantParams, adminErrors } from './schemas.ts';

const SECURITY = [{ adminBearer: [] }];

const PushSettingsBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048, examples: ['https://crm.example.com/pbx-events'], description: 'http or https; the host must be public unless SWITCHBOARD_OUTBOUND_ALLOW covers it' }),
  secret: Type.Optional(Type.String({ minLength: 16, maxLength: 256, description: 'HMAC-SHA256 signing secret; generated when the URL is first set without one, kept when omitted later' })),
}, { additionalProperties: false });

const PushAnswer = Type.Composite([
  Webhook,
  Type.Object({ secret: Type.Optional(Type.String({ description: 'The generated signing secret — shown once, only when generated' })) }),
]);

/** A refused address is the `url` field's fault. */
function namingUrl(error: unknown): unknown {
  return error instanceof OutboundAddressRefusedError ? new RuleViolationError(`url: ${error.message}`, 'url') : error;
}

/**
 * `/admin/v1/tenants/{t}/pbx/event-push`: the account's Event Push Notifications URL and signing
 * secret (`docs/pbx-events.md`), with its delivery state. It is also listed among the webhooks (id `pbx-push`, kind `pbx`).
 */
export async function pbxPushAdminRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Admin'];
  const path = '/tenants/:tenant/pbx/event-push';

  api.get(path, {
    schema: { tags, security: SECURITY, summary: 'The PBX event push URL and its delivery state (pending, delivered, failing, last error)', params: TenantParams, response: { 200: Webhook, ...adminErrors } },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const destination = await platform.pbx.eventPush.get(tenant.id);
    if (!destination) throw new NotFoundError('PBX event push URL of tenant', tenant.name);
    return webhookView(platform, destination);
  });

  api.put(path, {
    schema: {
      tags, security: SECURITY, summary: 'Set the PBX event push URL (and secret): the account\'s events from now on, signed, at least once, in order',
      description: 'Changing the URL keeps the undelivered events, which go to the new URL. 201 when created (with the generated `secret`, shown once), 200 when changed.',
      params: TenantParams, body: PushSettingsBody, response: { 200: PushAnswer, 201: PushAnswer, ...adminErrors },
    },
  }, async (request, reply) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const result = await platform.pbx.eventPush.set(tenant.id, request.body).catch((error: unknown) => Promise.reject(namingUrl(error)));
    const view = await webhookView(platform, result.destination);
    return reply.code(result.created ? 201 : 200).send(result.generatedSecret === null ? view : { ...view, secret: result.generatedSecret });
  });

  api.delete(path, {
    schema: {
      tags, security: SECURITY, summary: 'Stop the PBX event push (its undelivered events are dropped)', params: TenantParams,
      response: { 200: Type.Object({ deleted: Type.Boolean() }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    if (!(await platform.pbx.eventPush.clear(tenant.id))) throw new NotFoundError('PBX event push URL of tenant', tenant.name);
    return { deleted: true };
  });
}
