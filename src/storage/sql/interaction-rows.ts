import type { Selectable } from 'kysely';
import { InteractionStage, stageOf, type Interaction } from '../../domain/calls/interaction.ts';
import type { InteractionsTable } from './schema.ts';

/** Interaction row ↔ domain: the document plus the columns lookups need. */
export function interactionFromRow(row: Selectable<InteractionsTable>): Interaction {
  return { ...(JSON.parse(row.data) as Interaction), transactionNumber: Number(row.transaction_number) };
}

/** The columns of an interaction row; `withData: false` leaves out the document (the memory store writes it lazily). */
export function interactionColumns(interaction: Interaction, withData?: true): Omit<InteractionsTable, 'tenant_id' | 'guid' | 'transaction_number'>;
export function interactionColumns(interaction: Interaction, withData: false): Omit<InteractionsTable, 'tenant_id' | 'guid' | 'transaction_number' | 'data'>;
export function interactionColumns(interaction: Interaction, withData = true) {
  const columns = {
    agent_id: interaction.agentId,
    active: stageOf(interaction) === InteractionStage.Completed ? 0 : 1,
    created_at: interaction.createdAt,
  };
  return withData ? { ...columns, data: JSON.stringify(interaction) } : columns;
}
