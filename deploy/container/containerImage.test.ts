// Builds the CSOC image with deploy/container/buildLocalImage.sh (no registry: a Debian base from
// mmdebstrap, this machine's node and terraform), runs it the way docs/deploy-container.md says — read-only
// root filesystem, non-root, a data volume, tmpfs /tmp — and drives it through the API: the bootstrap admin
// signs in, creates an organization and reads it back; the health check passes; the operator commands
// (rotate-master-key, backup, help) run inside; a sim commons is planned and applied by the plugin and
// Terraform inside the image; the data survives a restart; and the final filesystem holds no sources, tsx
// or build tools.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import { ApiClient } from '@csoc/server/testing/ApiClient.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '@csoc/server/testing/simCommons.ts';
import { waitFor } from '@csoc/server/testing/waitFor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCsocImage, IMAGE_BUILD_TIMEOUT_MS, podman, type CsocTestImage } from './ensureCsocImage.ts';
import { requirePodman } from '@csoc/server/testing/ensureSimPluginImage.ts';

const ADMIN = { email: 'image-admin@example.org', password: 'container-image-password-7' };

/** A port nothing listens on right now, for the container's host-network listener. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Needs podman: .ci/install-system-packages.sh installs it (and mmdebstrap); without it the suite fails, naming the fix.
describe('the CSOC container image', { timeout: 900_000 }, () => {
  const suffix = crypto.randomBytes(4).toString('hex');
  const container = `csoc-image-test-${suffix}`;
  const volume = `csoc-image-test-${suffix}`;
  let url: string;
  let port: number;
  let image: CsocTestImage | undefined;
  // This process's own tag of the image (ensureCsocImage.ts): another file's rebuild cannot move it.
  let imageTag: string;

  beforeAll(async () => {
    requirePodman();
    image = ensureCsocImage();
    imageTag = image.tag;
    expect(podman(['volume', 'create', volume]).status).toBe(0);
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const run = podman([
      'run',
      '--detach',
      '--name',
      container,
      '--read-only',
      '--tmpfs',
      '/tmp',
      '--volume',
      `${volume}:/var/lib/csoc`,
      '--network',
      'host',
      '--env',
      'CSOC_HOST=127.0.0.1',
      '--env',
      `CSOC_PORT=${port}`,
      '--env',
      `CSOC_ADMIN_EMAIL=${ADMIN.email}`,
      '--env',
      `CSOC_ADMIN_PASSWORD=${ADMIN.password}`,
      imageTag,
    ]);
    expect(run.status, run.stderr).toBe(0);
  }, IMAGE_BUILD_TIMEOUT_MS + 60_000);

  afterAll(() => {
    podman(['rm', '--force', '--time', '10', container]);
    podman(['volume', 'rm', '--force', volume]);
    image?.release();
  });

  async function readyz(): Promise<boolean> {
    const state = podman(['inspect', '--format', '{{.State.Status}}', container]).stdout.trim();
    if (state === 'exited') throw new Error(`the container exited:\n${podman(['logs', container]).stderr}`);
    try {
      return (await fetch(`${url}/readyz`)).status === 200;
    } catch {
      return false;
    }
  }

  it('declares a numeric non-root user, the health check and csoc-server serve', () => {
    const [inspected] = JSON.parse(podman(['image', 'inspect', imageTag]).stdout) as Array<{
      Config: { User: string; Entrypoint: string[]; Cmd: string[] };
      Healthcheck?: { Test: string[] };
    }>;
    expect(inspected!.Config.User).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(inspected!.Config.Entrypoint).toEqual(['csoc-server']);
    expect(inspected!.Config.Cmd).toEqual(['serve']);
    expect(inspected!.Healthcheck?.Test).toEqual(['CMD', 'node', '/opt/csoc/bin/healthcheck.mjs']);
  });

  it('serves the API read-only as non-root: the admin signs in, creates an organization, reads it back', async () => {
    await waitFor('the container to be ready', readyz, 300_000, 500);
    const admin = new ApiClient(url);
    await admin.login(ADMIN.email, ADMIN.password);
    const created = await admin.post('/api/v1/orgs', { slug: 'image-test', name: 'Image test' });
    expect(created.status, created.text).toBe(201);
    const read = await admin.get<{ slug: string; name: string }>('/api/v1/orgs/image-test');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ slug: 'image-test', name: 'Image test' });
    expect((await fetch(`${url}/`)).headers.get('content-type')).toContain('text/html');

    expect(podman(['exec', container, 'id', '-u']).stdout.trim()).not.toBe('0');
    const write = podman(['exec', container, 'touch', '/opt/csoc/written']);
    expect(write.status).not.toBe(0);
    expect(write.stderr).toContain('Read-only file system');
  });

  it('passes its health check', async () => {
    await waitFor('the container to be ready', readyz, 300_000, 500);
    const check = podman(['healthcheck', 'run', container]);
    expect(check.status, check.stderr).toBe(0);
    expect(podman(['inspect', '--format', '{{.State.Health.Status}}', container]).stdout.trim()).toBe(
      'healthy',
    );
  });

  it('runs the operator commands inside: rotate-master-key and backup while serving, and help', async () => {
    await waitFor('the container to be ready', readyz, 300_000, 500);
    const rotated = podman(['exec', container, 'csoc-server', 'rotate-master-key']);
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/Master key rotated: \S+ -> \S+/);
    const backup = podman(['exec', container, 'csoc-server', 'backup', '--out', '/tmp/csoc-backup.tar']);
    expect(backup.status, backup.stderr).toBe(0);
    const listed = podman(['exec', container, 'tar', '-tf', '/tmp/csoc-backup.tar']);
    expect(listed.stdout).toContain('manifest.json');
    const help = podman(['run', '--rm', '--read-only', imageTag, 'help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('csoc-server worker');
  });

  it('plans and applies a sim commons: the plugin and Terraform run inside the image', async () => {
    await waitFor('the container to be ready', readyz, 300_000, 500);
    const admin = new ApiClient(url);
    await admin.login(ADMIN.email, ADMIN.password);
    expect((await admin.post('/api/v1/orgs', { slug: 'image-runs', name: 'Image runs' })).status).toBe(201);
    await createSimAccount(admin, 'image-runs');
    const created = await admin.post(
      '/api/v1/orgs/image-runs/commons',
      simCommonsDocument('boxed', { simulation: { resourceDelaySeconds: 0 } }),
    );
    expect(created.status, created.text).toBe(201);
    const run = await admin.post('/api/v1/orgs/image-runs/commons/boxed/runs', { kind: 'plan' });
    expect(run.status, run.text).toBe(201);
    const planned = await waitForRun(admin, 'image-runs', run.body.id, ['planned'], 240_000);
    expect(planned.state, planned.message).toBe('planned');
    expect(planned.plan.summary.add).toBeGreaterThan(5);
    expect((await admin.post(`/api/v1/orgs/image-runs/runs/${run.body.id}/approve`)).status).toBe(200);
    const applied = await waitForRun(admin, 'image-runs', run.body.id, [], 240_000);
    expect(applied.state, applied.message).toBe('succeeded');
    const commons = (await admin.get('/api/v1/orgs/image-runs/commons/boxed')).body;
    expect(commons.status.infrastructure).toBe('provisioned');
  });

  it('keeps its data on the volume across a restart', async () => {
    await waitFor('the container to be ready', readyz, 300_000, 500);
    expect(podman(['restart', '--time', '20', container]).status).toBe(0);
    await waitFor('the restarted container to be ready', readyz, 300_000, 500);
    const admin = new ApiClient(url);
    await admin.login(ADMIN.email, ADMIN.password);
    expect((await admin.get('/api/v1/orgs/image-test')).status).toBe(200);
  });

  it('holds no TypeScript sources, tsx, npm or compilers', () => {
    const created = podman(['create', imageTag]);
    expect(created.status, created.stderr).toBe(0);
    const id = created.stdout.trim();
    try {
      const exported = spawnSync('sh', ['-c', `podman export ${id} | tar -t`], {
        encoding: 'utf8',
        timeout: 300_000,
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(exported.status, exported.stderr).toBe(0);
      const files = exported.stdout.split('\n');
      expect(files).toContain('opt/csoc/packages/server/dist/csoc-server.mjs');
      expect(files.filter((file) => /\.(ts|mts|cts)$/.test(file))).toEqual([]);
      expect(files.filter((file) => /(^|\/)node_modules\/(tsx|typescript|esbuild|npm)\//.test(file))).toEqual(
        [],
      );
      const tools = files.filter((file) =>
        /^(usr\/)?(local\/)?bin\/(gcc|g\+\+|cc|c\+\+|make|npm|npx|corepack|yarn|tsc|tsx)$/.test(file),
      );
      expect(tools).toEqual([]);
    } finally {
      podman(['rm', '--force', '--volumes', id]);
    }
  });
});
