import type { FastifyReply, FastifyRequest } from 'fastify';
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
