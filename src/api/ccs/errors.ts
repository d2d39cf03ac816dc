import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgentUnavailableError, InteractionStateError } from '../../domain/calls/errors.ts';
import { toFailure, type Failure } from '../http/failures.ts';

/** The CCS error body (`NOTES.md` §1: the document's `"success": true` on errors is a typo). */
export function ccsErrorBody(failure: Failure): { success: false; reason: string } {
  return { success: false, reason: failure.reason };
}

/** Missing, wrong, expired or revoked token: exactly the documented body. */
export const UNAUTHORIZED = { status: 401, reason: 'Unauthorized' } as const;

/**
 * Error handler of every `/6/v2/api/...` route: `{success:false, reason}` with a reason that names
 * the field or the rule; 401 is the document's `{"status":401,"reason":"Unauthorized"}`; a
 * well-formed request the current state refuses (agent busy, call over) is a 409.
 */
export function ccsErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const conflict = error instanceof InteractionStateError || error instanceof AgentUnavailableError;
  const failure = conflict ? { statusCode: 409, reason: error.message } : toFailure(error);
  if (!failure) {
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(ccsErrorBody({ statusCode: 500, reason: 'Internal Server Error' }));
  }
  if (failure.statusCode === 401) return reply.code(401).header('www-authenticate', 'Bearer realm="Switchboard CCS"').send(UNAUTHORIZED);
  return reply.code(failure.statusCode).send(ccsErrorBody(failure));
}

/** CCS paths: `/6/...` (REST under `/6/v2/api/`, the WebSocket at `/6/v2/sock`). */
export function isCcsPath(url: string): boolean {
  return url === '/6' || url.startsWith('/6/') || url.startsWith('/6?');
}
