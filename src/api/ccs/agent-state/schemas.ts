import { Type, type Static } from '@sinclair/typebox';
import { ListOf, Success } from '../envelope.ts';
export { TenantParams, ExtensionParams, OwnExtensionParams } from '../params.ts';

/** Schemas of the CCS agent-state routes (`ccs-api-overview.txt` 4.7, 4.15–4.18, 4.28). */

export const PresenceOptionItem = Type.Object({
  uuid: Type.String(),
  type: Type.Union([Type.Literal('away'), Type.Literal('sign_out')]),
  name: Type.String({ description: 'what `updateAgentState` takes as `name`' }),
});
export const PresenceOptionList = ListOf(PresenceOptionItem);

const Duration = Type.String({ description: '"H:MM:SS", hours unbounded (e.g. "117:11:18")' });

export const AgentStateBody = Success({
  queue_state: Type.Object({
    state: Type.Union([Type.Literal('None'), Type.Literal('Offered'), Type.Literal('Connected'), Type.Literal('Wrap Up')]),
    queue: Type.String({ description: 'the ACD\'s name; "" with None' }),
    duration: Type.String({ description: '"H:MM:SS" in this state; "0" with None (as documented)' }),
  }),
  phone_state: Type.Object({ state: Type.Union([Type.Literal('Idle'), Type.Literal('Ringing'), Type.Literal('Busy')]), duration: Duration }),
  consecutive_missed: Type.Integer({ minimum: 0, description: 'queue offers missed in a row (an answer resets it)' }),
  agent_state: Type.Object({
    state: Type.Object({ type: Type.Union([Type.Literal('ready'), Type.Literal('away'), Type.Literal('sign_out')]), name: Type.String() }),
    duration: Duration,
  }),
});

/** `updateAgentState` (4.16–4.18); `dial` (4.28) shares the telco path and is checked by its own handler. */
export const ExtensionRequest = Type.Object({
  request: Type.String({ minLength: 1, maxLength: 64, description: '"updateAgentState", or "dial" (4.28, tenant-level users)' }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'updateAgentState: "Ready" or a presence option\'s name' })),
});
export type ExtensionRequest = Static<typeof ExtensionRequest>;

export const UpdateAgentStateBody = Type.Object({
  request: Type.Literal('updateAgentState'),
  name: Type.String({ minLength: 1, maxLength: 128, description: '"Ready" (any case) or the name of a presence option the agent may use' }),
});
export type UpdateAgentStateBody = Static<typeof UpdateAgentStateBody>;

export const Done = Success({});
export const DoneOrDialled = Type.Object({
  success: Type.Literal(true),
  call_id: Type.Optional(Type.String({ description: 'dial only: the new call\'s id (`GET /calls/<call_id>`)' })),
});
