// Time to interactive of the portal's fleet page with 5,000 commons, measured in Debian's Chromium:
// navigation start → the virtualized list rendered and scrollable; also when all 5,000 are listed and how
// long a jump to the last row takes. Then the fleet health overview of the same 5,000: navigation start →
// the first page of rows and the state filter shown, and how long a state filter and a search take.
// The 5,000 sim commons are inserted straight into the database, their health through the monitor store's
// recordProbedCommons (what a probe round writes): the bench measures the pages, not creation or probing,
// so scheduled probes are off.
import os from 'node:os';
import type { Page } from 'playwright-core';
import { newId } from '@csoc/common';
import type { CommonsHealth } from '@csoc/server/internal/monitor/assessHealth.ts';
import { loadCommonsHealth, recordProbedCommons } from '@csoc/server/internal/monitor/healthStore.ts';
import type { TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { ensurePortalBuilt, launchChromium } from '@csoc/web/e2e/portalBrowser.ts';
import { median, printTable, round, startBenchCsoc } from './benchKit.ts';
import { provisionedSimCommonsRow } from '@csoc/server/testing/simCommons.ts';

const COMMONS = 5_000;
const ORG = 'fleet-org';

export async function benchPortal(): Promise<void> {
  await ensurePortalBuilt();
  const csoc = await startBenchCsoc(undefined, { CSOC_PROBE_INTERVAL_SECONDS: '0' });
  const created = await csoc.admin.post('/api/v1/orgs', { slug: ORG, name: 'Fleet bench' });
  if (created.status !== 201) throw new Error(`could not create the org: ${created.text}`);
  const orgId = created.body.id as string;
  const db = csoc.context.database.db;
  const now = new Date().toISOString();
  const releases = ['2025.06', '2025.07', '2025.08', '2025.09'];
  const rows = Array.from({ length: COMMONS }, (_, index) => {
    const name = `fleet-${String(index).padStart(5, '0')}`;
    return provisionedSimCommonsRow(orgId, name, {
      environment: (['dev', 'staging', 'prod'] as const)[index % 3]!,
      release: releases[index % releases.length]!,
      hostname: `${name}.sim.example.org`,
      infra_status: index % 4 === 0 ? 'none' : 'provisioned',
    });
  });
  for (let start = 0; start < rows.length; start += 500)
    await db
      .insertInto('commons')
      .values(rows.slice(start, start + 500))
      .execute();

  // Every provisioned commons has a healthy deploy: the fleet-wide status route reads them all.
  const deploys = rows
    .filter((row) => row.infra_status === 'provisioned')
    .map((row) => ({
      id: newId(),
      org_id: orgId,
      commons_id: row.id,
      revision: 1,
      release: (JSON.parse(row.spec) as { gen3: { release: string } }).gen3.release,
      commit_sha: null,
      diff: '',
      status: 'healthy' as const,
      message: 'bench',
      timeline: '[]',
      requested_by: 'bench',
      requested_by_id: 'bench',
      created_at: now,
      finished_at: now,
    }));
  for (let start = 0; start < deploys.length; start += 500)
    await db
      .insertInto('deploys')
      .values(deploys.slice(start, start + 500))
      .execute();
  const statusTimes: number[] = [];
  let statusItems = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = performance.now();
    const status = await csoc.admin.get(`/api/v1/orgs/${ORG}/fleet/status`);
    statusTimes.push(performance.now() - started);
    if (status.status !== 200) throw new Error(`fleet status failed: ${status.text}`);
    statusItems = status.body.items.length;
  }

  const progress = (step: string) => console.error(`portal bench: ${step}`);
  progress('commons inserted, fleet status measured; loading the fleet page');
  const browser = await launchChromium();
  const cookies = [...(csoc.admin as unknown as { cookies: Map<string, string> }).cookies].map(
    ([name, value]) => ({ name, value, url: csoc.url }),
  );
  const samples: {
    tti: number;
    complete: number;
    scrollEnd: number;
    rowsInDom: number;
    phases: PageLoadPhases;
  }[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies(cookies);
    const page = await context.newPage();
    // Marks what the page shows as it loads (the first Loader, the fleet title, the list element) and sums
    // the main thread's long tasks, so the table can say which step the time to interactive waited for.
    await page.addInitScript(`(() => {
      const marks = (window.__fleetMarks = { longTaskMs: 0 });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) marks.longTaskMs += entry.duration;
      }).observe({ type: 'longtask', buffered: true });
      // Rows in the DOM, seen right after React commits them (not on a frame, as the time to interactive is).
      new MutationObserver((records, observer) => {
        if (document.querySelectorAll('[data-testid="fleet-row"]').length > 5) {
          marks.rows = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
      const watch = () => {
        if (!marks.title && document.querySelector('h2')) marks.title = performance.now();
        if (!marks.list && document.querySelector('[data-testid="fleet-list"]')) marks.list = performance.now();
        if (!marks.list) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    })()`);
    await page.goto(`${csoc.url}/orgs/${ORG}/fleet`);
    // Interactive: rows rendered and the list scrolls (the first page of 500 is in). The predicates run in
    // the page and return performance.now(), whose origin is the navigation start.
    const tti = (await (
      await page.waitForFunction(
        () => {
          const scroller = document.querySelector('[data-testid="fleet-scroll"]');
          const ready =
            !!scroller &&
            document.querySelectorAll('[data-testid="fleet-row"]').length > 5 &&
            scroller.scrollHeight > scroller.clientHeight;
          return ready ? performance.now() : false;
        },
        undefined,
        { timeout: 120_000, polling: 'raf' },
      )
    ).jsonValue()) as number;
    const phases = await pageLoadPhases(page);
    // Complete: all commons listed, so the counts by status and sorting cover the whole fleet.
    const complete = (await (
      await page.waitForFunction(
        (total) => {
          const list = document.querySelector('[data-testid="fleet-list"]');
          return list?.getAttribute('data-complete') === 'true' &&
            list.getAttribute('aria-rowcount') === String(total + 1)
            ? performance.now()
            : false;
        },
        COMMONS,
        { timeout: 120_000, polling: 'raf' },
      )
    ).jsonValue()) as number;
    const scrollEnd = await page.evaluate(async () => {
      const scroller = document.querySelector('[data-testid="fleet-scroll"]')!;
      const started = performance.now();
      scroller.scrollTop = scroller.scrollHeight;
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (
          Array.from(document.querySelectorAll('[data-testid="fleet-row"]')).some((row) =>
            row.textContent?.includes('fleet-04999'),
          )
        )
          return performance.now() - started;
        if (performance.now() - started > 60_000) throw new Error('the last row did not appear in 60 s');
      }
    });
    const rowsInDom = await page.locator('[data-testid="fleet-row"]').count();
    samples.push({ tti, complete, scrollEnd, rowsInDom, phases });
    await context.close();
  }
  // Printed before the health overview is measured, so a failure there does not lose these figures.
  printTable(
    `Portal fleet page, ${COMMONS} commons, Chromium headless (3 cold loads; load average ${os.loadavg()[0]!.toFixed(1)})`,
    samples.map((sample, index) => ({
      load: index + 1,
      'time to interactive ms': round(sample.tti, 0),
      ...phaseColumns(sample.phases),
      'all 5,000 listed ms': round(sample.complete, 0),
      'scroll to last row ms': round(sample.scrollEnd, 1),
      'rows in DOM': sample.rowsInDom,
    })),
  );
  console.log(
    `GET /fleet/status for ${COMMONS} commons (${statusItems} deployed): median ${round(median(statusTimes), 0)} ms of 5 calls (one call replaces one status request per visible row)`,
  );
  console.log(
    `fleet page with ${COMMONS} commons: time to interactive median ${round(median(samples.map((sample) => sample.tti)), 0)} ms, ` +
      `all listed median ${round(median(samples.map((sample) => sample.complete)), 0)} ms`,
  );
  progress('fleet page measured; recording health and loading the fleet health page');
  // CSOC_BENCH_PORTAL_PAGES=fleet measures the fleet page alone (while working on it).
  if (process.env.CSOC_BENCH_PORTAL_PAGES === 'fleet') {
    await browser.close();
    await csoc.stop();
    return;
  }
  try {
    const health = await benchFleetHealthPage(
      csoc,
      orgId,
      rows.map((row) => ({ id: row.id, name: row.name })),
      async () => {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        await context.addCookies(cookies);
        return { page: await context.newPage(), close: () => context.close() };
      },
    );
    health.print();
  } finally {
    await browser.close();
    await csoc.stop();
  }
}

