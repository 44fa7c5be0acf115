// A throwaway copy of plugins/aws/terraform with a CLI config that installs providers only from the local
// mirror and never phones home, and a runner for terraform commands in it.
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TerraformWorkspace {
  /** The module copy Terraform runs in. */
  dir: string;
  /** Runs `terraform <args>` in `dir` with the workspace environment plus `env`. */
  run(args: string[], env?: NodeJS.ProcessEnv): Promise<TerraformResult>;
  remove(): Promise<void>;
}

/** Throws unless a `terraform` binary runs; the message says what to install. */
export function assertTerraformAvailable(binary = 'terraform'): string {
  const result = spawnSync(binary, ['version', '-json'], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (result.error || result.status !== 0) {
    throw new Error(
      `Cannot run ${binary} (${result.error?.message ?? result.stderr.trim()}): the aws plugin tests need Terraform >= 1.11 on PATH`,
    );
  }
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}

/** Copies `moduleDir` (the .tf files and the lock file) into a temporary folder wired to `mirror`. */
export async function createTerraformWorkspace(options: {
  moduleDir: string;
  mirror: string;
  binary?: string;
}): Promise<TerraformWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'csoc-aws-tf-'));
  const dir = join(root, 'module');
  await cp(options.moduleDir, dir, {
    recursive: true,
    filter: (source) => !/[\\/](\.terraform|terraform\.tfstate[^\\/]*|[^\\/]*\.tfplan)$/.test(source),
  });
  const cliConfig = join(root, 'terraform.rc');
  await writeFile(
    cliConfig,
    [
      'disable_checkpoint = true',
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(options.mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '}',
      '',
    ].join('\n'),
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
  const binary = options.binary ?? 'terraform';
  return {
    dir,
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
