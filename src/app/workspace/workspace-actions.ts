import { AgentStatus } from '../../domain/agent-status.ts';
import { inPostProcessing, isLive, stageOf, type Interaction } from '../../domain/calls/interaction.ts';
import { QueueType } from '../../domain/calls/queue.ts';
import type { CodeSelection } from '../../domain/calls/transaction-codes.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../domain/errors.ts';
import { setStatusAsAdmin } from '../admin-status.ts';
import type { Platform } from '../platform.ts';
import { requireTenantById } from './agent-view.ts';

/** The statuses an agent picks in the workspace, and the VCC status each one is. */
export const WorkspaceStatus = {
  Available: 'available',
  OnBreak: 'on_break',
  WorkingOffline: 'working_offline',
  LoggedOut: 'logged_out',
} as const;
export type WorkspaceStatus = (typeof WorkspaceStatus)[keyof typeof WorkspaceStatus];
export const WORKSPACE_STATUSES: readonly WorkspaceStatus[] = Object.values(WorkspaceStatus);

const VCC_STATUS: Readonly<Record<WorkspaceStatus, AgentStatus>> = {
  available: AgentStatus.WaitTransact,
  on_break: AgentStatus.OnBreak,
  working_offline: AgentStatus.WorkOffline,
  logged_out: AgentStatus.LoggedOut,
};

/** One code of the workspace's codes body. */
export interface ChosenCode {
  readonly listId: number;
  readonly itemId: number;
}

/**
 * What an agent does in the workspace (`/AGUI/`), always on its own agent: the same core
 * services the API families use, with `workspace` as the source of each change.
 * @example await actions.setStatus(tenant.id, agentId, 'on_break', { listId: 801, itemId: 1725 });
 */
export class WorkspaceActions {
  constructor(private readonly platform: Platform) {}

  /** Status change by the agent; going available from logged out is logging in (`NOTES.md` §3). */
  async setStatus(tenantId: string, agentId: string, status: WorkspaceStatus, reason: ChosenCode | null): Promise<void> {
    await setStatusAsAdmin(this.platform, tenantId, agentId, { status: VCC_STATUS[status], reason }, 'workspace');
  }

  /** Joins (or leaves) one inbound queue the agent holds a tier on. */
  async setJoined(tenantId: string, agentId: string, queueId: number, joined: boolean): Promise<void> {
    const queue = this.platform.directory.calls.of(tenantId).queues.get(queueId);
    if (queue === undefined) throw new NotFoundError('queue', String(queueId));
    if (queue.type !== QueueType.Inbound || !(queue.tiers ?? []).some((t) => t.agentId === agentId)) {
      throw new RuleViolationError(`Queue [${queueId}] is not one of your queues (an inbound queue you are a member of)`, 'queueId');
    }
    const before = this.platform.agentWriter.current(tenantId, agentId).state.routing?.joined ?? [];
    const after = joined ? [...new Set([...before, queueId])] : before.filter((id) => id !== queueId);
    await this.platform.acd.setJoinedQueues(tenantId, agentId, after);
  }

  /** Answers (or rejects) a queue call ringing the agent's device, from the page (simulated phones only). */
  async answer(tenantId: string, agentId: string, guid: string, accept: boolean): Promise<void> {
    const call = this.ownCall(tenantId, agentId, guid);
    const driver = this.platform.simulator();
    if (driver === null) throw new ConflictError('calls are answered on your phone: the telephony is not simulated');
    if (stageOf(call) !== 'agent_ringing') throw new ConflictError(`The call is not ringing your phone (it is ${stageOf(call).replace('_', ' ')})`);
    const done = accept ? driver.answer(call.agentLeg.id) : driver.reject(call.agentLeg.id);
    if (!done) throw new ConflictError('The call stopped ringing before it could be answered');
    await this.platform.committer.idle();
  }

  async hangUp(tenantId: string, agentId: string, guid: string): Promise<void> {
    const call = this.ownCall(tenantId, agentId, guid);
    if (!isLive(call)) throw new ConflictError('The call has already ended');
    await this.platform.calls.hangUpAgent(tenantId, guid, agentId);
  }

  /** Replaces the call's transaction codes (checked like the VCC route's: lists, items, choice, at most 6). */
  async setCodes(tenantId: string, agentId: string, guid: string, codes: readonly ChosenCode[]): Promise<void> {
    this.ownCall(tenantId, agentId, guid);
    const selections = new Map<number, { id: number }[]>();
    for (const code of codes) selections.set(code.listId, [...(selections.get(code.listId) ?? []), { id: code.itemId }]);
    const request: CodeSelection[] = [...selections].map(([id, items]) => ({ id, codes: items }));
    try {
      await this.platform.calls.setTransactionCodes(tenantId, guid, agentId, request, 'workspace');
    } catch (error) {
      throw error instanceof RuleViolationError && error.field?.startsWith('selections') ? new RuleViolationError(error.message, 'codes') : error;
    }
  }

  async setNotes(tenantId: string, agentId: string, guid: string, notes: string): Promise<void> {
    this.ownCall(tenantId, agentId, guid);
    await this.platform.calls.setNotes(tenantId, guid, agentId, notes);
  }

  /** Ends the agent's post-processing; a queue that requires codes needs one first (the page says so). */
  async endPostProcessing(tenantId: string, agentId: string, guid: string): Promise<void> {
    const call = this.ownCall(tenantId, agentId, guid);
    if (!inPostProcessing(call)) throw new ConflictError('The call is not in post-processing');
    if (call.codesRequired && call.transactionCodes.length === 0) {
      throw new RuleViolationError('This queue requires a transaction code: pick at least one before ending post-processing', 'codes');
    }
    await this.platform.calls.endCall(tenantId, guid, { endPostProcessing: true, by: 'workspace' });
  }

  /** Places a call the agent typed: the agent's phone rings first, then the number is dialled. */
  async place(tenantId: string, agentId: string, number: string, queueId: number | null): Promise<string> {
    const tenant = requireTenantById(this.platform, tenantId);
    const request = { agentId, prefix: '', number, callerId: '', queueId, dialPlanId: null, forceCall: false };
    const placed = await this.platform.calls.place(tenant, request);
    return placed.interactionGuid;
  }

  /** A live or wrapping-up call of this agent; another agent's call is not found (no hint it exists). */
  private ownCall(tenantId: string, agentId: string, guid: string): Interaction {
    const call = this.platform.calls.engine.registry.get(tenantId, guid);
    if (call === undefined || call.agentId !== agentId) throw new NotFoundError('call', guid);
    return call;
  }
}
