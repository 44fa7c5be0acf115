// The write step the way Terraform runs it: the `command` of terraform_data.cluster_secrets (read from
// terraform/secrets.tf) in sh, evaluating the command src/main.ts builds, with the CSOC_DO_* environment
// the provisioner sets — against the HTTPS stand-in of the Kubernetes API. Terraform itself cannot run the
// step here (no provider, so no apply).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCertificates } from '@csoc/plugin-sdk/testing/createTestCertificates.ts';
import { startFakeApplyApi, type FakeApplyApi } from '../testing/startFakeApplyApi.ts';
import { shellQuote, writeSecretsCommand } from '../writeSecretsCommand.ts';

const mainFile = fileURLToPath(new URL('../main.ts', import.meta.url));
const secretsTf = readFileSync(fileURLToPath(new URL('../../terraform/secrets.tf', import.meta.url)), 'utf8');
const TOKEN = 'doks-token-CANARY-step';
const PASSWORD = 'pg-password-CANARY-step';

/** The provisioner's command as Terraform hands it to sh: the HCL string with its escapes undone. */
const provisionerCommand = JSON.parse(
  /^\s*command\s*=\s*("(?:[^"\\]|\\.)*")\s*$/m.exec(secretsTf)![1]!,
).replace(/\$\$\{/g, '${') as string;

function runStep(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', provisionerCommand], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('the write-cluster-secrets step as terraform_data runs it', { timeout: 120_000 }, () => {
  let api: FakeApplyApi;
  let stepEnv: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const certs = createTestCertificates();
    api = await startFakeApplyApi({ cert: certs.serverCert, key: certs.serverKey, token: TOKEN });
    stepEnv = {
      CSOC_DO_WRITE_SECRETS_COMMAND: writeSecretsCommand(process.execPath, ['--import', 'tsx'], mainFile),
      CSOC_DO_KUBE_HOST: api.url,
      CSOC_DO_KUBE_CA: Buffer.from(certs.caCert).toString('base64'),
      CSOC_DO_KUBE_TOKEN: TOKEN,
      CSOC_DO_SECRETS_NAMESPACE: 'gen3-secrets',
      CSOC_DO_COMMONS_NAMESPACE: 'reef',
      CSOC_DO_SECRET_PREFIX: 'gen3-dev-reef',
      CSOC_DO_HOSTNAME: 'reef.example.org',
      CSOC_DO_MANIFEST_BUCKET: 'gen3-dev-reef-manifest',
      CSOC_DO_SECRETS: JSON.stringify({
        'gen3-dev-reef-fence-creds': { password: PASSWORD, username: 'fence_reef' },
      }),
    };
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it('writes the secrets and prints names only', async () => {
    const result = await runStep(stepEnv);
    expect(result.code, result.stderr).toBe(0);
    expect(api.objects.has('/api/v1/namespaces/gen3-secrets/secrets/gen3-dev-reef-fence-creds')).toBe(true);
    expect(result.stdout).toMatch(/wrote 1 secrets, created \d+ generated ones/);
    expect(result.stdout + result.stderr).not.toContain('CANARY');
  });

  it('fails with a reason and a non-zero exit, so the apply fails', async () => {
    const result = await runStep({ ...stepEnv, CSOC_DO_KUBE_TOKEN: '' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('writing the cluster secrets failed: CSOC_DO_KUBE_TOKEN is not set');
    expect(result.stdout + result.stderr).not.toContain('CANARY');
  });

  it('says to run the module through the plugin when it is applied by hand', async () => {
    const { CSOC_DO_WRITE_SECRETS_COMMAND: _command, ...withoutCommand } = stepEnv;
    const result = await runStep(withoutCommand);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'is set by the CSOC digitalocean plugin: run this module through the plugin',
    );
  });

  it('quotes paths with spaces and quotes for sh', () => {
    expect(shellQuote("/opt/it's here/main.mjs")).toBe(`'/opt/it'\\''s here/main.mjs'`);
  });
});
