// What the run engine does when things go wrong: plugins that write garbage, exit non-zero without an
// error event, or hang; cancellation during an apply; a plan made stale by a state restore.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PLUGIN_DIRS } from '../plugins/pluginRegistry.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';

const ORG = 'edge-org';
const simManifest = JSON.parse(fs.readFileSync(path.join(BUILTIN_PLUGIN_DIRS[0]!, 'manifest.json'), 'utf8'));

/** A plugin folder whose every verb runs `script` (plain Node), installed under `name`. */
function fakePlugin(name: string, script: string): { manifest: Record<string, unknown>; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `csoc-fake-${name}-`));
  fs.writeFileSync(path.join(dir, 'plugin.mjs'), script);
  const manifest = {
    ...simManifest,
    name,
    version: '1.0.0',
    tier: 'community',
    description: `test plugin ${name}`,
    runtime: { command: ['node', 'plugin.mjs'] },
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { manifest, dir };
}

describe('run engine edge cases (SQLite)', () => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: { CSOC_RUN_TIMEOUT_SECONDS: '10' },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    const plugins = {
      garbage: `console.log('this is not an event'); console.log(JSON.stringify({v:1,time:new Date().toISOString(),type:'log',level:'info',message:'before the garbage'})); console.log('{broken json'); process.exit(0);`,
      crasher: `console.log(JSON.stringify({v:1,time:new Date().toISOString(),type:'log',level:'info',message:'about to crash'})); process.stderr.write('segfault-ish trouble\\n'); process.exit(3);`,
      sleeper: `console.log(JSON.stringify({v:1,time:new Date().toISOString(),type:'log',level:'info',message:'sleeping forever'})); setInterval(() => {}, 1000);`,
    };
    for (const [name, script] of Object.entries(plugins)) {
      const plugin = fakePlugin(name, script);
      const installed = await csoc.admin.post('/api/v1/plugins', {
        manifest: plugin.manifest,
        sourceKind: 'directory',
        source: plugin.dir,
      });
      expect(installed.status, installed.text).toBe(201);
      const document = simCommonsDocument(`uses-${name}`);
      await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
        ...document,
        spec: { ...document.spec, plugin: { name, version: '1.0.0' } },
      });
    }
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  it('fails runs whose plugin writes garbage, crashes or hangs, showing the last output, and keeps working', async () => {
    const started = Object.fromEntries(
      await Promise.all(
        ['garbage', 'crasher', 'sleeper'].map(async (name) => [
          name,
          (await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/uses-${name}/runs`, {})).body.id,
        ]),
      ),
    );
    const garbage = await waitForRun(csoc.admin, ORG, started.garbage, [], 60_000);
    expect(garbage.state).toBe('failed');
    expect(garbage.message).toMatch(/not contract events/);
    expect(garbage.message).toContain('this is not an event');
    const crasher = await waitForRun(csoc.admin, ORG, started.crasher, [], 60_000);
    expect(crasher.state).toBe('failed');
    expect(crasher.exitCode).toBe(3);
    expect(crasher.message).toContain('segfault-ish trouble');
    const sleeper = await waitForRun(csoc.admin, ORG, started.sleeper, [], 90_000);
    expect(sleeper.state).toBe('failed');
    expect(sleeper.message).toMatch(/did not finish within 10 s/);
    expect(sleeper.message).toContain('sleeping forever');
    // The worker is still healthy: a real plan runs to completion.
    await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('after-faults'));
    const healthy = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/after-faults/runs`, {});
    expect((await waitForRun(csoc.admin, ORG, healthy.body.id, ['planned'], 60_000)).state).toBe('planned');
    await csoc.admin.post(`/api/v1/orgs/${ORG}/runs/${healthy.body.id}/discard`);
  }, 180_000);

  it('cancels an apply in flight: the plugin stops, the run is cancelled, the state lock is released', async () => {
    await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument('slow', { simulation: { resourceDelaySeconds: 1.5 } }),
    );
    const run = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/slow/runs`, {});
    await waitForRun(csoc.admin, ORG, run.body.id, ['planned'], 60_000);
    await csoc.admin.post(`/api/v1/orgs/${ORG}/runs/${run.body.id}/approve`);
    for (let attempt = 0; attempt < 100; attempt++) {
      const lock = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/slow/state/lock`)).body;
      if (lock.locked) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cancel = await csoc.admin.post(`/api/v1/orgs/${ORG}/runs/${run.body.id}/cancel`);
    expect(cancel.body.cancelRequested).toBe(true);
    const ended = await waitForRun(csoc.admin, ORG, run.body.id, [], 60_000);
    expect(ended.state).toBe('cancelled');
    expect((await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/slow/state/lock`)).body.locked).toBe(false);
  }, 120_000);

  it('refuses to apply a plan made stale by a state restore', async () => {
    await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('stale'));
    const first = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/stale/runs`, {});
    await waitForRun(csoc.admin, ORG, first.body.id, ['planned'], 60_000);
    await csoc.admin.post(`/api/v1/orgs/${ORG}/runs/${first.body.id}/approve`);
    expect((await waitForRun(csoc.admin, ORG, first.body.id, [], 60_000)).state).toBe('succeeded');
    await csoc.admin.put(
      `/api/v1/orgs/${ORG}/commons/stale`,
      simCommonsDocument('stale', { buckets: ['extra'] }),
    );
    const second = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/stale/runs`, {});
    await waitForRun(csoc.admin, ORG, second.body.id, ['planned'], 60_000);
    const versions = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/stale/state/versions`)).body.items;
    // While an operation holds the state lock, a restore waits like any writer (423), changing nothing.
    const commonsId = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/stale`)).body.id;
    await csoc.context.database.db
      .insertInto('state_locks')
      .values({
        commons_id: commonsId,
        lock_id: 'held-by-someone-else',
        info: JSON.stringify({ ID: 'held-by-someone-else', Operation: 'OperationTypeApply' }),
        run_id: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const whileLocked = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons/stale/state/versions/${versions.at(-1).id}/restore`,
    );
    expect(whileLocked.status, whileLocked.text).toBe(423);
    expect(whileLocked.body.error.message).toMatch(/wait for it to finish/);
    expect(
      (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/stale/state/versions`)).body.items,
    ).toHaveLength(versions.length);
    expect((await csoc.admin.delete(`/api/v1/orgs/${ORG}/commons/stale/state/lock`)).status).toBe(200);
    const restored = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons/stale/state/versions/${versions.at(-1).id}/restore`,
    );
    expect(restored.status, restored.text).toBe(200);
    expect(restored.body.serial).toBe(versions[0].serial + 1);
    const approve = await csoc.admin.post(`/api/v1/orgs/${ORG}/runs/${second.body.id}/approve`);
    expect(approve.status).toBe(409);
    expect(approve.body.error.code).toBe('plan_stale');
    expect((await csoc.admin.get(`/api/v1/orgs/${ORG}/runs/${second.body.id}`)).body.state).toBe('discarded');
    const audit = await csoc.admin.get(`/api/v1/orgs/${ORG}/audit?action=state.manage`);
    expect(audit.body.items[0].summary.restoredFrom).toBe(versions.at(-1).serial);
  }, 120_000);
});
