// The `csoc-server` commands (bin/csoc-server.mjs): `serve` (the default) starts CSOC; `rotate-master-key`
// re-wraps the vault's data keys under a new master key while CSOC keeps running; `backup` and `restore`
// (backup/backupCommands.ts) copy an installation into one archive and back.
// Heavy modules are imported inside each command, so `serve` starts tracing before anything it traces.
import { parseArgs } from 'node:util';
import type { CommandOutput } from './commandOutput.ts';

export const SERVER_USAGE = `Usage:
  csoc-server [serve]               start CSOC (configuration from the environment, see README)
  csoc-server worker                execute runs only (no HTTP API); needs CSOC_PUBLIC_URL of an API replica
  csoc-server rotate-master-key [--new-key-file PATH] [--old-key-file PATH]... [--settle-ms N]
                                    rotate the master key that encrypts secrets at rest, with CSOC running
  csoc-server backup --out FILE [--gzip]
                                    write one archive of the database and the GitOps repositories, with
                                    CSOC running (FILE ending .gz or .tgz is compressed); not the master key
  csoc-server restore --from FILE   restore an archive into an empty CSOC_DATA_DIR and an empty database
  csoc-server sim-argocd [--port N] [--host H] [--sync-delay-ms N] [--data-dir PATH]
                                    run the SIMULATED Argo CD and Gen3 commons endpoints alone (load tests)
  csoc-server help                  show this help

rotate-master-key reads the same configuration as the server (CSOC_DATA_DIR, CSOC_DATABASE_URL,
CSOC_MASTER_KEY / CSOC_MASTER_KEY_FILE). With a generated DATA_DIR/master.key it rotates that file in
place. With CSOC_MASTER_KEY it needs --new-key-file (where the new key is written) and prints how to
swap the setting. --old-key-file adds keys that may still wrap secrets. See
docs/operations/master-key-rotation.md.

backup and restore read the same configuration. A backup never holds the master key: back up
DATA_DIR/master.key (or your CSOC_MASTER_KEY) separately; restore refuses until the key is in place.
See docs/operations/backup-and-restore.md.`;

export type { CommandOutput } from './commandOutput.ts';

const processOutput: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Runs one `csoc-server` command. Returns the exit code, or undefined for `serve` (the server keeps the
 * process alive and exits on its own).
 */
export async function runServerCommand(
  argv: string[],
  output: CommandOutput = processOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | undefined> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      if (rest.length > 0) {
        output.err(`serve takes no arguments (configure CSOC through the environment).\n\n${SERVER_USAGE}`);
        return 2;
      }
      await import('../main.ts');
      return undefined;
    case 'worker':
      return workerCommand(output, env);
    case 'rotate-master-key':
      return rotateMasterKeyCommand(rest, output, env);
    case 'backup':
    case 'restore':
      return (await import('../backup/backupCommands.ts')).backupCommand(
        command,
        rest,
        output,
        env,
        SERVER_USAGE,
      );
    case 'sim-argocd':
      return simArgoCdCommand(rest, output);
    case 'help':
    case '--help':
    case '-h':
      output.out(SERVER_USAGE);
      return 0;
    default:
      output.err(`Unknown command "${command}".\n\n${SERVER_USAGE}`);
      return 2;
  }
}

