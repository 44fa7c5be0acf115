// Bulk actions end to end on SQLite and PostgreSQL with the real sim plugin (real Terraform): a plan per
// commons of a selection (names or a label selector), the summary of what they would change, one approval listing every plan (a plan
// that changed since it was read is left alone), an audit event per run, drift checks of the applied fleet,
// and who may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../testing/ApiClient.ts';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';

const ORG = 'bulk-org';
const api = (path: string) => `/api/v1/orgs/${ORG}${path}`;

/** Reads the bulk action until every run reached one of `states` (or ended), within a bounded wait. */
async function waitForBulk(client: ApiClient, runIds: string[], states: string[], timeoutMs = 150_000) {
  const ended = ['succeeded', 'failed', 'cancelled', 'discarded', 'errored'];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await client.get(api(`/bulk/runs?runs=${runIds.join(',')}`));
    expect(response.status, response.text).toBe(200);
    const done = response.body.items.every(
      (item: any) => states.includes(item.run.state) || ended.includes(item.run.state),
    );
    if (done) return response.body;
    if (Date.now() > deadline) throw new Error(`bulk runs not ${states.join('/')}: ${response.text}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe.each(testDatabaseTargets)('bulk actions on $dialect', (target) => {
  let csoc: TestCsoc;
  let viewer: ApiClient;
  let operator: ApiClient;
  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    for (const name of ['bulk-a', 'bulk-b', 'bulk-c']) {
      const document = simCommonsDocument(name, { simulation: { resourceDelaySeconds: 0 } });
      const labels = { fleet: 'bulk', env: name === 'bulk-c' ? 'dev' : 'prod' };
      const created = await csoc.admin.post(api('/commons'), {
        ...document,
        metadata: { ...document.metadata, labels },
      });
      expect(created.status, created.text).toBe(201);
    }
    viewer = await createSignedInUser(csoc, 'bulk-viewer@example.org', ORG, 'viewer');
    operator = await createSignedInUser(csoc, 'bulk-operator@example.org', ORG, 'operator');
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('refuses a selection with an unknown name, naming it, and starts nothing', async () => {
    const refused = await csoc.admin.post(api('/bulk/runs'), {
      kind: 'plan',
      commons: ['bulk-a', 'no-such-commons'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({
        field: 'body.commons[1]',
        message: expect.stringContaining('no-such-commons'),
      }),
    ]);
    const badKind = await csoc.admin.post(api('/bulk/runs'), { kind: 'destroy', commons: ['bulk-a'] });
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.body.error.details)).toContain('kind');
    const both = await csoc.admin.post(api('/bulk/runs'), {
      kind: 'plan',
      commons: ['bulk-a'],
      labelSelector: 'env=prod',
    });
    expect(both.status).toBe(400);
    expect(both.body.error.details[0].field).toBe('body.commons');
    const matchesNone = await csoc.admin.post(api('/bulk/runs'), { kind: 'plan', labelSelector: 'env=qa' });
    expect(matchesNone.status).toBe(400);
    expect(matchesNone.body.error.details[0]).toMatchObject({ field: 'body.labelSelector' });
    const malformed = await csoc.admin.post(api('/bulk/runs'), {
      kind: 'plan',
      labelSelector: 'env in (prod',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].field).toBe('body.labelSelector');
    expect((await csoc.admin.get(api('/runs'))).body.items).toHaveLength(0);
    expect((await viewer.post(api('/bulk/runs'), { kind: 'plan', commons: ['bulk-a'] })).status).toBe(403);
  });

  it('answers drift checks of commons with nothing applied per commons, not for the whole action', async () => {
    const drift = await operator.post(api('/bulk/runs'), { kind: 'drift', commons: ['bulk-a', 'bulk-b'] });
    expect(drift.status, drift.text).toBe(201);
    expect(drift.body.items.map((item: any) => [item.commons, item.run, item.error?.code])).toEqual([
      ['bulk-a', null, 'nothing_to_check'],
      ['bulk-b', null, 'nothing_to_check'],
    ]);
    expect(drift.body.summary).toMatchObject({ commons: 2, notStarted: 2 });
  });

  it('plans every commons, sums what would change, and approves every plan as it was read', async () => {
    // Every commons labelled fleet=bulk, in name order: the selector the commons list takes.
    const started = await operator.post(api('/bulk/runs'), {
      kind: 'plan',
      labelSelector: 'fleet=bulk',
      message: 'quarterly refresh',
    });
    expect(started.status, started.text).toBe(201);
    expect(started.body.items.map((item: any) => [item.commons, item.run.kind, item.run.state])).toEqual([
      ['bulk-a', 'plan', 'queued'],
      ['bulk-b', 'plan', 'queued'],
      ['bulk-c', 'plan', 'queued'],
    ]);
    const runIds: string[] = started.body.items.map((item: any) => item.run.id);

    const planned = await waitForBulk(operator, runIds, ['planned']);
    expect(planned.items.map((item: any) => item.run.state)).toEqual(['planned', 'planned', 'planned']);
    const perCommonsAdd = planned.items.map((item: any) => item.run.plan.summary.add);
    expect(perCommonsAdd.every((add: number) => add > 5)).toBe(true);
    expect(planned.summary).toMatchObject({
      commons: 3,
      planned: 3,
      add: perCommonsAdd.reduce((sum: number, add: number) => sum + add, 0),
      change: 0,
      destroy: 0,
      notStarted: 0,
    });

    const listed = planned.items.map((item: any) => ({ id: item.run.id, version: item.run.version }));
    // An operator may start the plans but, with CSOC_APPROVER_MIN_ROLE=admin, approves none of them.
    const byOperator = await operator.post(api('/bulk/runs/approve'), { runs: listed });
    expect(byOperator.status).toBe(403);
    expect(byOperator.body.error.code).toBe('approval_role_required');
    const unknown = await csoc.admin.post(api('/bulk/runs/approve'), {
      runs: [{ id: '00000000-0000-7000-8000-000000000000', version: 1 }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('body.runs[0].id');

    // The third plan is listed as an older read: it is left for its own approval, the others go ahead.
    const approval = await csoc.admin.post(api('/bulk/runs/approve'), {
      runs: [listed[0], listed[1], { ...listed[2], version: listed[2].version - 1 }],
    });
    expect(approval.status, approval.text).toBe(200);
    expect(approval.body.items.map((item: any) => [item.commons, item.run.state, item.error?.code])).toEqual([
      ['bulk-a', 'applying', undefined],
      ['bulk-b', 'applying', undefined],
      ['bulk-c', 'planned', 'run_changed'],
    ]);
    expect(approval.body.items[0].run.approvedBy).toBe('admin@example.org');

    const again = await csoc.admin.post(api('/bulk/runs/approve'), { runs: [listed[2]] });
    expect(again.body.items[0].error).toBeNull();
    const applied = await waitForBulk(operator, runIds, []);
    expect(applied.items.map((item: any) => item.run.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(applied.summary).toMatchObject({ succeeded: 3, planned: 0, failed: 0 });

    // One audit event per run approved (and one refused), as approving each alone would write.
    const audit = (await csoc.admin.get(api('/audit?action=run.approve&limit=50'))).body.items;
    const perRun = audit.filter((event: any) => /\/runs\/[0-9a-f-]{36}$/.test(event.target));
    for (const [index, name] of ['bulk-a', 'bulk-b', 'bulk-c'].entries())
      expect(
        perRun.some(
          (event: any) =>
            event.target === `orgs/${ORG}/commons/${name}/runs/${runIds[index]}` &&
            event.outcome === 'success',
        ),
      ).toBe(true);
    expect(
      perRun.some((event: any) => event.target.endsWith(runIds[2]!) && event.outcome === 'failure'),
    ).toBe(true);
    const planEvents = (
      await csoc.admin.get(api('/audit?action=run.plan&target=orgs/bulk-org/commons/bulk-b'))
    ).body.items;
    expect(planEvents.some((event: any) => event.target.endsWith(runIds[1]!))).toBe(true);

    // With everything applied, a bulk drift check finds each commons as applied.
    const drift = await operator.post(api('/bulk/runs'), {
      kind: 'drift',
      labelSelector: 'fleet=bulk,env in (prod)',
    });
    expect(drift.status, drift.text).toBe(201);
    const checked = await waitForBulk(
      viewer,
      drift.body.items.map((item: any) => item.run.id),
      [],
    );
    expect(checked.items.map((item: any) => [item.commons, item.run.state, item.run.driftDetected])).toEqual([
      ['bulk-a', 'succeeded', false],
      ['bulk-b', 'succeeded', false],
    ]);
    expect(checked.summary).toMatchObject({ commons: 2, succeeded: 2, driftDetected: 0 });
  }, 400_000);
});
