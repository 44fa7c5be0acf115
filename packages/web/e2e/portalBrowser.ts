// Shared by the portal's browser tests and its benchmark: builds the portal when dist/ is stale and
// launches Debian's Chromium through playwright-core (never a downloaded browser).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_DIR = path.resolve(WEB_DIR, '../..');
export const CHROMIUM_PATH = process.env.CSOC_CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

/** Runs `npm run build -w @csoc/web` unless dist/index.html is newer than every source of the portal. */
export function ensurePortalBuilt(): void {
  const built = path.join(WEB_DIR, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((entry) =>
    path.join(WEB_DIR, entry),
  );
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  execFileSync('npm', ['run', 'build', '-w', '@csoc/web'], { cwd: REPO_DIR, stdio: 'pipe' });
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
