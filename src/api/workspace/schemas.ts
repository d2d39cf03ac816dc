import { Type, type Static } from '@sinclair/typebox';
import { WORKSPACE_STATUSES } from '../../app/workspace/workspace-actions.ts';
import { MAX_NOTES_LENGTH } from '../../domain/calls/post-processing.ts';

/** The workspace's error body (`errors.ts`). */
export const WorkspaceError = Type.Object({
  success: Type.Literal(false),
  reason: Type.String({ description: 'What went wrong, in words the page shows' }),
  field: Type.Optional(Type.String({ description: 'The request field at fault' })),
}, { $id: 'WorkspaceError' });

const ErrorRef = Type.Ref('WorkspaceError');
export const workspaceErrors = { 400: ErrorRef, 401: ErrorRef, 403: ErrorRef, 404: ErrorRef, 409: ErrorRef, 413: ErrorRef, 415: ErrorRef, 429: ErrorRef };

/** A whole view (`src/app/workspace/view.ts`, docs/workspace.md); described there, not repeated here. */
export const ViewAnswer = Type.Object({ kind: Type.String() }, { additionalProperties: true, description: 'The view: `AgentView` or `SupervisorView` of src/app/workspace/view.ts (docs/workspace.md)' });

const Id = (description: string) => Type.Integer({ minimum: 0, maximum: 2_147_483_647, description });

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});
export type LoginBody = Static<typeof LoginBody>;

export const LoginAnswer = Type.Object({
  success: Type.Literal(true), agentId: Type.String(), name: Type.String(), supervisor: Type.Boolean(),
});

export const Done = Type.Object({ success: Type.Literal(true) });

export const Reason = Type.Object({ listId: Id('Status code list id'), itemId: Id('Item id within the list') });

export const StatusBody = Type.Object({
  status: Type.Union(WORKSPACE_STATUSES.map((s) => Type.Literal(s)), { description: '`available` (from logged out: logs in), `on_break`, `working_offline`, `logged_out`' }),
  reason: Type.Optional(Type.Union([Reason, Type.Null()], { description: 'Required for `on_break` and `working_offline`: an item of the agent group\'s lists of that kind' })),
});
export type StatusBody = Static<typeof StatusBody>;

export const QueueParams = Type.Object({ queueId: Id('An inbound queue the agent is a member of'), action: Type.Union([Type.Literal('join'), Type.Literal('leave')]) });

export const CallParams = Type.Object({ guid: Type.String({ minLength: 1, maxLength: 256, description: 'The call\'s interactionGuid' }) });
export const CallActionParams = Type.Object({
  ...CallParams.properties,
  action: Type.Union(['answer', 'reject', 'hangup', 'end-post-processing'].map((a) => Type.Literal(a))),
});

export const PlaceBody = Type.Object({
  number: Type.String({ minLength: 1, maxLength: 32, description: 'What the agent typed: national (the dial plan applies) or international with `+`' }),
  queueId: Type.Optional(Type.Union([Id('An outbound queue'), Type.Null()])),
});
export type PlaceBody = Static<typeof PlaceBody>;

export const CodesBody = Type.Object({
  codes: Type.Array(Reason, { maxItems: 64, description: 'The whole set (replaces earlier codes); at most 6 distinct codes are accepted' }),
});
export type CodesBody = Static<typeof CodesBody>;

export const NotesBody = Type.Object({ notes: Type.String({ maxLength: MAX_NOTES_LENGTH }) });
export type NotesBody = Static<typeof NotesBody>;
