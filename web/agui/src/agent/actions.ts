/**
 * What the agent does, one function per workspace API call. Every one answers the agent's view
 * after the change (the WebSocket pushes it too).
 */
import type { AgentView } from '../../../../src/app/workspace/view.ts';
import { request } from '../shared/api.ts';

/** A reason list item, as the API takes it. */
export interface ReasonPick {
  readonly listId: number;
  readonly itemId: number;
}

/** The presences the agent may choose. */
export type SettablePresence = 'available' | 'on_break' | 'working_offline' | 'logged_out';

/** `GET /AGUI/api/me` (401 when not logged in). */
export function fetchAgentView(): Promise<AgentView> {
  return request<AgentView>('GET', 'me');
}

/** Changes the presence; during a call the server keeps it as the pending change. */
export function setStatus(status: SettablePresence, reason: ReasonPick | null = null): Promise<AgentView> {
  return request<AgentView>('POST', 'status', reason === null ? { status } : { status, reason });
}

/** Joins (`true`) or leaves an inbound queue. */
export function setQueueJoined(queueId: number, join: boolean): Promise<AgentView> {
  return request<AgentView>('POST', `queues/${queueId}/${join ? 'join' : 'leave'}`);
}

/** Places a call, in an outbound queue or direct (`queueId` null). */
export function placeCall(number: string, queueId: number | null): Promise<AgentView> {
  return request<AgentView>('POST', 'calls', { number, queueId });
}

/** What can be done to a call on a line or in post-processing. */
export type CallAction = 'answer' | 'reject' | 'hangup' | 'end-post-processing';

/** Answers, rejects or hangs up a call, or ends its post-processing. */
export function callAction(interactionGuid: string, action: CallAction): Promise<AgentView> {
  return request<AgentView>('POST', `calls/${encodeURIComponent(interactionGuid)}/${action}`);
}

/** Replaces the call's codes with this whole set. */
export function saveCodes(interactionGuid: string, codes: readonly ReasonPick[]): Promise<AgentView> {
  return request<AgentView>('PUT', `calls/${encodeURIComponent(interactionGuid)}/codes`, { codes });
}

/** Replaces the call's notes (at most 4000 characters). */
export function saveNotes(interactionGuid: string, notes: string): Promise<AgentView> {
  return request<AgentView>('PUT', `calls/${encodeURIComponent(interactionGuid)}/notes`, { notes });
}

/**
 * Runs an action that answers a view: shows that view, or the refusal in the errors region.
 * `key` names the action so a double click does not send it twice. Answers whether it worked.
 */
export type RunAction = (key: string, action: () => Promise<AgentView>) => Promise<boolean>;
