// Test support: a throwaway copy of plugins/digitalocean/terraform with a CLI config of its own (no
// checkpoint calls; providers only from a filesystem mirror that has no digitalocean provider, the one
// state this machine can offer), and a runner for terraform commands in it.
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODULE_DIR = fileURLToPath(new URL('../../terraform', import.meta.url));

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TerraformSandbox {
  dir: string;
  /** The (empty) provider mirror the CLI config names. */
  mirror: string;
  run(args: string[], env?: NodeJS.ProcessEnv): Promise<TerraformResult>;
  remove(): Promise<void>;
}

/** Throws unless a `terraform` binary runs; the message says what to install. */
export function assertTerraformAvailable(binary = 'terraform'): string {
  const result = spawnSync(binary, ['version', '-json'], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    timeout: 60_000,
  });
  if (result.error || result.status !== 0)
    throw new Error(
      `Cannot run ${binary} (${result.error?.message ?? result.stderr.trim()}): install Terraform >= 1.5`,
    );
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}

export async function createTerraformSandbox(binary = 'terraform'): Promise<TerraformSandbox> {
  const root = await mkdtemp(join(tmpdir(), 'csoc-do-tf-'));
  const dir = join(root, 'module');
  const mirror = join(root, 'mirror');
  await mkdir(mirror);
  await cp(MODULE_DIR, dir, { recursive: true, filter: (source) => !/[\\/]\.terraform$/.test(source) });
  const cliConfig = join(root, 'terraform.rc');
  await writeFile(
    cliConfig,
    `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`,
  );
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    TMPDIR: process.env.TMPDIR,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    TF_CLI_CONFIG_FILE: cliConfig,
  };
  return {
    dir,
    mirror,
    run(args, env = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn(binary, args, {
          cwd: dir,
          env: { ...baseEnv, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      });
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
