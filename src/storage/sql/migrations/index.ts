import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as timers from './0002-timers.ts';
import * as callConfig from './0003-call-config.ts';
import * as interactions from './0004-interactions.ts';
import * as telephonyRules from './0005-telephony-rules.ts';
import * as acd from './0006-acd.ts';
import * as delivery from './0007-delivery.ts';
import * as records from './0008-records.ts';

/**
 * Every schema version, in order. Migrations are code (not files found at run time), so
 * they ship with the package and run identically on SQLite and PostgreSQL.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-timers': timers,
  '0003-call-config': callConfig,
  '0004-interactions': interactions,
  '0005-telephony-rules': telephonyRules,
  '0006-acd': acd,
  '0007-delivery': delivery,
  '0008-records': records,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
