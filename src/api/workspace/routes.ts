import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Platform } from '../../app/platform.ts';
import { agentView, isSupervisor } from '../../app/workspace/agent-view.ts';
import { supervisorView } from '../../app/workspace/supervisor-view.ts';
import { HttpRefusal } from '../http/failures.ts';
import { cookieOf, SESSION_COOKIE, sessionCookie } from '../http/session-cookie.ts';
import { requireCaller, requireSupervisor, sameOrigin, type WorkspaceCaller } from './auth.ts';
import {
  CallActionParams, CallParams, CodesBody, Done, LoginAnswer, LoginBody, NotesBody, PlaceBody, QueueParams, StatusBody, ViewAnswer, workspaceErrors,
} from './schemas.ts';

const tags = ['Agent workspace'];
const SECURITY = [{ workspaceSession: [] }];
const viewResponse = { 200: ViewAnswer, ...workspaceErrors };

/**
 * The workspace API under `/AGUI/api/` (docs/workspace.md): log in and out, the agent's view,
 * and what an agent does — each action answers the agent's new view. Writes must come from our
 * own pages (`Origin`) as JSON; the session cookie is the PBX login's (`NOTES.md` §1, §5).
 */
export async function workspaceRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { actions } = platform.workspace;
  const act = async (request: FastifyRequest, run: (caller: WorkspaceCaller) => Promise<unknown>) => {
    const caller = requireCaller(platform, request);
    await run(caller);
    return agentView(platform, caller.tenantId, caller.agentId);
  };

  app.addHook('onRequest', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !sameOrigin(request.headers)) {
      throw new HttpRefusal(403, 'Cross-site request refused: the workspace acts only for its own pages');
    }
  });

  api.post('/login', {
    schema: { tags, summary: 'Log in to the workspace (sets the session cookie)', body: LoginBody, response: { 200: LoginAnswer, ...workspaceErrors } },
  }, async (request, reply) => {
    const outcome = await platform.pbx.users.logIn(request.body.username, request.body.password, request.ip);
    if (!outcome.ok) {
      if (outcome.retryAfter !== undefined) reply.header('retry-after', String(outcome.retryAfter));
      throw new HttpRefusal(outcome.status, outcome.status === 401 ? 'Wrong username or password' : outcome.reason);
    }
    const owner = platform.access.sessions.resolve(outcome.token);
    if (owner === undefined) throw new HttpRefusal(401, 'The session ended at once; log in again');
    reply.header('set-cookie', sessionCookie(request, outcome.token, outcome.ttlSeconds));
    return { success: true as const, agentId: owner.agentId, name: platform.directory.agent(owner.tenantId, owner.agentId)?.name ?? request.body.username, supervisor: isSupervisor(platform, owner.tenantId, owner.agentId) };
  });

  api.post('/logout', {
    schema: { tags, summary: 'End the workspace session (the status is left as it is)', response: { 200: Done, ...workspaceErrors } },
  }, async (request, reply) => {
    await platform.pbx.users.logOut(cookieOf(request, SESSION_COOKIE));
    reply.header('set-cookie', sessionCookie(request, '', 0));
    return { success: true as const };
  });

  api.get('/me', { schema: { tags, security: SECURITY, summary: 'The agent\'s view', response: viewResponse } },
    async (request) => {
      const caller = requireCaller(platform, request);
      return agentView(platform, caller.tenantId, caller.agentId);
    });

  api.get('/supervisor', { schema: { tags, security: SECURITY, summary: 'The supervisor\'s view of the tenant', response: viewResponse } },
    async (request) => {
      const caller = requireSupervisor(platform, request);
      return supervisorView(platform, platform.workspace.stats, caller.tenantId, caller.agentId);
    });

  api.post('/status', { schema: { tags, security: SECURITY, summary: 'Change the agent\'s status', body: StatusBody, response: viewResponse } },
    (request) => act(request, (c) => actions.setStatus(c.tenantId, c.agentId, request.body.status, request.body.reason ?? null)));

  api.post('/queues/:queueId/:action', { schema: { tags, security: SECURITY, summary: 'Join or leave one of the agent\'s queues', params: QueueParams, response: viewResponse } },
    (request) => act(request, (c) => actions.setJoined(c.tenantId, c.agentId, request.params.queueId, request.params.action === 'join')));

  api.post('/calls', { schema: { tags, security: SECURITY, summary: 'Place a call (the agent\'s phone rings first)', body: PlaceBody, response: viewResponse } },
    (request) => act(request, (c) => actions.place(c.tenantId, c.agentId, request.body.number, request.body.queueId ?? null)));

  api.post('/calls/:guid/:action', {
    schema: { tags, security: SECURITY, summary: 'Answer, reject or hang up a call; end its post-processing', params: CallActionParams, response: viewResponse },
  }, (request) => act(request, (c) => {
    const { guid, action } = request.params;
    if (action === 'answer' || action === 'reject') return actions.answer(c.tenantId, c.agentId, guid, action === 'answer');
    if (action === 'hangup') return actions.hangUp(c.tenantId, c.agentId, guid);
    return actions.endPostProcessing(c.tenantId, c.agentId, guid);
  }));

  api.put('/calls/:guid/codes', { schema: { tags, security: SECURITY, summary: 'Set the call\'s transaction codes (the whole set)', params: CallParams, body: CodesBody, response: viewResponse } },
    (request) => act(request, (c) => actions.setCodes(c.tenantId, c.agentId, request.params.guid, request.body.codes)));

  api.put('/calls/:guid/notes', { schema: { tags, security: SECURITY, summary: 'Keep the agent\'s notes with the call', params: CallParams, body: NotesBody, response: viewResponse } },
    (request) => act(request, (c) => actions.setNotes(c.tenantId, c.agentId, request.params.guid, request.body.notes)));
}
