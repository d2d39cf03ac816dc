import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgentUnavailableError, InteractionStateError } from '../../domain/calls/errors.ts';
import { toFailure, type Failure } from '../http/failures.ts';

/** The documented body when a tenant's "Agent Status API" is switched off (`NOTES.md` §1). */
export const FORBIDDEN_XML = '<API><Error>403 - Forbidden.</Error></API>';

/** The tenant's Agent Status API is off: answered with the documented XML body. */
export class AgentStatusApiDisabledError extends Error {
  readonly statusCode = 403;
}

/** The agent-status error body: `{reason, change-status, message}` (`NOTES.md` §1). */
export function agentStatusBody(failure: Failure, message: string) {
  return { reason: failure.reason, 'change-status': failure.statusCode, message };
}

/** Error handler for the agent-status routes. */
export function agentStatusErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AgentStatusApiDisabledError) {
    return reply.code(403).type('application/xml').send(FORBIDDEN_XML);
  }
  const failure = toFailure(error);
  if (!failure) {
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(agentStatusBody({ statusCode: 500, reason: 'Internal Server Error' }, 'The server could not complete the request'));
  }
  if (failure.statusCode === 401) reply.header('www-authenticate', 'Basic realm="Switchboard VCC", charset="UTF-8"');
  const message = request.method === 'GET' ? 'Agent status request failed' : 'Agent status change failed';
  return reply.code(failure.statusCode).send(agentStatusBody(failure, message));
}

/** The phone-call error body: `{reasons: [...], message}` (`NOTES.md` §1); message is the status text. */
export function callsBody(failure: Failure) {
  return { reasons: [failure.reason], message: STATUS_CODES[failure.statusCode] ?? 'Error' };
}

/**
 * Error handler for the phone-call routes. A request that is well-formed but conflicts with the
 * current state — the call already ended, the agent busy, on break or logged out — is a 409.
 */
export function callsErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const conflict = error instanceof InteractionStateError || error instanceof AgentUnavailableError;
  const failure = conflict ? { statusCode: 409, reason: error.message } : toFailure(error);
  if (!failure) {
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(callsBody({ statusCode: 500, reason: 'Internal Server Error' }));
  }
  if (failure.statusCode === 401) reply.header('www-authenticate', 'Basic realm="Switchboard VCC", charset="UTF-8"');
  return reply.code(failure.statusCode).send(callsBody(failure));
}

/** Phone-call paths (`.../calls`, `.../calls/...`) answer in the calls shape, even before a route matched. */
export function isCallsPath(url: string): boolean {
  return /^\/api\/v\d+\/tenants\/[^/?]+\/(calls|agents\/[^/?]+\/calls)(\/|\?|$)/.test(url);
}
