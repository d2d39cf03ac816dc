import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, NotFoundError, ConflictError } from '../../domain/errors.ts';
import { SchemaError, describeAjvError } from '../../app/schema-check.ts';

/** The documented body when a tenant's "Agent Status API" is switched off (`NOTES.md` §1). */
export const FORBIDDEN_XML = '<API><Error>403 - Forbidden.</Error></API>';

/** An HTTP-level refusal raised by the VCC adapter itself (auth, tenant scope). */
export class VccHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The tenant's Agent Status API is off: answered with the documented XML body. */
export class AgentStatusApiDisabledError extends Error {
  readonly statusCode = 403;
}

export interface Failure {
  statusCode: number;
  reason: string;
}

/** Fastify's own errors (parsing, limits, validation) in the family's terms. */
function frameworkFailure(error: FastifyError): Failure | null {
  if (error.validation) {
    const root = error.validationContext === 'body' ? '' : error.validationContext === 'querystring' ? 'query parameter' : 'path parameter';
    const detail = describeAjvError(error.validation[0] as never);
    const field = root && detail.field ? `${root} ${detail.field}` : detail.field || root;
    return { statusCode: 400, reason: new SchemaError(field, detail.problem).message };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { statusCode: 413, reason: 'Request body is too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { statusCode: 415, reason: 'Content-Type must be application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { statusCode: 400, reason: 'Request body is empty; a JSON object is expected' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { statusCode: 400, reason: `Request body is not valid JSON: ${error.message}` };
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return { statusCode: 400, reason: `Request body is not valid JSON: ${error.message}` };
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { statusCode: error.statusCode, reason: error.message };
  }
  return null;
}

/** Maps any error to a status and a reason that names the problem; null means a server fault. */
export function toFailure(error: unknown): Failure | null {
  if (error instanceof VccHttpError) return { statusCode: error.statusCode, reason: error.reason };
  if (error instanceof SchemaError) return { statusCode: 400, reason: error.message };
  if (error instanceof NotFoundError) return { statusCode: 404, reason: `${capitalise(error.entity)} '${error.id}' not found` };
  if (error instanceof ConflictError) return { statusCode: 409, reason: error.message };
  if (error instanceof DomainError) return { statusCode: 400, reason: error.message };
  if (error instanceof Error && 'code' in error) return frameworkFailure(error as FastifyError);
  return null;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
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
