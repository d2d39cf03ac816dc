import type { ChangeSource } from '../../domain/events.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { InteractionStateError } from '../../domain/calls/errors.ts';
import { newAgentLegId, newCustomerLegId, newInteractionGuid } from '../../domain/calls/ids.ts';
import { inPostProcessing, isLive, placeCall, type Interaction } from '../../domain/calls/interaction.ts';
import { chooseLine, type LineNumber } from '../../domain/calls/lines.ts';
import { endPostProcessing, setNotes, setTransactionCodes } from '../../domain/calls/post-processing.ts';
import { checkTransactionCodes, type CodeSelection } from '../../domain/calls/transaction-codes.ts';
import type { TenantRecord } from '../../ports/storage.ts';
import type { AgentWriter } from '../agent-writer.ts';
import type { Core } from '../core.ts';
import type { CallEngine } from './call-engine.ts';
import { resolvePlacement, type PlaceCallRequest } from './placement.ts';

export type { PlaceCallRequest } from './placement.ts';

export interface PlacedCall {
  readonly interactionGuid: string;
  readonly agentLegId: string;
  readonly line: LineNumber;
  readonly transactionNumber: number;
}

/** One agent leg a free-lines request hung up. */
export interface FreedLeg {
  readonly interactionGuid: string;
  readonly agentLegId: string;
  readonly line: LineNumber;
}

/**
 * The call actions every API family offers (VCC phone calls first): place a call for an agent,
 * set transaction codes, end a call and its post-processing, hang up an agent's leg, free lines.
 * Each resolves once its change is durable; what follows (rings, answers) arrives from the
 * telephony through the engine.
 * @example const placed = await calls.place(tenant, { agentId, prefix: '1', number: '6175551984', callerId: '', queueId: null, dialPlanId: null, forceCall: false });
 */
export class CallService {
  constructor(
    private readonly core: Core,
    private readonly writer: AgentWriter,
    readonly engine: CallEngine,
  ) {}

  async place(tenant: TenantRecord, request: PlaceCallRequest): Promise<PlacedCall> {
    const agent = this.writer.current(tenant.id, request.agentId);
    const placement = resolvePlacement(this.core.directory.calls.of(tenant.id), request);
    const { lines } = this.engine.registry.agentView(tenant.id, agent.agentId);
    const line = chooseLine(agent.agentId, agent.state, lines, request.forceCall);
    const { random, clock } = this.core;
    const guid = newInteractionGuid(random, clock.now(), tenant.name);
    const agentLegId = newAgentLegId(random, tenant.name, agent.agentId);
    const input = {
      guid, agentLegId, customerLegId: newCustomerLegId(random), tenantId: tenant.id, agent,
      queue: placement.queue, line, destination: placement.destination, callerId: placement.callerId, wrapUpSeconds: placement.wrapUpSeconds,
      ...(request.extTransactionData && { extTransactionData: request.extTransactionData }),
      ...(request.ctlUserData && { ctlUserData: request.ctlUserData }),
    };
    const transactionNumber = await this.engine.create({ tenantId: tenant.id, agentId: agent.agentId, guid, line }, (ctx) => placeCall(input, ctx));
    return { interactionGuid: guid, agentLegId, line, transactionNumber };
  }

  /** A live interaction (registry) or a finished one (store). */
  async find(tenantId: string, guid: string): Promise<Interaction | undefined> {
    return this.engine.registry.get(tenantId, guid) ?? (await this.core.store.getInteraction(tenantId, guid));
  }

  /** Records the agent's transaction codes (`NOTES.md` §4); allowed during the call and its post-processing. */
  async setTransactionCodes(tenantId: string, guid: string, agentId: string, selections: readonly CodeSelection[], by: ChangeSource): Promise<void> {
    const interaction = await this.ofAgent(tenantId, guid, agentId);
    const config = this.core.directory.calls.of(tenantId);
    const queue = interaction.queueId === null ? null : config.queues.get(interaction.queueId) ?? null;
    const codes = checkTransactionCodes(queue, config.lists, selections);
    await this.engine.transition(interaction, (current, ctx) => setTransactionCodes(current, codes, ctx, by));
  }

  /** Keeps the agent's notes with the call (the workspace); allowed during the call and its post-processing. */
  async setNotes(tenantId: string, guid: string, agentId: string, notes: string): Promise<void> {
    const interaction = await this.ofAgent(tenantId, guid, agentId);
    await this.engine.transition(interaction, (current, ctx) => setNotes(current, notes, ctx));
  }

  /**
   * Ends the call; with `endPostProcessing` also its post-processing, even without required codes.
   * @throws InteractionStateError when there is nothing left to end
   */
  async endCall(tenantId: string, guid: string, options: { readonly endPostProcessing: boolean; readonly by: ChangeSource }): Promise<void> {
    const interaction = await this.require(tenantId, guid);
    if (!isLive(interaction) && !(options.endPostProcessing && inPostProcessing(interaction))) {
      const detail = inPostProcessing(interaction) ? '; its post processing is running (endPostProcessing=true ends it)' : '';
      throw new InteractionStateError(`Interaction [${guid}] has already ended${detail}`, 'interactionId');
    }
    const ended = isLive(interaction) ? this.engine.signal(interaction, { kind: 'end', by: 'system' }) : Promise.resolve();
    // Decided right after the end (the registry already holds the ended call), committed in order. A call
    // without a wrap-up (direct, or an offer never answered) is complete by now and has left the registry.
    const current = this.engine.registry.get(tenantId, guid);
    if (!options.endPostProcessing || current === undefined || !inPostProcessing(current)) return ended;
    const wrapped = this.engine.transition(current, (latest, ctx) => endPostProcessing(latest, ctx, { by: options.by, force: true }));
    await Promise.all([ended, wrapped]);
  }

  /** Hangs up the agent's leg of a call (a two-party call then ends). Returns the leg's id. */
  async hangUpAgent(tenantId: string, guid: string, agentId: string): Promise<string> {
    const interaction = await this.ofAgent(tenantId, guid, agentId);
    if (!isLive(interaction)) throw new InteractionStateError(`Interaction [${guid}] has already ended`, 'interactionId');
    await this.engine.signal(interaction, { kind: 'hangup', leg: 'agent', by: 'agent' });
    return interaction.agentLeg.id;
  }

  /** Hangs up the agent's calls on both lines, or on one; returns the legs hung up (none: the lines were free). */
  async freeLines(tenantId: string, agentId: string, line: LineNumber | null): Promise<FreedLeg[]> {
    this.writer.current(tenantId, agentId); // an unknown agent is a 404, not "nothing to free"
    const live = this.engine.registry.ofAgent(tenantId, agentId).filter((i) => isLive(i) && (line === null || i.line === line));
    await Promise.all(live.map((i) => this.engine.signal(i, { kind: 'hangup', leg: 'agent', by: 'agent' })));
    return live.map((i) => ({ interactionGuid: i.guid, agentLegId: i.agentLeg.id, line: i.line }));
  }

  private async require(tenantId: string, guid: string): Promise<Interaction> {
    const interaction = await this.find(tenantId, guid);
    if (interaction === undefined) throw new NotFoundError('interaction', guid);
    return interaction;
  }

  private async ofAgent(tenantId: string, guid: string, agentId: string): Promise<Interaction> {
    this.writer.current(tenantId, agentId);
    const interaction = await this.require(tenantId, guid);
    if (interaction.agentId !== agentId) throw new NotFoundError(`leg of agent [${agentId}] in interaction`, guid);
    return interaction;
  }
}
