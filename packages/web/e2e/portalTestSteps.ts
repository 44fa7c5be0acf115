// What the portal's browser test files share: pages that record console errors, the password sign-in,
// screenshots of what a person sees, and steps that stop after the first failure.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { SCREENSHOT_DIR } from './portalBrowser.ts';

/**
 * Saves artifacts/screenshots/<name>.png once modal and notification transitions have finished, so the
 * picture shows what a person sees.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/** A page in a fresh browser context at laptop size, recording every console and page error. */
export async function openPortalPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { page, consoleErrors };
}

/** Opens CSOC at `baseUrl`, fills the portal's password sign-in form and submits it. */
export async function signInWithPassword(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * For test files whose steps build on each other: after the first failure the remaining steps are
 * skipped (they would only time out), and the page is saved as failure-<name>.png.
 */
export function stopAfterFirstFailure(page: () => Page | undefined, name: string): void {
  const failureShot = path.join(SCREENSHOT_DIR, `failure-${name}.png`);
  let broken = false;
  beforeAll(() => fs.rmSync(failureShot, { force: true }));
  beforeEach((context) => {
    if (broken) context.skip();
  });
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    broken = true;
    await page()
      ?.screenshot({ path: failureShot })
      .catch(() => undefined);
  });
}
