// A wave's look deploys all its steps in ONE commit (ADR 0044), on both databases against the SIMULATED Argo
// CD: one deploy record per commons at the shared commit, each with a diff of its own folder only, each
// followed to Healthy; and moving one commons of that shared commit back (the stage rollback's unit) is a
// new commit restoring only that commons' folder, leaving the others deployed.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import { runGit } from '../gitops/repository/runGit.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { deployReleases } from './deployRelease.ts';
import { findWaveById, listWaveMembers } from './waveStore.ts';

const ORG = 'batch-org';
const NAMES = ['b-a', 'b-b', 'b-c', 'b-d'];
const POLL = { timeout: 120_000, interval: 200 };

describe.each(testDatabaseTargets)('batched wave looks on $dialect', { timeout: 300_000 }, (target) => {
  let csoc: TestCsoc;
  let gitDir: string;
  const git = async (...args: string[]) => (await runGit(args, { gitDir })).stdout;

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: {
        CSOC_PROBE_INTERVAL_SECONDS: '0',
        CSOC_SIM_SYNC_DELAY_MS: '100',
        CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0',
      },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    for (const name of NAMES) {
      const document = simCommonsDocument(
        name,
        {},
        { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } },
      );
      const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
        ...document,
        metadata: { ...document.metadata, labels: { group: 'batch' } },
      });
      expect(created.status, created.text).toBe(201);
      await recordInfrastructure(csoc.context.database, created.body.id, {
        status: 'provisioned',
        outputs: simApplyOutputs(name),
      });
      // Each commons deployed once as a person would, so the wave's step changes existing folders.
      const deployed = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/deploys`, {});
      expect(deployed.status, deployed.text).toBe(201);
    }
    gitDir = path.join(csoc.context.gitops.repository.localRoot!, `${ORG}.git`);
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  const deployOf = async (commons: string, id: string) =>
    (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${commons}/deploys/${id}`)).body;
  const touchedFiles = (diff: string) =>
    [...diff.matchAll(/^diff --git a\/(\S+) /gm)].map((match) => match[1]!);

  it('makes one commit per look with one deploy record per commons, each diff only its own folder; moving one commons back leaves the others deployed', async () => {
    const commitsBefore = Number((await git('rev-list', '--count', 'main')).trim());
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/waves`, {
      name: 'batch-wave',
      selector: 'group=batch',
      targetRelease: '2025.07',
      soakSeconds: 0,
      maxParallel: NAMES.length,
    });
    expect(created.status, created.text).toBe(201);
    await expect
      .poll(async () => (await csoc.admin.get(`/api/v1/orgs/${ORG}/waves/batch-wave`)).body.state, POLL)
      .toBe('completed');
    const wave = (await csoc.admin.get(`/api/v1/orgs/${ORG}/waves/batch-wave`)).body;

    // One commit for the whole look, naming every commons; one deploy record each, all at that commit.
    expect(Number((await git('rev-list', '--count', 'main')).trim())).toBe(commitsBefore + 1);
    const deploys = await Promise.all(
      NAMES.map(async (name) => {
        const item = wave.members.find((member: { commons: string }) => member.commons === name);
        expect(item.state).toBe('done');
        return deployOf(name, item.deployId);
      }),
    );
    const shared = deploys[0].commit as string;
    expect(shared).toMatch(/^[0-9a-f]{40}$/);
    expect((await git('rev-parse', 'main')).trim()).toBe(shared);
    expect(await git('show', '-s', '--format=%B', shared)).toContain(`Release wave batch-wave`);
    for (const [index, deploy] of deploys.entries()) {
      const name = NAMES[index]!;
      expect(deploy.commit).toBe(shared);
      expect(deploy.release).toBe('2025.07');
      expect(deploy.status).toBe('healthy');
      const committed = deploy.timeline.find((entry: { status: string }) => entry.status === 'committed');
      expect(committed.message).toContain(`together with ${NAMES.length - 1} other commons`);
      const files = touchedFiles(deploy.diff);
      expect(files.length).toBeGreaterThan(0);
      expect(files.every((file) => file.startsWith(`${ORG}/${name}/`))).toBe(true);
      expect(deploy.diff).toContain('2025.07');
    }
    const changedInShared = (await git('show', '--name-only', '--format=', shared)).trim().split('\n');
    expect(new Set(changedInShared.map((file) => file.split('/')[1]))).toEqual(new Set(NAMES));

    // Move one commons of the shared commit back, as a stage rollback does for each commons it moved.
    const waveRow = (await findWaveById(csoc.context.database, wave.id as string))!;
    const bb = (await listWaveMembers(csoc.context.database, waveRow.id)).find(
      (member) => member.commons_name === 'b-b',
    )!;
    const [reverted] = await deployReleases(
      csoc.context,
      waveRow,
      [{ member: bb, release: '2025.06' }],
      'Rollback test',
      () => 'Rollback test: back to Gen3 2025.06',
    );
    expect(reverted!.error).toBeUndefined();
    const revertCommit = reverted!.deploy!.commit_sha!;
    expect(revertCommit).not.toBe(shared);
    expect((await git('rev-parse', `${revertCommit}^`)).trim()).toBe(shared);
    // The revert is a new commit of bb's folder only, restoring what it held before the shared commit.
    const changedInRevert = (await git('show', '--name-only', '--format=', revertCommit)).trim().split('\n');
    expect(changedInRevert.every((file) => file.startsWith(`${ORG}/b-b/`))).toBe(true);
    expect(await git('diff', `${shared}^`, revertCommit, '--', `${ORG}/b-b/`)).toBe('');
    for (const name of ['b-a', 'b-c', 'b-d'])
      expect(await git('diff', shared, revertCommit, '--', `${ORG}/${name}/`)).toBe('');
    expect(touchedFiles(reverted!.deploy!.diff).every((file) => file.startsWith(`${ORG}/b-b/`))).toBe(true);

    await expect.poll(async () => (await deployOf('b-b', reverted!.deploy!.id)).status, POLL).toBe('healthy');
    for (const name of NAMES) {
      const release = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}`)).body.spec.gen3.release;
      expect(release).toBe(name === 'b-b' ? '2025.06' : '2025.07');
    }
    // The others' deploys of the shared commit stay what they were: healthy, not superseded.
    for (const [index, deploy] of deploys.entries())
      if (NAMES[index] !== 'b-b') {
        const again = await deployOf(NAMES[index]!, deploy.id);
        expect(again.status).toBe('healthy');
        expect(again.message).not.toContain('superseded');
      }
  });
});
