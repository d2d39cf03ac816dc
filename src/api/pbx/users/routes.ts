import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Platform } from '../../../app/platform.ts';
import { Permission } from '../../../domain/users/permissions.ts';
import { checkNoReadOnly } from '../../../domain/users/user-fields.ts';
import { HttpRefusal } from '../../http/failures.ts';
import { callerOf, requirePermission } from '../auth.ts';
import { cookieOf, SESSION_COOKIE, sessionCookie } from '../../http/session-cookie.ts';
import { Done, DONE, Envelope, ok, pbxErrors } from '../envelope.ts';
import { toPbxUser } from './mappers.ts';
import { LoginBody, PbxUser, UserCreateBody, UserListQuery, UserParams, UserUpdateBody } from './schemas.ts';

const TAGS = ['PBX users'];
const SECURITY = [{ pbxApiKey: [] }];

/**
 * `/api/user` (`pbx-callcenter-api.md`, Users): list and query, get, create, update (only the
 * fields given; the answer is the whole record), delete, login and logout. Managing users needs
 * the "Users" permission; a user may always read itself. `/api/user/{id}/queues` is the queues'.
 */
export async function userRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const users = platform.pbx.users;

  api.get('/user', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'List users',
      description: '`q` matches the name, username or e-mail (case-insensitive part); `is_agent=1` lists agents only. By user id.',
      querystring: UserListQuery, response: { 200: Envelope(Type.Array(PbxUser)), ...pbxErrors },
    },
  }, async (request) => {
    const { tenant } = requirePermission(request, Permission.Users);
    const list = await users.list(tenant.id, { ...(request.query.q !== undefined && { q: request.query.q }), agentsOnly: request.query.is_agent === 1 });
    return ok(list.map(toPbxUser));
  });

  api.get('/user/:id', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Get a user', description: 'Needs the Users permission, except for the caller itself.',
      params: UserParams, response: { 200: Envelope(PbxUser), ...pbxErrors },
    },
  }, async (request) => {
    const caller = callerOf(request);
    if (request.params.id !== String(caller.user.userId)) requirePermission(request, Permission.Users);
    return ok(toPbxUser(await users.get(caller.tenant.id, request.params.id)));
  });

  api.post('/user', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Create a user',
      description: 'name, username (unique), password and email are required. Read-only fields are refused; unknown fields are ignored. The answer is the new record.',
      body: UserCreateBody, response: { 200: Envelope(PbxUser), ...pbxErrors },
    },
  }, async (request) => {
    const { tenant } = requirePermission(request, Permission.Users);
    checkNoReadOnly(request.body);
    return ok(toPbxUser(await users.create(tenant.id, request.body)));
  });

  api.put('/user/:id', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Update a user',
      description: 'Only the fields given change; a new password ends the user\'s sessions. The answer is the whole record.',
      params: UserParams, body: UserUpdateBody, response: { 200: Envelope(PbxUser), ...pbxErrors },
    },
  }, async (request) => {
    const { tenant } = requirePermission(request, Permission.Users);
    checkNoReadOnly(request.body);
    return ok(toPbxUser(await users.update(tenant.id, request.params.id, request.body)));
  });

  api.delete('/user/:id', {
    schema: {
      tags: TAGS, security: SECURITY, summary: 'Delete a user',
      description: 'Refused (409) during a call. Checks the user out, removes its queue tiers, unassigns its devices, revokes its API keys and sessions.',
      params: UserParams, response: { 200: Done, ...pbxErrors },
    },
  }, async (request) => {
    const { tenant } = requirePermission(request, Permission.Users);
    await users.delete(tenant.id, request.params.id);
    return DONE;
  });

  api.post('/user/login', {
    config: { pbxPublic: true },
    schema: {
      tags: TAGS, security: [], summary: 'Log in',
      description: 'Opens a session: the `switchboard_session` cookie (HttpOnly, SameSite=Lax, Secure under HTTPS) then stands for `api_key`. Wrong credentials: 401; an inactive user: 403; too many failures per username or address: 429 with `Retry-After`.',
      body: LoginBody, response: { 200: Envelope(PbxUser), ...pbxErrors },
    },
  }, async (request, reply) => {
    const outcome = await users.logIn(request.body.username, request.body.password, request.ip);
    if (!outcome.ok) {
      if (outcome.retryAfter !== undefined) reply.header('retry-after', String(outcome.retryAfter));
      throw new HttpRefusal(outcome.status, outcome.reason);
    }
    reply.header('set-cookie', sessionCookie(request, outcome.token, outcome.ttlSeconds));
    return ok(toPbxUser(outcome.user));
  });

  api.get('/user/logout', {
    config: { pbxPublic: true },
    schema: { tags: TAGS, security: [], summary: 'Log out', description: 'Ends the cookie\'s session, if any, and clears the cookie.', response: { 200: Done, ...pbxErrors } },
  }, async (request, reply) => {
    await users.logOut(cookieOf(request, SESSION_COOKIE));
    reply.header('set-cookie', sessionCookie(request, '', 0));
    return DONE;
  });
}
