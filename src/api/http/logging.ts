import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Query parameters that carry secrets (PBX `api_key`, tokens) are masked before logging. */
const SECRET_PARAMS = /([?&](?:api_key|token|access_token|password)=)[^&]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Structured JSON logs (pino) with a request id (the caller's `X-Request-Id` when sane) and
 * no secrets: credentials headers, cookies and secret query parameters are never written.
 */
export function loggingOptions(level: string, stream?: { write(line: string): void }): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader' | 'disableRequestLogging'> {
  return {
    requestIdHeader: false,
    // Fastify's own two lines per request are replaced by one (see logRequest), written only when info is on.
    disableRequestLogging: true,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logger: {
      level,
      ...(stream && { stream }),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
      serializers: {
        req: (req: { method: string; url: string; id: string; ip?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url), ip: req.ip }),
      },
    },
  };
}

/**
 * One JSON line per finished request (method, redacted url, status, time taken, request id),
 * skipped entirely when the info level is off, so a quiet server pays nothing for it.
 */
export function logRequest(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const log = request.log as FastifyRequest['log'] & { isLevelEnabled?: (level: string) => boolean };
  if (log.isLevelEnabled?.('info')) {
    log.info({ req: request, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
  }
  done();
}
