// The AWS plugin's image, built here without a registry (plugins/aws/scripts/buildLocalImage.sh: the CSOC
// image's Debian base, this machine's terraform, hashicorp/aws 5.100.0 from the local provider mirror, the
// plugin bundled), run the way a runner would run it: read-only root filesystem, non-root, no network.
// Inside it, Terraform initialises the plugin's module from the image's own mirror (checked against the
// committed lock file) and validates it; the bundled plugin answers `describe` with its manifest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureLocalImage,
  IMAGE_BUILD_TIMEOUT_MS,
  podman,
  repoRoot,
  type CsocTestImage,
} from './ensureCsocImage.ts';
import { requirePodman } from '@csoc/server/testing/ensureSimPluginImage.ts';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'plugins/aws/manifest.json'), 'utf8')) as {
  version: string;
};

/** How the container runner starts a plugin: no network unless the plugin needs it, nothing writable but /tmp. */
function runInImage(tag: string, args: string[]) {
  return podman(['run', '--rm', '--read-only', '--network', 'none', '--tmpfs', '/tmp', ...args], 600_000);
}

// Needs podman: .ci/install-system-packages.sh installs it (and mmdebstrap); without it the suite fails, naming the fix.
describe('the AWS plugin image', { timeout: 1_200_000 }, () => {
  let image: CsocTestImage | undefined;

  beforeAll(() => {
    requirePodman();
    image = ensureLocalImage(
      'plugins/aws/scripts/buildLocalImage.sh',
      `localhost/csoc-plugin-aws:${manifest.version}`,
      'csoc-plugin-aws-test',
    );
    console.log(
      `[figures] AWS plugin image build (buildLocalImage.sh, lock wait included): ${image.buildMs} ms`,
    );
  }, IMAGE_BUILD_TIMEOUT_MS + 60_000);

  afterAll(() => image?.release());

  it('validates the plugin module inside, offline, with the provider from its own mirror', () => {
    const started = Date.now();
    // The module folder is copied to /tmp: init writes .terraform beside it, and the root is read-only.
    const validated = runInImage(image!.tag, [
      '--entrypoint',
      'sh',
      image!.tag,
      '-c',
      'cp -r /opt/csoc-plugin/terraform /tmp/module && cd /tmp/module' +
        ' && terraform init -backend=false -input=false -no-color -plugin-dir="$CSOC_TF_PLUGIN_MIRROR" >&2' +
        ' && terraform validate -json',
    ]);
    console.log(
      `[figures] terraform init + validate inside the AWS plugin image: ${Date.now() - started} ms`,
    );
    expect(validated.status, `${validated.stdout}\n${validated.stderr}`).toBe(0);
    expect(validated.stderr).toMatch(/Installing hashicorp\/aws v5\.100\.0/);
    expect(JSON.parse(validated.stdout)).toMatchObject({ valid: true, error_count: 0 });
  });

  it('answers describe with its manifest, as a non-root user', () => {
    const described = runInImage(image!.tag, [image!.tag, 'describe']);
    expect(described.status, described.stderr).toBe(0);
    const event = JSON.parse(described.stdout.trim().split('\n')[0]!) as {
      type: string;
      manifest: { name: string; version: string };
    };
    expect(event.type).toBe('manifest');
    expect(event.manifest).toMatchObject({ name: 'aws', version: manifest.version });
    const user = runInImage(image!.tag, ['--entrypoint', 'id', image!.tag, '-u']);
    expect(user.stdout.trim()).not.toBe('0');
  });

  it('holds the bundle, the module and the provider, and no TypeScript sources, npm or node_modules', () => {
    const created = podman(['create', image!.tag]);
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
      expect(files).toContain('opt/csoc-plugin/dist/main.mjs');
      expect(files).toContain('opt/csoc-plugin/terraform/commons-secrets.json');
      expect(files).toContain('opt/csoc-plugin/terraform/.terraform.lock.hcl');
      expect(files.some((file) => /^opt\/tf-plugins\/.*terraform-provider-aws_v5\.100\.0/.test(file))).toBe(
        true,
      );
      expect(files.filter((file) => /^opt\/csoc-plugin\/.*\.(ts|mts|cts)$/.test(file))).toEqual([]);
      expect(files.filter((file) => /(^|\/)node_modules\//.test(file))).toEqual([]);
    } finally {
      podman(['rm', '--force', '--volumes', id]);
    }
  });
});
