import { ConfigError } from '../app/config.ts';
import { SchemaError } from '../app/schema-check.ts';
import { DomainError } from '../domain/errors.ts';

/** Ends the command: a known problem prints its message (exit 2), anything else its stack (exit 1). */
export function fail(error: unknown): never {
  const known = error instanceof ConfigError || error instanceof SchemaError || error instanceof DomainError;
  console.error(`switchboard: ${known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(known ? 2 : 1);
}
