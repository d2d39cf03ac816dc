import type { FastifyError } from 'fastify';
import { ConflictError, DomainError, NotFoundError } from '../../domain/errors.ts';
import { SchemaError, describeAjvError } from '../../app/schema-check.ts';

/**
 * Errors in HTTP terms, shared by every family: a status and a reason that names the problem.
 * Each family's `errors.ts` only puts a Failure into its own body shape.
 */

/** A refusal an adapter raises itself (auth, tenant scope), with its status. */
export class HttpRefusal extends Error {
  constructor(
    readonly statusCode: number,
    reason: string,
  ) {
    super(reason);
  }
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
  if (error instanceof HttpRefusal) return { statusCode: error.statusCode, reason: error.message };
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
