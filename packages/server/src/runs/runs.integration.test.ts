// The run lifecycle end to end on SQLite and PostgreSQL, with the real sim plugin (real Terraform) and the
// process runner: create a sim commons → plan → approve → apply → state versions → change an input → the
// plan shows exactly that change → apply → destroy; a client watching SSE sees the log while it runs.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '../testing/simCommons.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';

/** Reads an SSE stream until `end`, returning every event, and when the first log event arrived. */
function collectSse(
  url: string,
  cookie: string,
): Promise<{ events: { event: string; data: string; id?: string }[]; firstLogAt?: number }> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: string; id?: string }[] = [];
    let firstLogAt: number | undefined;
    http
      .get(url, { headers: { cookie, accept: 'text/event-stream' } }, (response) => {
        let buffer = '';
        response.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          let index;
          while ((index = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, index);
            buffer = buffer.slice(index + 2);
            if (block.startsWith(':')) continue;
            const fields = Object.fromEntries(
              block
                .split('\n')
                .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
            );
            events.push({ event: fields.event ?? 'message', data: fields.data ?? '', id: fields.id });
            if (fields.event === 'log' && firstLogAt === undefined) firstLogAt = Date.now();
          }
        });
        response.on('end', () => resolve({ events, firstLogAt }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

describe.each(testDatabaseTargets)('runs on $dialect', (target) => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, 'sim-org');
    await createSimAccount(csoc.admin, 'sim-org');
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  it('plans, waits for approval, applies exactly the plan, keeps state versions, and destroys', async () => {
    const admin = csoc.admin;
    const created = await admin.post(
      '/api/v1/orgs/sim-org/commons',
      simCommonsDocument('alpha', { simulation: { resourceDelaySeconds: 0.3 } }),
    );
    expect(created.status, created.text).toBe(201);
    expect(created.body.spec.plugin.version).toMatch(/^\d+\.\d+\.\d+/);

    const run = await admin.post('/api/v1/orgs/sim-org/commons/alpha/runs', { kind: 'plan' });
    expect(run.status, run.text).toBe(201);
    const cookie =
      (admin as any).cookieHeader?.() ??
      [...(admin as any).cookies].map(([k, v]: [string, string]) => `${k}=${v}`).join('; ');
    const stream = collectSse(`${csoc.url}/api/v1/orgs/sim-org/runs/${run.body.id}/output/stream`, cookie);

    const planned = await waitForRun(admin, 'sim-org', run.body.id, ['planned']);
    expect(planned.state, planned.message).toBe('planned');
    expect(planned.plan.summary.add).toBeGreaterThan(5);
    expect(planned.plan.summary.change + planned.plan.summary.destroy).toBe(0);
    expect(planned.simulated).toBe(true);
    expect((await admin.get('/api/v1/orgs/sim-org/commons/alpha/state/versions')).body.items).toHaveLength(0);

    const approved = await admin.post(`/api/v1/orgs/sim-org/runs/${run.body.id}/approve`);
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.state).toBe('applying');
    const applied = await waitForRun(admin, 'sim-org', run.body.id, []);
    expect(applied.state, applied.message).toBe('succeeded');
    const { events, firstLogAt } = await stream;
    expect(events.some((event) => event.event === 'log')).toBe(true);
    expect(events.some((event) => event.event === 'event' && event.data.includes('"resource"'))).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'end' });
    expect(firstLogAt).toBeLessThan(Date.parse(applied.finishedAt));

    const versions = (await admin.get('/api/v1/orgs/sim-org/commons/alpha/state/versions')).body.items;
    expect(versions.length).toBeGreaterThan(0);
    expect(versions[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    const commons = (await admin.get('/api/v1/orgs/sim-org/commons/alpha')).body;
    expect(commons.status.infrastructure).toBe('provisioned');
    expect(commons.status.outputs.simulated).toBe(true);
    expect((await admin.get('/api/v1/orgs/sim-org/commons/alpha/state/lock')).body.locked).toBe(false);
    // The resources of the state, with the dependencies Terraform recorded (what the portal draws).
    const inState = (await admin.get('/api/v1/orgs/sim-org/commons/alpha/state/resources')).body;
    expect(inState.serial).toBe(versions[0].serial);
    const byAddress = new Map(inState.resources.map((resource: any) => [resource.address, resource]));
    expect(byAddress.get('terraform_data.vpc')).toMatchObject({ type: 'terraform_data', mode: 'managed' });
    expect((byAddress.get('terraform_data.private_subnet') as any).dependsOn).toContain('terraform_data.vpc');
    expect((byAddress.get('terraform_data.private_subnet') as any).instances.length).toBeGreaterThan(1);
    // Every resource the plan created is in the state, instance by instance.
    const instances = new Set(inState.resources.flatMap((resource: any) => resource.instances));
    for (const resource of planned.plan.resources) expect(instances.has(resource.address)).toBe(true);
    expect(JSON.stringify(inState)).not.toContain('"attributes"');

    // Change one input: the next plan holds exactly that change.
    const document = simCommonsDocument('alpha', {
      simulation: { resourceDelaySeconds: 0 },
      buckets: ['imaging'],
    });
    const updated = await admin.put('/api/v1/orgs/sim-org/commons/alpha', document, {
      'if-match': created.headers.get('etag')!,
    });
    expect(updated.status, updated.text).toBe(200);
    const second = await admin.post('/api/v1/orgs/sim-org/commons/alpha/runs', {});
    const secondPlanned = await waitForRun(admin, 'sim-org', second.body.id, ['planned']);
    expect(secondPlanned.plan.summary).toMatchObject({ add: 1, change: 0, destroy: 0 });
    expect(
      secondPlanned.plan.resources
        .filter((resource: any) => resource.action !== 'no-op')
        .map((resource: any) => resource.address)
        .join(' '),
    ).toContain('imaging');
    await admin.post(`/api/v1/orgs/sim-org/runs/${second.body.id}/approve`);
    expect((await waitForRun(admin, 'sim-org', second.body.id, [])).state).toBe('succeeded');

    const destroy = await admin.post('/api/v1/orgs/sim-org/commons/alpha/runs', { kind: 'destroy' });
    const destroyPlanned = await waitForRun(admin, 'sim-org', destroy.body.id, ['planned']);
    expect(destroyPlanned.plan.summary.destroy).toBeGreaterThan(5);
    await admin.post(`/api/v1/orgs/sim-org/runs/${destroy.body.id}/approve`);
    expect((await waitForRun(admin, 'sim-org', destroy.body.id, [])).state).toBe('succeeded');
    expect((await admin.get('/api/v1/orgs/sim-org/commons/alpha')).body.status.infrastructure).toBe(
      'destroyed',
    );
    const deleted = await admin.delete('/api/v1/orgs/sim-org/commons/alpha?confirm=alpha');
    expect(deleted.status, deleted.text).toBe(204);
  }, 180_000);

  it('refuses inputs that break the plugin schema before any run starts', async () => {
    const bad = await csoc.admin.post(
      '/api/v1/orgs/sim-org/commons',
      simCommonsDocument('bad-one', { sizeTier: 'huge', region: 'nowhere' }),
    );
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((detail: any) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['body.spec.inputs.sizeTier', 'body.spec.inputs.region']));
    const runs = await csoc.admin.get('/api/v1/orgs/sim-org/runs');
    expect(runs.body.items.every((run: any) => run.commons !== 'bad-one')).toBe(true);
  });

  it('fails a run at an injected resource failure, shows the last output, and keeps going', async () => {
    await csoc.admin.post(
      '/api/v1/orgs/sim-org/commons',
      simCommonsDocument('faulty', { simulation: { failAtResource: 'database' } }),
    );
    const run = await csoc.admin.post('/api/v1/orgs/sim-org/commons/faulty/runs', {});
    const planned = await waitForRun(csoc.admin, 'sim-org', run.body.id, ['planned']);
    await csoc.admin.post(`/api/v1/orgs/sim-org/runs/${planned.id}/approve`);
    const failed = await waitForRun(csoc.admin, 'sim-org', run.body.id, []);
    expect(failed.state).toBe('failed');
    expect(failed.message).toMatch(/database/i);
    expect((await csoc.admin.get('/api/v1/orgs/sim-org/commons/faulty/state/lock')).body.locked).toBe(false);
  }, 120_000);

  it('lets viewers read runs but not plan or approve, and queues a second plan behind the first', async () => {
    const viewer = await createSignedInUser(csoc, 'viewer@sim.example', 'sim-org', 'viewer');
    await csoc.admin.post(
      '/api/v1/orgs/sim-org/commons',
      simCommonsDocument('queued', { simulation: { resourceDelaySeconds: 0 } }),
    );
    expect((await viewer.post('/api/v1/orgs/sim-org/commons/queued/runs', {})).status).toBe(403);
    const first = await csoc.admin.post('/api/v1/orgs/sim-org/commons/queued/runs', {});
    const second = await csoc.admin.post('/api/v1/orgs/sim-org/commons/queued/runs', {});
    await waitForRun(csoc.admin, 'sim-org', first.body.id, ['planned']);
    // The second waits while the first is planned and unapproved.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await csoc.admin.get(`/api/v1/orgs/sim-org/runs/${second.body.id}`)).body.state).toBe('queued');
    expect((await viewer.post(`/api/v1/orgs/sim-org/runs/${first.body.id}/approve`)).status).toBe(403);
    // Operators may plan but, with the default CSOC_APPROVER_MIN_ROLE=admin, not approve.
    const operator = await createSignedInUser(csoc, 'operator@sim.example', 'sim-org', 'operator');
    const operatorApproval = await operator.post(`/api/v1/orgs/sim-org/runs/${first.body.id}/approve`);
    expect(operatorApproval.status).toBe(403);
    expect(operatorApproval.body.error.code).toBe('approval_role_required');
    expect((await csoc.admin.post(`/api/v1/orgs/sim-org/runs/${first.body.id}/discard`)).body.state).toBe(
      'discarded',
    );
    const secondPlanned = await waitForRun(csoc.admin, 'sim-org', second.body.id, ['planned']);
    expect(secondPlanned.state).toBe('planned');
    const cancelled = await csoc.admin.post(`/api/v1/orgs/sim-org/runs/${second.body.id}/cancel`);
    expect(cancelled.body.state).toBe('cancelled');
    const output = await viewer.get(`/api/v1/orgs/sim-org/runs/${first.body.id}/output`);
    expect(output.body.items.length).toBeGreaterThan(1);
  }, 120_000);
});
