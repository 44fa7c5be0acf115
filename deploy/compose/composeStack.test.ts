// Brings deploy/compose/compose.yaml up for real with podman-compose (ADR 0076): the CSOC image from this
// checkout and, because no registry can be reached here, the stand-in PostgreSQL image of
// deploy/compose/testing/postgres. Through the published port the admin signs in with the password
// makeSecrets.sh wrote, a sim commons is planned and applied by the worker container, the API and the worker
// restart without losing data, a run queued while the worker is down completes once it is back, every health
// check passes, no secret shows in the logs or in `podman inspect`, and `down` keeps the volumes.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '@csoc/server/testing/ApiClient.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '@csoc/server/testing/simCommons.ts';
import { waitFor } from '@csoc/server/testing/waitFor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureCsocImage,
  IMAGE_BUILD_TIMEOUT_MS,
  podman,
  repoRoot,
  type CsocTestImage,
} from '../container/ensureCsocImage.ts';

const composeDir = path.dirname(fileURLToPath(import.meta.url));
const POSTGRES_STANDIN = 'localhost/csoc-postgres-standin:15';
const ADMIN_EMAIL = 'compose-admin@example.org';
const SERVICES = ['postgres', 'csoc', 'worker'] as const;
/** First start migrates an empty database; restarts wait for PostgreSQL; two loaded cores. */
const READY_TIMEOUT_MS = 300_000;
const RUN_TIMEOUT_MS = 300_000;

