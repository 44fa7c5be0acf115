// The GitOps repository a deploy commits to. Local mode (default): one bare repository per org,
// DATA_DIR/gitops/<org>.git, served read-only by CSOC at /git/<org>/gitops.git. Remote mode: one https
// repository (CSOC_GITOPS_REMOTE_URL) pushed with a token passed through the environment.
// Commits are built with plumbing (a temporary index, commit-tree) on top of the branch tip, so no work
// tree exists and concurrent deploys never lose a commit: the ref update is a compare-and-swap (local)
// or a fast-forward-only push (remote), and a lost race rebuilds the commit on the new tip and retries.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { basicAuthHeader, GitError, runGit } from './runGit.ts';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const ZERO_OID = '0000000000000000000000000000000000000000';
const MAX_ATTEMPTS = 40;

export interface GitopsChange {
  /** Folder of the files, `<org>/<commons>`. */
  directory: string;
  files: Record<string, string>;
  author: { name: string; email: string };
  message: string;
  /**
   * Git trailers (`Name: value` lines) appended to the message's trailer block, such as the trace id of
   * the deploy (`CSOC-Trace-Id`), so `git log` and `git interpret-trailers` find them.
   */
  trailers?: Record<string, string>;
  /** Remove every file under `directory` that `files` does not name (Gen3 leaving a commons: `files` = {}). */
  removeOthers?: boolean;
}

/** Several commons' folders committed together (a release wave's look): one commit, one push. */
export interface GitopsBatchChange {
  /** Each folder (`<org>/<commons>`) with all its files; folders must differ. */
  directories: { directory: string; files: Record<string, string> }[];
  author: { name: string; email: string };
  message: string;
  trailers?: Record<string, string>;
}

export interface GitopsBatchResult {
  /** The branch tip the commit was built on (null for an empty repository). */
  base: string | null;
  /** The commit now on the branch, null when no folder changed. */
  commit: string | null;
  attempts: number;
  /** Each folder's own diff against `base` ('' when that folder did not change). */
  diffs: Map<string, string>;
}

export interface GitopsPreview {
  /** The branch tip the diff was computed against (null for an empty repository). */
  base: string | null;
  diff: string;
  changed: boolean;
}

export interface GitopsCommitResult extends GitopsPreview {
  /** The commit now on the branch, null when nothing changed. */
  commit: string | null;
  attempts: number;
}

/** The remote refused the push for a reason other than a lost race (a hook, permissions, ...). */
export class GitPushRejectedError extends Error {
  constructor(readonly remoteMessage: string) {
    super(`The GitOps remote rejected the push: ${remoteMessage}`);
    this.name = 'GitPushRejectedError';
  }
}

export interface GitopsRepository {
  readonly mode: 'local' | 'remote';
  readonly branch: string;
  /** The URL Argo CD reads an org's files from (no credentials in it). */
  repoUrl(org: string): string;
  /** Where the bare repository of an org lives on disk (local mode) — what git http-backend serves. */
  localRoot?: string;
  /** The diff `files` would make, without committing anything. */
  preview(org: string, directory: string, files: Record<string, string>): Promise<GitopsPreview>;
  /** Commits the files (replacing those in `directory`) and publishes the commit. */
  commit(org: string, change: GitopsChange): Promise<GitopsCommitResult>;
  /**
   * Commits several folders' files in one commit and publishes it with one ref update or push (a lost race
   * rebuilds it on the new tip and retries, as `commit` does). Each folder's diff is returned on its own.
   */
  commitMany(org: string, change: GitopsBatchChange): Promise<GitopsBatchResult>;
  /** Creates the org's repository if needed (local mode). */
  ensure(org: string): Promise<void>;
  /** A file at the branch tip, undefined when absent. */
  readFile(org: string, filePath: string): Promise<string | undefined>;
  /**
   * Whether `revision` carries `commit`'s version of `directory`: the commit is an ancestor of (or is) the
   * revision and nothing under the directory changed between them. Argo CD syncs the branch head, which
   * is often a later commit than a deploy's own (other commons deployed meanwhile). Answers are cached.
   */
  carries(org: string, revision: string, commit: string, directory: string): Promise<Carried>;
}

/** How a synced revision relates to a deploy's commit (GitopsRepository.carries). */
export type Carried =
  /** The revision is the commit, or contains it with the directory unchanged since. */
  | 'yes'
  /** The revision contains the commit, but a later commit changed the directory (a newer deploy). */
  | 'superseded'
  /** The revision does not contain the commit (older, or another branch), or git does not know it. */
  | 'no';

