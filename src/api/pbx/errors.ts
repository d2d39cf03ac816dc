import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgentUnavailableError, InteractionStateError } from '../../domain/calls/errors.ts';
import { toFailure, type Failure } from '../http/failures.ts';

/** The PBX error envelope (`NOTES.md` §1): `{success: false, msg}`. */
export function pbxErrorBody(failure: Failure): { success: false; msg: string } {
  return { success: false, msg: failure.reason };
}

/** Bad or missing credentials: exactly the documented body. */
export const UNAUTHORIZED = { success: false, msg: 'Unauthorized' } as const;

/**
 * Error handler of every `/api/...` PBX route: the envelope with `success:false` and a `msg` that
 * names the problem; a well-formed request the current state refuses (agent busy, call over) is a 409.
 */
export function pbxErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const conflict = error instanceof InteractionStateError || error instanceof AgentUnavailableError;
  const failure = conflict ? { statusCode: 409, reason: error.message } : toFailure(error);
  if (!failure) {
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(pbxErrorBody({ statusCode: 500, reason: 'Internal Server Error' }));
  }
  if (failure.statusCode === 415) failure.reason = 'Content-Type must be application/json or application/x-www-form-urlencoded';
  if (failure.statusCode === 401) return reply.code(401).header('www-authenticate', 'ApiKey realm="Switchboard PBX", param="api_key"').send(UNAUTHORIZED);
  return reply.code(failure.statusCode).send(pbxErrorBody(failure));
}

/** PBX paths: `/api/...` except the VCC family's versioned `/api/v1/...` (`NOTES.md` §1). */
export function isPbxPath(url: string): boolean {
  return url.startsWith('/api/') && !/^\/api\/v\d+(\/|\?|$)/.test(url);
}
