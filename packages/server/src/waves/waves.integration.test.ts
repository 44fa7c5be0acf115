// Release waves end to end on both databases, against the SIMULATED Argo CD and commons endpoints with
// scheduled probes: a wave moves labelled commons one release step, pauses itself at a commons made to
// degrade mid-wave (the rest of its stage not started), resumes, and rolls a stage back with revert deploys;
// a restart in the middle loses nothing; a maintenance window defers a commons; a prod stage waits for a
// second approver; a viewer cannot start a wave.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import type { ApiClient } from '../testing/ApiClient.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';

const ORG = 'wave-org';
const POLL = { timeout: 120_000, interval: 200 };
/** A free port, kept for both processes of the restart test: Argo CD names the repository by CSOC's URL. */
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

const ENV = {
  CSOC_PROBE_INTERVAL_SECONDS: '1',
  CSOC_SIM_SYNC_DELAY_MS: '100',
  CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0',
  CSOC_APPROVAL_SEPARATE_APPROVER: 'true',
};

describe.each(testDatabaseTargets)('release waves on $dialect', { timeout: 300_000 }, (target) => {
  let csoc: TestCsoc;
  let databaseUrl: string;
  let env: Record<string, string>;

  async function createCommons(
    name: string,
    labels: Record<string, string>,
    environment: 'dev' | 'prod' = 'dev',
  ): Promise<void> {
    const document = simCommonsDocument(
      name,
      {},
      { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } },
    );
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
      ...document,
      metadata: { ...document.metadata, labels },
      spec: { ...document.spec, environment },
    });
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs(name),
    });
  }

  const wave = async (name: string, client: ApiClient = csoc.admin) =>
    (await client.get(`/api/v1/orgs/${ORG}/waves/${name}`)).body;
  /** The state, and why when paused: a failed poll says why the wave stopped. */
  const stateAndReason = (body: { state: string; pausedReason: string | null }) =>
    body.pausedReason ? `${body.state}: ${body.pausedReason}` : body.state;
  const member = async (waveName: string, commons: string) =>
    (await wave(waveName)).members.find((item: { commons: string }) => item.commons === commons);
  const releaseOf = async (commons: string) =>
    (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${commons}`)).body.spec.gen3.release;

  async function startWave(body: Record<string, unknown>, client: ApiClient = csoc.admin) {
    const created = await client.post(`/api/v1/orgs/${ORG}/waves`, {
      targetRelease: '2025.07',
      soakSeconds: 0,
      ...body,
    });
    return created;
  }

  async function injectFault(commons: string, body: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${csoc.context.simArgoCdUrl}/sim-control/faults/${ORG}/${commons}`, {
      method: body.fault === undefined ? 'DELETE' : 'PUT',
      headers: {
        authorization: `Bearer ${csoc.context.simArgoCdToken}`,
        ...(body.fault === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body.fault === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status, await response.text()).toBe(200);
  }

  beforeAll(async () => {
    databaseUrl = await target.create();
    env = { ...ENV, CSOC_PORT: String(await freePort()) };
    csoc = await startTestCsoc({ databaseUrl, env });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('pauses at a commons that degrades mid-wave without starting the rest of its stage, resumes, and rolls the stage back', async () => {
    for (const name of ['pa-canary', 'pb-sick', 'pc-later']) await createCommons(name, { group: 'pause' });
    const created = await startWave({
      name: 'pause-wave',
      selector: 'group=pause',
      stages: { canary: { commons: ['pa-canary'] }, batch: { count: 2 } },
      maxParallel: 1,
    });
    expect(created.status, created.text).toBe(201);
    expect(
      created.body.stages.map((stage: { name: string; commons: number }) => [stage.name, stage.commons]),
    ).toEqual([
      ['canary', 1],
      ['batch 1', 2],
    ]);

    // The canary passes; once the sick commons is under way, one of its services fails in the simulator.
    await expect
      .poll(async () => (await member('pause-wave', 'pb-sick')).state, POLL)
      .toMatch(/starting|upgrading/);
    await injectFault('pb-sick', { service: 'fence', fault: 'down' });
    await expect.poll(async () => (await wave('pause-wave')).state, POLL).toBe('paused');
    const paused = await wave('pause-wave');
    expect(paused.pausedCommons).toBe('pb-sick');
    expect(paused.pausedReason).toContain('pb-sick probes degraded');
    expect(paused.pausedReason).toContain('fence down');
    expect((await member('pause-wave', 'pa-canary')).state).toBe('done');
    expect((await member('pause-wave', 'pc-later')).state).toBe('pending');
    expect(await releaseOf('pc-later')).toBe('2025.06');

    // The operator fixes it and resumes: the rest of the stage goes on.
    await injectFault('pb-sick', {});
    const resumed = await csoc.admin.post(`/api/v1/orgs/${ORG}/waves/pause-wave/resume`, {
      reason: 'fence fixed',
    });
    expect(resumed.status, resumed.text).toBe(200);
    await expect
      .poll(async () => (await member('pause-wave', 'pc-later')).state, POLL)
      .toMatch(/starting|upgrading|done/);

    // Rolling the stage back reverts each commons it moved, as deploys, and ends the wave.
    const rolledBack = await csoc.admin.post(`/api/v1/orgs/${ORG}/waves/pause-wave/rollback`, {});
    expect(rolledBack.status, rolledBack.text).toBe(200);
    expect(rolledBack.body.state).toBe('rolling_back');
    await expect.poll(async () => (await wave('pause-wave')).state, POLL).toBe('rolled_back');
    const ended = await wave('pause-wave');
    for (const name of ['pb-sick', 'pc-later']) {
      expect(await releaseOf(name)).toBe('2025.06');
      const item = ended.members.find((candidate: { commons: string }) => candidate.commons === name);
      expect(item.state).toBe('rolled_back');
      const deploy = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/deploys/${item.deployId}`))
        .body;
      expect(deploy.release).toBe('2025.06');
    }
    expect(await releaseOf('pa-canary')).toBe('2025.07');
    const events = (await csoc.admin.get(`/api/v1/orgs/${ORG}/waves/pause-wave/events`)).body.items;
    expect(events.map((event: { kind: string }) => event.kind)).toEqual(
      expect.arrayContaining([
        'created',
        'step',
        'done',
        'stage-passed',
        'paused',
        'resumed',
        'rollback-requested',
        'rolled-back',
      ]),
    );
    expect(events.find((event: { kind: string }) => event.kind === 'resumed').message).toBe(
      'resumed: fence fixed',
    );
  });

  it('defers a commons outside its maintenance window, then starts it inside one', async () => {
    const now = new Date();
    const hour = (offset: number) => String((now.getUTCHours() + offset) % 24).padStart(2, '0');
    // A window that opened an hour ago is open; one that opens in two hours is not.
    await createCommons('mw-closed', {
      group: 'window',
      'csoc.gen3.org/maintenance-window': `${hour(2)}00-${hour(3)}00`,
    });
    const created = await startWave({ name: 'window-wave', selector: 'group=window' });
    expect(created.status, created.text).toBe(201);
    await expect.poll(async () => (await member('window-wave', 'mw-closed')).state, POLL).toBe('deferred');
    const deferred = await member('window-wave', 'mw-closed');
    expect(deferred.message).toContain('outside its maintenance window');
    expect((await wave('window-wave')).state).toBe('running');
    expect(await releaseOf('mw-closed')).toBe('2025.06');

    const current = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/mw-closed`);
    const relabelled = await csoc.admin.put(
      `/api/v1/orgs/${ORG}/commons/mw-closed`,
      {
        apiVersion: 'csoc.gen3.org/v1',
        kind: 'Commons',
        metadata: {
          name: 'mw-closed',
          labels: { group: 'window', 'csoc.gen3.org/maintenance-window': `${hour(23)}00-${hour(2)}00` },
        },
        spec: current.body.spec,
      },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(relabelled.status, relabelled.text).toBe(200);
    await expect.poll(async () => stateAndReason(await wave('window-wave')), POLL).toBe('completed');
    expect(await releaseOf('mw-closed')).toBe('2025.07');
  });

  it('makes a prod stage wait for a second person, and keeps viewers from starting waves', async () => {
    await createCommons('prod-one', { group: 'prod' }, 'prod');
    const viewer = await createSignedInUser(csoc, `viewer-${target.dialect}@example.org`, ORG, 'viewer');
    const refused = await startWave({ name: 'viewer-wave', selector: 'group=prod' }, viewer);
    expect(refused.status).toBe(403);
    expect((await viewer.get(`/api/v1/orgs/${ORG}/waves`)).status).toBe(200);

    const created = await startWave({ name: 'prod-wave', selector: 'group=prod' });
    expect(created.status, created.text).toBe(201);
    expect(created.body.stages[0].needsApproval).toBe(true);
    await expect.poll(async () => (await wave('prod-wave')).state, POLL).toBe('awaiting_approval');
    expect(await releaseOf('prod-one')).toBe('2025.06');
    const self = await csoc.admin.post(`/api/v1/orgs/${ORG}/waves/prod-wave/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain('second person');
    expect((await viewer.post(`/api/v1/orgs/${ORG}/waves/prod-wave/approve`, {})).status).toBe(403);

    const approver = await createSignedInUser(csoc, `approver-${target.dialect}@example.org`, ORG, 'admin');
    const approved = await approver.post(`/api/v1/orgs/${ORG}/waves/prod-wave/approve`, {
      reason: 'change 42',
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.stages[0].approvedBy).toBe(`approver-${target.dialect}@example.org`);
    await expect.poll(async () => stateAndReason(await wave('prod-wave')), POLL).toBe('completed');
    expect(await releaseOf('prod-one')).toBe('2025.07');
  });

  it('loses nothing across a restart in the middle of a wave', async () => {
    for (const name of ['r-one', 'r-two', 'r-three']) await createCommons(name, { group: 'restart' });
    const created = await startWave({ name: 'restart-wave', selector: 'group=restart', maxParallel: 1 });
    expect(created.status, created.text).toBe(201);
    await expect
      .poll(async () => (await member('restart-wave', 'r-two')).state, POLL)
      .toMatch(/starting|upgrading/);
    const dataDir = csoc.dataDir;
    // The simulated Argo CD keeps its Applications in memory, so after a restart the commons deployed
    // before it would answer 404 to probes until deployed again (a real Argo CD runs apart from CSOC):
    // the second process does not probe, and the gate judges the deploys alone.
    await csoc.stop();
    csoc = await startTestCsoc({
      databaseUrl,
      env: { ...env, CSOC_DATA_DIR: dataDir, CSOC_PROBE_INTERVAL_SECONDS: '0' },
    });
    await expect.poll(async () => stateAndReason(await wave('restart-wave')), POLL).toBe('completed');
    for (const name of ['r-one', 'r-two', 'r-three']) {
      // One release step each: the step interrupted by the restart was finished, not taken twice.
      expect(await releaseOf(name)).toBe('2025.07');
      const deploys = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/deploys`)).body.items;
      expect(deploys.every((deploy: { release: string }) => deploy.release === '2025.07')).toBe(true);
    }
  });
});
