import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../api/http/server.ts';
import { openStore } from '../storage/open.ts';
import { VirtualClock, wallClock } from './clock.ts';
import type { Config } from './config.ts';
import { demoDocument } from './demo.ts';
import { Platform } from './platform.ts';
import { describeApplyResult } from './provisioning/apply.ts';
import { seededRandom } from '../domain/ports.ts';
import { cryptoRandom } from './random.ts';
import { newSecret, sha256Hex } from './security.ts';
import { readTenantFile } from './tenant-file.ts';

export interface Running {
  app: FastifyInstance;
  platform: Platform;
  url: string;
  /** Stops accepting requests, drains those in flight, closes the database. */
  close(): Promise<void>;
}

type Print = (line: string) => void;

export const VERSION = '0.1.0';

async function seed(platform: Platform, config: Config, print: Print): Promise<void> {
  if (config.seed === null) return;
  if (config.seed === 'demo') {
    const secret = config.demoSecret ?? newSecret();
    const results = await platform.apply(demoDocument(secret), { secretsOnCreateOnly: true });
    await platform.pbx.phoneLists.ensureDemoList(platform.tenants.requireTenant('acmecorp01').id);
    if (!results.some((r) => r.created)) {
      print('demo: already loaded (credentials were printed when it was first loaded)');
      return;
    }
    const shown = config.demoSecret ? '(the value of SWITCHBOARD_DEMO_SECRET)' : secret;
    print(`demo: loaded ${results.map((r) => r.name).join(', ')}; every demo credential (tokens, passwords) is: ${shown}`);
    return;
  }
  const results = await platform.apply(await readTenantFile(config.seed));
  for (const r of results) print(describeApplyResult(r));
}

/**
 * Opens storage, loads the platform and the seed, and serves HTTP.
 * @example const running = await startSwitchboard(parseConfig({}, process.env));
 */
export async function startSwitchboard(config: Config, print: Print = (line) => console.log(line)): Promise<Running> {
  const store = await openStore(config.db, { sqliteSynchronous: config.sqliteSynchronous });
  try {
    const clock = config.clock === 'virtual' ? await VirtualClock.open(store) : wallClock;
    const telephonyRandom = config.telephonySeed === null ? cryptoRandom : seededRandom(config.telephonySeed);
    // Failures no request waits for (a telephony request refused, a late commit) go to the server's log once it exists.
    let logError = (error: unknown, context: string): void => console.error(`${context}:`, error);
    const calls = { onError: (error: unknown, context: string) => logError(error, `call engine: ${context}`) };
    const random = config.randomSeed === null ? cryptoRandom : seededRandom(config.randomSeed);
    const delivery = { allow: config.outboundAllow, onError: (error: unknown, context: string) => logError(error, context) };
    const platform = await Platform.open({ store, clock, random, telephonyRandom, calls, delivery, ccs: { tokenTtlSeconds: config.ccsTokenTtl } });
    await seed(platform, config, print);
    const adminToken = config.adminToken ?? newSecret();
    if (!config.adminToken) print(`admin token (random for this run; set SWITCHBOARD_ADMIN_TOKEN to fix it): ${adminToken}`);
    const tls = config.tlsCert && config.tlsKey ? { cert: config.tlsCert, key: config.tlsKey } : null;
    const app = await buildHttpServer(platform, {
      logLevel: config.logLevel, bodyLimit: config.bodyLimit, trustedProxies: config.trustedProxies, tls, adminTokenHash: sha256Hex(adminToken), version: VERSION,
    });
    logError = (error, context) => app.log.error({ err: error }, context);
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
    print(`switchboard listening on ${url} (database: ${store.kind}, clock: ${config.clock})`);
    print(`API docs: ${url}/docs  (OpenAPI: ${url}/openapi.json)`);
    return { app, platform, url, close: async () => { await app.close(); await platform.close(); } };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}
