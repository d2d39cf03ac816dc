import type { Platform } from '../platform.ts';
import { CALLBACK_KIND, callbackMapper, callbackWire } from './callbacks.ts';
import { ClickToDialCompletion } from './completion.ts';
import { LocalCrm } from './crm.ts';
import { ScreenPops } from './screen-pops.ts';
import { ClickToDialSettingsStore } from './settings.ts';

/**
 * Click-to-dial (`vcc-click-to-dial.txt`, `NOTES.md` §5): the tenants' integration settings, the
 * built-in CRM, the screen pops waiting for workspaces, and the completion of transactions (tokens,
 * actions, callbacks through the delivery service).
 * @example await platform.clickToDial.settings.update(tenant.id, { screenPop: { enabled: true } });
 */
export class ClickToDialServices {
  readonly settings: ClickToDialSettingsStore;
  readonly localCrm: LocalCrm;
  readonly screenPops: ScreenPops;
  readonly completion: ClickToDialCompletion;

  constructor(private readonly platform: Platform, onError: (error: unknown, context: string) => void) {
    this.settings = new ClickToDialSettingsStore(platform);
    this.localCrm = new LocalCrm(platform);
    this.screenPops = new ScreenPops(platform);
    this.completion = new ClickToDialCompletion(platform, this.settings, this.screenPops, onError);
    platform.delivery.mappers.register(CALLBACK_KIND, callbackMapper, callbackWire);
  }

  /** Loads the pending screen pops and starts completing (after the delivery service, which posts the callbacks). */
  async start(): Promise<void> {
    await this.screenPops.load();
    this.completion.start();
  }

  stop(): void {
    this.completion.stop();
  }
}
