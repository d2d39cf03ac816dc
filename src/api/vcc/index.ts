import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../app/platform.ts';
import { agentStatusRoutes } from './agent-status/routes.ts';
import { AgentStatusRecord, ChangeResult } from './agent-status/schemas.ts';

/** Shared schemas the VCC routes refer to by `$ref`. */
export const vccSchemas = [AgentStatusRecord, ChangeResult];

/**
 * The VCC family under `/api/v1` (`NOTES.md` §1).
 * @example app.register(vccApi, { prefix: '/api/v1', platform })
 */
export async function vccApi(app: FastifyInstance, options: { platform: Platform }): Promise<void> {
  await app.register(agentStatusRoutes, { platform: options.platform });
}
