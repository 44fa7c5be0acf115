// A batch commit that loses the race for the branch: between the batch reading the tip and publishing its
// commit, another writer commits (here a real git wrapper standing in for a second CSOC process, triggered
// on the batch's `commit-tree`). The batch must rebuild on the new tip and land once, keeping the other
// commit and its own per-folder diffs, in local (compare-and-swap) and remote (fast-forward push) mode.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGitRemote, type GitRemote } from '../../testing/startGitRemote.ts';

// runGit reads CSOC_GIT_BINARY once at import: point it at the wrapper before any import runs.
const wrapperDir = vi.hoisted(() => {
  const dir = `/tmp/csoc-git-race-${process.pid}-${Date.now()}`;
  process.env.CSOC_GIT_BINARY = `${dir}/git`;
  return dir;
});

const { createGitopsRepository } = await import('./gitopsRepository.ts');
const { runGit } = await import('./runGit.ts');

const TOKEN = 'race-token-canary-51c2';
const author = { name: 'Wave Bot', email: 'wave@example.org' };
const REAL_GIT = '/usr/bin/git';

/**
 * A git that, the first time a commit is built while `armed` exists, first commits acme/rival straight into
 * `target` (the repository holding the branch), exactly as a second writer would.
 */
function writeWrapper(target: string): void {
  fs.mkdirSync(wrapperDir, { recursive: true });
  const script = `#!/bin/sh
for arg in "$@"; do
  if [ "$arg" = commit-tree ] && rmdir "${wrapperDir}/armed" 2>/dev/null; then
    (
      unset GIT_INDEX_FILE GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0
      export GIT_DIR="${target}" GIT_INDEX_FILE="${wrapperDir}/rival-index"
      export GIT_AUTHOR_NAME=Rival GIT_AUTHOR_EMAIL=rival@example.org GIT_COMMITTER_NAME=Rival GIT_COMMITTER_EMAIL=rival@example.org
      tip=$(${REAL_GIT} rev-parse refs/heads/main)
      ${REAL_GIT} read-tree "$tip"
      blob=$(echo 'rival: true' | ${REAL_GIT} hash-object -w --stdin)
      ${REAL_GIT} update-index --add --cacheinfo "100644,$blob,acme/rival/values.yaml"
      tree=$(${REAL_GIT} write-tree)
      commit=$(echo 'rival deploy' | ${REAL_GIT} commit-tree "$tree" -p "$tip")
      ${REAL_GIT} update-ref refs/heads/main "$commit" "$tip"
      rm -f "${wrapperDir}/rival-index"
    ) >/dev/null 2>&1 || exit 97
    break
  fi
done
exec ${REAL_GIT} "$@"
`;
  fs.writeFileSync(path.join(wrapperDir, 'git'), script, { mode: 0o755 });
}

afterAll(() => {
  fs.rmSync(wrapperDir, { recursive: true, force: true });
  delete process.env.CSOC_GIT_BINARY;
});

const files = (tag: string) => ({ 'values.yaml': `tag: "${tag}"\n`, 'app.yaml': 'kind: Application\n' });

describe.each(['local', 'remote'] as const)('a batch commit that loses the race (%s)', (mode) => {
  let dataDir: string;
  let remote: GitRemote | undefined;
  let branchRepo: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-gitops-race-'));
    if (mode === 'remote') {
      remote = await startGitRemote({ token: TOKEN, repositories: ['fleet'] });
      branchRepo = path.join(remote.root, 'fleet.git');
    } else branchRepo = path.join(dataDir, 'gitops', 'acme.git');
    writeWrapper(branchRepo);
  });
  afterEach(() => fs.rmSync(path.join(wrapperDir, 'armed'), { recursive: true, force: true }));
  afterAll(async () => {
    await remote?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('rebuilds the batch on the new tip, lands it once, keeps the rival commit and each folder its own diff', async () => {
    const repository = createGitopsRepository({
      dataDir,
      publicUrl: () => 'http://127.0.0.1:9',
      ...(remote ? { remoteUrl: remote.url('fleet'), remoteToken: TOKEN } : {}),
    });
    // A first commit so the branch exists (the rival builds on it); not armed yet.
    await repository.commit('acme', { directory: 'acme/seed', files: files('0'), author, message: 'seed' });
    fs.mkdirSync(path.join(wrapperDir, 'armed'));

    const batch = await repository.commitMany('acme', {
      directories: ['acme/c1', 'acme/c2'].map((directory) => ({ directory, files: files('2025.07') })),
      author,
      message: 'Release wave race',
    });

    expect(fs.existsSync(path.join(wrapperDir, 'armed'))).toBe(false); // the rival did commit
    expect(batch.attempts).toBe(2);
    const history = (await runGit(['log', '--format=%s', 'refs/heads/main'], { gitDir: branchRepo })).stdout
      .trim()
      .split('\n');
    expect(history).toEqual(['Release wave race', 'rival deploy', 'seed']);
    expect((await runGit(['rev-parse', 'refs/heads/main'], { gitDir: branchRepo })).stdout.trim()).toBe(
      batch.commit,
    );
    // Built on the rival's commit: both folders and the rival's file are on the branch.
    const tree = (await runGit(['ls-tree', '-r', '--name-only', batch.commit!], { gitDir: branchRepo }))
      .stdout;
    for (const file of ['acme/rival/values.yaml', 'acme/c1/values.yaml', 'acme/c2/values.yaml'])
      expect(tree).toContain(file);
    // Each folder's diff is against the tip it was finally built on: no rival file in either.
    for (const directory of ['acme/c1', 'acme/c2']) {
      expect(batch.diffs.get(directory)).toContain(`+++ b/${directory}/values.yaml`);
      expect(batch.diffs.get(directory)).not.toContain('rival');
    }
  }, 60_000);
});
