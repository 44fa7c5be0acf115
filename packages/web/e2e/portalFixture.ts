// The one boot-and-sign-in fixture of the portal's browser tests: builds the portal when stale, starts a
// real CSOC on SQLite and Debian's Chromium side by side, opens the admin's page and stops both at the end.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestCsoc, type TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { ensurePortalBuilt, launchChromium } from './portalBrowser.ts';
import { openPortalPage, signInWithPassword, stopAfterFirstFailure } from './portalTestSteps.ts';

export interface PortalFixtureOptions {
  /**
   * For test files whose steps build on each other: names the failure screenshot (failure-<name>.png)
   * and skips the remaining steps after the first failure. Omit it when the tests stand alone.
   */
  stepsName?: string;
  /** Extra CSOC environment; a function when it needs something found first (e.g. free ports). */
  env?: Record<string, string> | (() => Promise<Record<string, string>>);
}

/** What a browser test file works with; read its fields inside hooks and tests (they are set by then). */
export interface PortalFixture {
  readonly csoc: TestCsoc;
  readonly browser: Browser;
  /** A page in its own context, opened once for the file (the admin signs in on it in the first step). */
  readonly admin: Page;
  /** Console and page errors seen on `admin`. */
  readonly consoleErrors: string[];
  /**
   * The distinct first lines of the errors seen on `admin` that are not failed requests (refusals such as
   * 412 are expected network errors; anything else in the console is a portal bug).
   */
  pageErrors(): string[];
  /** A fresh page in a new context at laptop size. */
  newPage(): Promise<Page>;
  /** Fills the password sign-in form on `page` and submits it. */
  signIn(page: Page, email: string, password: string): Promise<void>;
  /** Signs in and waits for the fleet, where every signed-in member of an org lands. */
  signInToFleet(page: Page, email: string, password: string): Promise<void>;
}

/**
 * Registers the hooks of a portal browser test file (call it inside `describe`, before the file's own
 * `beforeAll`, which then runs with CSOC and Chromium up).
 *
 * @example
 * const portal = usePortalFixture({ stepsName: 'portal' });
 * it('signs in', () => portal.signInToFleet(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD));
 */
export function usePortalFixture(options: PortalFixtureOptions = {}): PortalFixture {
  let csoc: TestCsoc | undefined;
  let browser: Browser | undefined;
  let admin: Page | undefined;
  let consoleErrors: string[] = [];
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined)
      throw new Error(`The portal fixture's ${name} is not up: read it inside a hook or test.`);
    return value;
  };

  if (options.stepsName) stopAfterFirstFailure(() => admin, options.stepsName);

  beforeAll(async () => {
    await ensurePortalBuilt();
    const env = typeof options.env === 'function' ? await options.env() : options.env;
    [csoc, browser] = await Promise.all([
      startTestCsoc({ databaseUrl: createSqliteTestDatabase(), ...(env ? { env } : {}) }),
      launchChromium(),
    ]);
    ({ page: admin, consoleErrors } = await openPortalPage(browser));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await csoc?.stop();
  });

  const fixture: PortalFixture = {
    get csoc() {
      return ready(csoc, 'CSOC');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get admin() {
      return ready(admin, 'admin page');
    },
    get consoleErrors() {
      return consoleErrors;
    },
    pageErrors: () => [
      ...new Set(
        consoleErrors
          .filter((text) => !/Failed to load resource/.test(text))
          .map((text) => text.split('\n')[0]!),
      ),
    ],
    newPage: async () => (await openPortalPage(fixture.browser)).page,
    signIn: (page, email, password) => signInWithPassword(page, fixture.csoc.url, email, password),
    async signInToFleet(page, email, password) {
      await signInWithPassword(page, fixture.csoc.url, email, password);
      await page.getByRole('heading', { name: 'Fleet' }).waitFor();
    },
  };
  return fixture;
}
