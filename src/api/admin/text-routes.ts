import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../app/platform.ts';
import { RuleViolationError } from '../../domain/errors.ts';
import { TenantParams, adminErrors } from './schemas.ts';

const SECURITY = [{ adminBearer: [] }];
const tags = ['Admin: calls and telephony'];
const E164 = Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$' });

const digits = (e164: string): string => e164.replace(/^\+/, '');

/**
 * `/admin/v1` route for texts on the simulated telephony (`NOTES.md` §8): an SMS or MMS sent or
 * received by one of the tenant's numbers, counted in the tenant's CCS text counters.
 */
export async function textAdminRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post('/tenants/:tenant/telephony/texts', {
    schema: {
      tags, security: SECURITY, summary: 'A text (SMS/MMS) to or from one of the tenant\'s numbers (simulated telephony)',
      description: 'Inbound: `to` is one of the tenant\'s numbers (a DID or a channel); outbound: `from` is. The simulated network carries it and the tenant\'s CCS text counter '
        + '(`GET /6/v2/api/tenants/<uuid>/text_count`) counts it; answers the counters once counted.',
      params: TenantParams,
      body: Type.Object({
        from: E164, to: E164,
        kind: Type.Union([Type.Literal('sms'), Type.Literal('mms')]),
        direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
      }),
      response: { 200: Type.Object({ sms: Type.Integer(), mms: Type.Integer(), resetAt: Type.Union([Type.String(), Type.Null()], { description: 'ISO 8601; null: never reset' }) }), ...adminErrors },
    },
  }, async (request) => {
    const tenant = platform.tenants.requireTenant(request.params.tenant);
    const { from, to, kind, direction } = request.body;
    const [field, own] = direction === 'inbound' ? ['to', to] : ['from', from];
    const config = platform.directory.calls.of(tenant.id);
    const numbers = new Set([...config.dids.map((d) => digits(d.number)), ...config.channels.map(digits)]);
    if (!numbers.has(digits(own))) throw new RuleViolationError(`${field}: ${own} is not one of the tenant's numbers (its DIDs and channels)`, field);
    const counted = platform.ccs.texts.carry({ tenantId: tenant.id, from, to, kind, direction });
    counted.catch(() => undefined); // awaited below; handled meanwhile
    await platform.virtualClock()?.settled(); // on a virtual clock, the delivery timer runs now
    const texts = await counted;
    return { sms: texts.sms, mms: texts.mms, resetAt: texts.resetAt === null ? null : new Date(texts.resetAt).toISOString() };
  });
}