/**
 * Where a cold load's time went, from the page's own Navigation and Resource Timing (milliseconds from
 * navigation start): the HTML, the last script and stylesheet of the first render, the session, and the
 * first page of the fleet list and the fleet status (request sent → last byte).
 */
interface PageLoadPhases {
  rowsShown: number;
  pageTitle: number;
  listShown: number;
  longTasks: number;
  html: number;
  scriptsAndCss: number;
  session: number;
  listRequested: number;
  listLoaded: number;
  listBytes: number;
  statusLoaded: number;
  statusBytes: number;
}

function pageLoadPhases(page: Page): Promise<PageLoadPhases> {
  // No named functions inside: tsx would wrap them in a helper (__name) the page does not have.
  return page.evaluate(() => {
    const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
      (entry) => ({ entry, url: new URL(entry.name) }),
    );
    const list = entries.find(
      ({ url }) => /\/commons$/.test(url.pathname) && !url.searchParams.has('cursor'),
    )?.entry;
    const status = entries.find(({ url }) => url.pathname.endsWith('/fleet/status'))?.entry;
    const session = entries.find(({ url }) => url.pathname === '/api/v1/session')?.entry;
    const assets = entries.filter(
      ({ url, entry }) => /\.(js|css)$/.test(url.pathname) && entry.startTime < (list?.startTime ?? Infinity),
    );
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const marks = (
      window as unknown as {
        __fleetMarks?: { title?: number; list?: number; rows?: number; longTaskMs: number };
      }
    ).__fleetMarks;
    return {
      rowsShown: marks?.rows ?? -1,
      pageTitle: marks?.title ?? -1,
      listShown: marks?.list ?? -1,
      longTasks: marks?.longTaskMs ?? -1,
      html: navigation.responseEnd,
      scriptsAndCss: Math.max(0, ...assets.map(({ entry }) => entry.responseEnd)),
      session: session?.responseEnd ?? -1,
      listRequested: list?.startTime ?? -1,
      listLoaded: list?.responseEnd ?? -1,
      listBytes: list?.encodedBodySize ?? -1,
      statusLoaded: status?.responseEnd ?? -1,
      statusBytes: status?.encodedBodySize ?? -1,
    };
  });
}

