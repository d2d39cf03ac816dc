import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../app/platform.ts';
import { workspacePages } from './pages.ts';
import { workspaceRoutes } from './routes.ts';
import { makeCallRoute } from './make-call.ts';
import { screenPopRoutes } from './screen-pop.ts';

/**
 * The agent workspace and supervisor page under `/AGUI/` (docs/workspace.md): the built pages,
 * their JSON API at `/AGUI/api/`, and (registered on the upgrade router) their WebSocket `/AGUI/ws`.
 * @example await app.register(workspaceApi, { prefix: '/AGUI', platform });
 */
export async function workspaceApi(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  await app.register(workspaceRoutes, { prefix: '/api', platform });
  await app.register(makeCallRoute, { platform });
  await app.register(screenPopRoutes, { platform });
  await app.register(workspacePages);
}
