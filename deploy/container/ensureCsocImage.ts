// Test setup shared by the image tests: builds (or reuses) the CSOC image (or a plugin's) with its
// buildLocalImage.sh and gives the calling test process a tag of its own for it. Vitest runs two files at
// once and other people's edits change the tree between builds: a rebuild from a changed tree moves localhost/csoc:<version> and
// removes the image it named, so a test that ran that tag could find another image (or none) under it.
// The script tags ours while it holds its build lock, so the tag names exactly the image it just checked.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** First build makes the Debian base with mmdebstrap; later ones assemble the tree and reuse the rest. */
export const IMAGE_BUILD_TIMEOUT_MS = 900_000;

export function podman(args: string[], timeout = 120_000) {
  return spawnSync('podman', args, { encoding: 'utf8', timeout, maxBuffer: 256 * 1024 * 1024 });
}

export interface CsocTestImage {
  /** localhost/csoc-test:<version>-<random>: this process's tag of the image built from the tree as it is now. */
  tag: string;
  /** Wall time of buildLocalImage.sh, waiting for another process's build included. */
  buildMs: number;
  /** Drops this process's tag, and the image too when nothing else names or runs it. */
  release(): void;
}

/** Builds the CSOC image (or finds it up to date) and tags it for this test process alone. */
export function ensureCsocImage(): CsocTestImage {
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  return ensureLocalImage('deploy/container/buildLocalImage.sh', `localhost/csoc:${version}`, 'csoc-test');
}

/**
 * Runs a local image build script (`SCRIPT TAG ALSO-TAG`: deploy/container/buildLocalImage.sh,
 * plugins/aws/scripts/buildLocalImage.sh) for `sharedTag`, and has it also tag the result
 * localhost/<testRepository>:<random> for this test process.
 */
export function ensureLocalImage(script: string, sharedTag: string, testRepository: string): CsocTestImage {
  const tag = `localhost/${testRepository}:${sharedTag.split(':').at(-1)}-${crypto.randomBytes(4).toString('hex')}`;
  const started = Date.now();
  const built = spawnSync(path.join(repoRoot, script), [sharedTag, tag], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: IMAGE_BUILD_TIMEOUT_MS,
  });
  if (built.status !== 0) {
    throw new Error(
      `${script} failed (exit ${built.status ?? built.signal}):\n${built.stdout}\n${built.stderr}`,
    );
  }
  const buildMs = Date.now() - started;
  return {
    tag,
    buildMs,
    release() {
      const id = podman(['image', 'inspect', '--format', '{{.Id}}', tag]).stdout.trim();
      podman(['untag', tag, tag]);
      // An image the shared tag still names stays for the next build to reuse; one a newer build left
      // nameless goes (podman refuses while a container of another test process uses it).
      const names = id ? podman(['image', 'inspect', '--format', '{{len .RepoTags}}', id]).stdout.trim() : '';
      if (names === '0') podman(['rmi', id]);
    },
  };
}