const CARRIED_CACHE_LIMIT = 10_000;

/** `carries` over one git directory, cached: the answer for two commit ids never changes once known. */
function createCarries(gitDirOf: (org: string) => Promise<string>, refresh?: () => Promise<unknown>) {
  const cache = new Map<string, Carried>();
  const known = async (gitDir: string, sha: string) =>
    (await runGit(['cat-file', '-e', `${sha}^{commit}`], { gitDir, okCodes: [1, 128] })).code === 0;
  return async (org: string, revision: string, commit: string, directory: string): Promise<Carried> => {
    if (!/^[0-9a-f]{40}$/.test(revision) || !/^[0-9a-f]{40}$/.test(commit)) return 'no';
    const key = `${org} ${revision} ${commit} ${directory}`;
    const cached = cache.get(key);
    if (cached) return cached;
    let answer: Carried = 'yes';
    if (revision !== commit) {
      const gitDir = await gitDirOf(org);
      if (!(await known(gitDir, revision)) && refresh) await refresh();
      // An unknown commit may arrive with the next fetch: answer no without remembering it.
      if (!(await known(gitDir, revision)) || !(await known(gitDir, commit))) return 'no';
      const ancestor = await runGit(['merge-base', '--is-ancestor', commit, revision], {
        gitDir,
        okCodes: [1],
      });
      if (ancestor.code !== 0) answer = 'no';
      else {
        const diff = await runGit(['diff', '--quiet', commit, revision, '--', `${directory}/`], {
          gitDir,
          okCodes: [1],
        });
        answer = diff.code === 0 ? 'yes' : 'superseded';
      }
    }
    if (cache.size >= CARRIED_CACHE_LIMIT) cache.clear();
    cache.set(key, answer);
    return answer;
  };
}

export interface GitopsRepositoryOptions {
  dataDir: string;
  /** Base URL of this CSOC (local mode repository URLs hang below it). */
  publicUrl: () => string;
  branch?: string;
  remoteUrl?: string;
  remoteToken?: string;
}

export function createGitopsRepository(options: GitopsRepositoryOptions): GitopsRepository {
  return options.remoteUrl ? remoteRepository(options, options.remoteUrl) : localRepository(options);
}

async function tipOf(gitDir: string, ref: string): Promise<string | null> {
  const result = await runGit(['rev-parse', '--verify', '-q', `${ref}^{commit}`], { gitDir, okCodes: [1] });
  return result.code === 0 ? result.stdout.trim() : null;
}

async function ensureBare(gitDir: string): Promise<void> {
  if (fs.existsSync(path.join(gitDir, 'HEAD'))) return;
  fs.mkdirSync(path.dirname(gitDir), { recursive: true, mode: 0o700 });
  await runGit(['init', '--quiet', '--bare', gitDir]);
}

/**
 * The message with `trailers` as its last paragraph's lines: a message that already ends in trailers
 * (`Commons-Revision: 3`) keeps one trailer block; otherwise a blank line opens one.
 */
export function withTrailers(message: string, trailers: Record<string, string> = {}): string {
  const lines = Object.entries(trailers).map(([name, value]) => {
    if (!/^[A-Za-z0-9-]+$/.test(name) || /[\r\n]/.test(value)) throw new Error(`not a git trailer: ${name}`);
    return `${name}: ${value}`;
  });
  if (lines.length === 0) return message;
  const body = message.replace(/\s+$/, '');
  const lastParagraph = body.split(/\n\s*\n/).pop() ?? '';
  const endsInTrailers = lastParagraph.split('\n').every((line) => /^[A-Za-z0-9-]+: /.test(line));
  return `${body}${endsInTrailers ? '\n' : '\n\n'}${lines.join('\n')}\n`;
}

interface FolderFiles {
  directory: string;
  files: Record<string, string>;
  /** Remove every file under `directory` that `files` does not name. */
  removeOthers?: boolean;
}

interface CommitIdentity {
  author: { name: string; email: string };
  message: string;
  trailers?: Record<string, string>;
}

/** Builds (but publishes nothing) the tree and commit of `files` over `parent`. */
async function buildCommit(
  gitDir: string,
  parent: string | null,
  directory: string,
  files: Record<string, string>,
  commit?: CommitIdentity,
  removeOthers = false,
) {
  return buildCommitOfFolders(gitDir, parent, [{ directory, files, removeOthers }], commit);
}

