import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../app/platform.ts';
import { agentStatusRoutes } from './agent-status/routes.ts';
import { callRoutes } from './calls/routes.ts';
import { CallResult } from './calls/schemas.ts';
import { AgentStatusRecord, ChangeResult } from './agent-status/schemas.ts';

/** Shared schemas the VCC routes refer to by `$ref`. */
export const vccSchemas = [AgentStatusRecord, ChangeResult, CallResult];

/**
 * The VCC family under `/api/v1` (`NOTES.md` §1).
 * @example app.register(vccApi, { prefix: '/api/v1', platform })
 */
export async function vccApi(app: FastifyInstance, options: { platform: Platform }): Promise<void> {
  app.decorateRequest('vccTenant', null);
  await app.register(agentStatusRoutes, { platform: options.platform });
  await app.register(callRoutes, { platform: options.platform });
}
