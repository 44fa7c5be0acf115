// With several CSOC processes on one database, each unfinished deploy is followed by exactly one of them;
// when that one stops renewing (it died), another takes over after the lease, and a release hands it on at once.
import { newId } from '@csoc/common';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../../commons/recordInfrastructure.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { createSqliteTestDatabase, testDatabaseTargets } from '../../testing/testDatabases.ts';
import { ensureOrg } from '../../testing/testUsers.ts';
import {
  claimDeployLease,
  DEPLOY_LEASE_MS,
  releaseDeployLease,
  renewDeployLease,
  unfollowedDeploys,
} from './deployFollowLease.ts';
import { noteOnDeploy, transition } from './deployService.ts';

describe.each(testDatabaseTargets)('deploy follow leases on $dialect', (target) => {
  let csoc: TestCsoc;
  let commonsId: string;
  let orgId: string;

  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, 'lease-org');
    await createSimAccount(csoc.admin, 'lease-org');
    const created = await csoc.admin.post('/api/v1/orgs/lease-org/commons', simCommonsDocument('leased'));
    expect(created.status, created.text).toBe(201);
    commonsId = created.body.id;
    orgId = (await csoc.admin.get('/api/v1/orgs/lease-org')).body.id;
  }, 60_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  async function insertDeploy(finished = false): Promise<string> {
    const id = newId();
    await csoc.context.database.db
      .insertInto('deploys')
      .values({
        id,
        org_id: orgId,
        commons_id: commonsId,
        revision: 1,
        release: '2025.06',
        commit_sha: 'a'.repeat(40),
        diff: '',
        status: finished ? 'healthy' : 'syncing',
        message: '',
        timeline: '[]',
        requested_by: 'test',
        requested_by_id: 'test',
        created_at: new Date().toISOString(),
        finished_at: finished ? new Date().toISOString() : null,
        follower_id: null,
        follower_lease_expires_at: null,
      })
      .execute();
    return id;
  }

  it('lets one process follow a deploy; another takes over only after the lease expires or is released', async () => {
    const database = csoc.context.database;
    const deploy = await insertDeploy();
    const now = Date.now();
    expect(await unfollowedDeploys(database, now)).toContain(deploy);
    expect(await claimDeployLease(database, deploy, 'replica-a', now)).toBe(true);
    expect(await claimDeployLease(database, deploy, 'replica-b', now + 1000)).toBe(false);
    expect(await unfollowedDeploys(database, now + 1000)).not.toContain(deploy);
    expect(await renewDeployLease(database, deploy, 'replica-a', now + 10_000)).toBe(true);
    // Replica A stops renewing (it died): after its lease, B claims, and A learns it lost the deploy.
    const afterLease = now + 10_000 + DEPLOY_LEASE_MS + 1;
    expect(await unfollowedDeploys(database, afterLease)).toContain(deploy);
    expect(await claimDeployLease(database, deploy, 'replica-b', afterLease)).toBe(true);
    expect(await renewDeployLease(database, deploy, 'replica-a', afterLease)).toBe(false);
    // A release hands it on at once.
    await releaseDeployLease(database, deploy, 'replica-a'); // not the holder: changes nothing
    expect(await claimDeployLease(database, deploy, 'replica-a', afterLease + 1)).toBe(false);
    await releaseDeployLease(database, deploy, 'replica-b');
    expect(await claimDeployLease(database, deploy, 'replica-a', afterLease + 1)).toBe(true);
  });

  it('never hands out a finished deploy', async () => {
    const deploy = await insertDeploy(true);
    expect(await unfollowedDeploys(csoc.context.database)).not.toContain(deploy);
    expect(await claimDeployLease(csoc.context.database, deploy, 'replica-a')).toBe(false);
  });

  it('lets exactly one of many simultaneous claims win', async () => {
    const deploy = await insertDeploy();
    const now = Date.now();
    const wins = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        claimDeployLease(csoc.context.database, deploy, `replica-${index}`, now),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('keeps every timeline line when a note and a status change are written at the same time', async () => {
    const deploy = await insertDeploy();
    // The follower moves the status (one change after another) while the ingest delivery's outcome and
    // another note are written, as happens after a deploy.
    const follow = async () => {
      await transition(csoc.context, deploy, 'syncing', 'rolling out', false);
      await transition(csoc.context, deploy, 'healthy', 'every service ready', true);
    };
    await Promise.all([
      follow(),
      noteOnDeploy(csoc.context, deploy, 'ingest credential stored'),
      noteOnDeploy(csoc.context, deploy, 'telemetry agent configured'),
    ]);
    const row = await csoc.context.database.db
      .selectFrom('deploys')
      .select(['timeline', 'status', 'finished_at'])
      .where('id', '=', deploy)
      .executeTakeFirstOrThrow();
    const messages = (JSON.parse(row.timeline) as Array<{ message: string }>).map((entry) => entry.message);
    expect(messages.sort()).toEqual(
      ['every service ready', 'ingest credential stored', 'rolling out', 'telemetry agent configured'].sort(),
    );
    expect(row.status).toBe('healthy');
    expect(row.finished_at).not.toBeNull();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('a deploy in flight across a restart (SQLite, SIMULATED Argo CD)', () => {
  it('is given up at shutdown and followed to the end by the next process', async () => {
    const databaseUrl = createSqliteTestDatabase();
    // One address for both processes, as in production: the Argo CD application names the GitOps
    // repository by the CSOC's public URL.
    const port = String(await freePort());
    const slow = { CSOC_PORT: port, CSOC_SIM_SYNC_DELAY_MS: '4000', CSOC_DEPLOY_TIMEOUT_SECONDS: '60' };
    const first = await startTestCsoc({ databaseUrl, env: slow });
    let second: TestCsoc | undefined;
    try {
      await ensureOrg(first, 'restart-org');
      await createSimAccount(first.admin, 'restart-org');
      const created = await first.admin.post(
        '/api/v1/orgs/restart-org/commons',
        simCommonsDocument(
          'survivor',
          {},
          { gen3: { release: '2025.06', hostname: 'survivor.example.org' } },
        ),
      );
      expect(created.status, created.text).toBe(201);
      await recordInfrastructure(first.context.database, created.body.id, {
        status: 'provisioned',
        outputs: simApplyOutputs('survivor'),
      });
      const deploy = await first.admin.post('/api/v1/orgs/restart-org/commons/survivor/deploys', {});
      expect(deploy.status, deploy.text).toBe(201);
      await first.stop();
      second = await startTestCsoc({
        databaseUrl,
        env: { ...slow, CSOC_DATA_DIR: first.dataDir, CSOC_SIM_SYNC_DELAY_MS: '200' },
      });
      const deadline = Date.now() + 30_000;
      let current: any;
      for (;;) {
        current = (
          await second.admin.get(`/api/v1/orgs/restart-org/commons/survivor/deploys/${deploy.body.id}`)
        ).body;
        if (current.finishedAt || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(current.status, current.message).toBe('healthy');
      expect(current.timeline.map((entry: any) => entry.status)).toContain('healthy');
    } finally {
      await second?.stop();
    }
  }, 90_000);
});
