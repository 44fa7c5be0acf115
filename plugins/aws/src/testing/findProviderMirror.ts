// Finds the local Terraform provider mirror (a folder holding registry.terraform.io/hashicorp/aws/...) the
// plugin's tests initialise from, so they never download anything; fails loudly when there is none.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The AWS provider version plugins/aws/terraform pins. */
export const AWS_PROVIDER_VERSION = '5.100.0';

const PROVIDER_PATH = ['registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION];

function holdsProvider(mirror: string): boolean {
  const versionDir = join(mirror, ...PROVIDER_PATH);
  if (!existsSync(versionDir)) return false;
  // Unpacked layout: <version>/<os>_<arch>/terraform-provider-aws_*; packed layout: zips beside it.
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  return (
    existsSync(join(versionDir, platform)) ||
    readdirSync(join(mirror, ...PROVIDER_PATH.slice(0, 3))).some((name) => name.includes(platform))
  );
}

/** Looks a few directory levels below `root` for folders named registry.terraform.io (like `find -maxdepth`). */
function searchBelow(root: string, depth: number): string[] {
  const found: string[] = [];
  const walk = (dir: string, level: number): void => {
    if (level > depth) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === 'proc' || entry.name === 'sys') continue;
      if (entry.name === 'registry.terraform.io') found.push(dir);
      else walk(join(dir, entry.name), level + 1);
    }
  };
  walk(root, 1);
  return found;
}

/**
 * Returns the provider mirror: `$CSOC_TF_PLUGIN_MIRROR`, else the first standard place that holds
 * hashicorp/aws 5.100.0 for this platform, else the result of a shallow search from `/`.
 * Throws an error saying what is missing and how to provide it.
 */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CSOC_TF_PLUGIN_MIRROR;
  if (fromEnv) {
    if (holdsProvider(fromEnv)) return fromEnv;
    throw new Error(
      `CSOC_TF_PLUGIN_MIRROR=${fromEnv} does not hold ${PROVIDER_PATH.join('/')} for this platform: ` +
        'point it at the folder that contains registry.terraform.io (e.g. filled with `terraform providers mirror`)',
    );
  }
  const candidates = [
    '/opt/tf-plugins',
    '/usr/share/terraform/plugins',
    '/usr/local/share/terraform/plugins',
    join(homedir(), '.terraform.d', 'plugins'),
    join(homedir(), '.local', 'share', 'terraform', 'plugins'),
  ];
  const searched = [...candidates];
  for (const candidate of candidates) if (holdsProvider(candidate)) return candidate;
  for (const candidate of searchBelow('/', 4)) {
    searched.push(candidate);
    if (holdsProvider(candidate)) return candidate;
  }
  throw new Error(
    `No Terraform provider mirror with hashicorp/aws ${AWS_PROVIDER_VERSION} was found (looked in ${searched.join(', ')}). ` +
      'The aws plugin tests initialise Terraform offline from a mirror: run `terraform providers mirror <dir>` in ' +
      'plugins/aws/terraform on a machine with network, copy <dir> here and set CSOC_TF_PLUGIN_MIRROR=<dir>.',
  );
}
