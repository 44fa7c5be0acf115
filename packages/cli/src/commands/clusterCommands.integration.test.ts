// `csoc cluster …`, the real binary against a real CSOC whose commons has a simulated cluster reached
// through the real agent link: the live view prints what the cluster holds, a log prints its lines, an
// action without --yes is refused, usersync with --follow prints its output and exits 0, a failing job
// exits 3 with its reason, and the list shows who did what. `logs --follow` prints lines as the simulated
// pod writes them and Ctrl-C ends it at once, the cluster's log follow closed with it; lists read all pages.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAgentLink, startSimulatedCommonsCluster, type AgentLink } from '@csoc/agent';
import { simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { createSignedInUser } from '@csoc/server/testing/testUsers.ts';
import { waitFor } from '@csoc/server/testing/waitFor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliTestFixture, type CliTestFixture } from '../testing/startCliTestFixture.ts';

const ORG = 'cli-cluster-org';
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/csoc.mjs');

describe('csoc cluster (SQLite, simulated cluster, real agent link)', { timeout: 400_000 }, () => {
  let fixture: CliTestFixture;
  let link: AgentLink;
  let cluster: Awaited<ReturnType<typeof startSimulatedCommonsCluster>>;
  const more: { link: AgentLink; cluster: Awaited<ReturnType<typeof startSimulatedCommonsCluster>> }[] = [];
  const csoc = (args: string[]) => fixture.csoc(args);

  beforeAll(async () => {
    fixture = await startCliTestFixture({ org: ORG, simAccount: true });
    const admin = fixture.server.admin;
    expect((await admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('dev'))).status).toBe(201);
    const token = await admin.post(`/api/v1/orgs/${ORG}/commons/dev/agent/join-token`, {});
    cluster = await startSimulatedCommonsCluster({
      namespace: 'gen3-dev',
      tickMs: 20,
      workloads: [{ service: 'fence', image: 'quay.io/cdis/fence:2025.06', replicas: 1, kind: 'Deployment' }],
    });
    link = createAgentLink({
      csocUrl: fixture.server.url,
      identityStore: cluster.identityStore,
      readJoinToken: async () => token.body.token,
      handlers: cluster.handlers,
      reconnectInitialDelayMs: 50,
      reconnectMaxDelayMs: 500,
    });
    await waitFor('fence to be ready through the agent', async () => {
      const response = await admin.get(`/api/v1/orgs/${ORG}/commons/dev/cluster/workloads`);
      return response.status === 200 &&
        response.body.workloads.some(
          (w: { name: string; ready: number }) => w.name === 'fence' && w.ready === 1,
        )
        ? true
        : undefined;
    });
  }, 200_000);
  afterAll(async () => {
    for (const extra of more) {
      await extra.link.stop();
      await extra.cluster.close();
    }
    await link?.stop();
    await cluster?.close();
    await fixture?.stop();
  });

  it('prints the workloads, pods, events and a pod log', async () => {
    const listed = await csoc(['cluster', 'workloads', `${ORG}/dev`]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/Deployment\s+fence\s+1\/1\s+quay\.io\/cdis\/fence:2025\.06/);
    expect(listed.stdout).toMatch(/CronJob\s+usersync/);

    const pods = await csoc(['cluster', 'pods', `${ORG}/dev`, '-o', 'json']);
    expect(pods.code, pods.stderr).toBe(0);
    const fencePod = (JSON.parse(pods.stdout) as { name: string; phase: string }[]).find((pod) =>
      pod.name.startsWith('fence-'),
    )!;
    expect(fencePod.phase).toBe('Running');
    const events = await csoc(['cluster', 'events', `${ORG}/dev`]);
    expect(events.code, events.stderr).toBe(0);
    expect(events.stdout).toMatch(/LAST SEEN\s+TYPE\s+REASON/);

    const log = await waitFor('the fence pod to have logged', async () => {
      const result = await csoc(['cluster', 'logs', `${ORG}/dev`, fencePod.name, '--tail', '5']);
      return result.code === 0 && result.stdout.trim() ? result.stdout : undefined;
    });
    expect(log.trim().split('\n').length).toBeLessThanOrEqual(5);
    const missing = await csoc(['cluster', 'logs', `${ORG}/dev`, 'no-such-pod']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cluster_object_not_found');
  });

  it('follows a pod log as the pod writes it, and Ctrl-C ends it cleanly, closing the follow in the cluster', async () => {
    const pods = await csoc(['cluster', 'pods', `${ORG}/dev`, '-o', 'json']);
    const fencePod = (JSON.parse(pods.stdout) as { name: string; phase: string }[]).find(
      (pod) => pod.name.startsWith('fence-') && pod.phase === 'Running',
    )!;
    const simPod = cluster.cluster.state.pods.get(fencePod.name)!;
    const child = spawn(
      process.execPath,
      [bin, 'cluster', 'logs', `${ORG}/dev`, fencePod.name, '--follow', '--tail', '1'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: fixture.home,
          XDG_CONFIG_HOME: path.join(fixture.home, 'xdg'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    try {
      await waitFor('the log follow to reach the simulated pod', async () =>
        simPod.followers.size > 0 ? true : undefined,
      );
      for (const marker of ['first-marker-4d1f', 'second-marker-9b2e']) {
        cluster.cluster.writeLog(fencePod.name, `line ${marker}`);
        await waitFor(`${marker} to be printed while the command still runs`, async () =>
          output.stdout.includes(`line ${marker}\n`) ? true : undefined,
        );
        expect(child.exitCode).toBeNull();
      }
      child.kill('SIGINT');
      const ended = await exited;
      expect(ended.code === 130 || ended.signal === 'SIGINT', JSON.stringify(ended)).toBe(true);
      expect(output.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
      // The abort travelled: CSOC cancelled the stream and the agent closed its follow of the pod's log.
      await waitFor('the cluster-side follow to close', async () =>
        simPod.followers.size === 0 ? true : undefined,
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('reads workloads a page at a time with --limit and --cursor, and all pages without', async () => {
    const all = await csoc(['cluster', 'workloads', `${ORG}/dev`, '-o', 'json']);
    expect(all.code, all.stderr).toBe(0);
    const names = (JSON.parse(all.stdout) as { name: string }[]).map((workload) => workload.name);
    const first = await csoc(['cluster', 'workloads', `${ORG}/dev`, '--limit', '2', '-o', 'json']);
    expect(first.code, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as unknown[]).length).toBe(2);
    const cursor = /more: add --cursor (\S+)/.exec(first.stderr)?.[1];
    expect(cursor, first.stderr).toBeDefined();
    const second = await csoc(['cluster', 'workloads', `${ORG}/dev`, '--cursor', cursor!, '-o', 'json']);
    expect(second.code, second.stderr).toBe(0);
    expect(
      [
        ...(JSON.parse(first.stdout) as { name: string }[]),
        ...(JSON.parse(second.stdout) as { name: string }[]),
      ].map((workload) => workload.name),
    ).toEqual(names.slice(0, 2 + (JSON.parse(second.stdout) as unknown[]).length));
    const bad = await csoc(['cluster', 'pods', `${ORG}/dev`, '--limit', '9999']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit must be a number from 1 to 500');
  });

  it('runs actions: --yes is required, usersync is followed to success, a failing job exits 3', async () => {
    const unconfirmed = await csoc(['cluster', 'action', `${ORG}/dev`, 'usersync']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');
    const arbitrary = await csoc(['cluster', 'action', `${ORG}/dev`, 'bash', '--yes']);
    expect(arbitrary.code).toBe(2);

    const usersync = await csoc(['cluster', 'action', `${ORG}/dev`, 'usersync', '--yes', '--follow']);
    expect(usersync.code, usersync.stderr).toBe(0);
    expect(usersync.stdout).toContain('reading user.yaml');
    expect(usersync.stdout).toContain('usersync finished');
    expect(usersync.stderr).toMatch(/succeeded/);

    cluster.cluster.failService('fence-db-migrate-cronjob', 'alembic: target database is not up to date');
    const migrate = await csoc(['cluster', 'action', `${ORG}/dev`, 'db-migrate', '--yes', '--follow']);
    expect(migrate.code).toBe(3);
    expect(migrate.stdout).toContain('ERROR alembic: target database is not up to date');
    expect(migrate.stderr).toContain('Job has reached the specified backoff limit');

    const restart = await csoc(['cluster', 'action', `${ORG}/dev`, 'restart', 'fence', '--yes']);
    expect(restart.code, restart.stderr).toBe(0);
    expect(restart.stdout).toMatch(/action\s+restart fence\nstate\s+running/);

    const actions = await csoc(['cluster', 'actions', `${ORG}/dev`, '-o', 'json']);
    expect(actions.code, actions.stderr).toBe(0);
    const rows = JSON.parse(actions.stdout) as { action: string; state: string; requestedBy: string }[];
    expect(rows.map((row) => `${row.action}:${row.requestedBy}`)).toEqual(
      expect.arrayContaining(['usersync:admin@example.org', 'db-migrate:admin@example.org']),
    );
    expect(rows.find((row) => row.action === 'db-migrate')?.state).toBe('failed');
  });

  it('approves with a second person on prod: the requester is refused, another person approves and follows', async () => {
    const admin = fixture.server.admin;
    const settings = await admin.get(`/api/v1/orgs/${ORG}/settings`);
    const changed = await admin.patch(
      `/api/v1/orgs/${ORG}/settings`,
      { requireSecondApproverForProd: true },
      { 'if-match': settings.headers.get('etag')! },
    );
    expect(changed.status, changed.text).toBe(200);
    const document = simCommonsDocument('live');
    document.spec.environment = 'prod';
    expect((await admin.post(`/api/v1/orgs/${ORG}/commons`, document)).status).toBe(201);
    const token = await admin.post(`/api/v1/orgs/${ORG}/commons/live/agent/join-token`, {});
    const prodCluster = await startSimulatedCommonsCluster({
      namespace: 'gen3-live',
      tickMs: 20,
      workloads: [{ service: 'fence', image: 'quay.io/cdis/fence:2025.06', replicas: 1, kind: 'Deployment' }],
    });
    more.push({
      cluster: prodCluster,
      link: createAgentLink({
        csocUrl: fixture.server.url,
        identityStore: prodCluster.identityStore,
        readJoinToken: async () => token.body.token,
        handlers: prodCluster.handlers,
        reconnectInitialDelayMs: 50,
        reconnectMaxDelayMs: 500,
      }),
    });
    await waitFor('the prod agent to connect', async () =>
      (await admin.get(`/api/v1/orgs/${ORG}/commons/live/agent`)).body?.connected === true ? true : undefined,
    );

    const own = await csoc(['cluster', 'action', `${ORG}/live`, 'usersync', '--yes', '--follow']);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toMatch(/state\s+pending-approval/);
    expect(own.stderr).toContain('a second person must approve it: csoc cluster approve');
    const ownId = /^id\s+(\S+)$/m.exec(own.stdout)![1]!;
    const refused = await csoc(['cluster', 'approve', `${ORG}/live`, ownId]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('approver_is_requester');

    const operator = await createSignedInUser(fixture.server, 'cli-cluster-op@example.org', ORG, 'operator');
    const asked = await operator.post(`/api/v1/orgs/${ORG}/commons/live/cluster/actions`, {
      action: 'usersync',
      confirm: 'live',
    });
    expect(asked.body.state).toBe('pending-approval');
    const approved = await csoc(['cluster', 'approve', `${ORG}/live`, asked.body.id, '--follow']);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('usersync finished');
    const listed = await csoc(['cluster', 'actions', `${ORG}/live`]);
    expect(listed.stdout).toMatch(/usersync\s+succeeded\s+cli-cluster-op@example\.org\s+admin@example\.org/);
  });
});
