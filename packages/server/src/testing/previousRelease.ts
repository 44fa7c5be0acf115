// The previous CSOC release, checked out beside this one for upgrade tests: docs/operations/releases.json
// names it by commit (a clone without tags still finds it), and `git worktree` checks it out without
// touching this working tree.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkoutRoot, linkNodeModules } from './copyCheckout.ts';

export interface Release {
  version: string;
  tag: string;
  commit: string;
  date: string;
}

/** Every recorded release, newest first. */
export function recordedReleases(): Release[] {
  const file = path.join(checkoutRoot, 'docs', 'operations', 'releases.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { releases: Release[] }).releases;
}

/**
 * The newest recorded release whose commit this clone holds, or why there is none (a shallow clone, as
 * some CI checkouts are: `git fetch --unshallow` brings the history).
 */
export function previousRelease(): { release: Release } | { skipReason: string } {
  const [release] = recordedReleases();
  if (!release) return { skipReason: 'docs/operations/releases.json records no release yet' };
  try {
    execFileSync('git', ['cat-file', '-e', `${release.commit}^{commit}`], {
      cwd: checkoutRoot,
      stdio: 'ignore',
    });
  } catch {
    return {
      skipReason:
        `release ${release.version} (commit ${release.commit}) is not in this clone's history ` +
        '(a shallow clone?); run `git fetch --unshallow` to test upgrades from it',
    };
  }
  return { release };
}

export interface ReleaseCheckout {
  /** The release's repository root: run its server with `node --import tsx packages/server/src/main.ts`. */
  root: string;
  /** Packages the release's package.json files name that this checkout's node_modules lacks. */
  missingDependencies: string[];
  remove(): void;
}

/**
 * Checks `commit` out as a detached worktree in a temp dir and links this checkout's node_modules into it
 * (the release's dependencies are assumed to be a subset: `missingDependencies` says where they are not).
 */
export function checkOutRelease(commit: string): ReleaseCheckout {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-release-'));
  const root = path.join(parent, 'csoc');
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: checkoutRoot, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  const remove = () => {
    try {
      git('worktree', 'remove', '--force', root);
    } catch {
      /* never added, or already gone: prune below forgets it */
    }
    fs.rmSync(parent, { recursive: true, force: true });
    git('worktree', 'prune');
  };
  try {
    git('worktree', 'add', '--detach', root, commit);
    linkNodeModules(path.join(checkoutRoot, 'node_modules'), path.join(root, 'node_modules'));
  } catch (error) {
    remove();
    throw error;
  }
  return { root, missingDependencies: missingDependenciesOf(root), remove };
}

function missingDependenciesOf(root: string): string[] {
  const manifests = execFileSync('git', ['ls-files', 'package.json', '*/package.json'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file && !file.includes('node_modules'));
  const missing = new Set<string>();
  for (const manifest of manifests) {
    const json = JSON.parse(fs.readFileSync(path.join(root, manifest), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    for (const name of Object.keys({ ...json.dependencies, ...json.devDependencies }))
      if (!fs.existsSync(path.join(root, 'node_modules', name))) missing.add(name);
  }
  return [...missing].sort();
}
