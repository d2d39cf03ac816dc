import type { FastifyReply, FastifyRequest } from 'fastify';
import { toFailure } from '../http/failures.ts';

/** Admin API errors: `{ "error": <HTTP status>, "message": <what went wrong, naming the field> }`. */
export function adminErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const failure = toFailure(error);
  if (!failure) {
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send({ error: 500, message: 'Internal Server Error' });
  }
  if (failure.statusCode === 401) reply.header('www-authenticate', 'Bearer realm="Switchboard admin"');
  return reply.code(failure.statusCode).send({ error: failure.statusCode, message: failure.reason });
}