/**
 * The tree and commit of several folders' files over `parent`. A fixed number of git processes whatever
 * the number of folders and files: every blob is hashed in one call and staged in one call.
 */
async function buildCommitOfFolders(
  gitDir: string,
  parent: string | null,
  folders: FolderFiles[],
  commit?: CommitIdentity,
) {
  const indexFile = path.join(os.tmpdir(), `csoc-index-${crypto.randomUUID()}`);
  const env = { GIT_INDEX_FILE: indexFile };
  const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-blobs-'));
  try {
    const paths = folders.flatMap((folder) =>
      Object.keys(folder.files)
        .sort()
        .map((name) => ({ path: `${folder.directory}/${name}`, content: folder.files[name]! })),
    );
    paths.forEach((entry, index) => fs.writeFileSync(path.join(blobDir, String(index)), entry.content));
    const hashed = paths.length
      ? (
          await runGit(['hash-object', '-w', '--stdin-paths'], {
            gitDir,
            input: paths.map((_, index) => path.join(blobDir, String(index))).join('\n') + '\n',
          })
        ).stdout
          .trim()
          .split('\n')
      : [];
    await runGit(parent ? ['read-tree', parent] : ['read-tree', '--empty'], { gitDir, env });
    const pruned = folders.filter((folder) => folder.removeOthers);
    if (pruned.length && parent) {
      const kept = new Set(paths.map((entry) => entry.path));
      const present = (
        await runGit(
          [
            'ls-tree',
            '-r',
            '-z',
            '--name-only',
            parent,
            '--',
            ...pruned.map((folder) => `${folder.directory}/`),
          ],
          { gitDir },
        )
      ).stdout
        .split('\0')
        .filter((file) => file && !kept.has(file));
      // Mode 0 removes a path from the index (git update-index --index-info).
      if (present.length)
        await runGit(['update-index', '--index-info'], {
          gitDir,
          env,
          input: present.map((file) => `0 ${ZERO_OID}\t${file}\n`).join(''),
        });
    }
    if (paths.length)
      await runGit(['update-index', '--index-info'], {
        gitDir,
        env,
        input: paths.map((entry, index) => `100644 ${hashed[index]}\t${entry.path}\n`).join(''),
      });
    const tree = (await runGit(['write-tree'], { gitDir, env })).stdout.trim();
    const parentTree = parent
      ? (await runGit(['rev-parse', `${parent}^{tree}`], { gitDir })).stdout.trim()
      : EMPTY_TREE;
    if (tree === parentTree) return { tree, parentTree, diff: '', changed: false, commit: null };
    // Renames off: a batch splits this diff by folder, and a rename would straddle two folders.
    const diff = (
      await runGit(
        [
          'diff',
          '--no-color',
          '--no-ext-diff',
          ...(folders.length > 1 ? ['--no-renames'] : []),
          parentTree,
          tree,
        ],
        { gitDir },
      )
    ).stdout;
    if (!commit) return { tree, parentTree, diff, changed: true, commit: null };
    const sha = (
      await runGit(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], {
        gitDir,
        input: withTrailers(commit.message, commit.trailers),
        env: {
          GIT_AUTHOR_NAME: commit.author.name,
          GIT_AUTHOR_EMAIL: commit.author.email,
          GIT_COMMITTER_NAME: 'CSOC',
          GIT_COMMITTER_EMAIL: 'csoc@localhost',
        },
      })
    ).stdout.trim();
    return { tree, parentTree, diff, changed: true, commit: sha };
  } finally {
    fs.rmSync(indexFile, { force: true });
    fs.rmSync(blobDir, { recursive: true, force: true });
  }
}

/**
 * A whole-tree diff cut into each folder's part (`diff --git a/<path>` sections), so every commons of a
 * batch keeps a diff of its own folder only. Folders that did not change get ''.
 */
export function splitDiffByFolder(diff: string, directories: string[]): Map<string, string> {
  const parts = new Map(directories.map((directory) => [directory, [] as string[]]));
  const sections = diff.split(/^(?=diff --git )/m).filter(Boolean);
  for (const section of sections) {
    const filePath = /^diff --git a\/(\S+) b\//.exec(section)?.[1];
    const directory = filePath && directories.find((candidate) => filePath.startsWith(`${candidate}/`));
    if (directory) parts.get(directory)!.push(section);
  }
  return new Map([...parts].map(([directory, chunks]) => [directory, chunks.join('')]));
}