function phaseColumns(phases: PageLoadPhases): Record<string, string | number> {
  return {
    'html ms': round(phases.html, 0),
    'js+css ms': round(phases.scriptsAndCss, 0),
    'session ms': round(phases.session, 0),
    'list sent→loaded ms': `${round(phases.listRequested, 0)}→${round(phases.listLoaded, 0)}`,
    'list KB': round(phases.listBytes / 1024, 0),
    'status loaded ms': round(phases.statusLoaded, 0),
    'status KB': round(phases.statusBytes / 1024, 0),
    'title shown ms': round(phases.pageTitle, 0),
    'list shown ms': round(phases.listShown, 0),
    'rows shown ms': round(phases.rowsShown, 0),
    'long tasks ms': round(phases.longTasks, 0),
  };
}

/** The share of the fleet in each state: mostly healthy, as a real fleet, with some of every state. */
function benchHealthOf(index: number): CommonsHealth {
  const services = ['revproxy', 'fence', 'indexd', 'sheepdog', 'peregrine', 'metadata'];
  const healthy = services.map((service) => ({
    service,
    state: 'healthy' as const,
    reason: '',
    httpStatus: 200,
    latencyMs: 20 + (index % 50),
  }));
  if (index % 100 === 7)
    return {
      state: 'down',
      reasons: [{ kind: 'probe', message: 'revproxy down: / did not answer within 5000 ms' }],
      services: healthy.map((service) => ({
        ...service,
        state: 'down',
        reason: 'no answer',
        httpStatus: null,
      })),
    };
  if (index % 100 < 4)
    return {
      state: 'degraded',
      reasons: [{ kind: 'probe', message: 'fence down: /user/_status answered 500' }],
      services: healthy.map((service) =>
        service.service === 'fence'
          ? { ...service, state: 'down', reason: '/user/_status answered 500', httpStatus: 500 }
          : service,
      ),
    };
  return { state: 'healthy', reasons: [], services: healthy };
}

/**
 * Records a probe round's health for every commons, then measures the fleet health overview in Chromium
 * (3 cold loads): time to interactive (rows and the state filter shown), the time a click on the `down`
 * filter takes to show only down commons, and a search for one commons to show it alone.
 */
