import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ccsLogIn } from '../../app/ccs/login.ts';
import type { Platform } from '../../app/platform.ts';
import { HttpRefusal } from '../http/failures.ts';
import { ccsErrors, Success } from './envelope.ts';

const tags = ['CCS auth'];

const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

const LoginAnswer = Success({
  token: Type.String({ description: 'send as `Authorization: Bearer <token>`; also the `token` of the WebSocket `connect` request' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'seconds' }),
  expires_at: Type.String({ description: 'ISO 8601, UTC' }),
  user: Type.Object({
    username: Type.String(),
    level: Type.Union([Type.Literal('telco'), Type.Literal('tenant')]),
    telco_id: Type.Union([Type.String(), Type.Null()]),
    tenant_id: Type.Union([Type.String(), Type.Null()]),
    extension: Type.Union([Type.String(), Type.Null()], { description: 'the tenant-level user\'s extension uuid' }),
  }),
});

/**
 * The login route the document leaves to us (`NOTES.md` §1): `POST /6/v2/api/login` exchanges
 * username and password for an expiring bearer token; `POST /6/v2/api/logout` revokes the token
 * presented. Failed logins are rate limited per username and per address (429 + Retry-After).
 */
export async function loginRoutes(app: FastifyInstance, options: { platform: Platform }): Promise<void> {
  const { platform } = options;
  app.post<{ Body: Static<typeof LoginBody> }>('/login', {
    config: { ccsPublic: true },
    schema: {
      tags, summary: 'Log in: username and password for a bearer token', body: LoginBody,
      response: { 200: LoginAnswer, 400: ccsErrors[400], 401: ccsErrors[401], 403: ccsErrors[403], 413: ccsErrors[413], 415: ccsErrors[415], 429: ccsErrors[403] },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const outcome = await ccsLogIn(platform, username, password, request.ip, platform.ccs.options.tokenTtlSeconds);
    if (!outcome.ok) {
      if (outcome.retryAfter !== undefined) reply.header('retry-after', String(outcome.retryAfter));
      throw new HttpRefusal(outcome.status, outcome.reason);
    }
    const { subject } = outcome;
    const tenant = subject.level === 'tenant' ? platform.directory.tenantById(subject.tenantId) : undefined;
    return {
      success: true as const, token: outcome.token, token_type: 'Bearer' as const, expires_in: outcome.ttlSeconds,
      expires_at: new Date(outcome.expiresAt).toISOString(),
      user: {
        username, level: subject.level,
        telco_id: subject.level === 'telco' ? subject.telcoUuid : (tenant && platform.ccs.tenants.of(tenant.id).telcoUuid) ?? null,
        tenant_id: tenant?.ccsUuid ?? null,
        extension: subject.level === 'tenant' ? (platform.ccs.extensions.of(subject.tenantId, subject.agentId)?.uuid ?? null) : null,
      },
    };
  });

  app.post('/logout', {
    schema: { tags, summary: 'Revoke the bearer token of this request', security: [{ ccsBearer: [] }], response: { 200: Success({}), ...ccsErrors } },
  }, async (request) => {
    const token = /^Bearer[ \t]+(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
    if (token !== undefined) await platform.ccs.tokens.revoke(token);
    return { success: true as const };
  });
}