function checkBatch(change: GitopsBatchChange): void {
  const seen = new Set<string>();
  for (const { directory } of change.directories) {
    if (seen.has(directory)) throw new Error(`a batch names the folder ${directory} twice`);
    seen.add(directory);
  }
}

/** What a built batch commit means for each folder. */
function batchResult(
  base: string | null,
  built: { diff: string; changed: boolean; commit: string | null },
  change: GitopsBatchChange,
  attempts: number,
): GitopsBatchResult {
  const directories = change.directories.map((folder) => folder.directory);
  return {
    base,
    commit: built.changed ? built.commit : null,
    attempts,
    diffs: splitDiffByFolder(built.diff, directories),
  };
}

const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10 * Math.min(attempt, 20)));

/**
 * Serializes this instance's commits per key (one process need not race itself); races between processes
 * are still settled by the compare-and-swap / fast-forward push and a retry.
 */
function createSerializer() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(task);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}

function checkOrg(org: string): void {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(org)) throw new Error(`not an org slug: ${org}`);
}

function localRepository(options: GitopsRepositoryOptions): GitopsRepository {
  const branch = options.branch ?? 'main';
  const ref = `refs/heads/${branch}`;
  const root = path.join(options.dataDir, 'gitops');
  const serialize = createSerializer();
  const gitDirOf = async (org: string) => {
    checkOrg(org);
    const gitDir = path.join(root, `${org}.git`);
    await ensureBare(gitDir);
    return gitDir;
  };
  return {
    mode: 'local',
    branch,
    localRoot: root,
    repoUrl: (org) => `${options.publicUrl()}/git/${org}/gitops.git`,
    ensure: async (org) => void (await gitDirOf(org)),
    async preview(org, directory, files) {
      const gitDir = await gitDirOf(org);
      const base = await tipOf(gitDir, ref);
      const built = await buildCommit(gitDir, base, directory, files);
      return { base, diff: built.diff, changed: built.changed };
    },
    commit: (org, change) =>
      serialize(org, async () => {
        const gitDir = await gitDirOf(org);
        for (let attempt = 1; ; attempt++) {
          const base = await tipOf(gitDir, ref);
          const built = await buildCommit(
            gitDir,
            base,
            change.directory,
            change.files,
            change,
            change.removeOthers,
          );
          if (!built.changed) return { base, diff: '', changed: false, commit: null, attempts: attempt };
          try {
            // Compare-and-swap: fails when another deploy moved the branch since we read it.
            await runGit(['update-ref', '-m', 'csoc deploy', ref, built.commit!, base ?? ZERO_OID], {
              gitDir,
            });
            return { base, diff: built.diff, changed: true, commit: built.commit, attempts: attempt };
          } catch (error) {
            if (!(error instanceof GitError) || attempt >= MAX_ATTEMPTS) throw error;
            await backoff(attempt);
          }
        }
      }),
    commitMany: (org, change) =>
      serialize(org, async () => {
        checkBatch(change);
        const gitDir = await gitDirOf(org);
        for (let attempt = 1; ; attempt++) {
          const base = await tipOf(gitDir, ref);
          const built = await buildCommitOfFolders(gitDir, base, change.directories, change);
          if (!built.changed) return batchResult(base, built, change, attempt);
          try {
            await runGit(['update-ref', '-m', 'csoc deploy', ref, built.commit!, base ?? ZERO_OID], {
              gitDir,
            });
            return batchResult(base, built, change, attempt);
          } catch (error) {
            if (!(error instanceof GitError) || attempt >= MAX_ATTEMPTS) throw error;
            await backoff(attempt);
          }
        }
      }),
    async readFile(org, filePath) {
      const gitDir = await gitDirOf(org);
      const result = await runGit(['show', `${ref}:${filePath}`], { gitDir, okCodes: [128] });
      return result.code === 0 ? result.stdout : undefined;
    },
    carries: createCarries(gitDirOf),
  };
}

/** A push that lost the race for the branch to another commit: rebuilt on the new tip and retried. */
class LostRace extends Error {}

/** Lines of a failed push worth showing a user: the remote's own words and git's verdict. */
function remoteMessageOf(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('remote:') || line.startsWith('!') || line.startsWith('error:'));
  return (lines.length ? lines : [stderr.trim()]).join('\n').slice(0, 2000);
}

