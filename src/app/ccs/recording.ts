import type { LoggedEvent } from '../../domain/events.ts';
import { commitChange } from '../core.ts';
import type { Platform } from '../platform.ts';

/**
 * Call recording by the agent's extension (`NOTES.md` §8): when a call of an agent whose
 * extension's `recordingType` is Mandatory is bridged (a queue call connected, a placed call
 * answered), recording of the customer's leg starts and `call.recording_changed` is logged, so
 * the CCS call record shows it and suppression (`startSuppression`) can pause it. None and
 * On Demand record nothing by themselves.
 * @example new CcsRecording().start(platform);
 */
export class CcsRecording {
  private unsubscribe: (() => void) | null = null;

  start(platform: Platform): void {
    this.unsubscribe = platform.bus.subscribe((logged) => {
      if (logged.event.type !== 'interaction.bridged') return;
      void this.bridged(platform, logged).catch(() => undefined); // the call ended meanwhile: nothing to record
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private async bridged(platform: Platform, logged: LoggedEvent): Promise<void> {
    if (logged.event.type !== 'interaction.bridged') return;
    const { interactionGuid } = logged.event;
    const call = platform.calls.engine.registry.get(logged.tenantId, interactionGuid);
    if (call === undefined || call.endedAt !== null) return;
    if (platform.ccs.extensions.of(logged.tenantId, call.agentId)?.recordingType !== 'Mandatory') return;
    await platform.telephony.recording(call.customerLeg.id, 'start');
    await commitChange(platform, logged.tenantId, [{ type: 'call.recording_changed', interactionGuid, recording: true }], async () => undefined);
  }
}
