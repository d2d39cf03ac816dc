import { randomBytes } from 'node:crypto';
import { actionResult, planAction, type ActionOutcome } from '../../domain/click-to-dial/action.ts';
import { appendNewRecordId, readRequestData, type ClickToDialRequestData } from '../../domain/click-to-dial/system-data.ts';
import { replaceTokens, replaceTokensInPairs, type TokenFacts } from '../../domain/click-to-dial/tokens.ts';
import { formatUserData, isSystemName } from '../../domain/click-to-dial/userdata.ts';
import { stageOf, type Interaction, type NameValue } from '../../domain/calls/interaction.ts';
import type { DomainEvent, LoggedEvent } from '../../domain/events.ts';
import { KeyedMutex } from '../keyed-mutex.ts';
import type { Platform } from '../platform.ts';
import { ensureCallbackDestination } from './callbacks.ts';
import { connectorFor } from './crm.ts';
import { SCREEN_POP_RECORD, type ScreenPop, type ScreenPops } from './screen-pops.ts';
import type { ClickToDialSettings, ClickToDialSettingsStore } from './settings.ts';

/** Marks a click-to-dial interaction whose completion was done (`{ resultCode }`), so it is done once. */
export const DONE_RECORD = 'ctd_done';
const cursorKey = (tenantId: string): string => `ctd.cursor.${tenantId}`;
const BATCH = 200;
/** Events passed over without a completion before the cursor is stored again. */
const CURSOR_STRIDE = 1000;

/** The events after which an interaction may have completed: its end, or its post-processing's end. */
const ENDINGS: ReadonlySet<DomainEvent['type']> = new Set(['interaction.ended', 'post_processing.ended']);

/**
 * Click-to-dial transactions complete here (`NOTES.md` §5): when a call placed by `make_call.php`
 * has ended and its post-processing is over, its `ctl_userdata` tokens are replaced, the action runs
 * (`create` through the tenant's CRM connector), a screen pop is left for the agent's workspace, and
 * `click_to_dial.completed` is logged — which the callback destination of the URL's origin posts.
 * It follows each tenant's event log from a stored cursor, like the delivery followers, so a
 * completion a restart interrupted is done after it (a create is keyed by the interaction: no
 * second record).
 * @example await platform.clickToDial.completion.caughtUp(tenant.id);
 */
