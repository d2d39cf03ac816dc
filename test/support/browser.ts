import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Browser tests run Debian's Chromium (`/usr/bin/chromium`) through playwright-core, never a
 * downloaded browser. Without it a suite is skipped locally but fails in CI (`CI=true`; `.ci/run`
 * installs the package).
 */
export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const skipBrowser = !haveChromium && process.env.CI !== 'true';
/** Screenshots and other artifacts of the browser tests (git-ignored). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

if (skipBrowser) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium to run them)`);

/**
 * Starts headless Chromium with the flags this machine's closed network needs (no background
 * connections, no component updates).
 * @example const browser = await launchChromium();
 */
export async function launchChromium(): Promise<Browser> {
  if (!haveChromium) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Collects a page's console errors and uncaught exceptions (a CSP violation shows up here). */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}
