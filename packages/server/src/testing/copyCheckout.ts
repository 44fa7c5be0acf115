// A scratch copy of this repository that behaves like a fresh clone after `npm install`, for tests that
// must run CSOC with every default (its data dir is ./.csoc-data of the directory it starts in).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of the checkout this file belongs to. */
export const checkoutRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface CheckoutCopy {
  /** The copy's root: run `npm start` and `npx csoc` here. */
  root: string;
  remove(): void;
}

/**
 * Copies the files git would commit (tracked, and untracked but not ignored: the working tree under test,
 * not the last commit), then adds what `npm install` and a build would have made:
 * - `node_modules/`: a folder of symlinks to the checkout's installed packages, except the workspace
 *   links (`@csoc/*`) and `.bin/`, which are recreated so that `npx csoc` and `@csoc/common` resolve to the
 *   copy's own sources, as in a clone;
 * - `packages/web/dist`: a symlink to the built portal, when there is one (building it takes minutes; the
 *   server only reads it). Without it, `npm start` builds it, as it would in a clone.
 * Plugin bundles (`plugins/*\/dist`) are left out: `npm start` bundles them, as after a clone.
 */
export function copyCheckout(from: string = checkoutRoot): CheckoutCopy {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-checkout-'));
  const root = path.join(parent, 'csoc');
  const remove = () => fs.rmSync(parent, { recursive: true, force: true });
  try {
    fillCopy(from, root);
  } catch (error) {
    remove();
    throw error;
  }
  return { root, remove };
}

function fillCopy(from: string, root: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: from,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    // A symlinked node_modules or dist is not matched by the `node_modules/` and `dist/` ignore rules.
    .filter((file) => file && !/(^|\/)(node_modules|dist)(\/|$)/.test(file));
  for (const file of new Set(files)) {
    const source = path.join(from, file);
    // --cached lists files deleted in the working tree too: a clone of this tree would not have them.
    if (!fs.existsSync(source)) continue;
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.cpSync(source, path.join(root, file), { verbatimSymlinks: true });
  }
  linkNodeModules(path.join(from, 'node_modules'), path.join(root, 'node_modules'));
  const portal = path.join(from, 'packages', 'web', 'dist');
  if (fs.existsSync(path.join(portal, 'index.html')))
    fs.symlinkSync(portal, path.join(root, 'packages', 'web', 'dist'));
}

/** Fills `target` with links to the packages installed in `installed` (workspace links point into the copy). */
export function linkNodeModules(installed: string, target: string): void {
  if (!fs.existsSync(installed))
    throw new Error(`${installed} is missing: run \`npm install\` in ${path.dirname(installed)} first.`);
  fs.mkdirSync(target);
  for (const entry of fs.readdirSync(installed, { withFileTypes: true })) {
    const source = path.join(installed, entry.name);
    if (entry.name === '@csoc' || entry.name === '.bin') {
      // Workspace links and bins are relative symlinks (../../packages/cli, ../@csoc/cli/bin/csoc.mjs):
      // copied as they are, they point into the copy.
      fs.mkdirSync(path.join(target, entry.name));
      for (const link of fs.readdirSync(source))
        fs.symlinkSync(fs.readlinkSync(path.join(source, link)), path.join(target, entry.name, link));
    } else {
      fs.symlinkSync(source, path.join(target, entry.name));
    }
  }
}