export class ClickToDialCompletion {
  private readonly mutex = new KeyedMutex();
  /** How far each tenant's log was read, and how far that is stored. */
  private readonly cursors = new Map<string, number>();
  private readonly stored = new Map<string, number>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly platform: Platform,
    private readonly settings: ClickToDialSettingsStore,
    private readonly pops: ScreenPops,
    private readonly onError: (error: unknown, context: string) => void,
  ) {}

  start(): void {
    this.unsubscribe = this.platform.bus.subscribe((logged) => {
      if (ENDINGS.has(logged.event.type)) this.wake(logged.tenantId);
    });
    for (const tenant of this.platform.directory.tenants()) this.wake(tenant.id);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Completes everything the tenant's log holds so far (tests, and reads that must see it). */
  caughtUp(tenantId: string): Promise<void> {
    return this.mutex.run(tenantId, () => this.drain(tenantId));
  }

  private wake(tenantId: string): void {
    void this.caughtUp(tenantId).catch((error: unknown) => this.onError(error, 'click-to-dial completion'));
  }

  private async drain(tenantId: string): Promise<void> {
    const { store } = this.platform;
    // From the start of the log the first time (a tenant created since, or a database from before click-to-dial): one pass.
    const stored = this.stored.get(tenantId) ?? Number((await store.getSetting(cursorKey(tenantId))) ?? 0);
    let cursor = this.cursors.get(tenantId) ?? stored;
    let saved = stored;
    for (;;) {
      const events = await store.readEvents(tenantId, cursor, BATCH);
      const last = events.at(-1);
      if (last === undefined) break;
      let completed = false;
      for (const logged of events) if (ENDINGS.has(logged.event.type)) completed = (await this.consider(logged)) || completed;
      cursor = last.seq;
      this.cursors.set(tenantId, cursor);
      // Stored after a completion, else now and then: every call's end must not cost a write, and a restart
      // that reads a stretch again finds those calls done (or not click-to-dial) and moves on.
      if (completed || cursor - saved >= CURSOR_STRIDE) {
        await store.transaction((tx) => tx.setSetting(cursorKey(tenantId), String(cursor)));
        saved = cursor;
      }
    }
    this.stored.set(tenantId, saved);
  }

  /** Completes the event's interaction when it is a click-to-dial transaction just completed; says whether it did. */
  private async consider(logged: LoggedEvent): Promise<boolean> {
    const guid = (logged.event as { interactionGuid?: string }).interactionGuid;
    if (guid === undefined) return false;
    const { store } = this.platform;
    const interaction = await store.getInteraction(logged.tenantId, guid);
    if (interaction === undefined || interaction.ctlUserData.length === 0 || stageOf(interaction) !== 'completed') return false;
    if (await store.getRecord(logged.tenantId, DONE_RECORD, guid)) return false;
    await this.complete(interaction);
    return true;
  }

  private async complete(interaction: Interaction): Promise<void> {
    const { tenantId } = interaction;
    const settings = await this.settings.of(tenantId);
    const data = readRequestData(interaction.ctlUserData);
    const facts = this.factsOf(interaction);
    let pairs = replaceTokensInPairs(data.pairs, facts);
    const { outcome, recordId } = await this.runAction(interaction, data, pairs, settings);
    if (recordId !== null) pairs = appendNewRecordId(pairs, recordId);
    const ctlUserData = formatUserData(pairs);
    const callbackUrl = await this.callbackUrl(interaction, data, facts, settings);
    const pop = this.screenPop(interaction, data, ctlUserData, settings);
    const event: DomainEvent = {
      type: 'click_to_dial.completed', interactionGuid: interaction.guid, agentId: interaction.agentId, resultCode: outcome.resultCode,
      errorString: outcome.errorString, ctlUserData, callbackUrl, newRecordId: recordId, screenPopId: pop?.id ?? null,
    };
    await this.platform.committer.submit(tenantId, {
      events: [event],
      write: async (tx) => {
        await tx.putRecord(tenantId, DONE_RECORD, interaction.guid, { resultCode: outcome.resultCode, at: Date.now() });
        if (pop) await tx.putRecord(tenantId, SCREEN_POP_RECORD, pop.id, pop);
      },
      apply: () => void (pop && this.pops.remember(tenantId, pop)),
    });
  }

  /** `create` + `sfdc` through the CRM connector with the user data (tokens replaced); anything else is IGNORE. */
  private async runAction(interaction: Interaction, data: ClickToDialRequestData, pairs: readonly NameValue[], settings: ClickToDialSettings): Promise<{ outcome: ActionOutcome; recordId: string | null }> {
    const plan = planAction(data);
    if (!plan.run) return { outcome: plan.outcome, recordId: null };
    try {
      const fields = pairs.filter((p) => !isSystemName(p.name));
      const { id } = await connectorFor(this.platform, settings).create({ tenantId: interaction.tenantId, interactionGuid: interaction.guid, agentId: interaction.agentId, fields });
      return { outcome: actionResult(null), recordId: id };
    } catch (error) {
      return { outcome: actionResult(error instanceof Error ? error.message : String(error)), recordId: null };
    }
  }

  /** The callback URL with its tokens replaced (URL-encoded), when the tenant sends callbacks (screen pop and auto logs on). */
  private async callbackUrl(interaction: Interaction, data: ClickToDialRequestData, facts: TokenFacts, settings: ClickToDialSettings): Promise<string | null> {
    if (data.callbackUrl === null || !settings.screenPop.enabled || !settings.autoLogsPhone) return null;
    const url = replaceTokens(data.callbackUrl, facts, { encode: encodeURIComponent });
    try {
      await ensureCallbackDestination(this.platform, interaction.tenantId, url, settings.callbackSecret);
      return url;
    } catch (error) {
      // An address the outbound policy refuses (or a URL a token broke): no callback, said in the log.
      this.onError(error, `click-to-dial callback to ${url}`);
      return null;
    }
  }

  private screenPop(interaction: Interaction, data: ClickToDialRequestData, ctlUserData: string, settings: ClickToDialSettings): ScreenPop | null {
    const { screenPop } = settings;
    if (!data.launch || !screenPop.enabled || screenPop.url === null) return null;
    const id = `pop_${randomBytes(12).toString('base64url')}`;
    return {
      id, agentId: interaction.agentId, interactionGuid: interaction.guid, url: screenPop.url, target: data.recordName ?? `screenpop_${interaction.transactionNumber ?? id}`,
      fields: { CtlUserData: ctlUserData, AgentID: interaction.agentId, Account: screenPop.account, Role: screenPop.role, Command: 'launch', cmd: 'launch' },
      createdAt: Date.now(), openedAt: null,
    };
  }

  private factsOf(interaction: Interaction): TokenFacts {
    const config = this.platform.directory.calls.of(interaction.tenantId);
    const codes = interaction.transactionCodes.map((code) => {
      const list = config.lists.find((l) => l.id === code.listId);
      const item = list?.items.find((i) => i.id === code.itemId);
      // Switchboard's codes have an id and a label: the id is the short code, the label its description.
      return { listName: list?.name ?? String(code.listId), shortCode: String(code.itemId), description: item?.label ?? '' };
    });
    return {
      callerId: interaction.callerId, transactionNumber: interaction.transactionNumber,
      answeredAt: interaction.bridgedAt, hungUpAt: interaction.bridgedAt === null ? null : interaction.endedAt,
      now: this.platform.clock.now(), timezone: this.platform.directory.tenantById(interaction.tenantId)?.timezone ?? 'UTC',
      interactionGuid: interaction.guid, codes, notes: interaction.notes ?? '',
    };
  }
}
