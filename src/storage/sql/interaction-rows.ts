import type { Selectable } from 'kysely';
import { InteractionStage, stageOf, type Interaction } from '../../domain/calls/interaction.ts';
import type { InteractionsTable } from './schema.ts';

/** Interaction row ↔ domain: the document plus the columns lookups need. */
export function interactionFromRow(row: Selectable<InteractionsTable>): Interaction {
  return { ...(JSON.parse(row.data) as Interaction), transactionNumber: Number(row.transaction_number) };
}

export function interactionColumns(interaction: Interaction) {
  return {
    agent_id: interaction.agentId,
    active: stageOf(interaction) === InteractionStage.Completed ? 0 : 1,
    created_at: interaction.createdAt,
    data: JSON.stringify(interaction),
  };
}