/** Fails (never skips) with the fix when a tool the stack needs is not installed. */
function requireTools(): void {
  const onPath = (name: string) =>
    (process.env.PATH ?? '').split(':').some((dir) => dir && fs.existsSync(path.join(dir, name)));
  const missing = ['podman', 'podman-compose'].filter((name) => !onPath(name));
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(' and ')} not installed, and the compose stack test needs it: run .ci/install-system-packages.sh as root (or apt-get install podman podman-compose golang-github-containernetworking-plugin-dnsname).`,
    );
  }
}

/** A port nothing listens on right now, for the API's published port. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function timed<T>(what: string, action: () => T): T {
  const started = Date.now();
  const result = action();
  console.log(`[figures] ${what}: ${Date.now() - started} ms`);
  return result;
}

describe('deploy/compose/compose.yaml brought up with podman-compose', { timeout: 1_200_000 }, () => {
  const project = `csoc-stack-${crypto.randomBytes(4).toString('hex')}`;
  let workDir: string;
  let composeEnv: NodeJS.ProcessEnv;
  let url: string;
  let image: CsocTestImage | undefined;
  let secrets: Record<string, string>;

  /** podman-compose on the copy of compose.yaml; throws with its output when it fails. */
  function compose(args: string[], timeout = 300_000): string {
    const result = spawnSync('podman-compose', ['-p', project, '-f', 'compose.yaml', ...args], {
      cwd: workDir,
      env: composeEnv,
      encoding: 'utf8',
      timeout,
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${result.stdout}${result.stderr}`;
    if (result.status !== 0) throw new Error(`podman-compose ${args.join(' ')} failed:\n${output}`);
    return output;
  }

  /** podman-compose names the one container of a service <project>_<service>_1. */
  const container = (service: string) => `${project}_${service}_1`;
  const projectFilter = `label=io.podman.compose.project=${project}`;

  async function ready(): Promise<boolean> {
    try {
      return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3_000) })).status === 200;
    } catch {
      return false;
    }
  }

  async function signIn(): Promise<ApiClient> {
    await waitFor('the API on the published port to be ready', ready, READY_TIMEOUT_MS, 500);
    const admin = new ApiClient(url);
    await admin.login(ADMIN_EMAIL, secrets.admin_password!);
    return admin;
  }

  /** The id the worker logged at its latest start ("run worker started"). */
  function loggedWorkerId(): string | undefined {
    const logs = podman(['logs', container('worker')]);
    const ids = [...`${logs.stdout}${logs.stderr}`.matchAll(/"workerId":"([^"]+)"[^\n]*run worker started/g)];
    return ids.at(-1)?.[1];
  }

  /** The worker that used the account's credentials for the run, from the audit log. */
  async function auditedWorkers(admin: ApiClient, org: string, runId: string): Promise<string[]> {
    const audit = await admin.get(`/api/v1/orgs/${org}/audit?action=credentials.use&target=runs/${runId}`);
    expect(audit.status, audit.text).toBe(200);
    return [...new Set((audit.body.items as Array<{ actor: { label: string } }>).map((i) => i.actor.label))];
  }

  beforeAll(
    async () => {
      requireTools();
      image = ensureCsocImage();
      console.log(`[figures] CSOC image (buildLocalImage.sh, lock wait included): ${image.buildMs} ms`);
      const built = timed('stand-in PostgreSQL image (buildLocalPostgres.sh)', () =>
        spawnSync(path.join(composeDir, 'testing', 'postgres', 'buildLocalPostgres.sh'), [POSTGRES_STANDIN], {
          cwd: repoRoot,
          encoding: 'utf8',
          timeout: IMAGE_BUILD_TIMEOUT_MS,
        }),
      );
      expect(built.status, `${built.stdout}${built.stderr}`).toBe(0);

      // compose.yaml byte for byte, beside a secrets folder of its own: its secret paths are relative to it.
      workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-compose-stack-'));
      fs.copyFileSync(path.join(composeDir, 'compose.yaml'), path.join(workDir, 'compose.yaml'));
      const made = spawnSync(path.join(composeDir, 'makeSecrets.sh'), [path.join(workDir, 'secrets')], {
        encoding: 'utf8',
      });
      expect(made.status, made.stderr).toBe(0);
      secrets = Object.fromEntries(
        ['postgres_password', 'database_url', 'master_key', 'admin_password'].map((name) => [
          name,
          fs.readFileSync(path.join(workDir, 'secrets', name), 'utf8'),
        ]),
      );

      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      composeEnv = {
        ...process.env,
        POSTGRES_IMAGE: POSTGRES_STANDIN,
        CSOC_IMAGE: image.tag,
        CSOC_HTTP_BIND: `127.0.0.1:${port}`,
        CSOC_PUBLIC_URL: url,
        CSOC_ADMIN_EMAIL: ADMIN_EMAIL,
      };
      const output = timed('podman-compose up -d (fresh volumes)', () => compose(['up', '-d']));
      for (const value of Object.values(secrets)) expect(output).not.toContain(value);
    },
    IMAGE_BUILD_TIMEOUT_MS * 2 + 300_000,
  );

  afterAll(() => {
    if (workDir) {
      try {
        compose(['down']);
      } catch (error) {
        console.log(String(error));
      }
    }
    // Only what this project made: its containers, its volumes (down keeps them), its network.
    const left = podman(['ps', '--all', '--quiet', '--filter', projectFilter]).stdout.split('\n');
    for (const id of left.filter(Boolean)) podman(['rm', '--force', '--time', '5', id]);
    const volumes = podman(['volume', 'ls', '--quiet', '--filter', projectFilter]).stdout.split('\n');
    for (const volume of volumes.filter(Boolean)) podman(['volume', 'rm', '--force', volume]);
    podman(['network', 'rm', '--force', `${project}_default`]);
    image?.release();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('runs the three services on the project network, each healthy by its own health check', async () => {
    const started = Date.now();
    await waitFor('the API on the published port to be ready', ready, READY_TIMEOUT_MS, 500);
    console.log(`[figures] up to ready on the published port: ${Date.now() - started} ms`);
    for (const service of SERVICES) {
      const name = container(service);
      const networks = podman(['inspect', '--format', '{{json .NetworkSettings.Networks}}', name]).stdout;
      expect(Object.keys(JSON.parse(networks) as object), service).toEqual([`${project}_default`]);
      // Podman schedules health checks with systemd timers; without systemd they run when asked.
      await waitFor(
        `the ${service} health check to pass`,
        () => podman(['healthcheck', 'run', name]).status === 0,
        READY_TIMEOUT_MS,
        2_000,
      );
      expect(podman(['inspect', '--format', '{{.State.Health.Status}}', name]).stdout.trim(), service).toBe(
        'healthy',
      );
    }
    // PostgreSQL runs as its own user, CSOC as the image's (csoc, uid 10001): no process runs as root.
    const users = (service: string) =>
      new Set(
        podman(['top', container(service), 'user'])
          .stdout.split('\n')
          .slice(1)
          .filter(Boolean),
      );
    expect(users('postgres')).toEqual(new Set(['postgres']));
    expect(users('csoc')).toEqual(new Set(['csoc']));
    expect(users('worker')).toEqual(new Set(['csoc']));
    // Only the API's port is published, and on the host's loopback alone.
    const ports = podman(['ps', '--filter', projectFilter, '--format', '{{.Names}} {{.Ports}}']).stdout;
    expect(ports).toContain(`${container('csoc')} ${url.replace('http://', '')}->8080/tcp`);
    expect(ports.match(/->/g)).toHaveLength(1);
  });

  it('the admin signs in with the secrets file password; the worker container plans and applies a sim commons', async () => {
    const admin = await signIn();
    expect((await admin.post('/api/v1/orgs', { slug: 'acme', name: 'Acme' })).status).toBe(201);
    await createSimAccount(admin, 'acme');
    const created = await admin.post(
      '/api/v1/orgs/acme/commons',
      simCommonsDocument('alpha', { simulation: { resourceDelaySeconds: 0 } }),
    );
    expect(created.status, created.text).toBe(201);
    const started = Date.now();
    const run = await admin.post('/api/v1/orgs/acme/commons/alpha/runs', { kind: 'plan' });
    expect(run.status, run.text).toBe(201);
    const planned = await waitForRun(admin, 'acme', run.body.id, ['planned'], RUN_TIMEOUT_MS);
    expect(planned.state, planned.message).toBe('planned');
    expect(planned.plan.summary.add).toBeGreaterThan(5);
    expect((await admin.post(`/api/v1/orgs/acme/runs/${run.body.id}/approve`)).status).toBe(200);
    const applied = await waitForRun(admin, 'acme', run.body.id, [], RUN_TIMEOUT_MS);
    expect(applied.state, applied.message).toBe('succeeded');
    console.log(`[figures] sim plan + apply through the worker container: ${Date.now() - started} ms`);
    expect((await admin.get('/api/v1/orgs/acme/commons/alpha')).body.status.infrastructure).toBe(
      'provisioned',
    );

    // The organization list: its cache stamp is PostgreSQL's pg_current_snapshot() (PostgreSQL 13 and later).
    const listed = await admin.get('/api/v1/orgs');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.text).toContain('"acme"');

    // The worker container ran it (the API runs none: CSOC_WORKER=off); its id begins with its hostname.
    const workerId = loggedWorkerId();
    const hostname = podman([
      'inspect',
      '--format',
      '{{.Config.Hostname}}',
      container('worker'),
    ]).stdout.trim();
    expect(workerId).toMatch(new RegExp(`^${hostname}:`));
    expect(await auditedWorkers(admin, 'acme', run.body.id)).toEqual([`worker ${workerId}`]);
  });

  it('keeps the data across restarts of the API and the worker; a run queued while the worker is down completes once it is back', async () => {
    const before = loggedWorkerId();
    timed('podman-compose restart csoc', () => compose(['restart', 'csoc']));
    let admin = await signIn();
    expect((await admin.get('/api/v1/orgs/acme/commons/alpha')).body.status.infrastructure).toBe(
      'provisioned',
    );

    timed('podman-compose stop worker', () => compose(['stop', 'worker']));
    const created = await admin.post(
      '/api/v1/orgs/acme/commons',
      simCommonsDocument('beta', { simulation: { resourceDelaySeconds: 0 } }),
    );
    expect(created.status, created.text).toBe(201);
    const run = await admin.post('/api/v1/orgs/acme/commons/beta/runs', { kind: 'plan' });
    expect(run.status, run.text).toBe(201);
    // Nothing else executes runs: it waits in the queue while the worker is down.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await admin.get(`/api/v1/orgs/acme/runs/${run.body.id}`)).body.state).toBe('queued');

    timed('podman-compose start worker', () => compose(['start', 'worker']));
    const planned = await waitForRun(admin, 'acme', run.body.id, ['planned'], RUN_TIMEOUT_MS);
    expect(planned.state, planned.message).toBe('planned');
    const restarted = loggedWorkerId();
    expect(restarted).not.toBe(before);
    expect(await auditedWorkers(admin, 'acme', run.body.id)).toEqual([`worker ${restarted}`]);

    // A worker that dies (killed from the host, as the OOM killer would) comes back by its restart policy
    // and applies what was approved meanwhile. (`podman kill` counts as a stop by the user: no restart.)
    const workerPid = podman(['inspect', '--format', '{{.State.Pid}}', container('worker')]).stdout.trim();
    expect(Number(workerPid)).toBeGreaterThan(1);
    process.kill(Number(workerPid), 'SIGKILL');
    admin = await signIn();
    expect((await admin.post(`/api/v1/orgs/acme/runs/${run.body.id}/approve`)).status).toBe(200);
    const revived = await waitFor(
      'the killed worker to be restarted',
      () => {
        const id = loggedWorkerId();
        return id !== restarted && id;
      },
      READY_TIMEOUT_MS,
      1_000,
    );
    const applied = await waitForRun(admin, 'acme', run.body.id, [], RUN_TIMEOUT_MS);
    expect(applied.state, applied.message).toBe('succeeded');
    expect(podman(['inspect', '--format', '{{.RestartCount}}', container('worker')]).stdout.trim()).toBe('1');
    expect((await auditedWorkers(admin, 'acme', run.body.id)).sort()).toEqual(
      [`worker ${restarted}`, `worker ${revived}`].sort(),
    );
  });

  it('shows no secret in podman-compose logs or in podman inspect', () => {
    const logs = compose(['logs']);
    expect(logs).toContain('run worker started');
    const inspected = podman(['inspect', ...SERVICES.map(container)]).stdout;
    expect(inspected).toContain('CSOC_DATABASE_URL_FILE=/run/secrets/database_url');
    const databasePassword = decodeURIComponent(new URL(secrets.database_url!).password);
    for (const [name, value] of [...Object.entries(secrets), ['database password', databasePassword]]) {
      expect(logs.includes(value!), `${name} in podman-compose logs`).toBe(false);
      expect(inspected.includes(value!), `${name} in podman inspect`).toBe(false);
    }
  });

  it('down removes the containers and keeps the volumes: up again, the data is there', async () => {
    // PostgreSQL gets the stop signal itself (PID 1, SIGINT) and shuts down fast and cleanly.
    timed('podman-compose stop postgres', () => compose(['stop', 'postgres']));
    const stopped = podman(['logs', container('postgres')]);
    expect(stopped.stderr + stopped.stdout).toContain('received fast shutdown request');
    expect(stopped.stderr + stopped.stdout).toContain('database system is shut down');
    expect(podman(['inspect', '--format', '{{.State.ExitCode}}', container('postgres')]).stdout.trim()).toBe(
      '0',
    );
    timed('podman-compose down', () => compose(['down']));
    expect(podman(['ps', '--all', '--quiet', '--filter', projectFilter]).stdout.trim()).toBe('');
    const volumes = podman(['volume', 'ls', '--format', '{{.Name}}', '--filter', projectFilter]).stdout;
    expect(volumes.trim().split('\n').sort()).toEqual(
      ['csoc-data', 'postgres-data', 'worker-data'].map((volume) => `${project}_${volume}`),
    );
    timed('podman-compose up -d (existing volumes)', () => compose(['up', '-d']));
    const admin = await signIn();
    const commons = await admin.get('/api/v1/orgs/acme/commons/alpha');
    expect(commons.status, commons.text).toBe(200);
    expect(commons.body.status.infrastructure).toBe('provisioned');
    const runs = await admin.get('/api/v1/orgs/acme/commons/beta');
    expect(runs.body.status.infrastructure).toBe('provisioned');
  });
});
