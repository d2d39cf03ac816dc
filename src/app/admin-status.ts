import { AgentStatus, STATUS_LABELS } from '../domain/agent-status.ts';
import { PresenceKind } from '../domain/agent.ts';
import { RuleViolationError } from '../domain/errors.ts';
import type { ChangeSource } from '../domain/events.ts';
import type { StatusChangeRequest } from '../domain/status-change.ts';
import type { Platform } from './platform.ts';

/**
 * An admin's status change for one agent (`PUT /admin/v1/tenants/:tenant/agents/:agentId/status`,
 * and a simulation's shift actions, which must act exactly as that route does): the VCC API's
 * statuses and rules, plus the one thing the VCC API leaves to the agent — logging in. Status 4
 * (available) for a logged-out agent logs it in; a simulated shift starts that way, and so does the
 * agent workspace (`by: 'workspace'`). Errors name the admin body's fields (`status`, `reason`).
 * @example await setStatusAsAdmin(platform, tenant.id, 'shift1', { status: 4, reason: null });
 */
export async function setStatusAsAdmin(platform: Platform, tenantId: string, agentId: string, request: StatusChangeRequest, by: ChangeSource = 'admin'): Promise<{ changed: boolean }> {
  const needsReason = request.status === AgentStatus.OnBreak || request.status === AgentStatus.WorkOffline;
  if (needsReason && request.reason === null) {
    throw new RuleViolationError(`reason is required with status ${request.status} (${STATUS_LABELS[request.status as AgentStatus]})`, 'reason');
  }
  // The newest decided state (not only the committed one), as the status service decides on it.
  const presence = platform.agentWriter.current(tenantId, agentId).state.presence.kind;
  const loggedOut = presence === PresenceKind.LoggedOut || presence === PresenceKind.NeverLoggedIn;
  if (request.status === AgentStatus.WaitTransact && loggedOut) {
    if (request.reason !== null) throw new RuleViolationError('logging an agent in (status 4 from logged out) takes no reason', 'reason');
    return platform.agentStatus.force(tenantId, agentId, { kind: PresenceKind.Available, reason: null }, by);
  }
  try {
    return await platform.agentStatus.set(tenantId, agentId, request, by);
  } catch (error) {
    throw inAdminTerms(error);
  }
}

/** The status rules name the VCC body's fields; the admin body calls them `status` and `reason`. */
const ADMIN_FIELD: Readonly<Record<string, string>> = {
  'agent-status': 'status',
  'status-code-list-id': 'reason.listId',
  'status-code-item-id': 'reason.itemId',
  'short-code': 'reason',
};

function inAdminTerms(error: unknown): unknown {
  if (!(error instanceof RuleViolationError) || error.field === undefined) return error;
  const field = ADMIN_FIELD[error.field];
  return field === undefined ? error : new RuleViolationError(`${field}: ${error.message}`, field);
}
