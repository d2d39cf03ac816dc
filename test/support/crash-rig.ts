import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { ChildServer } from './child-server.ts';
import { ADMIN_TOKEN } from './server.ts';
import type { Receiver } from './webhook-receiver.ts';

const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

/**
 * A database file for a crash test in its own temp directory. After the file's tests, the server and
 * receiver `held()` returns are killed and closed and the directory removed.
 * @example const db = crashDatabase('switchboard-crash-x-', () => ({ server, receiver }));
 */
export function crashDatabase(prefix: string, held: () => { server: ChildServer | null; receiver: Receiver | null }): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(async () => {
    const { server, receiver } = held();
    await server?.kill9();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return join(dir, 'store.sqlite');
}

/** An admin request to a child server; a non-2xx answer throws with its body. */
export async function adminCall(server: ChildServer | null, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  if (!server) throw new Error('no server is running');
  const res = await fetch(server.url + path, { method, headers: ADMIN, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
