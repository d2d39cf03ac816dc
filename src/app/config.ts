import { parseCidr } from './delivery/address-policy.ts';

/**
 * The server's settings, parsed once from flags and environment, validated, and frozen.
 * A bad setting stops start-up with a message that names it.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** An SQLite file path or a `postgres://` URL. */
  readonly db: string;
  /** `demo`, a tenant file path, or null for none. */
  readonly seed: string | null;
  readonly clock: 'wall' | 'virtual';
  readonly adminToken: string | null;
  readonly demoSecret: string | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly sqliteSynchronous: 'NORMAL' | 'FULL';
  readonly tlsCert: string | null;
  readonly tlsKey: string | null;
  /** Proxies whose `X-Forwarded-*` headers are believed (addresses or CIDR ranges). */
  readonly trustedProxies: readonly string[];
  /** Largest accepted request body, bytes. */
  readonly bodyLimit: number;
  /** Seed of the simulated telephony's randomness (same seed and inputs → same calls); null: random. */
  readonly telephonySeed: number | null;
  /**
   * Seed of the core's own randomness (ids of calls, legs and callers, random routing); null:
   * cryptographic. For simulations and reproducible runs only: seeded ids are predictable.
   */
  readonly randomSeed: number | null;
  /**
   * Non-public addresses outbound requests (webhooks, callbacks) may reach: CIDR ranges or single
   * addresses. Empty: public addresses only (`NOTES.md` §6).
   */
  readonly outboundAllow: readonly string[];
  /** Lifetime (seconds) of a CCS bearer token from `POST /6/v2/api/login`. */
  readonly ccsTokenTtl: number;
}

export const DEFAULTS: Config = {
  host: '127.0.0.1',
  port: 8080,
  db: 'switchboard.sqlite',
  seed: null,
  clock: 'wall',
  adminToken: null,
  demoSecret: null,
  logLevel: 'info',
  sqliteSynchronous: 'NORMAL',
  tlsCert: null,
  tlsKey: null,
  trustedProxies: [],
  bodyLimit: 1024 * 1024,
  telephonySeed: null,
  randomSeed: null,
  outboundAllow: [],
  ccsTokenTtl: 3600,
};

/** A setting that can't be used; `setting` names the flag or variable. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

/** Flag name → environment variable, for messages and the README. */
export const ENV_NAMES = {
  host: 'SWITCHBOARD_HOST',
  port: 'SWITCHBOARD_PORT',
  db: 'SWITCHBOARD_DB',
  seed: 'SWITCHBOARD_SEED',
  clock: 'SWITCHBOARD_CLOCK',
  adminToken: 'SWITCHBOARD_ADMIN_TOKEN',
  demoSecret: 'SWITCHBOARD_DEMO_SECRET',
  logLevel: 'SWITCHBOARD_LOG_LEVEL',
  sqliteSynchronous: 'SWITCHBOARD_SQLITE_SYNCHRONOUS',
  tlsCert: 'SWITCHBOARD_TLS_CERT',
  tlsKey: 'SWITCHBOARD_TLS_KEY',
  trustedProxies: 'SWITCHBOARD_TRUSTED_PROXIES',
  bodyLimit: 'SWITCHBOARD_BODY_LIMIT',
  telephonySeed: 'SWITCHBOARD_TELEPHONY_SEED',
  randomSeed: 'SWITCHBOARD_RANDOM_SEED',
  outboundAllow: 'SWITCHBOARD_OUTBOUND_ALLOW',
  ccsTokenTtl: 'SWITCHBOARD_CCS_TOKEN_TTL',
} as const satisfies Record<keyof Config, string>;

type RawSettings = Partial<Record<keyof Config, string | undefined>>;

function oneOf<T extends string>(setting: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) throw new ConfigError(setting, `'${value}' is not one of ${allowed.join(', ')}`);
  return found;
}

function integer(setting: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(setting, `'${value}' is not a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/**
 * Builds the config: flags win over environment variables, which win over defaults.
 * @example parseConfig({ port: '9000' }, process.env)
 */
export function parseConfig(flags: RawSettings, env: Record<string, string | undefined>): Config {
  const raw: RawSettings = {};
  for (const key of Object.keys(ENV_NAMES) as (keyof Config)[]) {
    const value = flags[key] ?? env[ENV_NAMES[key]];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const name = (key: keyof Config): string => (flags[key] !== undefined ? `--${kebab(key)}` : ENV_NAMES[key]);
  const config: Config = {
    ...DEFAULTS,
    ...(raw.host !== undefined && { host: raw.host }),
    ...(raw.port !== undefined && { port: integer(name('port'), raw.port, 0, 65535) }),
    ...(raw.db !== undefined && { db: raw.db }),
    ...(raw.seed !== undefined && { seed: raw.seed === 'none' ? null : raw.seed }),
    ...(raw.clock !== undefined && { clock: oneOf(name('clock'), raw.clock, ['wall', 'virtual'] as const) }),
    ...(raw.adminToken !== undefined && { adminToken: secret(name('adminToken'), raw.adminToken) }),
    ...(raw.demoSecret !== undefined && { demoSecret: secret(name('demoSecret'), raw.demoSecret) }),
    ...(raw.logLevel !== undefined && {
      logLevel: oneOf(name('logLevel'), raw.logLevel, ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    }),
    ...(raw.sqliteSynchronous !== undefined && {
      sqliteSynchronous: oneOf(name('sqliteSynchronous'), raw.sqliteSynchronous, ['NORMAL', 'FULL'] as const),
    }),
    ...(raw.tlsCert !== undefined && { tlsCert: raw.tlsCert }),
    ...(raw.tlsKey !== undefined && { tlsKey: raw.tlsKey }),
    ...(raw.trustedProxies !== undefined && { trustedProxies: raw.trustedProxies.split(',').map((s) => s.trim()).filter(Boolean) }),
    ...(raw.bodyLimit !== undefined && { bodyLimit: integer(name('bodyLimit'), raw.bodyLimit, 1024, 64 * 1024 * 1024) }),
    ...(raw.telephonySeed !== undefined && { telephonySeed: integer(name('telephonySeed'), raw.telephonySeed, 0, 2 ** 31 - 1) }),
    ...(raw.randomSeed !== undefined && { randomSeed: integer(name('randomSeed'), raw.randomSeed, 0, 2 ** 31 - 1) }),
    ...(raw.outboundAllow !== undefined && { outboundAllow: cidrList(name('outboundAllow'), raw.outboundAllow) }),
    ...(raw.ccsTokenTtl !== undefined && { ccsTokenTtl: integer(name('ccsTokenTtl'), raw.ccsTokenTtl, 1, 30 * 24 * 3600) }),
  };
  if ((config.tlsCert === null) !== (config.tlsKey === null)) {
    throw new ConfigError(config.tlsCert === null ? name('tlsCert') : name('tlsKey'), 'TLS needs both a certificate and a key');
  }
  if (/^postgres(ql)?:/.test(config.db) && !/^postgres(ql)?:\/\/[^\s]+$/.test(config.db)) {
    throw new ConfigError(name('db'), 'not a valid postgres:// URL');
  }
  return Object.freeze(config);
}

function cidrList(setting: string, value: string): string[] {
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    try {
      parseCidr(entry);
    } catch (error) {
      throw new ConfigError(setting, (error as Error).message);
    }
  }
  return entries;
}

function secret(setting: string, value: string): string {
  if (value.length < 8) throw new ConfigError(setting, 'must be at least 8 characters');
  return value;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
