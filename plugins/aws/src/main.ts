// Entry point of the CSOC AWS plugin: `node --import tsx src/main.ts <verb>` in this folder. The extra verb
// `bootstrap` is not the host's: Terraform's terraform_data.bootstrap (secrets.tf) calls this same entry
// back with it at the end of apply (ADR 0027). `store-ingest-credential` writes a commons' OTLP ingest
// credential into Secrets Manager for its telemetry agent (ADR 0040): run by the host with a request
// (CSOC_REQUEST_FILE, contract 1.1.0) it goes through runAws like every verb; without one, from the
// CSOC_INGEST_* variables (an operator's or a script's call).
import { runBootstrapFromEnvironment } from './bootstrap/runBootstrapFromEnvironment.ts';
import { runStoreIngestCredentialFromEnvironment } from './telemetry/runStoreIngestCredentialFromEnvironment.ts';
import { runAws } from './runAws.ts';

if (process.argv[2] === 'store-ingest-credential' && !process.env.CSOC_REQUEST_FILE) {
  try {
    await runStoreIngestCredentialFromEnvironment();
  } catch (error) {
    console.error(`storing the ingest credential failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
} else if (process.argv[2] === 'bootstrap') {
  try {
    await runBootstrapFromEnvironment();
  } catch (error) {
    console.error(`commons bootstrap failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
} else {
  const quote = (part: string) => `'${part.replace(/'/g, `'\\''`)}'`;
  process.env.CSOC_AWS_BOOTSTRAP_COMMAND ??= [
    process.execPath,
    ...process.execArgv,
    process.argv[1]!,
    'bootstrap',
  ]
    .map(quote)
    .join(' ');
  process.exitCode = await runAws();
}
