import { InteractionStage, inPostProcessing, isLive, stageOf, type Interaction } from '../../domain/calls/interaction.ts';
import { FREE_LINES, type AgentLines, type LineUse } from '../../domain/calls/lines.ts';

const keyOf = (tenantId: string, id: string): string => `${tenantId}\u0000${id}`;

/**
 * The live calls: every interaction whose call is up or whose post-processing runs, in its
 * newest decided state, indexed by guid, by leg id (telephony events name legs) and by agent.
 * A completed interaction leaves the registry; the store keeps it.
 * @example registry.put(interaction); registry.byLeg(event.legId)?.guid;
 */
export class CallRegistry {
  private readonly byGuid = new Map<string, Interaction>();
  private readonly legs = new Map<string, string>();
  private readonly agents = new Map<string, Set<string>>();

  get(tenantId: string, guid: string): Interaction | undefined {
    return this.byGuid.get(keyOf(tenantId, guid));
  }

  byLeg(legId: string): Interaction | undefined {
    const key = this.legs.get(legId);
    return key === undefined ? undefined : this.byGuid.get(key);
  }

  /** The agent's interactions in the registry, oldest first. */
  ofAgent(tenantId: string, agentId: string): Interaction[] {
    const keys = this.agents.get(keyOf(tenantId, agentId));
    if (keys === undefined) return [];
    return [...keys].flatMap((key) => this.byGuid.get(key) ?? []).sort((a, b) => a.createdAt - b.createdAt);
  }

  all(): Interaction[] {
    return [...this.byGuid.values()];
  }

  get size(): number {
    return this.byGuid.size;
  }

  /** Records the newest state; a completed interaction is removed. */
  put(interaction: Interaction): void {
    if (stageOf(interaction) === InteractionStage.Completed) return this.remove(interaction);
    const key = keyOf(interaction.tenantId, interaction.guid);
    this.byGuid.set(key, interaction);
    this.legs.set(interaction.agentLeg.id, key);
    // A queue caller's leg belongs to its queue caller (the ACD routes its events): ring-all offers share it.
    if (ownsCustomerLeg(interaction)) this.legs.set(interaction.customerLeg.id, key);
    const agentKey = keyOf(interaction.tenantId, interaction.agentId);
    const set = this.agents.get(agentKey) ?? new Set<string>();
    set.add(key);
    this.agents.set(agentKey, set);
  }

  remove(interaction: Interaction): void {
    const key = keyOf(interaction.tenantId, interaction.guid);
    this.byGuid.delete(key);
    this.legs.delete(interaction.agentLeg.id);
    if (ownsCustomerLeg(interaction)) this.legs.delete(interaction.customerLeg.id);
    const agentKey = keyOf(interaction.tenantId, interaction.agentId);
    const set = this.agents.get(agentKey);
    set?.delete(key);
    if (set?.size === 0) this.agents.delete(agentKey);
  }

  /**
   * What the agent's lines carry and whether a wrap-up runs, leaving out `except` (the
   * interaction being decided on).
   */
  agentView(tenantId: string, agentId: string, except: string | null = null): { lines: AgentLines; postProcessing: boolean } {
    const lines: Record<1 | 2, LineUse | null> = { ...FREE_LINES };
    let postProcessing = false;
    for (const interaction of this.ofAgent(tenantId, agentId)) {
      if (interaction.guid === except) continue;
      if (isLive(interaction)) lines[interaction.line] = { queued: interaction.queueId !== null, agentAnswered: interaction.agentLeg.answeredAt !== null };
      if (inPostProcessing(interaction)) postProcessing = true;
    }
    return { lines, postProcessing };
  }
}

/** Placed calls and direct inbound calls (a caller transferred to an extension) own their customer leg; queue offers don't. */
function ownsCustomerLeg(interaction: Interaction): boolean {
  return interaction.direction === 'outbound' || interaction.queueCallerId === undefined;
}