function remoteRepository(options: GitopsRepositoryOptions, remoteUrl: string): GitopsRepository {
  const branch = options.branch ?? 'main';
  const trackingRef = `refs/remotes/origin/${branch}`;
  const cache = path.join(
    options.dataDir,
    'gitops-cache',
    `${crypto.createHash('sha256').update(remoteUrl).digest('hex').slice(0, 16)}.git`,
  );
  const serialize = createSerializer();
  const extraHeader = options.remoteToken
    ? basicAuthHeader('x-access-token', options.remoteToken)
    : undefined;
  const fetchTip = async () => {
    await ensureBare(cache);
    await runGit(
      ['fetch', '--quiet', '--no-tags', '--prune', remoteUrl, `+refs/heads/${branch}:${trackingRef}`],
      { gitDir: cache, extraHeader },
    ).catch(async (error: unknown) => {
      // An empty remote has no branch yet; anything else is a real failure.
      if (error instanceof GitError && /couldn't find remote ref/i.test(error.stderr)) {
        await runGit(['update-ref', '-d', trackingRef], { gitDir: cache, okCodes: [1] });
        return;
      }
      throw error;
    });
    return tipOf(cache, trackingRef);
  };
  // Without --force a push only fast-forwards: a concurrent commit makes it fail (LostRace), and the
  // caller rebuilds on the new tip; any other refusal is the remote's word (GitPushRejectedError).
  const push = async (commit: string) => {
    try {
      await runGit(['push', '--quiet', '--no-verify', remoteUrl, `${commit}:refs/heads/${branch}`], {
        gitDir: cache,
        extraHeader,
      });
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      const lostRace =
        /non-fast-forward|fetch first|stale info|cannot lock ref|failed to update ref/i.test(error.stderr) &&
        !/hook declined/i.test(error.stderr);
      if (!lostRace) throw new GitPushRejectedError(remoteMessageOf(error.stderr));
      throw new LostRace(remoteMessageOf(error.stderr));
    }
    await runGit(['update-ref', trackingRef, commit], { gitDir: cache });
  };
  /** Runs `attemptOnce` (fetch, build, push) again after a lost race, up to MAX_ATTEMPTS. */
  const publishWithRetries = async <T>(attemptOnce: (attempt: number) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce(attempt);
      } catch (error) {
        if (!(error instanceof LostRace)) throw error;
        if (attempt >= MAX_ATTEMPTS)
          throw new GitPushRejectedError(`gave up after ${attempt} concurrent updates: ${error.message}`);
        await backoff(attempt);
      }
    }
  };
  return {
    mode: 'remote',
    branch,
    repoUrl: () => remoteUrl,
    ensure: async () => undefined,
    async preview(org, directory, files) {
      checkOrg(org);
      const base = await fetchTip();
      const built = await buildCommit(cache, base, directory, files);
      return { base, diff: built.diff, changed: built.changed };
    },
    commit: (org, change) =>
      serialize('remote', async () => {
        checkOrg(org);
        return publishWithRetries(async (attempt) => {
          const base = await fetchTip();
          const built = await buildCommit(
            cache,
            base,
            change.directory,
            change.files,
            change,
            change.removeOthers,
          );
          if (!built.changed) return { base, diff: '', changed: false, commit: null, attempts: attempt };
          await push(built.commit!);
          return { base, diff: built.diff, changed: true, commit: built.commit, attempts: attempt };
        });
      }),
    commitMany: (org, change) =>
      serialize('remote', async () => {
        checkOrg(org);
        checkBatch(change);
        return publishWithRetries(async (attempt) => {
          const base = await fetchTip();
          const built = await buildCommitOfFolders(cache, base, change.directories, change);
          if (built.changed) await push(built.commit!);
          return batchResult(base, built, change, attempt);
        });
      }),
    async readFile(_org, filePath) {
      const tip = await fetchTip();
      if (!tip) return undefined;
      const result = await runGit(['show', `${tip}:${filePath}`], { gitDir: cache, okCodes: [128] });
      return result.code === 0 ? result.stdout : undefined;
    },
    carries: createCarries(
      async (org) => {
        checkOrg(org);
        await ensureBare(cache);
        return cache;
      },
      () => serialize('remote', fetchTip),
    ),
  };
}
