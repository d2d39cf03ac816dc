import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { SchemaError } from './schema-check.ts';

/** Reads a tenant file: JSON, or YAML (`.yaml`/`.yml`). */
export async function readTenantFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SchemaError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new SchemaError(path, `is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
}
