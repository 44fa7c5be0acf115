// `csoc status-page` and `csoc incidents update`, the real binary against a real CSOC (SQLite): an
// operator publishes a commons' status page, the public page answers without sign-in and shows the update
// posted to an incident, and withdrawing it makes the page a 404 again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommonsHealth, recordProbedCommons } from '@csoc/server/testing/recordTestHealth.ts';
import { simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import type { TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { startCliTestFixture, type CliTestFixture } from '../testing/startCliTestFixture.ts';

const ORG = 'page-org';

describe('csoc status-page and csoc incidents update (SQLite)', () => {
  let server: TestCsoc;
  let fixture: CliTestFixture;

  const csoc = (args: string[], input?: string) => fixture.csoc(args, input);

  beforeAll(async () => {
    fixture = await startCliTestFixture({
      org: ORG,
      env: { CSOC_PROBE_INTERVAL_SECONDS: '0', CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0' },
      simAccount: true,
      cliEntry: 'bundle',
    });
    server = fixture.server;
    const created = await server.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('alpha'));
    expect(created.status, created.text).toBe(201);
    // An incident as the prober records it: fence down.
    const orgId = (await server.admin.get(`/api/v1/orgs/${ORG}`)).body.id;
    const database = server.context.database;
    const service = (name: string, down: boolean) => ({
      service: name,
      state: down ? ('down' as const) : ('healthy' as const),
      reason: down ? '/index/_status answered 503' : '',
      httpStatus: down ? 503 : 200,
      latencyMs: 20,
    });
    for (const down of [false, true])
      await recordProbedCommons(
        database,
        {
          commonsId: created.body.id,
          orgId,
          commonsName: 'alpha',
          health: {
            state: down ? 'degraded' : 'healthy',
            reasons: [],
            services: [service('fence', false), service('indexd', down)],
          },
          probeMs: 30,
          at: new Date().toISOString(),
        },
        await findCommonsHealth(database, created.body.id),
      );
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
  });

  it('publishes the page, posts an incident update the public sees, and withdraws the page', async () => {
    const hidden = await fetch(`${server.url}/status/${ORG}/alpha`);
    expect(hidden.status).toBe(404);

    const enable = await csoc(['status-page', `${ORG}/alpha`, 'enable', '--title', 'Alpha Commons']);
    expect(enable.code, enable.stderr).toBe(0);
    expect(enable.stdout).toMatch(/yes/);
    expect(enable.stdout).toContain(`${server.url}/status/${ORG}/alpha`);

    const incidents = await csoc(['incidents', `${ORG}/alpha`, '--open', '-o', 'json']);
    expect(incidents.code, incidents.stderr).toBe(0);
    const incident = JSON.parse(incidents.stdout).find(
      (item: { service: string }) => item.service === 'indexd',
    );
    const update = await csoc([
      'incidents',
      'update',
      `${ORG}/alpha`,
      incident.id,
      '--status',
      'monitoring',
      '--message',
      'Downloads work again; we are watching.',
    ]);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toContain('monitoring');
    const badStatus = await csoc([
      'incidents',
      'update',
      `${ORG}/alpha`,
      incident.id,
      '--status',
      'fixed',
      '--message',
      'x',
    ]);
    expect(badStatus.code).toBe(2);

    const page = await fetch(`${server.url}/status/${ORG}/alpha`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Alpha Commons');
    expect(html).toContain('Downloads work again; we are watching.');

    const show = await csoc(['status-page', `${ORG}/alpha`, 'show', '-o', 'json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ enabled: true, title: 'Alpha Commons' });
    const disable = await csoc(['status-page', `${ORG}/alpha`, 'disable']);
    expect(disable.code, disable.stderr).toBe(0);
    expect((await fetch(`${server.url}/status/${ORG}/alpha`)).status).toBe(404);
  }, 120_000);
});
