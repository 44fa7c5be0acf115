// Shared by the portal's browser tests and its benchmark: builds the portal when dist/ is stale and
// launches Debian's Chromium through playwright-core (never a downloaded browser).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { withDirectoryLock } from '@csoc/server/testing/withDirectoryLock.ts';

const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_DIR = path.resolve(WEB_DIR, '../..');
export const CHROMIUM_PATH = process.env.CSOC_CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

function portalIsFresh(): boolean {
  const built = path.join(WEB_DIR, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((entry) =>
    path.join(WEB_DIR, entry),
  );
  return fs.existsSync(built) && fs.statSync(built).mtimeMs > Math.max(...sources.map(newestMtime));
}

/**
 * Builds the portal (vite) unless dist/index.html is newer than every source. Browser test files run in
 * parallel, so one builds under a lock while the others wait; old hashed chunks are kept (no emptying of
 * dist/) so a page another test has open can still load its lazy chunks after a rebuild.
 */
export async function ensurePortalBuilt(): Promise<void> {
  if (portalIsFresh()) return;
  await withDirectoryLock(path.join(WEB_DIR, '.portal-build.lock'), async () => {
    if (portalIsFresh()) return;
    execFileSync('npx', ['vite', 'build', '--emptyOutDir=false'], { cwd: WEB_DIR, stdio: 'pipe' });
  });
}

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: install it with \`apt-get install chromium\` (bash .ci/install-system-packages.sh).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export const SCREENSHOT_DIR = path.join(REPO_DIR, 'artifacts', 'screenshots');
