// Test setup for the container runner: checks podman is installed (CI installs it; a missing podman is a
// failure, not a skip), points podman at the repo's containers.conf, and builds the sim plugin's image
// locally with plugins/sim/scripts/buildLocalImage.sh, one test file at a time.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../plugins/pluginRegistry.ts';
import { localPluginImage } from '../runs/runners/pluginImage.ts';
import { withDirectoryLock } from './withDirectoryLock.ts';

const run = promisify(execFile);

export const REPO_CONTAINERS_CONF = path.join(repoRoot, 'deploy', 'podman', 'containers.conf');
const BUILD_SCRIPT = path.join(repoRoot, 'plugins', 'sim', 'scripts', 'buildLocalImage.sh');

/** Throws with the fix when podman is not on PATH. */
export function requirePodman(): void {
  const found = (process.env.PATH ?? '')
    .split(':')
    .some((dir) => dir && fs.existsSync(path.join(dir, 'podman')));
  if (!found) {
    throw new Error(
      'podman is not installed, and the container runner tests need it: run .ci/install-system-packages.sh as root (or apt-get install podman runc).',
    );
  }
}

/** Makes sure the sim plugin image exists and is current; returns its tag. */
export async function ensureSimPluginImage(): Promise<string> {
  requirePodman();
  process.env.CONTAINERS_CONF ??= REPO_CONTAINERS_CONF;
  const manifest = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'plugins', 'sim', 'manifest.json'), 'utf8'),
  ) as {
    version: string;
  };
  const tag = localPluginImage('sim', manifest.version);
  await withDirectoryLock(path.join(os.tmpdir(), 'csoc-sim-plugin-image.lock'), () =>
    run('bash', [BUILD_SCRIPT, tag], {
      env: { ...process.env, CSOC_CONTAINER_CLI: 'podman' },
      timeout: 120_000,
    }),
  );
  return tag;
}