async function benchFleetHealthPage(
  csoc: TestCsoc,
  orgId: string,
  fleet: ReadonlyArray<{ id: string; name: string }>,
  openPage: () => Promise<{ page: Page; close: () => Promise<void> }>,
) {
  const database = csoc.context.database;
  const ids = fleet.map((commons) => commons.id);
  /**
   * Writes what one probe round of the whole fleet writes, at the current time: health older than 60 s
   * reads as unknown while scheduled probes are off, so each page load is preceded by a round.
   */
  async function recordProbeRound(): Promise<number> {
    const started = performance.now();
    const previous = await loadCommonsHealth(database, ids);
    const at = new Date().toISOString();
    for (const [index, commons] of fleet.entries())
      await recordProbedCommons(
        database,
        {
          commonsId: commons.id,
          orgId,
          commonsName: commons.name,
          health: benchHealthOf(index),
          probeMs: 40,
          at,
        },
        previous.get(commons.id),
      );
    return performance.now() - started;
  }
  const firstRoundMs = await recordProbeRound();
  const apiTimes: number[] = [];
  let counts: Record<string, number> = {};
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = performance.now();
    const response = await csoc.admin.get(`/api/v1/orgs/${ORG}/fleet/health`);
    apiTimes.push(performance.now() - started);
    if (response.status !== 200 || response.body.items.length !== fleet.length)
      throw new Error(`fleet health answered ${response.status} with ${response.body.items?.length} items`);
    counts = response.body.counts;
  }
  const target = fleet[fleet.length - 1]!.name;
  const samples: { tti: number; filter: number; search: number; rowsInDom: number }[] = [];
  const unchangedRoundMs: number[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    unchangedRoundMs.push(await recordProbeRound());
    const { page, close } = await openPage();
    await page.goto(`${csoc.url}/orgs/${ORG}/health`);
    // Interactive: the first page of rows, worst first, and the state filter with the fleet's counts.
    const tti = (await (
      await page.waitForFunction(
        (total) => {
          const filter = document.querySelector('[data-testid="health-filter"]');
          const rows = document.querySelectorAll('[data-testid="fleet-health-row"]');
          return filter?.textContent?.includes(`All ${total}`) && rows.length > 5 ? performance.now() : false;
        },
        fleet.length,
        { timeout: 120_000, polling: 'raf' },
      )
    ).jsonValue()) as number;
    const rowsInDom = await page.getByTestId('fleet-health-row').count();
    // The filter click and the typed search are dispatched in the page, so the figures are the portal's
    // time from the user's action to the rows shown, without the driver's round trips.
    const filter = await page.evaluate(async () => {
      const down = Array.from(document.querySelectorAll('[data-testid="health-filter"] label')).find(
        (label) => label.textContent?.startsWith('down '),
      ) as HTMLElement;
      const started = performance.now();
      down.click();
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const rows = Array.from(document.querySelectorAll('[data-testid="fleet-health-row"]'));
        if (rows.length > 0 && rows.every((row) => row.getAttribute('data-state') === 'down'))
          return performance.now() - started;
        if (performance.now() - started > 60_000)
          throw new Error(`the down filter showed no down rows in 60 s; ${rows.length} rows`);
      }
    });
    await page
      .getByRole('radiogroup', { name: 'Filter by state' })
      .locator('label', { hasText: /^All / })
      .click();
    // The search starts from the whole fleet again, once the router has applied the All filter (the
    // pager counts the whole fleet; the down filter's 50 rows fit on one page, without a pager).
    await page.getByText(`1–50 of ${fleet.length}`).waitFor();
    const search = await page.evaluate(async (name) => {
      const input = document.querySelector('input[aria-label="Search commons"]') as HTMLInputElement;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const started = performance.now();
      setValue.call(input, name);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const rows = document.querySelectorAll('[data-testid="fleet-health-row"]');
        if (rows.length === 1 && rows[0]!.textContent?.includes(name)) return performance.now() - started;
        if (performance.now() - started > 60_000)
          throw new Error(`searching ${name} did not leave it alone in 60 s; ${rows.length} rows`);
      }
    }, target);
    samples.push({ tti, filter, search, rowsInDom });
    await close();
  }
  return {
    print() {
      printTable(
        `Portal fleet health overview, ${fleet.length} commons (${Object.entries(counts)
          .map(([state, count]) => `${count} ${state}`)
          .join(', ')}), Chromium headless (3 cold loads)`,
        samples.map((sample, index) => ({
          load: index + 1,
          'time to interactive ms': round(sample.tti, 0),
          'filter "down" ms': round(sample.filter, 0),
          'search one commons ms': round(sample.search, 0),
          'rows in DOM': sample.rowsInDom,
        })),
      );
      console.log(
        `a probe round's writes for ${fleet.length} commons through recordProbedCommons: first ${round(firstRoundMs / 1000, 1)} s, ` +
          `unchanged median ${round(median(unchangedRoundMs) / 1000, 1)} s; ` +
          `GET /fleet/health median ${round(median(apiTimes), 0)} ms of 5 calls`,
      );
      console.log(
        `fleet health page with ${fleet.length} commons: time to interactive median ${round(median(samples.map((sample) => sample.tti)), 0)} ms, ` +
          `state filter median ${round(median(samples.map((sample) => sample.filter)), 0)} ms, ` +
          `search median ${round(median(samples.map((sample) => sample.search)), 0)} ms`,
      );
    },
  };
}
