// The container runner end to end: a real CSOC on SQLite with CSOC_RUNNER=container plans and applies a
// sim commons through the API, the sim plugin running under podman from its locally built image, with no
// network and the state backend reached through the per-run socket. Needs podman: CI installs it, and a
// machine without it fails here with the fix rather than skipping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSimPluginImage } from '../testing/ensureSimPluginImage.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';

describe('runs with the container runner (podman, SQLite)', () => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    await ensureSimPluginImage();
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: { CSOC_RUNNER: 'container', CSOC_CONTAINER_CLI: 'podman', CSOC_CONTAINER_MEMORY: '1g' },
    });
    await ensureOrg(csoc, 'boxed-org');
    await createSimAccount(csoc.admin, 'boxed-org');
  }, 180_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('plans and applies a sim commons in podman, and the state versions land in CSOC', async () => {
    const admin = csoc.admin;
    const created = await admin.post(
      '/api/v1/orgs/boxed-org/commons',
      simCommonsDocument('boxed', { simulation: { resourceDelaySeconds: 0 } }),
    );
    expect(created.status, created.text).toBe(201);

    const run = await admin.post('/api/v1/orgs/boxed-org/commons/boxed/runs', { kind: 'plan' });
    expect(run.status, run.text).toBe(201);
    const planned = await waitForRun(admin, 'boxed-org', run.body.id, ['planned'], 90_000);
    expect(planned.state, planned.message).toBe('planned');
    expect(planned.plan.summary.add).toBeGreaterThan(5);

    const approved = await admin.post(`/api/v1/orgs/boxed-org/runs/${run.body.id}/approve`);
    expect(approved.status, approved.text).toBe(200);
    const applied = await waitForRun(admin, 'boxed-org', run.body.id, [], 90_000);
    expect(applied.state, applied.message).toBe('succeeded');

    const versions = (await admin.get('/api/v1/orgs/boxed-org/commons/boxed/state/versions')).body.items;
    expect(versions.length).toBeGreaterThan(0);
    expect(versions[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    expect((await admin.get('/api/v1/orgs/boxed-org/commons/boxed/state/lock')).body.locked).toBe(false);
    const commons = (await admin.get('/api/v1/orgs/boxed-org/commons/boxed')).body;
    expect(commons.status.infrastructure).toBe('provisioned');
    expect(commons.status.outputs.simulated).toBe(true);

    // The run says which runner executed it, and no secret reached its output.
    const output = await admin.get(`/api/v1/orgs/boxed-org/runs/${run.body.id}/output`);
    const text = JSON.stringify(output.body.items);
    expect(text).toContain('container runner');
    expect(text).not.toMatch(/state-token|TF_HTTP_PASSWORD=/);
  }, 180_000);
});
