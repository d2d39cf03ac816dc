#!/usr/bin/env node
/**
 * Builds the agent workspace and the supervisor page (web/agui → dist/agui) with Vite, but only
 * when stale: when dist/agui/.stamp is missing or older than any file under web/agui/ or the view
 * types the pages share with the server (src/app/workspace/view.ts). Prints one line either way.
 * Works from any directory (`npm start` runs it through `prestart`, `npm install` through `prepare`).
 *
 *   node scripts/build-web.mjs          build if stale
 *   node scripts/build-web.mjs --force  build anyway
 */
import { readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const repo = fileURLToPath(new URL('..', import.meta.url));
const pagesDir = join(repo, 'web', 'agui');
const viewTypes = join(repo, 'src', 'app', 'workspace', 'view.ts');
const outDir = join(repo, 'dist', 'agui');
const stampPath = join(outDir, '.stamp');

/** The newest modification time (ms) of the files under `dir`, recursively. */
async function newestUnder(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestUnder(path));
    else if (entry.isFile()) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}

/** The stamp's time, or null when there is none (never built, or the last build failed). */
async function stampTime() {
  try {
    return (await stat(stampPath)).mtimeMs;
  } catch {
    return null;
  }
}

async function isStale() {
  const stamp = await stampTime();
  if (stamp === null) return true;
  const newest = Math.max(await newestUnder(pagesDir), (await stat(viewTypes)).mtimeMs);
  return newest > stamp;
}

async function main() {
  if (!process.argv.includes('--force') && !(await isStale())) {
    console.log('web: dist/agui up to date');
    return;
  }
  const started = Date.now();
  const { build } = await import('vite');
  // 'warn': Vite's per-file listing would drown the one line; warnings and errors still show.
  await build({ configFile: join(pagesDir, 'vite.config.ts'), logLevel: 'warn' });
  await writeFile(stampPath, `built ${new Date(started).toISOString()}\n`);
  // Dated to the build's start, so a file saved during the build makes the next run build again.
  const startedAt = new Date(started);
  await utimes(stampPath, startedAt, startedAt);
  console.log(`web: built dist/agui in ${Date.now() - started} ms`);
}

main().catch((error) => {
  console.error(`web: build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
