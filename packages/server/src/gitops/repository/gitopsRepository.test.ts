// The GitOps repository layer with real git: local bare repos (compare-and-swap) and a remote over smart
// HTTP with a token (fast-forward pushes). Concurrent commits never lose one; a rejected push leaves nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitRemote, type GitRemote } from '../../testing/startGitRemote.ts';
import {
  createGitopsRepository,
  GitPushRejectedError,
  withTrailers,
  type GitopsRepository,
} from './gitopsRepository.ts';
import { runGit } from './runGit.ts';

const TOKEN = 'remote-token-canary-7f3a9c';
const author = { name: 'Ada Operator', email: 'ada@example.org' };

function files(tag: string) {
  return {
    'values.yaml': `fence:\n  image:\n    tag: "${tag}"\n`,
    'app.yaml': 'kind: Application\n',
    'secrets.yaml': 'kind: SecretStore\n',
  };
}

async function log(gitDir: string, ref: string): Promise<string[]> {
  return (await runGit(['log', '--format=%H %ae %s', ref], { gitDir })).stdout
    .trim()
    .split('\n')
    .filter(Boolean);
}

describe.each(['local', 'remote'] as const)('GitOps repository (%s)', (mode) => {
  let dataDir: string;
  let remote: GitRemote | undefined;
  let repository: GitopsRepository;
  let gitDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-gitops-test-'));
    if (mode === 'remote') {
      remote = await startGitRemote({ token: TOKEN, repositories: ['fleet'] });
      repository = createGitopsRepository({
        dataDir,
        publicUrl: () => 'http://unused',
        remoteUrl: remote.url('fleet'),
        remoteToken: TOKEN,
      });
      gitDir = path.join(remote.root, 'fleet.git');
    } else {
      repository = createGitopsRepository({ dataDir, publicUrl: () => 'http://127.0.0.1:9' });
      gitDir = path.join(dataDir, 'gitops', 'acme.git');
    }
  });
  afterAll(async () => {
    await remote?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('previews, commits with the author and message, and makes no commit when nothing changed', async () => {
    const preview = await repository.preview('acme', 'acme/alpha', files('2025.06'));
    expect(preview).toMatchObject({ base: null, changed: true });
    expect(preview.diff).toContain('+++ b/acme/alpha/values.yaml');
    const first = await repository.commit('acme', {
      directory: 'acme/alpha',
      files: files('2025.06'),
      author,
      message: 'Deploy acme/alpha revision 1',
    });
    expect(first.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await log(gitDir, 'main')).toEqual([
      `${first.commit} ada@example.org Deploy acme/alpha revision 1`,
    ]);
    const again = await repository.commit('acme', {
      directory: 'acme/alpha',
      files: files('2025.06'),
      author,
      message: 'again',
    });
    expect(again).toMatchObject({ changed: false, commit: null, base: first.commit });
    const upgrade = await repository.commit('acme', {
      directory: 'acme/alpha',
      files: files('2025.07'),
      author,
      message: 'upgrade',
    });
    expect(upgrade.diff).toContain('-    tag: "2025.06"');
    expect(upgrade.diff).toContain('+    tag: "2025.07"');
    expect(await repository.readFile('acme', 'acme/alpha/values.yaml')).toContain('2025.07');
    const traced = await repository.commit('acme', {
      directory: 'acme/alpha',
      files: files('2025.07-traced'),
      author,
      message: 'Deploy acme/alpha revision 3\n\nCommons-Revision: 3',
      trailers: { 'CSOC-Trace-Id': '0af7651916cd43dd8448eb211c80319c' },
    });
    // One trailer block, which git itself reads.
    const trailers = (
      await runGit(['log', '-1', '--format=%(trailers:only,unfold)', traced.commit!], { gitDir })
    ).stdout.trim();
    expect(trailers).toBe('Commons-Revision: 3\nCSOC-Trace-Id: 0af7651916cd43dd8448eb211c80319c');
  });

  it('never loses a commit when many deploys race for the same branch, within and across processes', async () => {
    const before = (await log(gitDir, 'main')).length;
    // A second instance on the same data dir plays a second CSOC process: only the ref update arbitrates.
    const other = createGitopsRepository({
      dataDir,
      publicUrl: () => 'http://127.0.0.1:9',
      ...(remote ? { remoteUrl: remote.url('fleet'), remoteToken: TOKEN } : {}),
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        (index % 2 ? other : repository).commit('acme', {
          directory: `acme/c${index}`,
          files: files('2025.06'),
          author,
          message: `c${index}`,
        }),
      ),
    );
    const history = await log(gitDir, 'main');
    expect(history.length).toBe(before + 8);
    for (const result of results) expect(history.some((line) => line.startsWith(result.commit!))).toBe(true);
    for (let index = 0; index < 8; index++)
      expect(await repository.readFile('acme', `acme/c${index}/values.yaml`)).toContain('2025.06');
  }, 60_000);

  it("commits several commons' folders in one commit and one push, each with a diff of its own folder", async () => {
    const before = (await log(gitDir, 'main')).length;
    await repository.commit('acme', { directory: 'acme/b1', files: files('2025.06'), author, message: 'b1' });
    const batch = await repository.commitMany('acme', {
      directories: ['acme/b1', 'acme/b2', 'acme/b3'].map((directory) => ({
        directory,
        files: files('2025.07'),
      })),
      author,
      message: 'Release wave w, canary',
    });
    const history = await log(gitDir, 'main');
    expect(history.length).toBe(before + 2);
    expect(history[0]).toBe(`${batch.commit} ada@example.org Release wave w, canary`);
    for (const directory of ['acme/b1', 'acme/b2', 'acme/b3']) {
      const diff = batch.diffs.get(directory)!;
      expect(diff).toContain(`+++ b/${directory}/values.yaml`);
      expect(diff).toContain('+    tag: "2025.07"');
      // Each folder's diff names only its own files.
      const touched = [...diff.matchAll(/^diff --git a\/(\S+) /gm)].map((match) => match[1]!);
      expect(touched.length).toBeGreaterThan(0);
      expect(touched.every((file) => file.startsWith(`${directory}/`))).toBe(true);
    }
    // acme/b1 existed: only its changed file is in its diff; the new folders show every file.
    expect(batch.diffs.get('acme/b1')).not.toContain('app.yaml');
    expect(batch.diffs.get('acme/b2')).toContain('+++ b/acme/b2/app.yaml');

    // Nothing changed anywhere: no commit; one folder changed: its diff only, others ''.
    const again = await repository.commitMany('acme', {
      directories: [{ directory: 'acme/b2', files: files('2025.07') }],
      author,
      message: 'again',
    });
    expect(again).toMatchObject({ commit: null, base: batch.commit });
    const partly = await repository.commitMany('acme', {
      directories: [
        { directory: 'acme/b2', files: files('2025.07') },
        { directory: 'acme/b3', files: files('2025.06') },
      ],
      author,
      message: 'partly',
    });
    expect(partly.commit).not.toBeNull();
    expect(partly.diffs.get('acme/b2')).toBe('');
    expect(partly.diffs.get('acme/b3')).toContain('+    tag: "2025.06"');
    await expect(
      repository.commitMany('acme', {
        directories: [
          { directory: 'acme/b2', files: files('1') },
          { directory: 'acme/b2', files: files('2') },
        ],
        author,
        message: 'twice',
      }),
    ).rejects.toThrow(/names the folder acme\/b2 twice/);
  }, 60_000);

  // Only a remote can refuse a push; registered for the remote mode only (not skipped in the local one).
  if (mode === 'remote')
    it('reports a rejected push with the remote message and leaves no half state; the token never touches disk', async () => {
      const tipBefore = (await runGit(['rev-parse', 'main'], { gitDir })).stdout.trim();
      remote!.rejectPushes('fleet', 'policy: deploys are frozen (test hook)');
      const attempt = repository.commit('acme', {
        directory: 'acme/alpha',
        files: files('2025.08'),
        author,
        message: 'frozen',
      });
      await expect(attempt).rejects.toThrow(GitPushRejectedError);
      await expect(attempt).rejects.toThrow(/deploys are frozen/);
      remote!.rejectPushes('fleet', undefined);
      expect((await runGit(['rev-parse', 'main'], { gitDir })).stdout.trim()).toBe(tipBefore);
      // The local cache's view of the remote did not move ahead either.
      const cacheRoot = path.join(dataDir, 'gitops-cache');
      const cache = path.join(cacheRoot, fs.readdirSync(cacheRoot)[0]!);
      expect((await runGit(['rev-parse', 'refs/remotes/origin/main'], { gitDir: cache })).stdout.trim()).toBe(
        tipBefore,
      );
      expect(remote!.requests.every((request) => request.authorized)).toBe(true);
      expect(findInFiles(dataDir, TOKEN)).toEqual([]);
    }, 30_000);

  it('tells whether a later revision carries a deploy, and removes a commons folder', async () => {
    // Another process commits too; in remote mode its commits are unknown to this one's cache at first.
    const other = createGitopsRepository(
      mode === 'remote'
        ? {
            dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-gitops-other-')),
            publicUrl: () => 'http://unused',
            remoteUrl: remote!.url('fleet'),
            remoteToken: TOKEN,
          }
        : { dataDir, publicUrl: () => 'http://127.0.0.1:9' },
    );
    const change = (directory: string, tag: string) => ({
      directory,
      files: files(tag),
      author,
      message: tag,
    });
    const beta = (await repository.commit('acme', change('acme/beta', '2025.06'))).commit!;
    const gamma = (await other.commit('acme', change('acme/gamma', '2025.06'))).commit!;
    expect(await repository.carries('acme', beta, beta, 'acme/beta')).toBe('yes');
    expect(await repository.carries('acme', gamma, beta, 'acme/beta')).toBe('yes');
    expect(await repository.carries('acme', beta, gamma, 'acme/gamma')).toBe('no');
    expect(await repository.carries('acme', 'f'.repeat(40), beta, 'acme/beta')).toBe('no');
    const betaAgain = (await other.commit('acme', change('acme/beta', '2025.07'))).commit!;
    expect(await repository.carries('acme', betaAgain, beta, 'acme/beta')).toBe('superseded');
    expect(await repository.carries('acme', betaAgain, gamma, 'acme/gamma')).toBe('yes');

    const removed = await repository.commit('acme', {
      directory: 'acme/beta',
      files: {},
      removeOthers: true,
      author,
      message: 'Remove Gen3 from acme/beta',
    });
    expect(removed.diff).toContain('--- a/acme/beta/values.yaml');
    const tree = (await runGit(['ls-tree', '-r', '--name-only', removed.commit!], { gitDir })).stdout;
    expect(tree).not.toContain('acme/beta/');
    expect(tree).toContain('acme/gamma/values.yaml');
    const noop = await repository.commit('acme', {
      directory: 'acme/beta',
      files: {},
      removeOthers: true,
      author,
      message: 'Remove again',
    });
    expect(noop).toMatchObject({ changed: false, commit: null });
  });
});

/** Files under `dir` whose bytes contain `needle`. */
function findInFiles(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readFileSync(file).includes(needle)) hits.push(file);
  }
  return hits;
}

describe('commit trailers', () => {
  it('joins the trailer block a message ends with, or opens one, and refuses a forged trailer', () => {
    expect(withTrailers('Subject\n\nBody text.', { 'CSOC-Trace-Id': 'abc' })).toBe(
      'Subject\n\nBody text.\n\nCSOC-Trace-Id: abc\n',
    );
    expect(withTrailers('Subject\n\nGen3-Release: 2025.06\n', { 'CSOC-Trace-Id': 'abc' })).toBe(
      'Subject\n\nGen3-Release: 2025.06\nCSOC-Trace-Id: abc\n',
    );
    expect(withTrailers('Subject', {})).toBe('Subject');
    expect(() => withTrailers('Subject', { 'CSOC-Trace-Id': 'abc\nSigned-off-by: someone' })).toThrow();
  });
});
