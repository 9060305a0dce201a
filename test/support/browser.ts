import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Debian's Chromium (.ci/run installs it); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../web/screenshots');

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The built app the server serves, built when web/dist is missing or older than web/ (as `npm start`
 * does). In a child process: the build needs NODE_ENV=production and vitest runs with NODE_ENV=test.
 */
export async function ensureWebBuilt(): Promise<void> {
  await promisify(execFile)(path.join(repo, 'node_modules/.bin/tsx'), ['scripts/build-web.ts', '--if-stale'], { cwd: repo, env: { ...process.env, NODE_ENV: 'production' } });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Full-page screenshot under test/web/screenshots/ (gitignored test artifacts). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Everything the page logged as an error or threw, so a test can assert the app ran cleanly. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}
