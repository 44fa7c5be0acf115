// Entry point of the CSOC DigitalOcean plugin: `node --import tsx src/main.ts <verb>` in this folder. The
// extra verb `write-cluster-secrets` is not the host's: Terraform's terraform_data.cluster_secrets
// (terraform/secrets.tf) calls this same entry back with it at the end of apply (ADR 0057).
import { runWriteClusterSecretsFromEnvironment } from './cluster-secrets/runWriteClusterSecretsFromEnvironment.ts';
import { runDigitalOcean } from './runDigitalOcean.ts';
import { writeSecretsCommand } from './writeSecretsCommand.ts';

if (process.argv[2] === 'write-cluster-secrets') {
  try {
    await runWriteClusterSecretsFromEnvironment();
  } catch (error) {
    console.error(`writing the cluster secrets failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
} else {
  process.env.CSOC_DO_WRITE_SECRETS_COMMAND ??= writeSecretsCommand(
    process.execPath,
    process.execArgv,
    process.argv[1]!,
  );
  process.exitCode = await runDigitalOcean();
}
