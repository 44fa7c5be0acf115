// Fault tests on PostgreSQL (the multi-worker database) with real worker processes: kill -9 of the worker
// in the middle of an apply, 20 times; several workers on one queue; ordering within a commons.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { secretsBaseFor } from './sweepLeftoverSecrets.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '../testing/simCommons.ts';
import { spawnWorker, type SpawnedWorker } from '../testing/spawnWorker.ts';
import { createPostgresTestDatabase } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';

const KILLS = 20;
const ORG = 'fault-org';

describe('run engine under faults (PostgreSQL, separate worker processes)', () => {
  let csoc: TestCsoc;
  let databaseUrl: string;
  const workers: SpawnedWorker[] = [];
  const workerEnv = () => ({
    CSOC_DATABASE_URL: databaseUrl,
    CSOC_DATA_DIR: csoc.dataDir,
    CSOC_PUBLIC_URL: csoc.url,
    CSOC_RUN_LEASE_SECONDS: '2',
    CSOC_WORKER_CONCURRENCY: '4',
  });

  beforeAll(async () => {
    databaseUrl = await createPostgresTestDatabase();
    csoc = await startTestCsoc({ databaseUrl, env: { CSOC_WORKER: 'off', CSOC_RUN_LEASE_SECONDS: '2' } });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await csoc?.stop();
  });

  it(`survives kill -9 of the worker mid-apply ${KILLS} times: no state lost or corrupted, no lock left, every run ended`, async () => {
    const admin = csoc.admin;
    // Plan every commons first with one worker, so each kill cycle below only has to interrupt an apply.
    const runIds: string[] = [];
    for (let index = 0; index < KILLS; index++) {
      const name = `crash-${index}`;
      expect(
        (
          await admin.post(
            `/api/v1/orgs/${ORG}/commons`,
            simCommonsDocument(name, { simulation: { resourceDelaySeconds: 0.4 } }),
          )
        ).status,
      ).toBe(201);
      runIds.push((await admin.post(`/api/v1/orgs/${ORG}/commons/${name}/runs`, {})).body.id);
    }
    const planner = spawnWorker(workerEnv());
    workers.push(planner);
    for (const runId of runIds) {
      const run = await waitForRun(admin, ORG, runId, ['planned'], 180_000);
      expect(run.state, run.message).toBe('planned');
    }
    await planner.kill('SIGTERM');

    for (let index = 0; index < KILLS; index++) {
      const runId = runIds[index]!;
      expect((await admin.post(`/api/v1/orgs/${ORG}/runs/${runId}/approve`)).status).toBe(200);
      const worker = spawnWorker({ ...workerEnv(), CSOC_WORKER_CONCURRENCY: '1' });
      workers.push(worker);
      // Wait until the apply has started creating resources, then kill the worker without warning.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const output = (await admin.get(`/api/v1/orgs/${ORG}/runs/${runId}/output?limit=5000`)).body.items;
        const started = output.filter(
          (record: any) =>
            record.kind === 'event' &&
            record.data.type === 'resource' &&
            record.data.status === 'started' &&
            record.createdAt >
              (output.find((r: any) => r.kind === 'state' && String(r.data.message ?? '').startsWith('apply'))
                ?.createdAt ?? '9'),
        );
        if (started.length >= 1) break;
        if (Date.now() > deadline) throw new Error(`apply of ${runId} never started:\n${worker.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await worker.kill('SIGKILL');
    }

    // A fresh worker reclaims every expired lease.
    const recoverer = spawnWorker(workerEnv());
    workers.push(recoverer);
    for (const runId of runIds) {
      const run = await waitForRun(admin, ORG, runId, [], 60_000);
      expect(['errored', 'succeeded'], `${runId}: ${run.state} ${run.message}`).toContain(run.state);
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (let index = 0; index < KILLS; index++) {
      const name = `crash-${index}`;
      const lock = (await admin.get(`/api/v1/orgs/${ORG}/commons/${name}/state/lock`)).body;
      expect(lock.locked, `${name} lock left: ${JSON.stringify(lock)}`).toBe(false);
      const versions = (await admin.get(`/api/v1/orgs/${ORG}/commons/${name}/state/versions`)).body.items;
      const serials = versions.map((version: any) => version.serial);
      expect(serials).toEqual([...serials].sort((a: number, b: number) => b - a));
      expect(new Set(versions.map((version: any) => version.lineage)).size).toBeLessThanOrEqual(1);
      for (const version of versions) {
        const download = await admin.get(
          `/api/v1/orgs/${ORG}/commons/${name}/state/versions/${version.id}/download`,
        );
        expect(download.status).toBe(200);
        expect(createHash('sha256').update(download.text).digest('hex')).toBe(version.checksum);
        expect(JSON.parse(download.text).serial).toBe(version.serial);
      }
    }
    // No secret file of an interrupted run is left on the host's tmpfs.
    const base = secretsBaseFor(csoc.context.database, csoc.context.config.dataDir);
    const leftovers = fs.existsSync(base)
      ? fs.readdirSync(base).filter((name) => runIds.some((runId) => name.startsWith(runId)))
      : [];
    expect(leftovers).toEqual([]);
    // The commons recover: a new plan on one of them runs to planned against whatever state survived.
    const again = await admin.post(`/api/v1/orgs/${ORG}/commons/crash-0/runs`, {});
    expect(['planned', 'succeeded']).toContain(
      (await waitForRun(admin, ORG, again.body.id, ['planned'], 60_000)).state,
    );
  }, 600_000);

  it('never lets two workers execute the same run, and keeps one commons strictly in order', async () => {
    const admin = csoc.admin;
    const ids: string[] = [];
    for (let index = 0; index < 6; index++) {
      await admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(`busy-${index}`));
      ids.push(
        (await admin.post(`/api/v1/orgs/${ORG}/commons/busy-${index}/runs`, { kind: 'plan' })).body.id,
      );
    }
    const sameCommons = [(await admin.post(`/api/v1/orgs/${ORG}/commons/busy-0/runs`, {})).body.id];
    const three = [spawnWorker(workerEnv()), spawnWorker(workerEnv()), spawnWorker(workerEnv())];
    workers.push(...three);
    const planned = await Promise.all(ids.map((id) => waitForRun(admin, ORG, id, ['planned'], 120_000)));
    for (const run of planned) {
      expect(run.state).toBe('planned');
      expect(run.attempt).toBe(1);
      const output = (await admin.get(`/api/v1/orgs/${ORG}/runs/${run.id}/output?limit=5000`)).body.items;
      expect(
        output.filter(
          (record: any) =>
            record.kind === 'state' && String(record.data.message ?? '').startsWith('plan with plugin'),
        ),
      ).toHaveLength(1);
    }
    // The second run of busy-0 waits behind the first, which waits for approval.
    expect((await admin.get(`/api/v1/orgs/${ORG}/runs/${sameCommons[0]}`)).body.state).toBe('queued');
    await admin.post(`/api/v1/orgs/${ORG}/runs/${ids[0]}/discard`);
    const second = await waitForRun(admin, ORG, sameCommons[0]!, ['planned'], 60_000);
    const first = (await admin.get(`/api/v1/orgs/${ORG}/runs/${ids[0]}`)).body;
    expect(Date.parse(second.startedAt)).toBeGreaterThanOrEqual(Date.parse(first.finishedAt));
    await Promise.all(three.map((worker) => worker.kill('SIGTERM')));
  }, 300_000);
});
