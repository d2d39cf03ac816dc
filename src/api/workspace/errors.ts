import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgentUnavailableError, InteractionStateError } from '../../domain/calls/errors.ts';
import { DomainError } from '../../domain/errors.ts';
import { SchemaError, describeAjvError } from '../../app/schema-check.ts';
import { toFailure } from '../http/failures.ts';

/**
 * The workspace API's error body: `{success:false, reason, field?}` — the pages show `reason` in
 * words next to the action; `field` names the input at fault when there is one.
 */
export interface WorkspaceErrorBody {
  readonly success: false;
  readonly reason: string;
  readonly field?: string;
}

/** `/AGUI` and everything under it: the pages, their API and their WebSocket. */
export function isWorkspacePath(url: string): boolean {
  return url === '/AGUI' || url.startsWith('/AGUI/') || url.startsWith('/AGUI?');
}

function fieldOf(error: unknown): string | undefined {
  if (error instanceof SchemaError) return error.field || undefined;
  const validation = (error as { validation?: unknown[] }).validation;
  if (Array.isArray(validation) && validation.length > 0) return describeAjvError(validation[0] as never).field || undefined;
  if (error instanceof DomainError && 'field' in error && typeof error.field === 'string') return error.field;
  return undefined;
}

/**
 * Error handler of the workspace routes: a reason in words and the field, 4xx for anything the
 * request or the current state is to blame for (a call that stopped ringing, an agent busy: 409).
 */
export function workspaceErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const conflict = error instanceof InteractionStateError || error instanceof AgentUnavailableError;
  const failure = conflict ? { statusCode: 409, reason: error.message } : toFailure(error);
  if (!failure) {
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send({ success: false, reason: 'Something went wrong on the server; try again' });
  }
  if (failure.statusCode === 401) void reply.header('www-authenticate', 'Session realm="Switchboard workspace", login="/AGUI/api/login"');
  const field = fieldOf(error);
  const body: WorkspaceErrorBody = { success: false, reason: failure.reason, ...(field !== undefined && { field }) };
  return reply.code(failure.statusCode).send(body);
}

export function workspaceNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? '';
  return reply.code(404).send({ success: false, reason: `No such page or resource: ${request.method} ${path}` });
}
