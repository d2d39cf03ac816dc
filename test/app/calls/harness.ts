import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/app/clock.ts';
import { demoDocument } from '../../../src/app/demo.ts';
import { Platform, type PlatformOptions } from '../../../src/app/platform.ts';
import { seededRandom } from '../../../src/domain/ports.ts';
import { openSqliteStore } from '../../../src/storage/sqlite.ts';
import { ScriptedDriver } from '../../../src/telephony/scripted/scripted-driver.ts';
import type { TenantRecord } from '../../../src/ports/storage.ts';

export const SUPER = 'supertenantcsm01';
export const ILYA = 'ag0VYyLh0YTsymdbtYIaaaa';

export interface Harness {
  platform: Platform;
  clock: VirtualClock;
  tenant: TenantRecord;
  dbPath: string;
  /** Reopens the same database (a restart), closing the current platform first unless `crashed`. */
  restart(options?: { crashed?: boolean }): Promise<Harness>;
  close(): Promise<void>;
}

type Driver = 'simulated' | 'scripted';

/**
 * A platform on a virtual clock over a fresh SQLite file with the demo loaded: the simulated
 * telephony (seeded) by default, or a ScriptedDriver the test drives by hand.
 */
export async function openHarness(options: { driver?: Driver; scripted?: ScriptedDriver; dir?: string; seed?: number } = {}): Promise<Harness & { scripted: ScriptedDriver | null }> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'calls-'));
  const dbPath = join(dir, 'calls.sqlite');
  const scripted = options.driver === 'scripted' ? options.scripted ?? new ScriptedDriver() : null;
  const store = await openSqliteStore(dbPath);
  const clock = await VirtualClock.open(store);
  const platformOptions: PlatformOptions = { store, clock, random: seededRandom(options.seed ?? 42), ...(scripted && { telephony: () => scripted }) };
  const platform = await Platform.open(platformOptions);
  await platform.apply(demoDocument('harness-secret'), { secretsOnCreateOnly: true });
  const tenant = platform.directory.tenantByName(SUPER) as TenantRecord;
  const harness = {
    platform, clock, tenant, dbPath, scripted,
    restart: async (restartOptions: { crashed?: boolean } = {}) => {
      if (!restartOptions.crashed) await platform.close();
      return openHarness({ ...options, dir, ...(scripted && { scripted: new ScriptedDriver() }) });
    },
    close: async () => {
      await platform.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
