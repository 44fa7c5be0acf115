// Time to interactive of the portal's fleet page with 5,000 commons, measured in Debian's Chromium:
// navigation start → the virtualized list rendered and scrollable; also when all 5,000 are listed and how
// long a jump to the last row takes.
// The 5,000 sim commons are inserted straight into the database: the bench measures the page, not creation.
import { newId } from '@csoc/common';
import { ensurePortalBuilt, launchChromium } from '@csoc/web/e2e/portalBrowser.ts';
import { median, printTable, round, startBenchCsoc } from './benchKit.ts';

const COMMONS = 5_000;
const ORG = 'fleet-org';

export async function benchPortal(): Promise<void> {
  await ensurePortalBuilt();
  const csoc = await startBenchCsoc();
  const created = await csoc.admin.post('/api/v1/orgs', { slug: ORG, name: 'Fleet bench' });
  if (created.status !== 201) throw new Error(`could not create the org: ${created.text}`);
  const orgId = created.body.id as string;
  const db = csoc.context.database.db;
  const now = new Date().toISOString();
  const releases = ['2025.06', '2025.07', '2025.08', '2025.09'];
  const rows = Array.from({ length: COMMONS }, (_, index) => {
    const name = `fleet-${String(index).padStart(5, '0')}`;
    const environment = (['dev', 'staging', 'prod'] as const)[index % 3]!;
    const spec = {
      environment,
      plugin: { name: 'sim', version: '0.1.0' },
      account: 'sim-account',
      inputs: { name },
      gen3: { release: releases[index % releases.length]!, hostname: `${name}.sim.example.org` },
    };
    return {
      id: newId(),
      org_id: orgId,
      name,
      environment,
      plugin_name: 'sim',
      plugin_version: '0.1.0',
      account_name: 'sim-account',
      spec: JSON.stringify(spec),
      labels: '{}',
      revision: 1,
      infra_status: index % 4 === 0 ? ('none' as const) : ('provisioned' as const),
      outputs: '{}',
      deletion_requested_by: null,
      deletion_requested_at: null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
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

  const browser = await launchChromium();
  const cookies = [...(csoc.admin as unknown as { cookies: Map<string, string> }).cookies].map(
    ([name, value]) => ({ name, value, url: csoc.url }),
  );
  const samples: { tti: number; complete: number; scrollEnd: number; rowsInDom: number }[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies(cookies);
    const page = await context.newPage();
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
      }
    });
    const rowsInDom = await page.locator('[data-testid="fleet-row"]').count();
    samples.push({ tti, complete, scrollEnd, rowsInDom });
    await context.close();
  }
  await browser.close();
  await csoc.stop();

  printTable(
    `Portal fleet page, ${COMMONS} commons, Chromium headless (3 cold loads)`,
    samples.map((sample, index) => ({
      load: index + 1,
      'time to interactive ms': round(sample.tti, 0),
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
}