async function rotateMasterKeyCommand(
  args: string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        'new-key-file': { type: 'string' },
        'old-key-file': { type: 'string', multiple: true },
        'settle-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${SERVER_USAGE}`);
    return 2;
  }
  if (values.help) {
    output.out(SERVER_USAGE);
    return 0;
  }
  const settleMs = values['settle-ms'] === undefined ? undefined : Number(values['settle-ms']);
  if (settleMs !== undefined && (!Number.isInteger(settleMs) || settleMs < 0 || settleMs > 600_000)) {
    output.err('--settle-ms must be a whole number of milliseconds between 0 and 600000.');
    return 2;
  }

  const { ConfigError, loadConfig } = await import('../config/loadConfig.ts');
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      output.err(error.message);
      return 2;
    }
    throw error;
  }
  const { createDatabase } = await import('../db/createDatabase.ts');
  const { migrateToLatest } = await import('../db/migrate.ts');
  const { rotateMasterKey } = await import('../credentials/rotateMasterKey.ts');

  const database = createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await migrateToLatest(database);
    const result = await rotateMasterKey({
      masterKey: config.masterKey,
      dataDir: config.dataDir,
      database,
      newKeyFile: values['new-key-file'],
      oldKeyFiles: values['old-key-file'],
      settleMs,
      log: output.out,
    });
    if (result.mode === 'file') {
      output.out(
        `Master key rotated: ${result.previousKeyIds.join(', ')} -> ${result.newKeyId} (${result.rewrapped} data key(s) re-wrapped). The key file now holds only the new key: back it up, and destroy backups of the old one once you no longer need old database backups.`,
      );
      return 0;
    }
    const newKeyFile = values['new-key-file']!;
    output.out(
      [
        `Every data key is now wrapped by master key ${result.newKeyId} (${result.rewrapped} re-wrapped, from ${result.previousKeyIds.join(', ') || 'no other key'}).`,
        'Now swap the key wherever CSOC runs:',
        `  1. Set CSOC_MASTER_KEY_FILE=${newKeyFile} and unset CSOC_MASTER_KEY (or set CSOC_MASTER_KEY to that file's content, e.g. in your secret store).`,
        '  2. Restart every CSOC process. Until it restarts, a process still holding the old key cannot decrypt secrets and wraps new ones with the old key.',
        `  3. With the new key in place, run again: csoc-server rotate-master-key --new-key-file ${newKeyFile} --old-key-file <file holding the old key>`,
        '     It re-wraps whatever was written with the old key in the meantime ("0 re-wrapped" means nothing was).',
        '  4. Then destroy every copy of the old key.',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    output.err(`Master key rotation failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** Runs a standalone worker until SIGTERM/SIGINT; in-flight plans go back to the queue on the way out. */
async function workerCommand(output: CommandOutput, env: NodeJS.ProcessEnv): Promise<number | undefined> {
  // Before pg and the rest are imported: a worker continues the traces of the runs it claims (ADR 0039).
  const { startTracing } = await import('../telemetry/startTracing.ts');
  const tracing = await startTracing(env);
  const { ConfigError, loadConfig } = await import('../config/loadConfig.ts');
  const { startStandaloneWorker } = await import('../runs/startStandaloneWorker.ts');
  let running;
  try {
    running = await startStandaloneWorker(loadConfig(env));
  } catch (error) {
    output.err(
      error instanceof ConfigError
        ? error.message
        : `The worker failed to start: ${(error as Error).message}`,
    );
    return error instanceof ConfigError ? 2 : 1;
  }
  const worker = running;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    worker.context.logger.info({ signal }, 'worker stopping');
    const deadline = setTimeout(() => process.exit(1), worker.context.config.shutdownTimeoutMs);
    deadline.unref();
    void worker
      .stop()
      .then(() => tracing?.shutdown())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return undefined;
}

async function simArgoCdCommand(args: string[], output: CommandOutput): Promise<number | undefined> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'sync-delay-ms': { type: 'string' },
        'data-dir': { type: 'string' },
      },
    }));
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${SERVER_USAGE}`);
    return 2;
  }
  const port = Number(values.port ?? '8090');
  const syncDelayMs = Number(values['sync-delay-ms'] ?? '1500');
  if (
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535 ||
    !Number.isInteger(syncDelayMs) ||
    syncDelayMs < 0
  ) {
    output.err('--port must be a port number and --sync-delay-ms a whole number of milliseconds.');
    return 2;
  }
  const { startSimArgoCd } = await import('../gitops/sim-argocd/startSimArgoCd.ts');
  const sim = await startSimArgoCd({
    host: values.host ?? '127.0.0.1',
    port,
    syncDelayMs,
    dataDir: values['data-dir'],
    pollIntervalMs: 30_000,
    token: process.env.CSOC_ARGOCD_TOKEN,
  });
  output.out(
    `SIMULATED Argo CD listening on ${sim.url} (Argo CD API at ${sim.url}/argocd/<org>, commons at ${sim.url}/sim/<org>/<commons>/...)`,
  );
  // A token the operator chose is not echoed; a generated one is shown once, as CSOC needs it.
  output.out(
    `Point CSOC at it with CSOC_ARGOCD_URL=${sim.url}/argocd/{org} and CSOC_ARGOCD_TOKEN=${process.env.CSOC_ARGOCD_TOKEN ? '<the token you set>' : sim.token}`,
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return undefined;
}
