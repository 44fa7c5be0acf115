// Issue 16's acceptance: "the image builds here and serves the README tour against itself (SQLite)". The
// image runs as docs/deploy-container.md says — read-only root filesystem, non-root, SQLite on a named
// volume, tmpfs /tmp, no admin configured — and README.md's tour runs from the host, command by command as
// written, with the csoc CLI of this checkout: sign in with the one-time password from the container's log,
// org, account, commons, plan, approve, follow the apply, deploy, status, fleet, upgrade, destroy, audit.
// Everything between runs inside the image: the bundled server, the sim plugin, Terraform, git, the
// simulated Argo CD.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newcomerEnv, runReadmeTour, runStep } from '@csoc/server/testing/readmeTourSteps.ts';
import { waitFor } from '@csoc/server/testing/waitFor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureCsocImage,
  IMAGE_BUILD_TIMEOUT_MS,
  podman,
  repoRoot,
  type CsocTestImage,
} from './ensureCsocImage.ts';
import { requirePodman } from '@csoc/server/testing/ensureSimPluginImage.ts';

/** Migrations, built-in plugin install and the simulated Argo CD run at first start, on a loaded machine. */
const START_TIMEOUT_MS = 300_000;

// Needs podman: .ci/install-system-packages.sh installs it (and mmdebstrap); without it the suite fails, naming the fix.
describe('the README tour against the CSOC image', { timeout: 1_800_000 }, () => {
  const suffix = crypto.randomBytes(4).toString('hex');
  const container = `csoc-image-tour-${suffix}`;
  const volume = `csoc-image-tour-${suffix}`;
  let image: CsocTestImage | undefined;
  let workDir: string;

  beforeAll(() => {
    requirePodman();
    image = ensureCsocImage();
    console.log(`[figures] CSOC image build (buildLocalImage.sh, lock wait included): ${image.buildMs} ms`);
    expect(podman(['volume', 'create', volume]).status).toBe(0);
    // Host network with CSOC_PORT=0: CSOC binds a free port of the host's loopback and makes that its public
    // URL, so the CLI on the host and the plugins and the simulated Argo CD inside the container reach it at
    // one address. A published port (-p) would give the two sides different addresses.
    const started = podman([
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
      'CSOC_PORT=0',
      image.tag,
    ]);
    expect(started.status, started.stderr).toBe(0);
    // The tour's `npx csoc` finds this checkout's CLI the way it does in a clone: in node_modules/.bin.
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-image-tour-'));
    fs.mkdirSync(path.join(workDir, 'node_modules', '.bin'), { recursive: true });
    fs.symlinkSync(
      path.join(repoRoot, 'node_modules', '.bin', 'csoc'),
      path.join(workDir, 'node_modules', '.bin', 'csoc'),
    );
  }, IMAGE_BUILD_TIMEOUT_MS + 60_000);

  afterAll(() => {
    podman(['rm', '--force', '--time', '10', container]);
    podman(['volume', 'rm', '--force', volume]);
    image?.release();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const containerLog = () => {
    const logs = podman(['logs', container]);
    return `${logs.stdout}${logs.stderr}`;
  };

  /** The one-time password and the URL CSOC printed, once it answers /readyz there. */
  async function firstStart(): Promise<{ password: string; url: string }> {
    return waitFor(
      'the container to print its one-time admin password and be ready',
      async () => {
        const state = podman(['inspect', '--format', '{{.State.Status}}', container]).stdout.trim();
        if (state === 'exited') throw new Error(`the container exited:\n${containerLog()}`);
        const log = containerLog();
        const password = /One-time password: (\S+)/.exec(log)?.[1];
        const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"CSOC is listening"/.exec(log)?.[1];
        if (!password || !url) return undefined;
        try {
          const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
          return ready.status === 200 && { password, url };
        } catch {
          return undefined;
        }
      },
      START_TIMEOUT_MS,
      500,
    );
  }

  it('runs every step of README.md as written, from the host, against the image on SQLite', async () => {
    const { password, url } = await firstStart();
    expect(url).not.toBe('http://127.0.0.1:8080');
    const home = path.join(workDir, 'home');
    const cliEnv = newcomerEnv({
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      // npx would otherwise ask the registry whether npm is current.
      npm_config_update_notifier: 'false',
    });
    const started = Date.now();
    const steps = await runReadmeTour({
      readme: fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8'),
      cwd: workDir,
      env: cliEnv,
      password,
      serverUrl: url,
      serverOutput: containerLog,
    });
    console.log(
      `[figures] README tour against the image: ${steps.length} commands in ${Date.now() - started} ms`,
    );
    expect(steps.map((step) => step.command.split(' ').slice(0, 3).join(' '))).toContain('npx csoc destroy');
    expect(steps[0]!.command).toContain(`--server ${url} `);

    // Torn down: the commons' infrastructure is gone from its state.
    const resources = await runStep('npx csoc state resources acme/alpha -o json', workDir, cliEnv);
    expect(resources.code, resources.stderr).toBe(0);
    expect(JSON.parse(resources.stdout)).toEqual([]);

    // The data lives on the volume, owned by the image's user, readable by it alone.
    const modes = podman([
      'exec',
      container,
      'stat',
      '--format',
      '%n %a %u',
      '/var/lib/csoc',
      '/var/lib/csoc/csoc.db',
      '/var/lib/csoc/csoc.db-wal',
      '/var/lib/csoc/master.key',
    ]);
    expect(modes.status, modes.stderr).toBe(0);
    expect(modes.stdout.trim().split('\n')).toEqual([
      '/var/lib/csoc 700 10001',
      '/var/lib/csoc/csoc.db 600 10001',
      '/var/lib/csoc/csoc.db-wal 600 10001',
      '/var/lib/csoc/master.key 600 10001',
    ]);

    // The GitOps repository (git inside the image) holds the whole history, and no file of alpha is left.
    const gitDir = '/var/lib/csoc/gitops/acme.git';
    const history = podman(['exec', container, 'git', '--git-dir', gitDir, 'log', '--format=%s', 'main']);
    expect(history.status, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/Deploy acme\/alpha revision 1 \(Gen3 2025\.06\)/);
    expect(history.stdout).toMatch(/Deploy acme\/alpha revision 2 \(Gen3 2025\.07\)/);
    const files = podman([
      'exec',
      container,
      'git',
      '--git-dir',
      gitDir,
      'ls-tree',
      '-r',
      '--name-only',
      'main',
    ]);
    expect(files.status, files.stderr).toBe(0);
    expect(files.stdout.split('\n').filter((file) => file.includes('alpha'))).toEqual([]);

    // The one-time password was printed once, at first start, and nothing else in the log repeats it.
    expect(containerLog().split(password).length - 1).toBe(1);
  });
});
